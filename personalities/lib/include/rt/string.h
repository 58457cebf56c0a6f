/* Freestanding memory and string helpers for user tasks: the kernel's own implementation
 * (kernel/kernel/string.c, built into libatoll), and rt_strlcpy. */
#pragma once

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
/* Copy src into dst[size], always NUL-terminated (size > 0); returns strlen(src). */
size_t rt_strlcpy(char *dst, const char *src, size_t size);
