/* The IPC fastpath: Call and ReplyRecv in their common case, straight from one thread to
 * the other, without the general invocation, transfer and scheduling code. */
#pragma once

#include <object/tcb.h>

/* Try the fastpath for t's `svc` (registers in t->ctx). True: done, ks_cur_thread is the
 * thread to run next. False: nothing changed, take the slowpath (handle_syscall). */
bool fastpath_call(struct tcb *t);
bool fastpath_reply_recv(struct tcb *t);
