/* Exception dispatch from the vectors: thread entries (syscalls, faults, IRQs) and kernel faults. */
#include <arch/context.h>
#include <arch/esr.h>
#include <arch/fpu.h>
#include <arch/machine.h>
#include <arch/sysreg.h>
#include <atoll/invocation.h>
#include <kernel/fault.h>
#include <object/irq.h>
#include <kernel/panic.h>
#include <kernel/print.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>

static const char *entry_kind_name(unsigned kind)
{
    switch (kind) {
    case ENTRY_SYNC: return "synchronous exception";
    case ENTRY_IRQ: return "IRQ";
    case ENTRY_FIQ: return "FIQ";
    case ENTRY_SERROR: return "SError";
    }
    return "exception";
}

static void dump_registers(const struct arch_context *ctx)
{
    for (unsigned i = 0; i < 31; i += 2) {
        if (i == 30)
            kprintf("  x30=0x%016lx\n", ctx->x[30]);
        else
            kprintf("  x%u=0x%016lx x%u=0x%016lx\n", i, ctx->x[i], i + 1, ctx->x[i + 1]);
    }
}

/* An exception taken while the kernel itself was running (EL1h): report and halt. */
NORETURN void c_handle_kernel_exception(unsigned kind, const struct arch_context *ctx)
{
    esr_t esr = read_sysreg(esr_el1);
    unsigned ec = esr_ec(esr);
    kprintf("\nKERNEL FAULT: %s in the kernel\n", entry_kind_name(kind));
    kprintf("  ESR_EL1=0x%lx EC=0x%x (%s)", esr, ec, esr_class_name(ec));
    if (ec == EC_DABT_SAME || ec == EC_IABT_SAME)
        kprintf(", %s, %s", esr_fsc_name(esr_abort_fsc(esr)), esr_abort_is_write(esr) ? "write" : "read");
    kprintf("\n  FAR_EL1=0x%lx ELR_EL1=0x%lx SPSR_EL1=0x%lx SP=0x%lx\n", read_sysreg(far_el1), ctx->elr,
            ctx->spsr, ctx->sp_el0);
    dump_registers(ctx);
    panic("kernel fault (see above)");
}

static void handle_interrupt(void)
{
    unsigned intid = gic_ack();
    if (intid == GIC_SPURIOUS)
        return;
    if (intid == timer_intid()) {
        timer_rearm();
        sched_tick();
    } else if (!irq_deliver(intid)) {
        kprintf("kernel: unexpected interrupt %u, masked\n", intid);
        gic_disable_irq(intid);
    }
    gic_eoi(intid);
}

/* A synchronous exception from EL0: a system call or a fault of the thread. */
static void handle_user_sync(struct tcb *t)
{
    esr_t esr = read_sysreg(esr_el1);
    switch (esr_ec(esr)) {
    case EC_SVC64:
        handle_syscall(t);
        break;
    case EC_DABT_LOWER:
        fault_vm(t, t->ctx.elr, read_sysreg(far_el1), false, esr);
        break;
    case EC_IABT_LOWER:
        fault_vm(t, t->ctx.elr, t->ctx.elr, true, esr);
        break;
    case EC_FP_ACCESS:
        if (t->flags & seL4_TCBFlag_fpuDisabled)
            fault_user_exception(t, t->ctx.elr, esr, 0); /* TCB_SetFlags: no FP/SIMD for it */
        else
            fpu_take(t); /* lazy switch; the instruction runs again */
        break;
    default:
        fault_user_exception(t, t->ctx.elr, esr, 0);
        break;
    }
}

/* Entry from a thread (EL0 task or the EL1t idle thread); registers are in ks_cur_thread->ctx. */
NORETURN void c_handle_thread_entry(unsigned kind)
{
    struct tcb *t = ks_cur_thread;
    bool from_user = (t->ctx.spsr & SPSR_MODE_MASK) == SPSR_MODE_EL0T;

    switch (kind) {
    case ENTRY_IRQ:
        handle_interrupt();
        break;
    case ENTRY_SYNC:
        if (!from_user)
            c_handle_kernel_exception(kind, &t->ctx);
        handle_user_sync(t);
        break;
    default:
        if (!from_user)
            c_handle_kernel_exception(kind, &t->ctx);
        /* FIQs are not used and an SError is asynchronous: blame the thread that ran. */
        fault_user_exception(t, t->ctx.elr, read_sysreg(esr_el1), kind);
        break;
    }
    schedule();
    activate_current();
}
