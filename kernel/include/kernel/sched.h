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
/* The ready queues: one per priority, and a bitmap of the non-empty ones (sched.c owns
 * them; boot CPU only). The current thread stays on its queue while it runs. */
#define NUM_PRIOS 256
struct ready_queues {
    struct tcb *head[NUM_PRIOS], *tail[NUM_PRIOS];
    uint64_t bitmap[NUM_PRIOS / 64];
};
extern struct ready_queues ks_ready;

/* The fastpath's switch: from is blocking; if every other ready thread has a priority below
 * to's (so schedule() would pick to once to is ready), from leaves the ready queues, to joins
 * them and becomes ks_cur_thread; else nothing changes and the answer is false. */
bool sched_handoff(struct tcb *from, struct tcb *to);
/* The same, its common case inline: to has from's priority and from is alone on its queue.
 * from is ks_cur_thread, which schedule() took from the head of the highest non-empty queue
 * at the last kernel exit (the fastpath keeps that true), so no ready thread is above it and
 * it has no predecessor: to simply takes its place. */
static inline bool sched_handoff_fast(struct tcb *from, struct tcb *to)
{
    unsigned p = to->priority;
    if (p != from->priority || from->sched_next || to->queued)
        return sched_handoff(from, to);
    ks_ready.head[p] = ks_ready.tail[p] = to;
    to->sched_next = to->sched_prev = 0;
    to->queued = true;
    from->queued = false;
    ks_cur_thread = to;
    return true;
}
/* Pick the thread to run next: highest priority runnable, else idle. */
void schedule(void);
/* Switch to ks_cur_thread's address space and return to it. */
NORETURN void activate_current(void);
/* Every live thread: registered when made, unregistered when finalised (DebugDumpScheduler,
 * tcb_forget_vspace). sched_threads is the first; follow all_next. */
void sched_register(struct tcb *t);
void sched_unregister(struct tcb *t);
struct tcb *sched_threads(void);
void sched_dump(void);
