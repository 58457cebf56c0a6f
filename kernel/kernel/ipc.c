/* IPC between threads: message and fault transfer, the non-MCS reply, receive system calls. */
#include <arch/mmu.h>
#include <atoll/messageinfo.h>
#include <kernel/fault.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>
#include <object/cnode.h>
#include <object/notification.h>

void ipc_wake(struct tcb *t)
{
    t->state = ThreadState_Running;
    t->blocking_object = 0;
    sched_enqueue(t);
}

void ipc_transfer(struct tcb *sender, struct tcb *receiver, word_t badge)
{
    word_t label, length;
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
    }
    /* Capability transfer (extraCaps) is not implemented yet: none arrive. */
    receiver->ctx.x[0] = badge;
    receiver->ctx.x[1] = seL4_MessageInfo_new(label, 0, 0, length).words[0];
}

void ipc_after_send(struct tcb *sender, struct tcb *receiver, bool is_call, bool can_grant)
{
    if (!is_call)
        return;
    sched_dequeue(sender);
    if (can_grant) {
        sender->state = ThreadState_BlockedOnReply;
        ipc_drop_reply_cap(receiver);
        receiver->caller = sender;
        sender->reply_holder = receiver;
    } else {
        sender->state = ThreadState_Inactive;
    }
}

void ipc_drop_reply_cap(struct tcb *holder)
{
    struct tcb *caller = holder->caller;
    if (caller && caller->reply_holder == holder)
        caller->reply_holder = 0;
    holder->caller = 0;
}

void ipc_reply(struct tcb *replier)
{
    struct tcb *caller = replier->caller;
    ipc_drop_reply_cap(replier);
    if (!caller || caller->state != ThreadState_BlockedOnReply)
        return; /* no reply cap: Reply does nothing, as in seL4 */
    if (caller->fault.type == seL4_Fault_NullFault) {
        ipc_transfer(replier, caller, 0);
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
        break;
    default:
        break;
    }
}
