/* ARM PL011 UART: polled transmit for the kernel console. */
#pragma once

#include <kernel/types.h>

/* Use the UART whose registers are mapped at `regs` (the bootloader configured it). */
void pl011_init(vaddr_t regs);
void pl011_putc(uint8_t c);
