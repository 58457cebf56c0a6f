/* Thread faults: record the seL4 fault, report it, and stop the thread (no fault endpoints yet). */
#include <arch/esr.h>
#include <atoll/errors.h>
#include <kernel/fault.h>
#include <kernel/print.h>
#include <kernel/sched.h>

/*
 * In seL4 a fault is sent to the thread's fault endpoint as if the thread did a Call.
 * Fault endpoints arrive with capabilities (issue 3); until then every thread is in
 * the position of an seL4 thread without a fault handler: the fault is reported on the
 * console and the thread becomes Inactive. The kernel itself carries on.
 */
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
        kprintf("CapFault pc=0x%lx cptr=0x%lx (no capabilities yet)", f->ip, f->word[0]);
        break;
    default:
        kprintf("fault type %u pc=0x%lx", (unsigned)f->type, f->ip);
        break;
    }
    kprintf("; task stopped\n");
    t->state = ThreadState_Inactive;
    sched_dequeue(t);
}

void fault_vm(struct tcb *t, word_t ip, word_t addr, bool prefetch, word_t fsr)
{
    t->fault = (struct fault){seL4_Fault_VMFault, ip, {addr, prefetch, fsr}};
    report_and_stop(t);
}

void fault_user_exception(struct tcb *t, word_t ip, word_t esr, word_t code)
{
    t->fault = (struct fault){seL4_Fault_UserException, ip, {esr, code, 0}};
    report_and_stop(t);
}

void fault_unknown_syscall(struct tcb *t, word_t ip, word_t number)
{
    t->fault = (struct fault){seL4_Fault_UnknownSyscall, ip, {number, 0, 0}};
    report_and_stop(t);
}

void fault_cap(struct tcb *t, word_t ip, word_t cptr, bool in_recv_phase)
{
    t->fault = (struct fault){seL4_Fault_CapFault, ip, {cptr, in_recv_phase, seL4_MissingCapability}};
    report_and_stop(t);
}
