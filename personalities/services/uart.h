/* The uart service: the console multiplexer. Each client's output goes out as whole frames on
 * its own console channel (docs/frame-format.md); the service alone writes the serial line. */
#pragma once

#include <rt/service.h>

enum uart_op {
    UART_WRITE = 1, /* w0 = length: the channel buffer's first bytes, on the client's console channel */
};

extern const struct svc_impl uart_service;

/* Write n bytes (at most SVC_DATA_SIZE, split in frames of FRAME_MAX_PAYLOAD) to this task's
 * console; returns SVC_OK or the status of the failed call. */
seL4_Word uart_write(struct svc_conn *c, const void *buf, size_t n);

/* Formatted console output through the task's uart connection ("uart"); returns the status. */
seL4_Word console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
