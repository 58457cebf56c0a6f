/* The IPC fastpath: Call and ReplyRecv in their common case, straight from one thread to
 * the other, without the general invocation, transfer and scheduling code. */
#pragma once

#include <object/tcb.h>

/* Called from the EL0 synchronous vector for an `svc` with x7 = Call / ReplyRecv (registers
 * saved in ks_cur_thread): when the fastpath can, it hands the message to the partner thread,
 * makes it current and returns its context, which vectors.S restores; otherwise it returns 0
 * having changed nothing, and the general entry (the slowpath) runs. */
struct arch_context *c_fastpath_call(void);
struct arch_context *c_fastpath_reply_recv(void);
