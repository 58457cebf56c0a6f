/* Notifications: Signal ORs a badge into the word (the notification is then active, whatever
 * the badge) or wakes a waiter; Wait/Poll take the word. */
#include <kernel/ipc.h>
#include <kernel/sched.h>
#include <object/notification.h>

void notification_signal(struct notification *n, word_t badge)
{
    struct tcb *bound = n->bound;
    if (bound && bound->state == ThreadState_BlockedOnReceive) {
        /* the bound thread waits on an endpoint: the signal ends that wait */
        ipc_cancel(bound);
        bound->ctx.x[0] = badge | n->word;
        n->word = 0;
        ipc_wake(bound);
        return;
    }
    struct tcb *waiter = tcb_queue_head(&n->queue);
    if (waiter) {
        tcb_queue_remove(&n->queue, waiter);
        waiter->ctx.x[0] = badge | n->word;
        n->word = 0;
        ipc_wake(waiter);
        return;
    }
    n->word |= badge;
    n->active = true;
}

void notification_wait(struct notification *n, struct tcb *t, bool is_blocking)
{
    if (n->active || !is_blocking) {
        t->ctx.x[0] = n->word;
        n->word = 0;
        n->active = false;
        return;
    }
    t->state = ThreadState_BlockedOnNotification;
    t->blocking_object = n;
    tcb_queue_append(&n->queue, t);
    sched_dequeue(t);
}

void notification_cancel(struct notification *n, struct tcb *t)
{
    tcb_queue_remove(&n->queue, t);
}

void notification_finalise(struct notification *n)
{
    while (n->queue.head) {
        struct tcb *t = tcb_queue_head(&n->queue);
        tcb_queue_remove(&n->queue, t);
        ipc_restart(t);
    }
    if (n->bound) {
        n->bound->bound_ntfn = 0;
        n->bound = 0;
    }
}
