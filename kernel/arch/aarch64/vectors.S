/* EL1 exception vectors, kernel entry (save into the current TCB) and exit (restore + eret). */
#include <arch/context.h>

/*
 * Threads (EL0 tasks and the EL1t idle thread) enter with SP_EL1 pointing at their
 * own struct arch_context inside the TCB (arch_restore_context leaves it there), so
 * the entry stores registers straight into the TCB, then moves to the kernel stack.
 * The kernel itself runs on SP_EL1 with interrupts masked; an exception taken
 * there ("current EL with SP_ELx") is a kernel fault and is reported, then we halt.
 */

/* x0..x29 into the context frame at sp, in the layout of arch/context.h. */
.macro save_x0_to_x29
    stp     x0, x1, [sp, #16 * 0]
    stp     x2, x3, [sp, #16 * 1]
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
    stp     x8, x9, [sp, #16 * 4]
    stp     x10, x11, [sp, #16 * 5]
    stp     x12, x13, [sp, #16 * 6]
    stp     x14, x15, [sp, #16 * 7]
    stp     x16, x17, [sp, #16 * 8]
    stp     x18, x19, [sp, #16 * 9]
    stp     x20, x21, [sp, #16 * 10]
    stp     x22, x23, [sp, #16 * 11]
    stp     x24, x25, [sp, #16 * 12]
    stp     x26, x27, [sp, #16 * 13]
    stp     x28, x29, [sp, #16 * 14]
.endm

.macro save_thread_context
    save_x0_to_x29
    mrs     x21, sp_el0
    stp     x30, x21, [sp, #CTX_X(30)]
    mrs     x22, elr_el1
    mrs     x23, spsr_el1
    stp     x22, x23, [sp, #CTX_ELR]
    mrs     x24, tpidr_el0
    str     x24, [sp, #CTX_TPIDR]
    adrp    x0, kernel_stack_top
    add     x0, x0, :lo12:kernel_stack_top
    mov     sp, x0
    mov     x29, #0
.endm

.macro thread_vector kind
    save_thread_context
    mov     x0, #\kind
    b       c_handle_thread_entry
.endm

.macro kernel_vector kind
    sub     sp, sp, #CTX_SIZE
    save_x0_to_x29
    add     x21, sp, #CTX_SIZE      /* the kernel SP at the time of the exception */
    stp     x30, x21, [sp, #CTX_X(30)]
    mrs     x22, elr_el1
    mrs     x23, spsr_el1
    stp     x22, x23, [sp, #CTX_ELR]
    mov     x0, #\kind
    mov     x1, sp
    bl      c_handle_kernel_exception
    b       arch_halt
.endm

.macro vector_entry label
    .balign 0x80
    b       \label
.endm

    .text
    .balign 2048
    .global vectors
vectors:
    vector_entry el1t_sync          /* current EL, SP_EL0: the idle thread */
    vector_entry el1t_irq
    vector_entry el1t_fiq
    vector_entry el1t_serror
    vector_entry el1h_sync          /* current EL, SP_EL1: the kernel */
    vector_entry el1h_irq
    vector_entry el1h_fiq
    vector_entry el1h_serror
    vector_entry el0_sync           /* lower EL, AArch64: user tasks */
    vector_entry el0_irq
    vector_entry el0_fiq
    vector_entry el0_serror
    vector_entry el0_32_sync        /* lower EL, AArch32: never used */
    vector_entry el0_32_irq
    vector_entry el0_32_fiq
    vector_entry el0_32_serror

el1t_sync:      thread_vector ENTRY_SYNC
el1t_irq:       thread_vector ENTRY_IRQ
el1t_fiq:       thread_vector ENTRY_FIQ
el1t_serror:    thread_vector ENTRY_SERROR
el0_sync:       save_thread_context    /* x7 still holds the thread's syscall number */
                mrs     x1, esr_el1
                lsr     x1, x1, #26
                cmp     x1, #0x15              /* EC_SVC64 (arch/esr.h) */
                b.ne    1f
                cmn     x7, #1                 /* seL4_SysCall */
                b.eq    2f
                cmn     x7, #2                 /* seL4_SysReplyRecv */
                b.ne    1f
                bl      c_fastpath_reply_recv  /* the partner's context, or 0: slowpath */
                cbnz    x0, arch_restore_context
                b       1f
2:              bl      c_fastpath_call
                cbnz    x0, arch_restore_context
1:              mov     x0, #ENTRY_SYNC
                b       c_handle_thread_entry
el0_irq:        thread_vector ENTRY_IRQ
el0_fiq:        thread_vector ENTRY_FIQ
el0_serror:     thread_vector ENTRY_SERROR
el1h_sync:      kernel_vector ENTRY_SYNC
el1h_irq:       kernel_vector ENTRY_IRQ
el1h_fiq:       kernel_vector ENTRY_FIQ
el1h_serror:    kernel_vector ENTRY_SERROR
el0_32_sync:    kernel_vector ENTRY_SYNC
el0_32_irq:     kernel_vector ENTRY_IRQ
el0_32_fiq:     kernel_vector ENTRY_FIQ
el0_32_serror:  kernel_vector ENTRY_SERROR

/* void arch_restore_context(struct arch_context *ctx): never returns. */
    .global arch_restore_context
arch_restore_context:
    mov     sp, x0
    ldp     x21, x22, [sp, #CTX_SP_EL0]
    ldp     x23, x24, [sp, #CTX_SPSR]
    msr     sp_el0, x21
    msr     elr_el1, x22
    msr     spsr_el1, x23
    msr     tpidr_el0, x24
    ldp     x0, x1, [sp, #16 * 0]
    ldp     x2, x3, [sp, #16 * 1]
    ldp     x4, x5, [sp, #16 * 2]
    ldp     x6, x7, [sp, #16 * 3]
    ldp     x8, x9, [sp, #16 * 4]
    ldp     x10, x11, [sp, #16 * 5]
    ldp     x12, x13, [sp, #16 * 6]
    ldp     x14, x15, [sp, #16 * 7]
    ldp     x16, x17, [sp, #16 * 8]
    ldp     x18, x19, [sp, #16 * 9]
    ldp     x20, x21, [sp, #16 * 10]
    ldp     x22, x23, [sp, #16 * 11]
    ldp     x24, x25, [sp, #16 * 12]
    ldp     x26, x27, [sp, #16 * 13]
    ldp     x28, x29, [sp, #16 * 14]
    ldr     x30, [sp, #CTX_X(30)]
    eret

/* The idle thread: runs at EL1t with interrupts unmasked, waits for the next interrupt. */
    .global idle_thread_entry
idle_thread_entry:
    wfi
    b       idle_thread_entry
