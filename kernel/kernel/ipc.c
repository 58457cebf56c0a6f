/* IPC between threads: message and fault transfer, the non-MCS reply, receive system calls. */
#include <arch/mmu.h>
#include <atoll/ipcbuffer.h>
#include <atoll/messageinfo.h>
#include <kernel/fault.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>
#include <object/cdt.h>
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/notification.h>

void ipc_wake(struct tcb *t)
{
    t->state = ThreadState_Running;
    t->blocking_object = 0;
    sched_enqueue(t);
}

/* The receiver's receive slot (receiveCNode/Index/Depth in its IPC buffer), if empty. */
static struct cte *receive_slot(struct tcb *t, const seL4_IPCBuffer *b)
{
    resolve_ret_t r = cspace_lookup_slot(t, b->receiveCNode);
    if (r.fault.type != seL4_NoFailure)
        return 0;
    struct cte *slot;
    struct syscall_error e = cnode_lookup_op_slot(r.slot->cap, b->receiveIndex, b->receiveDepth, false, &slot);
    if (e.type != seL4_NoError || !cap_is_null(slot->cap))
        return 0;
    return slot;
}

/* seL4's transferCaps: returns how many of the n extra caps went; sets *unwrapped. An
 * endpoint cap to ep itself is unwrapped (its badge in caps_or_badges[i]); any other cap is
 * copied into the receive slot, one at most; the first that cannot go ends the transfer. */
static word_t transfer_caps(struct tcb *sender, struct tcb *receiver, struct endpoint *ep, word_t n,
                            word_t *unwrapped)
{
    const seL4_IPCBuffer *sb = thread_ipc_buffer(sender);
    seL4_IPCBuffer *rb = thread_ipc_buffer(receiver);
    *unwrapped = 0;
    if (!sb || !rb)
        return 0;
    struct cte *dest = receive_slot(receiver, rb);
    word_t i;
    for (i = 0; i < n && i < seL4_MsgMaxExtraCaps; i++) {
        resolve_ret_t r = cspace_lookup_slot(sender, sb->caps_or_badges[i]);
        if (r.fault.type != seL4_NoFailure)
            break;
        struct cap c = r.slot->cap;
        if (cap_get_type(c) == cap_endpoint && ep && paddr_to_kva(cap_get_ptr(c)) == (void *)ep) {
            rb->caps_or_badges[i] = cap_badge(c);
            *unwrapped |= BIT(i);
            continue;
        }
        struct syscall_error e;
        struct cap d = cdt_derive(r.slot, c, &e);
        if (!dest || cap_is_null(d))
            break;
        cdt_insert_derived(r.slot, dest, d);
        dest = 0;
    }
    return i;
}

void ipc_transfer(struct tcb *sender, struct tcb *receiver, word_t badge, struct endpoint *ep, bool can_grant)
{
    word_t label, length, extra = 0, unwrapped = 0;
    if (sender->fault.type != seL4_Fault_NullFault) {
        length = fault_message(sender, receiver);
        label = sender->fault.type;
    } else {
        seL4_MessageInfo_t info = {{sender->ctx.x[1]}};
        label = seL4_MessageInfo_get_label(info);
        length = MIN(seL4_MessageInfo_get_length(info),
                     (word_t)MIN(thread_max_mrs(sender), thread_max_mrs(receiver)));
        for (unsigned i = 0; i < length; i++)
            thread_set_mr(receiver, i, thread_get_mr(sender, i));
        word_t n_caps = seL4_MessageInfo_get_extraCaps(info);
        if (can_grant && n_caps)
            extra = transfer_caps(sender, receiver, ep, n_caps, &unwrapped);
    }
    receiver->ctx.x[0] = badge;
    receiver->ctx.x[1] = seL4_MessageInfo_new(label, unwrapped, extra, length).words[0];
    sender->stats.sent++;
    receiver->stats.received++;
    if (ep)
        ep->messages++;
}

void ipc_after_send(struct tcb *sender, struct tcb *receiver, bool is_call, word_t rights)
{
    if (!is_call)
        return;
    sched_dequeue(sender);
    if (rights & (CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY)) {
        sender->reply_can_grant = rights & CAP_RIGHT_GRANT;
        sender->state = ThreadState_BlockedOnReply;
        ipc_drop_reply_cap(receiver);
        receiver->caller = sender;
        sender->reply_holder = receiver;
    } else {
        sender->state = ThreadState_Inactive;
    }
}

