/* Basic kernel types and helpers: words, addresses, alignment, attributes. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t word_t;
typedef int64_t sword_t;
typedef uint64_t paddr_t;
typedef uint64_t vaddr_t;

#define NORETURN __attribute__((noreturn))
#define ALIGNED(n) __attribute__((aligned(n)))
#define PACKED __attribute__((packed))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define SECTION(s) __attribute__((section(s)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) ((word_t)1 << (n))
#define MASK(n) (BIT(n) - 1)
#define ROUND_DOWN(x, a) ((word_t)(x) & ~((word_t)(a)-1))
#define ROUND_UP(x, a) ROUND_DOWN((word_t)(x) + (word_t)(a)-1, a)
#define IS_ALIGNED(x, a) (((word_t)(x) & ((word_t)(a)-1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define PAGE_BITS 12
#define PAGE_SIZE BIT(PAGE_BITS)
#define KiB 1024ul
#define MiB (1024ul * KiB)
#define GiB (1024ul * MiB)

/* A range of physical addresses [start, end). */
struct phys_range {
    paddr_t start;
    paddr_t end;
};

/* A physical address that may not exist. */
typedef struct {
    bool ok;
    paddr_t paddr;
} paddr_ret_t;
