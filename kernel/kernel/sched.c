/* Scheduler: 256 priority ready queues with a bitmap, round-robin time slices, idle thread. */
#include <arch/fpu.h>
#include <arch/mmu.h>
#include <kernel/config.h>
#include <kernel/panic.h>
#include <kernel/print.h>
#include <kernel/sched.h>
#include <object/irq.h>

/* All scheduler state is owned by the boot CPU and touched only with interrupts masked. */
struct tcb *ks_cur_thread;
static struct tcb idle_tcb;
struct ready_queues ks_ready;
static struct tcb *all_threads, *all_threads_tail; /* in order of creation */
static bool idle_announced;

void sched_init(void)
{
    tcb_init_idle(&idle_tcb);
    ks_cur_thread = &idle_tcb;
}

void sched_register(struct tcb *t)
{
    t->all_next = 0;
    t->all_prev = all_threads_tail;
    if (all_threads_tail)
        all_threads_tail->all_next = t;
    else
        all_threads = t;
    all_threads_tail = t;
}

void sched_unregister(struct tcb *t)
{
    if (t->all_prev)
        t->all_prev->all_next = t->all_next;
    else if (all_threads == t)
        all_threads = t->all_next;
    else
        return; /* not registered */
    if (t->all_next)
        t->all_next->all_prev = t->all_prev;
    else
        all_threads_tail = t->all_prev;
    t->all_next = t->all_prev = 0;
}

struct tcb *sched_threads(void) { return all_threads; }

void sched_enqueue(struct tcb *t)
{
    kassert(t != &idle_tcb);
    if (t->queued)
        return;
    unsigned p = t->priority;
    t->sched_next = 0;
    t->sched_prev = ks_ready.tail[p];
    if (ks_ready.tail[p])
        ks_ready.tail[p]->sched_next = t;
    else
        ks_ready.head[p] = t;
    ks_ready.tail[p] = t;
    ks_ready.bitmap[p / 64] |= BIT(p % 64);
    t->queued = true;
}

void sched_dequeue(struct tcb *t)
{
    if (!t->queued)
        return;
    unsigned p = t->priority;
    if (t->sched_prev)
        t->sched_prev->sched_next = t->sched_next;
    else
        ks_ready.head[p] = t->sched_next;
    if (t->sched_next)
        t->sched_next->sched_prev = t->sched_prev;
    else
        ks_ready.tail[p] = t->sched_prev;
    if (!ks_ready.head[p])
        ks_ready.bitmap[p / 64] &= ~BIT(p % 64);
    t->queued = false;
    t->sched_next = t->sched_prev = 0;
}

void sched_rotate(struct tcb *t)
{
    if (!t->queued)
        return;
    sched_dequeue(t);
    sched_enqueue(t);
}

void sched_tick(void)
{
    struct tcb *t = ks_cur_thread;
    if (t == &idle_tcb)
        return;
    t->stats.ticks++;
    if (t->time_slice > 1) {
        t->time_slice--;
        return;
    }
    t->time_slice = TIME_SLICE_TICKS;
    sched_rotate(t);
}

static struct tcb *highest_ready(void)
{
    for (int w = NUM_PRIOS / 64 - 1; w >= 0; w--) {
        if (ks_ready.bitmap[w]) {
            unsigned p = (unsigned)w * 64 + 63 - (unsigned)__builtin_clzll(ks_ready.bitmap[w]);
            return ks_ready.head[p];
        }
    }
    return 0;
}

/* cur is the only thread on its priority's queue. */
static inline bool alone_in_queue(const struct tcb *t) { return t->queued && !t->sched_prev && !t->sched_next; }

/* Whether every ready thread but cur has a priority below prio. cur counts only if it
 * shares its queue: alone there, it is about to leave it. */
static bool others_below(const struct tcb *cur, unsigned prio)
{
    unsigned cur_word = alone_in_queue(cur) ? cur->priority / 64 : NUM_PRIOS;
    for (unsigned w = NUM_PRIOS / 64 - 1;; w--) {
        uint64_t bits = ks_ready.bitmap[w];
        if (w == cur_word)
            bits &= ~BIT(cur->priority % 64);
        if (w == prio / 64)
            return (bits >> (prio % 64)) == 0;
        if (bits)
            return false;
    }
}

bool sched_handoff(struct tcb *from, struct tcb *to)
{
    if (!others_below(from, to->priority))
        return false;
    sched_dequeue(from);
    sched_enqueue(to);
    ks_cur_thread = to;
    return true;
}

void schedule(void)
{
    struct tcb *next = highest_ready();
    if (!next) {
        /* Announce it only when nothing can run again short of an outside event: not
         * while a thread merely sleeps on an interrupt's notification (a timer). */
        if (!idle_announced && !irq_may_wake_a_thread()) {
            kprintf("kernel: no runnable task, idle\n");
            idle_announced = true;
        }
        ks_cur_thread = &idle_tcb;
        return;
    }
    idle_announced = false;
    ks_cur_thread = next;
}

NORETURN void activate_current(void)
{
    /* A thread never configured with a VSpace runs on the empty table (and faults), never
     * in the address space of whoever ran before. */
    struct tcb *t = ks_cur_thread;
    if (t != &idle_tcb) {
        if (t->has_vspace)
            vspace_enter(&t->vspace);
        else if (vspace_active)
            vspace_activate(0);
        fpu_prepare(t);
    }
    arch_restore_context(&t->ctx);
}

void sched_dump(void)
{
    kprintf("scheduler: current=%s\n", ks_cur_thread->name);
    for (const struct tcb *t = all_threads; t; t = t->all_next) {
        kprintf("scheduler: thread name=%s state=%s prio=%u queued=%u pc=0x%lx\n", t->name,
                thread_state_name(t->state), t->priority, t->queued, t->ctx.elr);
    }
}