void ipc_restart(struct tcb *t)
{
    if (t->fault.type != seL4_Fault_NullFault) {
        t->ctx.elr = t->fault.ip; /* the faulting instruction runs (and faults) again */
        t->fault.type = seL4_Fault_NullFault;
    } else {
        t->ctx.elr -= 4; /* the system call runs again from its svc */
    }
    t->state = ThreadState_Restart;
    t->blocking_object = 0;
    sched_enqueue(t);
}

/* doReplyTransfer: replier's message (or the fault reply) to caller, waiting on it. */
static void reply_to(struct tcb *replier, struct tcb *caller)
{
    if (caller->fault.type == seL4_Fault_NullFault) {
        ipc_transfer(replier, caller, 0, 0, caller->reply_can_grant);
        ipc_wake(caller);
        return;
    }
    seL4_MessageInfo_t info = {{replier->ctx.x[1]}};
    bool restart = fault_reply(caller, replier, seL4_MessageInfo_get_label(info),
                               seL4_MessageInfo_get_length(info));
    caller->fault.type = seL4_Fault_NullFault;
    if (restart)
        ipc_wake(caller);
    else
        caller->state = ThreadState_Inactive;
}

void ipc_reply(struct tcb *replier)
{
    struct tcb *caller = replier->caller;
    ipc_drop_reply_cap(replier);
    if (!caller || caller->state != ThreadState_BlockedOnReply)
        return; /* no reply cap: Reply does nothing, as in seL4 */
    reply_to(replier, caller);
}

void ipc_reply_through_slot(struct tcb *replier, struct cte *slot)
{
    struct tcb *caller = paddr_to_kva(cap_get_ptr(slot->cap));
    cte_delete(slot); /* a reply cap is used once */
    if (caller->state == ThreadState_BlockedOnReply)
        reply_to(replier, caller);
}

void ipc_save_caller(struct tcb *holder, struct cte *dest)
{
    struct tcb *caller = holder->caller;
    if (!caller)
        return;
    ipc_drop_reply_cap(holder);
    /* A reply cap has no parent or children in the derivation tree: it stands alone. */
    dest->cap = cap_reply_new(kva_to_paddr(caller), caller->reply_can_grant);
    dest->mdb[0] = dest->mdb[1] = 0;
    caller->reply_slot = dest;
}

void ipc_handle_recv(struct tcb *t, bool is_blocking)
{
    word_t cptr = t->ctx.x[0];
    resolve_ret_t r = cspace_lookup_slot(t, cptr);
    if (r.fault.type != seL4_NoFailure) {
        fault_cap(t, t->ctx.elr - 4, cptr, true, r.fault);
        return;
    }
    struct cap c = r.slot->cap;
    word_t rights = cap_rights(c);
    if (cap_get_type(c) == cap_endpoint && (rights & CAP_RIGHT_READ)) {
        ipc_drop_reply_cap(t); /* non-MCS: a new receive drops the old reply cap */
        if (t->bound_ntfn && t->bound_ntfn->active) {
            notification_wait(t->bound_ntfn, t, false); /* a pending signal comes first */
            return;
        }
        endpoint_receive(paddr_to_kva(cap_get_ptr(c)), t, is_blocking);
    } else if (cap_get_type(c) == cap_notification && (rights & CAP_RIGHT_READ)) {
        notification_wait(paddr_to_kva(cap_get_ptr(c)), t, is_blocking);
    } else {
        fault_cap(t, t->ctx.elr - 4, cptr, true,
                  (struct lookup_fault){seL4_MissingCapability, 0, 0, 0});
    }
}

void ipc_cancel(struct tcb *t)
{
    switch (t->state) {
    case ThreadState_BlockedOnSend:
    case ThreadState_BlockedOnReceive:
        endpoint_cancel(t->blocking_object, t);
        break;
    case ThreadState_BlockedOnNotification:
        notification_cancel(t->blocking_object, t);
        break;
    case ThreadState_BlockedOnReply:
        if (t->reply_holder)
            ipc_drop_reply_cap(t->reply_holder);
        if (t->reply_slot)
            cte_delete(t->reply_slot); /* a saved reply cap to us is worthless now */
        break;
    default:
        break;
    }
}
