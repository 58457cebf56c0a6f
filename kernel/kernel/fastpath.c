/*
 * IPC fastpath for Call and ReplyRecv, under seL4's conditions: no extra caps, a message
 * that fits the four message registers, no fault being replied to, a partner that is
 * already waiting (a receiver for Call, a caller BlockedOnReply for ReplyRecv) with an
 * address space, and that the scheduler would pick next anyway: every other ready thread
 * has a lower priority. Anything else takes the slowpath, which gives the same result;
 * these functions change nothing until they know they will finish.
 */
#include <arch/context.h>
#include <arch/fpu.h>
#include <arch/machine.h>
#include <arch/mmu.h>
#include <atoll/invocation.h>
#include <atoll/messageinfo.h>
#include <kernel/fastpath.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>
#include <object/cnode.h>
#include <object/endpoint.h>

#define MR_REG_FIRST 2 /* MR0-3 in x2-x5 */

/* The message info in x1 if the fastpath can carry it (no caps, at most four MRs), else 0. */
static inline bool fast_info(const struct tcb *t, seL4_MessageInfo_t *info)
{
    info->words[0] = t->ctx.x[1];
    return seL4_MessageInfo_get_extraCaps(*info) == 0 &&
           seL4_MessageInfo_get_length(*info) <= seL4_FastMessageRegisters &&
           !(t->flags & seL4_TCBFlag_atollForeignABI);
}

/* The endpoint named by x0 if it is an endpoint cap with all of `rights`, else 0. The
 * lookup is the one-level case (cspace_one_level); deeper CSpaces take the slowpath. */
static inline __attribute__((always_inline)) struct endpoint *fast_endpoint(const struct tcb *t, word_t rights, struct cap *cap)
{
    struct cte *slot;
    if (!cspace_one_level(t->cspace_root, t->ctx.x[0], &slot) || cap_get_type(slot->cap) != cap_endpoint || (cap_rights(slot->cap) & rights) != rights)
        return 0;
    *cap = slot->cap;
    return paddr_to_kva(cap_get_ptr(slot->cap));
}

/* Message registers and info from `from` to `to` (badge in x0), and the counters. */
static inline void fast_transfer(struct tcb *from, struct tcb *to, seL4_MessageInfo_t info, word_t badge)
{
    word_t length = seL4_MessageInfo_get_length(info);
    for (word_t i = 0; i < length; i++)
        to->ctx.x[MR_REG_FIRST + i] = from->ctx.x[MR_REG_FIRST + i];
    to->ctx.x[0] = badge;
    to->ctx.x[1] = seL4_MessageInfo_new(seL4_MessageInfo_get_label(info), 0, 0, length).words[0];
    from->stats.syscalls++;
    from->stats.sent++;
    to->stats.received++;
}

/* to runs again (sched_handoff_fast has made it the current thread): its address space,
 * its FP/SIMD access, and the context vectors.S restores. */
static inline struct arch_context *fast_enter(struct tcb *to)
{
    to->state = ThreadState_Running;
    to->blocking_object = 0;
    vspace_enter(&to->vspace);
    fpu_prepare(to);
    return &to->ctx;
}

struct arch_context *c_fastpath_call(void)
{
    struct tcb *t = ks_cur_thread;
    seL4_MessageInfo_t info;
    struct cap cap;
    struct endpoint *ep;
    if (!fast_info(t, &info) || !(ep = fast_endpoint(t, CAP_RIGHT_WRITE, &cap)))
        return 0;
    word_t rights = cap_rights(cap);
    struct tcb *dest = tcb_queue_head(&ep->queue);
    /* a Call through a cap without Grant or GrantReply leaves no reply cap: slowpath */
    if (!(rights & (CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY)) || !dest ||
        dest->state != ThreadState_BlockedOnReceive || !dest->has_vspace || !sched_handoff_fast(t, dest))
        return 0; /* sched_handoff_fast is the last check: it switches when it says yes */

    tcb_queue_remove(&ep->queue, dest);
    fast_transfer(t, dest, info, cap_badge(cap));
    ep->messages++;
    t->state = ThreadState_BlockedOnReply;
    t->reply_can_grant = rights & CAP_RIGHT_GRANT;
    ipc_drop_reply_cap(dest);
    dest->caller = t;
    t->reply_holder = dest;
    return fast_enter(dest);
}

struct arch_context *c_fastpath_reply_recv(void)
{
    struct tcb *t = ks_cur_thread;
    seL4_MessageInfo_t info;
    struct cap cap;
    struct endpoint *ep;
    struct tcb *caller = t->caller;
    if (!fast_info(t, &info) || !caller || caller->state != ThreadState_BlockedOnReply ||
        caller->fault.type != seL4_Fault_NullFault || !caller->has_vspace ||
        !(ep = fast_endpoint(t, CAP_RIGHT_READ, &cap)))
        return 0;
    /* a queued sender or a pending bound signal is received at once: slowpath */
    if ((ep->queue.head && tcb_queue_head(&ep->queue)->state == ThreadState_BlockedOnSend) ||
        (t->bound_ntfn && t->bound_ntfn->active) || !sched_handoff_fast(t, caller))
        return 0; /* sched_handoff_fast is the last check: it switches when it says yes */

    ipc_drop_reply_cap(t);
    fast_transfer(t, caller, info, 0);
    t->state = ThreadState_BlockedOnReceive;
    t->blocking_object = ep;
    tcb_queue_append(&ep->queue, t);
    return fast_enter(caller);
}
