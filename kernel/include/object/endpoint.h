/* Endpoints: synchronous IPC rendezvous with a queue of blocked threads. */
#pragma once

#include <arch/mmu.h>
#include <atoll/invocation.h>
#include <kernel/invocation.h>
#include <object/tcb.h>

/* A queue of threads (endpoint senders or receivers, notification waiters), linked through
 * the TCBs' ep_next/ep_prev. Head and tail are kept as 32-bit TCB numbers (physical address
 * >> seL4_TCBBits, plus 1 so that 0 is "none"), which leaves an endpoint room for its count. */
struct tcb_queue {
    uint32_t head, tail;
};

static inline struct tcb *tcb_from_ref(uint32_t ref)
{
    return ref ? paddr_to_kva((paddr_t)(ref - 1) << seL4_TCBBits) : 0;
}
static inline uint32_t tcb_ref(const struct tcb *t) { return (uint32_t)(kva_to_paddr(t) >> seL4_TCBBits) + 1; }
static inline struct tcb *tcb_queue_head(const struct tcb_queue *q) { return tcb_from_ref(q->head); }

/* 2^4 bytes. The queue holds senders or receivers, never both: its state is that of the
 * threads in it (BlockedOnSend / BlockedOnReceive), Idle when empty. `messages` counts the
 * messages sent through it (telemetry extension; one increment per message). */
struct endpoint {
    struct tcb_queue queue;
    word_t messages;
};
_Static_assert(sizeof(struct endpoint) <= 16, "seL4_EndpointBits = 4");

/* A notification: a word of signals, a queue of waiting threads, 2^5 bytes. `active` is
 * seL4's Active state: a signal is pending even when its badge (the word) is 0. */
struct notification {
    word_t word;
    struct tcb_queue queue;
    struct tcb *bound;
    bool active;
};
_Static_assert(sizeof(struct notification) <= 32, "seL4_NotificationBits = 5");

/* Endpoint invocations: Send, NBSend and Call on an endpoint cap. */
struct syscall_error endpoint_invoke(struct invocation *inv);
/* sendIPC through a cap with rights: to a waiting receiver, else queue the sender
 * (blocking) or drop the message. Grant lets capabilities go along; Grant or GrantReply
 * lets a Call leave a reply capability. */
void endpoint_send(struct endpoint *ep, struct tcb *t, word_t badge, word_t rights, bool blocking, bool is_call);
/* receiveIPC: from a waiting sender, else queue the receiver (blocking) or return badge 0. */
void endpoint_receive(struct endpoint *ep, struct tcb *t, bool blocking);
void endpoint_cancel(struct endpoint *ep, struct tcb *t);
/* The endpoint's last cap is going: every queued thread restarts its system call. */
void endpoint_cancel_all(struct endpoint *ep);
/* Restart every sender queued on ep with this badge (they retry their send). */
void endpoint_cancel_badged_sends(struct endpoint *ep, word_t badge);

/* Thread queues shared by endpoints and notifications (ep_next/ep_prev links). */
static inline void tcb_queue_append(struct tcb_queue *q, struct tcb *t)
{
    struct tcb *tail = tcb_from_ref(q->tail);
    t->ep_next = 0;
    t->ep_prev = tail;
    if (tail)
        tail->ep_next = t;
    else
        q->head = tcb_ref(t);
    q->tail = tcb_ref(t);
}

static inline void tcb_queue_remove(struct tcb_queue *q, struct tcb *t)
{
    if (t->ep_prev)
        t->ep_prev->ep_next = t->ep_next;
    else
        q->head = t->ep_next ? tcb_ref(t->ep_next) : 0;
    if (t->ep_next)
        t->ep_next->ep_prev = t->ep_prev;
    else
        q->tail = t->ep_prev ? tcb_ref(t->ep_prev) : 0;
    t->ep_next = t->ep_prev = 0;
    t->blocking_object = 0;
}
