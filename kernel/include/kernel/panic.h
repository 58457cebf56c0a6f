/* Broken kernel invariants: panic and assert (never reached by user input). */
#pragma once

#include <kernel/types.h>

NORETURN void panic(const char *fmt, ...) PRINTF_LIKE(1, 2);

#define kassert(cond)                                                                      \
    do {                                                                                   \
        if (!(cond))                                                                       \
            panic("assertion failed in %s (%s:%d): %s", __func__, __FILE__, __LINE__, #cond); \
    } while (0)
