/* IPC between threads: message transfer, the non-MCS reply, and the receive system calls. */
#pragma once

#include <object/tcb.h>

/* Copy sender's message (or its fault message) to receiver: badge in x0, info in x1, MRs. */
void ipc_transfer(struct tcb *sender, struct tcb *receiver, word_t badge);
/* After a transfer: a Call leaves the sender waiting for receiver's reply (if the cap could
 * grant a reply), else the sender goes on running (Send) or stops (Call without grant). */
void ipc_after_send(struct tcb *sender, struct tcb *receiver, bool is_call, bool can_grant);
/* Reply: hand replier's message to the thread in its reply slot and wake it. */
void ipc_reply(struct tcb *replier);
/* Recv / NBRecv on the cptr in x0 (endpoint or notification); a CapFault if it is neither. */
void ipc_handle_recv(struct tcb *t, bool is_blocking);
/* Delete holder's reply capability (its `caller`), if any. */
void ipc_drop_reply_cap(struct tcb *holder);
/* Take t out of whatever endpoint or notification queue it waits in, or drop the reply
 * capability that would wake it (Suspend, Resume). */
void ipc_cancel(struct tcb *t);
/* Make t runnable again (state Running, on its ready queue). */
void ipc_wake(struct tcb *t);
