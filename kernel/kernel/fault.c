/* Thread faults: record the seL4 fault, send it to the thread's fault endpoint, apply the reply. */
#include <arch/esr.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include <atoll/errors.h>
#include <atoll/invocation.h>
#include <kernel/fault.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/print.h>
#include <kernel/sched.h>
#include <object/cnode.h>
#include <object/endpoint.h>

/*
 * As in seL4, a fault is sent to the thread's fault endpoint (a cptr in its own CSpace,
 * non-MCS) as if the thread did a Call; the handler's reply restarts it (label 0) or leaves
 * it stopped. A thread without a usable fault endpoint (the root task has none) is in
 * seL4's double-fault position: the fault is reported on the console and the thread
 * becomes Inactive. The kernel itself carries on.
 */
static const char *lookup_failure_name(word_t type)
{
    switch (type) {
    case seL4_InvalidRoot: return "invalid root";
    case seL4_MissingCapability: return "missing capability";
    case seL4_DepthMismatch: return "depth mismatch";
    case seL4_GuardMismatch: return "guard mismatch";
    default: return "no failure";
    }
}

static void report_and_stop(struct tcb *t)
{
    const struct fault *f = &t->fault;
    kprintf("fault: task %s ", t->name);
    switch (f->type) {
    case seL4_Fault_VMFault:
        kprintf("VMFault pc=0x%lx addr=0x%lx fsr=0x%lx prefetch=%lu (%s)", f->ip, f->word[0], f->word[2],
                f->word[1], esr_fsc_name(esr_abort_fsc(f->word[2])));
        break;
    case seL4_Fault_UserException:
        kprintf("UserException pc=0x%lx esr=0x%lx (%s)", f->ip, f->word[0],
                esr_class_name(esr_ec(f->word[0])));
        break;
    case seL4_Fault_UnknownSyscall:
        kprintf("UnknownSyscall pc=0x%lx syscall=%ld", f->ip, (sword_t)f->word[0]);
        break;
    case seL4_Fault_CapFault:
        kprintf("CapFault pc=0x%lx cptr=0x%lx (%s%s)", f->ip, f->word[0], lookup_failure_name(f->word[2]),
                f->word[1] ? ", receive phase" : "");
        break;
    default:
        kprintf("fault type %u pc=0x%lx", (unsigned)f->type, f->ip);
        break;
    }
    kprintf("; task stopped\n");
    t->state = ThreadState_Inactive;
    sched_dequeue(t);
}

/* Send t's recorded fault to its fault endpoint, or stop it if it has none. */
static void deliver(struct tcb *t)
{
    t->stats.faults++;
    struct cap handler = cap_null_new();
    if (t->fault_ep) {
        resolve_ret_t r = cspace_lookup_slot(t, t->fault_ep);
        if (r.fault.type == seL4_NoFailure)
            handler = r.slot->cap;
    }
    word_t rights = cap_rights(handler);
    if (cap_get_type(handler) != cap_endpoint || !(rights & CAP_RIGHT_WRITE) ||
        !(rights & (CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY))) {
        report_and_stop(t);
        return;
    }
    t->ctx.elr = t->fault.ip; /* a restart resumes at FaultIP */
    endpoint_send(paddr_to_kva(cap_get_ptr(handler)), t, cap_badge(handler), rights, true, true);
}

void fault_vm(struct tcb *t, word_t ip, word_t addr, bool prefetch, word_t fsr)
{
    t->fault = (struct fault){seL4_Fault_VMFault, ip, {addr, prefetch, fsr}};
    deliver(t);
}

void fault_user_exception(struct tcb *t, word_t ip, word_t esr, word_t code)
{
    t->fault = (struct fault){seL4_Fault_UserException, ip, {esr, code, 0}};
    deliver(t);
}

void fault_unknown_syscall(struct tcb *t, word_t ip, word_t number)
{
    t->fault = (struct fault){seL4_Fault_UnknownSyscall, ip, {number, 0, 0}};
    deliver(t);
}

void fault_cap(struct tcb *t, word_t ip, word_t cptr, bool in_recv_phase, struct lookup_fault lf)
{
    t->fault = (struct fault){seL4_Fault_CapFault, ip,
                              {cptr, in_recv_phase, lf.type, lf.bits_left,
                               lf.type == seL4_GuardMismatch ? lf.guard_found : lf.bits_found, lf.bits_found}};
    deliver(t);
}

