/* Scheduler: priority ready queues (round-robin within a priority), the current thread, idle. */
#pragma once

#include <object/tcb.h>

/* The thread whose registers the next kernel entry saves (boot CPU only). */
extern struct tcb *ks_cur_thread;

void sched_init(void);
/* Make t runnable (append to its priority's queue) / not runnable. */
void sched_enqueue(struct tcb *t);
void sched_dequeue(struct tcb *t);
/* Move t to the back of its queue (yield, end of time slice). */
void sched_rotate(struct tcb *t);
/* Account one timer tick to the current thread. */
void sched_tick(void);
/* The fastpath's switch: from is blocking; if every other ready thread has a priority below
 * to's (so schedule() would pick to once to is ready), from leaves the ready queues, to joins
 * them and becomes ks_cur_thread; else nothing changes and the answer is false. */
bool sched_handoff(struct tcb *from, struct tcb *to);
/* Pick the thread to run next: highest priority runnable, else idle. */
void schedule(void);
/* Switch to ks_cur_thread's address space and return to it. */
NORETURN void activate_current(void);
/* The same right after the fastpath switched from prev (whose address space is active). */
NORETURN void activate_switched_from(const struct tcb *prev);
/* Every live thread: registered when made, unregistered when finalised (DebugDumpScheduler,
 * tcb_forget_vspace). sched_threads is the first; follow all_next. */
void sched_register(struct tcb *t);
void sched_unregister(struct tcb *t);
struct tcb *sched_threads(void);
void sched_dump(void);
