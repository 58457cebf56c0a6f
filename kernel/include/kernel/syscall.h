/* System call entry: decode the number in x7 and run the call for the current thread. */
#pragma once

#include <object/tcb.h>

/* Handle `svc #0` from thread t (registers saved in t->ctx, ELR past the svc). Never fails:
 * a bad or unknown call becomes an error or a fault of t. */
void handle_syscall(struct tcb *t);
