/* Kernel test cases: the IPC fastpath, per-endpoint counts, IRQ delivery (the exported
 * physical timer), SCHED. */
#include "ktest.h"
#include <rt/time.h>

#define IRQC seL4_CapIRQControl

/* Set our own priority (the root task's MCP is 255). */
static int set_my_prio(seL4_Word prio)
{
    return seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, prio) == seL4_NoError;
}

/* ---- IPC: fastpath (Call/ReplyRecv with at most 4 MRs, no caps) against the slowpath ---- */
/* Replies to every Call with label + 1 and each MR plus the badge it came with. */
static void echo_server(seL4_Word ep)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (;;) {
        seL4_Word n = seL4_MessageInfo_get_length(info);
        for (seL4_Word i = 0; i < n; i++)
            seL4_SetMR(i, seL4_GetMR(i) + badge);
        info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, n), &badge);
    }
}

/* Calls with 0..7 MRs (the fastpath carries up to 4) all come back the same way. */
static int echo_calls(seL4_CPtr badged, seL4_Word badge, unsigned max_len)
{
    for (unsigned len = 0; len <= max_len; len++) {
        for (unsigned i = 0; i < len; i++)
            seL4_SetMR(i, 100 + i);
        seL4_MessageInfo_t r = seL4_Call(badged, seL4_MessageInfo_new(7 + len, 0, 0, len));
        CHECK(seL4_MessageInfo_get_label(r) == 8 + len && seL4_MessageInfo_get_length(r) == len &&
                  seL4_MessageInfo_get_extraCaps(r) == 0,
              "len %u: label %lu length %lu", len, seL4_MessageInfo_get_label(r), seL4_MessageInfo_get_length(r));
        for (unsigned i = 0; i < len; i++)
            CHECK(seL4_GetMR(i) == 100 + i + badge, "len %u: MR%u = %lu", len, i, seL4_GetMR(i));
    }
    return 1;
}

int ipc_fastpath_same_results(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), badged = alloc_slot();
    CHECK_ERR(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 0x1000), seL4_NoError);
    seL4_CPtr t = start_thread(1, echo_server, ep, 255, 0); /* same priority as us */
    CHECK(t, "no thread");
    if (!echo_calls(badged, 0x1000, 7) || !echo_calls(badged, 0x1000, 7))
        return 0;
    /* the endpoint counted every Call (replies go through the reply cap, not the endpoint) */
    CHECK_ERR(atoll_telemetry_read_endpoint(seL4_CapDomain, ep), seL4_NoError);
    CHECK(seL4_GetMR(0) == 16, "endpoint count %lu, expected 16", seL4_GetMR(0));
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

/* A Call to a waiting server of lower priority than a third ready thread: the third thread
 * runs first (the fastpath must not switch straight to the server). */
static volatile seL4_Word middle_ran;
static void middle_thread(seL4_Word park)
{
    middle_ran = 1;
    seL4_Wait(park);
}

static void report_server(seL4_Word ep)
{
    seL4_Recv(ep, 0);
    for (;;) {
        seL4_SetMR(0, middle_ran);
        seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), 0);
    }
}

int ipc_fastpath_respects_priorities(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), park = make(seL4_NotificationObject, 0);
    seL4_CPtr server = start_thread(1, report_server, ep, 100, 0);
    CHECK(server, "no server");
    CHECK(set_my_prio(90), "lower"); /* the server runs into its Recv */
    CHECK(set_my_prio(255), "raise");
    seL4_CPtr middle = start_thread(2, middle_thread, park, 200, 0);
    CHECK(middle && !middle_ran, "the middle thread ran early");
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(seL4_GetMR(0) == 1, "the server (prio 100) ran before a ready thread of prio 200");
    CHECK_ERR(atoll_telemetry_read_endpoint(seL4_CapDomain, ep), seL4_NoError);
    CHECK(seL4_GetMR(0) == 1, "endpoint count %lu", seL4_GetMR(0));
    CHECK_ERR(atoll_telemetry_read_endpoint(seL4_CapDomain, park), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_TCB_Suspend(server), seL4_NoError);
    CHECK_ERR(seL4_TCB_Suspend(middle), seL4_NoError);
    return 1;
}

/* A signal through an unbadged cap makes the notification active with badge 0 (seL4's
 * Active state): the next Wait returns at once. A lower-priority thread signals with badge 2
 * only if we block, so a lost signal shows as badge 2 instead of a hang. */
static void late_signaller(seL4_Word badged)
{
    seL4_Signal(badged);
    seL4_Wait(badged);
}