/* The fault message (sel4-abi.md §1f), read from the faulting thread's state now. */
word_t fault_message(const struct tcb *t, struct tcb *receiver)
{
    const struct fault *f = &t->fault;
    word_t n = 0;
    switch (f->type) {
    case seL4_Fault_CapFault:
        thread_set_mr(receiver, seL4_CapFault_IP, f->ip);
        thread_set_mr(receiver, seL4_CapFault_Addr, f->word[0]);
        thread_set_mr(receiver, seL4_CapFault_InRecvPhase, f->word[1]);
        thread_set_mr(receiver, seL4_CapFault_LookupFailureType, f->word[2]);
        n = 4;
        if (f->word[2] != seL4_InvalidRoot) {
            thread_set_mr(receiver, seL4_CapFault_BitsLeft, f->word[3]);
            n = 5;
        }
        if (f->word[2] == seL4_DepthMismatch || f->word[2] == seL4_GuardMismatch) {
            thread_set_mr(receiver, seL4_CapFault_DepthMismatch_BitsFound, f->word[4]);
            n = 6;
        }
        if (f->word[2] == seL4_GuardMismatch) {
            thread_set_mr(receiver, seL4_CapFault_GuardMismatch_BitsFound, f->word[5]);
            n = 7;
        }
        return n;
    case seL4_Fault_UnknownSyscall:
        for (unsigned i = 0; i < 8; i++)
            thread_set_mr(receiver, seL4_UnknownSyscall_X0 + i, t->ctx.x[i]);
        thread_set_mr(receiver, seL4_UnknownSyscall_FaultIP, f->ip);
        thread_set_mr(receiver, seL4_UnknownSyscall_SP, t->ctx.sp_el0);
        thread_set_mr(receiver, seL4_UnknownSyscall_LR, f->ip + 4); /* ELR_EL1: after the svc */
        thread_set_mr(receiver, seL4_UnknownSyscall_SPSR, t->ctx.spsr);
        thread_set_mr(receiver, seL4_UnknownSyscall_Syscall, f->word[0]);
        if (t->flags & seL4_TCBFlag_atollForeignABI) {
            thread_set_mr(receiver, seL4_UnknownSyscall_Length, t->ctx.x[8]); /* Atoll: x8 */
            return seL4_UnknownSyscall_Length + 1;
        }
        return seL4_UnknownSyscall_Length;
    case seL4_Fault_UserException:
        thread_set_mr(receiver, seL4_UserException_FaultIP, f->ip);
        thread_set_mr(receiver, seL4_UserException_SP, t->ctx.sp_el0);
        thread_set_mr(receiver, seL4_UserException_SPSR, t->ctx.spsr);
        thread_set_mr(receiver, seL4_UserException_Number, f->word[0]);
        thread_set_mr(receiver, seL4_UserException_Code, f->word[1]);
        return seL4_UserException_Length;
    case seL4_Fault_VMFault:
        thread_set_mr(receiver, seL4_VMFault_IP, f->ip);
        thread_set_mr(receiver, seL4_VMFault_Addr, f->word[0]);
        thread_set_mr(receiver, seL4_VMFault_PrefetchFault, f->word[1]);
        thread_set_mr(receiver, seL4_VMFault_FSR, f->word[2]);
        return seL4_VMFault_Length;
    default:
        return 0;
    }
}

/* A user-supplied SPSR: only the condition flags; always EL0t with interrupts unmasked. */
static word_t sanitise_spsr(word_t v) { return (v & 0xf0000000ul) | SPSR_MODE_EL0T; }

bool fault_reply(struct tcb *t, const struct tcb *replier, word_t label, word_t length)
{
    length = MIN(length, (word_t)thread_max_mrs(replier));
    switch (t->fault.type) {
    case seL4_Fault_UnknownSyscall:
        /* X0-X7, FaultIP, SP, LR, SPSR in message order; LR is recomputed from FaultIP. */
        for (unsigned i = 0; i < MIN(length, (word_t)seL4_UnknownSyscall_Syscall); i++) {
            word_t v = thread_get_mr(replier, i);
            if (i < 8)
                t->ctx.x[i] = v;
            else if (i == seL4_UnknownSyscall_FaultIP)
                t->ctx.elr = v;
            else if (i == seL4_UnknownSyscall_SP)
                t->ctx.sp_el0 = v;
            else if (i == seL4_UnknownSyscall_SPSR)
                t->ctx.spsr = sanitise_spsr(v);
        }
        break;
    case seL4_Fault_UserException:
        for (unsigned i = 0; i < MIN(length, 3ul); i++) {
            word_t v = thread_get_mr(replier, i);
            if (i == seL4_UserException_FaultIP)
                t->ctx.elr = v;
            else if (i == seL4_UserException_SP)
                t->ctx.sp_el0 = v;
            else
                t->ctx.spsr = sanitise_spsr(v);
        }
        break;
    default:
        break;
    }
    return label == 0;
}
