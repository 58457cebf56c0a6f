/* IPC between threads: message transfer, the non-MCS reply, and the receive system calls. */
#pragma once

#include <object/tcb.h>

struct endpoint;
/* Copy sender's message (or its fault message) to receiver: badge in x0, info in x1, MRs,
 * and, if can_grant, its extra capabilities (an endpoint cap to ep itself is unwrapped).
 * ep is the endpoint the message went through (its count goes up), 0 for a reply. */
void ipc_transfer(struct tcb *sender, struct tcb *receiver, word_t badge, struct endpoint *ep, bool can_grant);
/* After a transfer: a Call through a cap with Grant or GrantReply leaves the sender
 * waiting for receiver's reply; without them it stops (as in seL4); a Send goes on. */
void ipc_after_send(struct tcb *sender, struct tcb *receiver, bool is_call, word_t rights);
/* Reply: hand replier's message to the thread in its reply slot and wake it. */
void ipc_reply(struct tcb *replier);
/* Recv / NBRecv on the cptr in x0 (endpoint or notification); a CapFault if it is neither. */
void ipc_handle_recv(struct tcb *t, bool is_blocking);
/* Delete holder's reply capability (its `caller`), if any (inline: the fastpath uses it). */
static inline void ipc_drop_reply_cap(struct tcb *holder)
{
    struct tcb *caller = holder->caller;
    if (caller && caller->reply_holder == holder)
        caller->reply_holder = 0;
    holder->caller = 0;
}
/* Take t out of whatever endpoint or notification queue it waits in, or drop the reply
 * capability that would wake it (Suspend, Resume). */
void ipc_cancel(struct tcb *t);
/* t's blocking operation was cancelled under it (its endpoint or notification went away,
 * or a badge it sent with was cancelled): it runs its system call again, or faults again. */
void ipc_restart(struct tcb *t);
/* Reply through a reply cap SaveCaller put in slot: the slot is emptied, its caller woken. */
void ipc_reply_through_slot(struct tcb *replier, struct cte *slot);
/* SaveCaller: move holder's reply capability into the empty slot dest (nothing if none). */
void ipc_save_caller(struct tcb *holder, struct cte *dest);
/* Make t runnable again (state Running, on its ready queue). */
void ipc_wake(struct tcb *t);