int ipc_badge0_signal_kept(void)
{
    seL4_CPtr n = make(seL4_NotificationObject, 0), b2 = alloc_slot();
    CHECK_ERR(seL4_CNode_Mint(ROOT, b2, DEPTH, ROOT, n, DEPTH, seL4_AllRights, 2), seL4_NoError);
    seL4_CPtr t = start_thread(1, late_signaller, b2, 100, 0);
    CHECK(t, "no thread");
    seL4_Signal(n);
    CHECK(seL4_Wait(n) == 0, "the badge-0 signal was lost (woken by the later badge-2 one)");
    seL4_Signal(n);
    seL4_Signal(b2);
    CHECK(seL4_Poll(n) == 2, "badges 0 | 2 polled as something else");
    CHECK(seL4_Poll(n) == 0, "a poll did not take the signal");
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

/* ---- IRQ ---- */
/* IRQControl_Get -> SetNotification -> the physical timer's interrupt signals the
 * notification (with the cap's badge) -> Ack; the line stays masked until the Ack, and
 * Clear stops the signals. */
int irq_timer_delivery(void)
{
    seL4_CPtr h = alloc_slot(), n = make(seL4_NotificationObject, 0), nb = alloc_slot();
    uint64_t tick = rt_counter_freq() / 200; /* 5 ms */
    CHECK(n && tick, "setup");
    CHECK_ERR(seL4_CNode_Mint(ROOT, nb, DEPTH, ROOT, n, DEPTH, seL4_AllRights, 0x71), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(IRQC, RT_TIMER_INTID, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQHandler_SetNotification(h, nb), seL4_NoError);
    for (int round = 0; round < 3; round++) {
        uint64_t deadline = rt_counter() + tick;
        rt_timer_arm(tick);
        seL4_Word badge = seL4_Wait(n);
        uint64_t now = rt_counter();
        rt_timer_stop();
        CHECK(badge == 0x71, "round %d: badge 0x%lx", round, badge);
        CHECK(now >= deadline, "round %d: woken %lu ticks early", round, deadline - now);
        CHECK_ERR(seL4_IRQHandler_Ack(h), seL4_NoError);
    }
    /* Delivered and not yet acked: the line is masked, the next expiry stays pending. */
    rt_timer_arm(tick);
    CHECK(seL4_Wait(n) == 0x71, "no signal");
    rt_timer_arm(1);
    for (uint64_t end = rt_counter() + 4 * tick; rt_counter() < end;)
        seL4_Yield();
    CHECK(seL4_Poll(n) == 0, "signalled again before the Ack");
    CHECK_ERR(seL4_IRQHandler_Ack(h), seL4_NoError); /* the pending interrupt comes in at once */
    CHECK(seL4_Poll(n) == 0x71, "the interrupt pending at the Ack was not delivered");
    rt_timer_stop();
    CHECK_ERR(seL4_IRQHandler_Ack(h), seL4_NoError);
    /* Clear: no notification, the line is masked; the timer fires unheard. */
    CHECK_ERR(seL4_IRQHandler_Clear(h), seL4_NoError);
    rt_timer_arm(1);
    for (uint64_t end = rt_counter() + 4 * tick; rt_counter() < end;)
        seL4_Yield();
    rt_timer_stop();
    CHECK(seL4_Poll(n) == 0, "signalled after Clear");
    CHECK_ERR(seL4_CNode_Delete(ROOT, h, DEPTH), seL4_NoError); /* frees the line */
    return 1;
}

/* ---- SCHED ---- */
/* Two threads of one priority that never yield share the CPU on the timeslice: each sees
 * the other's counter move while it is itself in the middle of its loop. */
static volatile uint64_t rr_count[2], rr_seen[2];
static void rr_thread(seL4_Word arg)
{
    unsigned me = arg & 1, other = me ^ 1;
    seL4_CPtr park = arg >> 1;
    /* until both have seen the other move twice (a few timeslices), or 5 s without that */
    uint64_t end = rt_counter() + rt_counter_freq() * 5;
    uint64_t last = rr_count[other];
    while ((rr_seen[0] < 2 || rr_seen[1] < 2) && rt_counter() < end) {
        rr_count[me]++;
        if (rr_count[other] != last) {
            rr_seen[me]++;
            last = rr_count[other];
        }
    }
    seL4_Wait(park);
}

int sched_round_robin(void)
{
    seL4_CPtr park = make(seL4_NotificationObject, 0);
    seL4_CPtr a = start_thread(1, rr_thread, park << 1 | 0, 150, 0);
    seL4_CPtr b = start_thread(2, rr_thread, park << 1 | 1, 150, 0);
    CHECK(park && a && b, "setup");
    CHECK(rr_count[0] == 0 && rr_count[1] == 0, "a lower-priority thread ran");
    CHECK(set_my_prio(100), "lower"); /* we run again once both are parked */
    CHECK(set_my_prio(255), "raise");
    CHECK_ERR(seL4_TCB_Suspend(a), seL4_NoError);
    CHECK_ERR(seL4_TCB_Suspend(b), seL4_NoError);
    CHECK(rr_count[0] && rr_count[1], "counts %lu %lu", rr_count[0], rr_count[1]);
    CHECK(rr_seen[0] >= 2 && rr_seen[1] >= 2, "interleavings %lu %lu: no round robin", rr_seen[0], rr_seen[1]);
    return 1;
}

/* A runnable thread of higher priority than the current one runs at once: when it is
 * resumed, when it is raised, and when we lower ourselves below it. */
static volatile int pre_ran[3];
static void pre_thread(seL4_Word arg)
{
    pre_ran[arg & 3] = 1;
    seL4_Wait(arg >> 2);
}

int sched_priority_preemption(void)
{
    seL4_CPtr park = make(seL4_NotificationObject, 0);
    seL4_CPtr t0 = start_thread(1, pre_thread, park << 2 | 0, 200, 0);
    CHECK(t0 && !pre_ran[0], "a lower-priority thread ran");
    CHECK(set_my_prio(150), "lower");
    CHECK(pre_ran[0], "lowering ourselves below a runnable thread did not switch to it");
    seL4_CPtr t1 = start_thread(2, pre_thread, park << 2 | 1, 220, 0);
    CHECK(t1 && pre_ran[1], "a higher-priority thread did not run when resumed");
    seL4_CPtr t2 = start_thread(3, pre_thread, park << 2 | 2, 100, 0);
    CHECK(t2 && !pre_ran[2], "a lower-priority thread ran");
    CHECK_ERR(seL4_TCB_SetPriority(t2, seL4_CapInitThreadTCB, 151), seL4_NoError);
    CHECK(pre_ran[2], "a thread raised above us did not run at once");
    CHECK(set_my_prio(255), "raise");
    CHECK_ERR(seL4_TCB_Suspend(t0), seL4_NoError);
    CHECK_ERR(seL4_TCB_Suspend(t1), seL4_NoError);
    CHECK_ERR(seL4_TCB_Suspend(t2), seL4_NoError);
    return 1;
}

/* MCP: a thread may give priorities and MCPs only up to its authority's MCP. */
int sched_mcp_checks(void)
{
    seL4_CPtr auth = make(seL4_TCBObject, 0), t = make(seL4_TCBObject, 0);
    CHECK(auth && t, "setup");
    CHECK_ERR(seL4_TCB_SetMCPriority(auth, seL4_CapInitThreadTCB, 100), seL4_NoError);
    CHECK_ERR(seL4_TCB_SetPriority(t, auth, 101), seL4_RangeError);
    CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == 100, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_TCB_SetPriority(t, auth, 100), seL4_NoError);
    CHECK_ERR(seL4_TCB_SetMCPriority(t, auth, 101), seL4_RangeError);
    CHECK_ERR(seL4_TCB_SetMCPriority(t, auth, 100), seL4_NoError);
    CHECK_ERR(seL4_TCB_SetSchedParams(t, auth, 100, 101), seL4_RangeError);
    CHECK_ERR(seL4_TCB_SetSchedParams(t, auth, 101, 100), seL4_RangeError);
    CHECK_ERR(seL4_TCB_SetSchedParams(t, auth, 50, 60), seL4_NoError);
    CHECK_ERR(seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK_ERR(seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, 256), seL4_RangeError);
    CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == 255, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_TCB_SetMCPriority(t, seL4_CapInitThreadTCB, 0x1ff), seL4_RangeError);
    return 1;
}

/* Yield puts the caller at the back of its priority: two yielding threads alternate. */
static char yield_log[16];
static volatile unsigned yield_len;
static void yield_thread(seL4_Word arg)
{
    for (int i = 0; i < 5; i++) {
        yield_log[yield_len++] = (char)('A' + (arg & 1));
        seL4_Yield();
    }
    seL4_Wait(arg >> 1);
}

int sched_yield_alternates(void)
{
    seL4_CPtr park = make(seL4_NotificationObject, 0);
    seL4_CPtr a = start_thread(1, yield_thread, park << 1 | 0, 150, 0);
    seL4_CPtr b = start_thread(2, yield_thread, park << 1 | 1, 150, 0);
    CHECK(park && a && b, "setup");
    CHECK(set_my_prio(100), "lower");
    CHECK(set_my_prio(255), "raise");
    CHECK_ERR(seL4_TCB_Suspend(a), seL4_NoError);
    CHECK_ERR(seL4_TCB_Suspend(b), seL4_NoError);
    yield_log[yield_len] = 0;
    CHECK(yield_len == 10 && memcmp(yield_log, "ABABABABAB", 10) == 0, "order %s", yield_log);
    return 1;
}
