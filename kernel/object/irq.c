/* Interrupts as capabilities: IRQControl_Get, IRQHandler Ack/SetNotification/Clear, delivery. */
#include <arch/machine.h>
#include <arch/mmu.h>
#include <atoll/invocation.h>
#include <object/cdt.h>
#include <object/cnode.h>
#include <object/irq.h>
#include <object/notification.h>

/*
 * Lines 0..MAX_IRQ (GIC INTIDs, v2 or v3; 0-15 are SGIs, 16-31 PPIs, SPIs from 32). Boot CPU only.
 * A line handed out stays masked until it has a notification; a delivered interrupt masks
 * it again until the handler Acks it, as in seL4.
 */
#define MAX_IRQ 1019
enum irq_state { IRQ_INACTIVE = 0, IRQ_SIGNAL, IRQ_RESERVED };

static struct {
    uint8_t state;
    bool has_ntfn;
    struct notification *ntfn;
    word_t badge;
} irqs[MAX_IRQ + 1];

bool irq_may_wake_a_thread(void)
{
    for (unsigned i = 0; i <= MAX_IRQ; i++) {
        const struct notification *n = irqs[i].ntfn;
        if (irqs[i].state == IRQ_SIGNAL && irqs[i].has_ntfn &&
            (n->queue.head || (n->bound && n->bound->state == ThreadState_BlockedOnReceive)))
            return true;
    }
    return false;
}

void irq_reserve(unsigned intid)
{
    if (intid <= MAX_IRQ)
        irqs[intid].state = IRQ_RESERVED;
}

bool irq_deliver(unsigned intid)
{
    if (intid > MAX_IRQ || irqs[intid].state != IRQ_SIGNAL)
        return false;
    gic_disable_irq(intid);
    if (irqs[intid].has_ntfn)
        notification_signal(irqs[intid].ntfn, irqs[intid].badge);
    return true;
}

void irq_handler_deleted(unsigned intid)
{
    if (intid > MAX_IRQ || irqs[intid].state != IRQ_SIGNAL)
        return;
    gic_disable_irq(intid);
    irqs[intid].state = IRQ_INACTIVE;
    irqs[intid].has_ntfn = false;
}

void irq_notification_deleted(const struct notification *n)
{
    for (unsigned i = 0; i <= MAX_IRQ; i++) {
        if (irqs[i].has_ntfn && irqs[i].ntfn == n) {
            irqs[i].has_ntfn = false;
            gic_disable_irq(i);
        }
    }
}

/* Get: MR0 irq, MR1 index, MR2 depth, extra cap 0 the CNode root of the destination;
 * GetTrigger: MR0 irq, MR1 trigger (0 level, 1 edge), MR2 index, MR3 depth. */
struct syscall_error irq_control_invoke(struct invocation *inv)
{
    bool with_trigger = inv->label == ARMIRQIssueIRQHandlerTrigger;
    if (inv->label != IRQIssueIRQHandler && !with_trigger)
        return error_plain(seL4_IllegalOperation); /* IssueSGISignal: not yet */
    unsigned args = with_trigger ? 4 : 3;
    if (inv->length < args || inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    word_t irq = inv_mr(inv, 0);
    if (irq > MAX_IRQ)
        return error_range(0, MAX_IRQ);
    if (irqs[irq].state != IRQ_INACTIVE)
        return error_plain(seL4_RevokeFirst);
    struct cte *dest;
    struct syscall_error e =
        cnode_lookup_op_slot(inv->extra[0]->cap, inv_mr(inv, args - 2), inv_mr(inv, args - 1), false, &dest);
    if (e.type != seL4_NoError)
        return e;
    if (!cap_is_null(dest->cap))
        return error_plain(seL4_DeleteFirst);

    if (with_trigger)
        gic_set_trigger((unsigned)irq, inv_mr(inv, 1) != 0); /* the line is masked while inactive */
    irqs[irq].state = IRQ_SIGNAL;
    irqs[irq].has_ntfn = false;
    cdt_insert_derived(inv->slot, dest, cap_irq_handler_new((unsigned)irq)); /* a child of IRQControl */
    return no_error();
}

struct syscall_error irq_handler_invoke(struct invocation *inv)
{
    unsigned irq = cap_irq_handler_irq(inv->cap);
    switch (inv->label) {
    case IRQAckIRQ:
        if (irqs[irq].has_ntfn)
            gic_enable_irq(irq);
        return no_error();
    case IRQSetIRQHandler: {
        if (inv->n_extra < 1)
            return error_plain(seL4_TruncatedMessage);
        struct cap n = inv->extra[0]->cap;
        if (cap_get_type(n) != cap_notification || !(cap_rights(n) & CAP_RIGHT_WRITE))
            return error_invalid_capability(0);
        irqs[irq].ntfn = paddr_to_kva(cap_get_ptr(n));
        irqs[irq].badge = cap_badge(n);
        irqs[irq].has_ntfn = true;
        gic_enable_irq(irq);
        return no_error();
    }
    case IRQClearIRQHandler:
        irqs[irq].has_ntfn = false;
        gic_disable_irq(irq);
        return no_error();
    default:
        return error_plain(seL4_IllegalOperation);
    }
}
