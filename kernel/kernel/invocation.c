/* Invocations: read a Call/Send's message, dispatch on the capability's type, reply with the result. */
#include <arch/mmu.h>
#include <arch/object/paging.h>
#include <atoll/invocation.h>
#include <atoll/ipcbuffer.h>
#include <atoll/messageinfo.h>
#include <kernel/fault.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/irq.h>
#include <object/notification.h>
#include <object/untyped.h>

/* Message registers 0-3 travel in x2-x5 (seL4_FastMessageRegisters), the rest in the IPC buffer. */
#define MR_REG_FIRST 2

seL4_IPCBuffer *thread_ipc_buffer(const struct tcb *t)
{
    return t->ipc_buffer_paddr ? paddr_to_kva(t->ipc_buffer_paddr) : 0;
}

unsigned thread_max_mrs(const struct tcb *t)
{
    return thread_ipc_buffer(t) ? seL4_MsgMaxLength : seL4_FastMessageRegisters;
}

word_t thread_get_mr(const struct tcb *t, unsigned i)
{
    if (i < seL4_FastMessageRegisters)
        return t->ctx.x[MR_REG_FIRST + i];
    const seL4_IPCBuffer *b = thread_ipc_buffer(t);
    return b && i < seL4_MsgMaxLength ? b->msg[i] : 0;
}

void thread_set_mr(struct tcb *t, unsigned i, word_t v)
{
    if (i < seL4_FastMessageRegisters) {
        t->ctx.x[MR_REG_FIRST + i] = v;
        return;
    }
    seL4_IPCBuffer *b = thread_ipc_buffer(t);
    if (b && i < seL4_MsgMaxLength)
        b->msg[i] = v;
}

word_t inv_mr(const struct invocation *inv, unsigned i)
{
    return i < inv->length ? thread_get_mr(inv->caller, i) : 0;
}

void reply_from_kernel(struct tcb *t, const struct syscall_error *e)
{
    for (unsigned i = 0; i < e->n_mrs; i++)
        thread_set_mr(t, i, e->mr[i]);
    t->ctx.x[0] = 0; /* badge */
    t->ctx.x[1] = seL4_MessageInfo_new(e->type, 0, 0, e->n_mrs).words[0];
}

/* The telemetry extension on the Domain cap (DomainSet_Set itself is not implemented). */
static struct syscall_error telemetry_invoke(struct invocation *inv)
{
    if (inv->label != AtollTelemetryReadThread && inv->label != AtollTelemetryReadUntyped &&
        inv->label != AtollTelemetryReadEndpoint)
        return error_plain(seL4_IllegalOperation);
    if (inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    struct cap c = inv->extra[0]->cap;
    if (inv->label == AtollTelemetryReadEndpoint) {
        if (cap_get_type(c) != cap_endpoint)
            return error_invalid_capability(1);
        thread_set_mr(inv->caller, 0, ((const struct endpoint *)paddr_to_kva(cap_get_ptr(c)))->messages);
        inv->reply_length = 1;
        return no_error();
    }
    if (inv->label == AtollTelemetryReadUntyped) {
        if (cap_get_type(c) != cap_untyped)
            return error_invalid_capability(1);
        thread_set_mr(inv->caller, 0, cap_untyped_free_index(c));
        thread_set_mr(inv->caller, 1, BIT(cap_untyped_size_bits(c)));
        inv->reply_length = 2;
        return no_error();
    }
    if (cap_get_type(c) != cap_thread)
        return error_invalid_capability(1);
    const struct tcb *t = paddr_to_kva(cap_get_ptr(c));
    const word_t v[AtollTelemetryThreadWords] = {t->stats.syscalls, t->stats.sent, t->stats.received,
                                                 t->stats.faults, t->stats.ticks};
    for (unsigned i = 0; i < AtollTelemetryThreadWords; i++)
        thread_set_mr(inv->caller, i, v[i]);
    inv->reply_length = AtollTelemetryThreadWords;
    return no_error();
}

/* Address of the `svc` instruction (seL4's FaultIP for a system call). */
static word_t svc_address(const struct tcb *t) { return t->ctx.elr - 4; }

static struct syscall_error dispatch(struct invocation *inv)
{
    switch (cap_get_type(inv->cap)) {
    case cap_null:
        return error_invalid_capability(0);
    case cap_untyped:
        return untyped_invoke(inv);
    case cap_cnode:
        return cnode_invoke(inv);
    case cap_endpoint:
        return endpoint_invoke(inv);
    case cap_thread:
        return tcb_invoke(inv);
    case cap_irq_control:
        return irq_control_invoke(inv);
    case cap_domain:
        return telemetry_invoke(inv);
    case cap_irq_handler:
        return irq_handler_invoke(inv);
    case cap_reply: /* a reply cap SaveCaller put in a slot: Send/Call on it is Reply */
        ipc_reply_through_slot(inv->caller, inv->slot);
        return no_error();
    case cap_notification: /* Send/Call on a notification is Signal */
        if (!(cap_rights(inv->cap) & CAP_RIGHT_WRITE))
            return error_invalid_capability(0);
        notification_signal(paddr_to_kva(cap_get_ptr(inv->cap)), cap_badge(inv->cap));
        return no_error();
    default: /* frames, page tables, VSpaces, ASID control and pools */
        return arch_invoke(inv);
    }
}

void handle_invocation(struct tcb *t, bool is_call, bool is_blocking)
{
    word_t cptr = t->ctx.x[0];
    seL4_MessageInfo_t info = {{t->ctx.x[1]}};
    resolve_ret_t r = cspace_lookup_slot(t, cptr);
    if (r.fault.type != seL4_NoFailure) {
        if (is_blocking)
            fault_cap(t, svc_address(t), cptr, false, r.fault);
        return;
    }

    struct invocation inv = {.caller = t, .slot = r.slot, .cap = r.slot->cap, .is_call = is_call,
                             .is_blocking = is_blocking};
    inv.label = seL4_MessageInfo_get_label(info);
    inv.length = MIN(seL4_MessageInfo_get_length(info), (word_t)thread_max_mrs(t));
    inv.n_extra = (unsigned)seL4_MessageInfo_get_extraCaps(info);
    const seL4_IPCBuffer *buf = thread_ipc_buffer(t);
    if (!buf)
        inv.n_extra = 0;
    for (unsigned i = 0; i < inv.n_extra; i++) {
        word_t extra_cptr = buf->caps_or_badges[i];
        resolve_ret_t er = cspace_lookup_slot(t, extra_cptr);
        if (er.fault.type != seL4_NoFailure) {
            if (is_blocking)
                fault_cap(t, svc_address(t), extra_cptr, false, er.fault);
            return;
        }
        inv.extra[i] = er.slot;
    }

    struct syscall_error e = dispatch(&inv);
    if (inv.preempted) {
        t->ctx.elr -= 4; /* the interrupt is taken on the way out; then the svc runs again */
        return;
    }
    if (inv.blocked && e.type == seL4_NoError)
        return; /* an IPC took the message; any answer comes from the other thread */
    if (inv.blocked && !is_call)
        return; /* Send/NBSend without Write: seL4 drops it */
    if (e.type == seL4_NoError)
        e.n_mrs = 0;
    if (is_call) {
        reply_from_kernel(t, &e);
        if (e.type == seL4_NoError)
            t->ctx.x[1] = seL4_MessageInfo_new(0, 0, 0, inv.reply_length).words[0];
    }
}
