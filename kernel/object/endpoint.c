/* Endpoints: synchronous send and receive with a queue of blocked senders or receivers. */
#include <arch/mmu.h>
#include <atoll/invocation.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>
#include <object/endpoint.h>

static void block_on(struct endpoint *ep, struct tcb *t, enum thread_state state)
{
    t->state = state;
    t->blocking_object = ep;
    tcb_queue_append(&ep->queue, t);
    sched_dequeue(t);
}

void endpoint_send(struct endpoint *ep, struct tcb *t, word_t badge, word_t rights, bool blocking, bool is_call)
{
    struct tcb *dest = tcb_queue_head(&ep->queue);
    if (dest && dest->state == ThreadState_BlockedOnReceive) {
        tcb_queue_remove(&ep->queue, dest);
        ipc_transfer(t, dest, badge, ep, rights & CAP_RIGHT_GRANT);
        ipc_wake(dest);
        ipc_after_send(t, dest, is_call, rights);
        return;
    }
    if (!blocking)
        return; /* NBSend with no receiver: the message is dropped */
    t->blocking_badge = badge;
    t->blocking_is_call = is_call;
    t->blocking_rights = rights;
    block_on(ep, t, ThreadState_BlockedOnSend);
}

void endpoint_receive(struct endpoint *ep, struct tcb *t, bool blocking)
{
    struct tcb *sender = tcb_queue_head(&ep->queue);
    if (sender && sender->state == ThreadState_BlockedOnSend) {
        tcb_queue_remove(&ep->queue, sender);
        ipc_transfer(sender, t, sender->blocking_badge, ep, sender->blocking_rights & CAP_RIGHT_GRANT);
        if (!sender->blocking_is_call)
            ipc_wake(sender);
        ipc_after_send(sender, t, sender->blocking_is_call, sender->blocking_rights);
        return;
    }
    if (!blocking) {
        t->ctx.x[0] = 0; /* NBRecv with no sender: badge 0 */
        return;
    }
    block_on(ep, t, ThreadState_BlockedOnReceive);
}

void endpoint_cancel(struct endpoint *ep, struct tcb *t)
{
    tcb_queue_remove(&ep->queue, t);
}

void endpoint_cancel_badged_sends(struct endpoint *ep, word_t badge)
{
    struct tcb *t = tcb_queue_head(&ep->queue);
    while (t) {
        struct tcb *next = t->ep_next;
        if (t->state == ThreadState_BlockedOnSend && t->blocking_badge == badge) {
            tcb_queue_remove(&ep->queue, t);
            ipc_restart(t);
        }
        t = next;
    }
}

void endpoint_cancel_all(struct endpoint *ep)
{
    while (ep->queue.head) {
        struct tcb *t = tcb_queue_head(&ep->queue);
        tcb_queue_remove(&ep->queue, t);
        ipc_restart(t);
    }
}

/* Send/NBSend/Call on an endpoint cap: needs Write; Call also needs Grant or GrantReply to
 * leave a reply cap, otherwise the caller just stops after sending (as in seL4). */
struct syscall_error endpoint_invoke(struct invocation *inv)
{
    struct cap c = inv->cap;
    word_t rights = cap_rights(c);
    inv->blocked = true; /* every outcome below is an IPC, never a kernel reply */
    if (!(rights & CAP_RIGHT_WRITE))
        return error_invalid_capability(0);
    struct endpoint *ep = paddr_to_kva(cap_get_ptr(c));
    endpoint_send(ep, inv->caller, cap_badge(c), rights, inv->is_blocking, inv->is_call);
    return no_error();
}
