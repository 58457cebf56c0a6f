/* Scheduler: 256 priority ready queues with a bitmap, round-robin time slices, idle thread. */
#include <arch/fpu.h>
#include <arch/mmu.h>
#include <kernel/config.h>
#include <kernel/panic.h>
#include <kernel/print.h>
#include <kernel/sched.h>
#include <object/irq.h>

#define NUM_PRIOS 256

/* All scheduler state is owned by the boot CPU and touched only with interrupts masked. */
struct tcb *ks_cur_thread;
static struct tcb idle_tcb;
static struct tcb *queue_head[NUM_PRIOS], *queue_tail[NUM_PRIOS];
static uint64_t ready_bitmap[NUM_PRIOS / 64];
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
    t->sched_prev = queue_tail[p];
    if (queue_tail[p])
        queue_tail[p]->sched_next = t;
    else
        queue_head[p] = t;
    queue_tail[p] = t;
    ready_bitmap[p / 64] |= BIT(p % 64);
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
        queue_head[p] = t->sched_next;
    if (t->sched_next)
        t->sched_next->sched_prev = t->sched_prev;
    else
        queue_tail[p] = t->sched_prev;
    if (!queue_head[p])
        ready_bitmap[p / 64] &= ~BIT(p % 64);
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
        if (ready_bitmap[w]) {
            unsigned p = (unsigned)w * 64 + 63 - (unsigned)__builtin_clzll(ready_bitmap[w]);
            return queue_head[p];
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
        uint64_t bits = ready_bitmap[w];
        if (w == cur_word)
            bits &= ~BIT(cur->priority % 64);
        if (w == prio / 64)
            return (bits >> (prio % 64)) == 0;
        if (bits)
            return false;
    }
}

/* No ready thread has a priority above p. */
static inline bool none_above(unsigned p)
{
    if ((ready_bitmap[p / 64] >> (p % 64)) >> 1)
        return false;
    for (unsigned w = p / 64 + 1; w < NUM_PRIOS / 64; w++)
        if (ready_bitmap[w])
            return false;
    return true;
}

bool sched_handoff(struct tcb *from, struct tcb *to)
{
    unsigned p = to->priority;
    if (from->priority == p && alone_in_queue(from) && !to->queued && none_above(p)) {
        /* the common case: to takes from's place as the only ready thread of its priority */
        queue_head[p] = queue_tail[p] = to;
        to->sched_next = to->sched_prev = 0;
        to->queued = true;
        from->queued = false;
    } else {
        if (!others_below(from, p))
            return false;
        sched_dequeue(from);
        sched_enqueue(to);
    }
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

static inline __attribute__((always_inline)) NORETURN void enter(struct tcb *t, bool switch_vspace)
{
    /* A thread never configured with a VSpace runs on the empty table (and faults), never
     * in the address space of whoever ran before. */
    if (t != &idle_tcb) {
        if (switch_vspace)
            vspace_activate(t->has_vspace ? &t->vspace : 0);
        fpu_prepare(t);
    }
    arch_restore_context(&t->ctx);
}

NORETURN void activate_current(void) { enter(ks_cur_thread, true); }

NORETURN void activate_switched_from(const struct tcb *prev)
{
    /* prev's address space is the active one, checked when prev was entered, and nothing
     * changed since (the fastpath changes no address space): the same one needs no switch */
    const struct tcb *t = ks_cur_thread;
    enter(ks_cur_thread, !(t->has_vspace && prev->has_vspace && t->vspace.root == prev->vspace.root &&
                           t->vspace.asid == prev->vspace.asid));
}

void sched_dump(void)
{
    kprintf("scheduler: current=%s\n", ks_cur_thread->name);
    for (const struct tcb *t = all_threads; t; t = t->all_next) {
        kprintf("scheduler: thread name=%s state=%s prio=%u queued=%u pc=0x%lx\n", t->name,
                thread_state_name(t->state), t->priority, t->queued, t->ctx.elr);
    }
}
