/* Thread control blocks (2^11 bytes, seL4_TCBBits): registers, scheduling state, address space, IPC buffer, name. */
#pragma once

#include <arch/context.h>
#include <arch/fpu.h>
#include <arch/mmu.h>
#include <atoll/faults.h>
#include <object/cap.h>
#include <kernel/types.h>

/* seL4's thread states. */
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

/* The fault a thread took, kept until its handler replies (seL4 terms). */
struct fault {
    seL4_FaultType type;
    word_t ip;      /* FaultIP */
    word_t word[6]; /* VMFault: addr, prefetch, fsr; UserException: esr, code;
                       UnknownSyscall: number; CapFault: cptr, in_recv_phase, lookup type,
                       bits left, bits found or guard found, bits found */
};

#define TCB_NAME_LEN 16

/* The TCB's capability slots (seL4's tcbCTable, tcbVTable, tcbIPCBuffer; the fourth is
 * unused and stays empty); to the zombie walk that empties them they are a CNode of radix
 * TCB_SLOTS_RADIX. */
enum { TCB_CTABLE, TCB_VTABLE, TCB_BUFFER, TCB_SLOT_UNUSED, TCB_SLOTS };
#define TCB_SLOTS_RADIX 2
_Static_assert(TCB_SLOTS == 1 << TCB_SLOTS_RADIX, "the slots are a power of two");

/* All fields are owned by the boot CPU (the kernel is single-core and non-preemptible). */
struct tcb {
    struct arch_context ctx; /* saved registers; the entry code writes here */
    struct fpu_state fpu;    /* FP/SIMD registers while another thread owns them */
    enum thread_state state;
    uint8_t priority;
    unsigned time_slice;     /* ticks left before round-robin */
    bool queued;             /* on a ready queue */
    struct tcb *sched_next, *sched_prev;
    bool has_vspace;         /* the VSpace of the cap in slots[TCB_VTABLE], while it has its */
    struct vspace vspace;    /* ASID: what entry and the fastpath load into TTBR0 */
    vaddr_t ipc_buffer_vaddr;
    paddr_t ipc_buffer_paddr;
    struct fault fault;
    union {                  /* seL4's TCB slots: caps in the derivation tree (cdt.c links them, */
        struct cte slots[TCB_SLOTS]; /* delete.c empties them) keep the CSpace root and the IPC */
        struct cap cspace_root; /* buffer frame alive; this is slots[TCB_CTABLE].cap, for lookups */
    } ALIGNED(16);
    word_t fault_ep;         /* cptr of the fault endpoint in its CSpace (non-MCS); 0 = none */
    uint8_t mcp;             /* maximum controlled priority */
    word_t flags;            /* seL4_TCBFlag_* (TCB_SetFlags) */
    struct notification *bound_ntfn; /* TCB_BindNotification */
    struct {                 /* telemetry extension (AtollTelemetryReadThread) */
        word_t syscalls, sent, received, faults, ticks;
    } stats;
    /* IPC: the endpoint or notification queue the thread waits in, and what it sends. */
    void *blocking_object;
    struct tcb *ep_next, *ep_prev;
    word_t blocking_badge;
    bool blocking_is_call;
    word_t blocking_rights;  /* rights of the endpoint cap it sends through */
    bool reply_can_grant;    /* while BlockedOnReply: the reply may carry a capability */
    struct tcb *caller;      /* non-MCS reply capability: the thread waiting for our reply */
    struct tcb *reply_holder; /* while BlockedOnReply: the thread whose `caller` is us */
    struct cte *reply_slot;  /* while BlockedOnReply: the slot SaveCaller put our reply cap in */
    struct tcb *all_next, *all_prev; /* every live TCB (sched_register), for finalisation */
    char name[TCB_NAME_LEN];
};

/* A thread that will run at EL0 from `entry` with x0 = arg0, in address space vs. */
void tcb_init_user(struct tcb *t, const char *name, uint8_t prio, const struct vspace *vs, vaddr_t entry,
                   word_t arg0);
/* A thread made by Untyped_Retype: Inactive, priority 0, no CSpace, VSpace or IPC buffer. */
void tcb_init_new(struct tcb *t);
/* The idle thread: EL1t, interrupts unmasked, `wfi` loop. */
void tcb_init_idle(struct tcb *t);
/* Runnable states: Running, Restart. */
static inline bool tcb_is_runnable(const struct tcb *t)
{
    return t->state == ThreadState_Running || t->state == ThreadState_Restart;
}
/* Copy a name made of [A-Za-z0-9_.-] (other bytes become '_'), truncated to fit. */
void tcb_set_name(struct tcb *t, const char *name, size_t max_len);
const char *thread_state_name(enum thread_state s);

/* The TCB's last cap is going: unbind its notification, suspend it (out of every queue),
 * drop the reply cap it holds, forget it as FP/SIMD owner and as a known thread. Its CTable
 * slot is emptied afterwards by cte_delete. */
void tcb_finalise(struct tcb *t);
/* The VSpace with this root table is going away: threads running in it lose it (they get
 * the empty VSpace). */
void tcb_forget_vspace(paddr_t root);
/* The VSpace cap in slot is being deleted: if slot is a thread's VTable slot, the thread
 * loses its address space (it runs on the empty table). */
void tcb_vtable_deleted(const struct cte *slot);

struct invocation;
struct syscall_error;
/* TCB invocations (labels 2-16; not yet: CopyRegisters, SetSchedParams, notification
 * binding, SetTLSBase). */
struct syscall_error tcb_invoke(struct invocation *inv);
