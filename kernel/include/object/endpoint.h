/* Endpoints: synchronous IPC rendezvous with a queue of blocked threads. */
#pragma once

#include <kernel/invocation.h>

/* 2^4 bytes. The queue holds senders or receivers, never both: its state is that of the
 * threads in it (BlockedOnSend / BlockedOnReceive), Idle when empty. */
struct endpoint {
    struct tcb *head;
    struct tcb *tail;
};
_Static_assert(sizeof(struct endpoint) <= 16, "seL4_EndpointBits = 4");

/* A notification: a word of signals, a queue of waiting threads, 2^5 bytes. */
struct notification {
    word_t word;
    struct tcb *head;
    struct tcb *tail;
    struct tcb *bound;
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
void tcb_queue_append(struct tcb **head, struct tcb **tail, struct tcb *t);
void tcb_queue_remove(struct tcb **head, struct tcb **tail, struct tcb *t);
