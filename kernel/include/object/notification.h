/* Notifications: a word of signal bits and a queue of waiting threads. */
#pragma once

#include <object/endpoint.h>

/* Signal: OR the badge in, or hand it straight to the first waiter. */
void notification_signal(struct notification *n, word_t badge);
/* Wait (blocking) or Poll: take the word if non-zero, else queue t or return 0 in x0. */
void notification_wait(struct notification *n, struct tcb *t, bool is_blocking);
void notification_cancel(struct notification *n, struct tcb *t);
/* The notification's last cap is going: waiters restart their Wait, the bound TCB is
 * unbound. */
void notification_finalise(struct notification *n);
