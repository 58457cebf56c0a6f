/* Kernel console output: plain text lines on the boot UART (never framed). */
#pragma once

#include <kernel/types.h>

/* Sink for console bytes; set once the UART is known. */
void console_set_putc(void (*putc)(uint8_t c));
/* A byte from a user task (DebugPutChar), passed through untouched. */
void console_putc_user(uint8_t c);
int kprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
