/* The uart service: the console multiplexer. Each client's output goes out as whole frames on
 * its own console channel (docs/frame-format.md); the service alone writes the serial line.
 * As its own task with the PL011's interrupt it also owns receive: host-to-guest frames are
 * delivered per console channel, the root task's console (lines and exec requests) to the
 * root task's monitor. */
#pragma once

#include <rt/service.h>

enum uart_op {
    UART_WRITE = 1, /* w0 = length: the channel buffer's first bytes, on the client's console channel */
    UART_READ = 2,  /* w0 = at most this many bytes of the client's console input into its channel
                     * buffer; returns w0 = bytes copied (0: none waiting; it never blocks) */
};

/* The root task's console input, sent by the uart task to the root task (RT_TASK_ROOT_INPUT):
 * label UART_ROOT_INPUT, MR0 = exec id (0: a line typed or sent as plain input), MR1 = length,
 * MR2 = 1 if the line was cut at UART_ROOT_LINE_MAX bytes, MR3.. = the bytes. */
#define UART_ROOT_INPUT 0x7501
#define UART_ROOT_LINE_MAX 240
#define UART_ROOT_HEADER_WORDS 3

/* The PL011 of QEMU virt (hw/arm/virt.c: VIRT_UART at 0x09000000, SPI 1 = interrupt 33). */
#define UART_PL011_PADDR 0x09000000ul
#define UART_PL011_IRQ 33

extern const struct svc_impl uart_service;

/* Write n bytes (at most SVC_DATA_SIZE, split in frames of FRAME_MAX_PAYLOAD) to this task's
 * console; returns SVC_OK or the status of the failed call. */
seL4_Word uart_write(struct svc_conn *c, const void *buf, size_t n);

/* Read up to size bytes of this task's console input into buf; *got says how many (0: none
 * waiting). Returns SVC_OK or the status of the failed call. */
seL4_Word uart_read(struct svc_conn *c, void *buf, size_t size, size_t *got);

/* Formatted console output through the task's uart connection ("uart"); returns the status. */
seL4_Word console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
