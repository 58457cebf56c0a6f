/* The IPC fastpath: Call and ReplyRecv in their common case, straight from one thread to
 * the other, without the general invocation, transfer and scheduling code. */
#pragma once

#include <object/tcb.h>

/* Entries from the EL0 synchronous vector for an `svc` with x7 = Call / ReplyRecv (registers
 * saved in ks_cur_thread): the fastpath switches straight to the partner thread when it
 * can; otherwise nothing has changed and the general entry (the slowpath) runs. */
NORETURN void c_fastpath_call(void);
NORETURN void c_fastpath_reply_recv(void);
