/* Thread control blocks: registers, scheduling state, address space, IPC buffer, name. */
#pragma once

#include <arch/context.h>
#include <arch/mmu.h>
#include <atoll/faults.h>
#include <kernel/types.h>

/* seL4's thread states (only Inactive, Running and Idle occur so far). */
enum thread_state {
    ThreadState_Inactive = 0,
    ThreadState_Running,
    ThreadState_Restart,
    ThreadState_BlockedOnReceive,
    ThreadState_BlockedOnSend,
    ThreadState_BlockedOnReply,
    ThreadState_BlockedOnNotification,
    ThreadState_IdleThreadState,
};

/* The last fault a thread took, kept for delivery once fault endpoints exist (issue 3). */
struct fault {
    seL4_FaultType type;
    word_t ip;      /* FaultIP */
    word_t word[3]; /* VMFault: addr, prefetch, fsr; UserException: esr, code;
                       UnknownSyscall: number; CapFault: cptr, in_recv_phase, lookup type */
};

#define TCB_NAME_LEN 16

/* All fields are owned by the boot CPU (the kernel is single-core and non-preemptible). */
struct tcb {
    struct arch_context ctx; /* saved registers; the entry code writes here */
    enum thread_state state;
    uint8_t priority;
    unsigned time_slice;     /* ticks left before round-robin */
    bool queued;             /* on a ready queue */
    struct tcb *sched_next, *sched_prev;
    bool has_vspace;
    struct vspace vspace;
    vaddr_t ipc_buffer_vaddr;
    paddr_t ipc_buffer_paddr;
    struct fault fault;
    char name[TCB_NAME_LEN];
};

/* A thread that will run at EL0 from `entry` with x0 = arg0, in address space vs. */
void tcb_init_user(struct tcb *t, const char *name, uint8_t prio, const struct vspace *vs, vaddr_t entry,
                   word_t arg0);
/* The idle thread: EL1t, interrupts unmasked, `wfi` loop. */
void tcb_init_idle(struct tcb *t);
/* Copy a name made of [A-Za-z0-9_.-] (other bytes become '_'), truncated to fit. */
void tcb_set_name(struct tcb *t, const char *name, size_t max_len);
const char *thread_state_name(enum thread_state s);
