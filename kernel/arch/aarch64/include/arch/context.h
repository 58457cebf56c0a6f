/* Saved user-visible register state of a thread, shared by C and the entry assembly. */
#pragma once

/*
 * Layout (8-byte words), stored by the exception entry straight into the thread's TCB:
 *   0..30  x0..x30
 *   31     SP_EL0
 *   32     ELR_EL1   (the PC to resume)
 *   33     SPSR_EL1
 *   34     TPIDR_EL0
 *   35     padding (keeps the frame 16-byte aligned)
 */
#define CTX_X(n) ((n) * 8)
#define CTX_SP_EL0 (31 * 8)
#define CTX_ELR (32 * 8)
#define CTX_SPSR (33 * 8)
#define CTX_TPIDR (34 * 8)
#define CTX_SIZE (36 * 8)

/* Entry kinds passed from the vector table to C. */
#define ENTRY_SYNC 0
#define ENTRY_IRQ 1
#define ENTRY_FIQ 2
#define ENTRY_SERROR 3

#ifndef __ASSEMBLER__
#include <kernel/types.h>

struct arch_context {
    word_t x[31];
    word_t sp_el0;
    word_t elr;
    word_t spsr;
    word_t tpidr_el0;
    word_t pad;
};

_Static_assert(sizeof(struct arch_context) == CTX_SIZE, "context layout matches entry.S");
_Static_assert(__builtin_offsetof(struct arch_context, elr) == CTX_ELR, "context layout");

/* Load ctx into the registers and eret to it; SP_EL1 is left at ctx for the next entry. */
NORETURN void arch_restore_context(struct arch_context *ctx);
#endif
