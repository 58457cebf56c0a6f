/* Formatted output into a buffer: %s %c %d %u %x %ld %lu %lx %zu %p %%, width, 0-padding, %-Ns. */
#pragma once

#include <stdarg.h>
#include <stddef.h>

/* Like C's snprintf: always NUL-terminates (size > 0) and returns the length it wanted. */
int rt_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
