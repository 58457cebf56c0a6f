/*
 * The clock: a thread of the root task, above every task, that owns the root task's timer
 * (rt_wait_until: the exported physical timer) and signals notifications when their time
 * comes: sleeping tasks (rt_sleep_ms), the root task's second (telemetry) and its restarts.
 * Sleep requests arrive on the clock endpoint; it polls for them at least every POLL_MS.
 */
#include "system.h"
#include <rt/runtime.h>
#include <rt/string.h>
#include <rt/time.h>

#define CLOCK_PRIO 254
#define POLL_MS 10

static struct {
    volatile uint64_t deadline; /* counter value; 0 = not armed */
    seL4_CPtr ntfn;
} sleepers[SYS_MAX_TASKS];
static volatile uint64_t wake_root_at; /* set and cleared by the root task only */
static seL4_CPtr tick_cap, wake_cap;
static seL4_IPCBuffer clock_ipc __attribute__((aligned(4096)));
static uint8_t clock_stack[8192] __attribute__((aligned(16)));

void clock_wake_root_at(uint64_t deadline) { wake_root_at = deadline; }

static void clock_thread(void)
{
    uint64_t freq = rt_counter_freq(), next_tick = rt_counter() + freq;
    for (;;) {
        seL4_Word badge;
        /* Sleep requests: badge = task index + 1, MR0 = deadline. */
        while (seL4_NBRecv(sys.clock_ep, &badge), badge != 0) {
            if (badge <= sys.n) {
                sleepers[badge - 1].ntfn = sys.t[badge - 1].sleep_ntfn;
                sleepers[badge - 1].deadline = seL4_GetMR(0);
            }
        }
        uint64_t now = rt_counter();
        for (unsigned i = 0; i < SYS_MAX_TASKS; i++) {
            if (sleepers[i].deadline && now >= sleepers[i].deadline) {
                sleepers[i].deadline = 0;
                seL4_Signal(sleepers[i].ntfn);
            }
        }
        if (now >= next_tick) {
            next_tick += freq;
            if (next_tick <= now)
                next_tick = now + freq; /* starved for more than a second: do not signal a burst */
            seL4_Signal(tick_cap);
        }
        if (wake_root_at && now >= wake_root_at)
            seL4_Signal(wake_cap);
        uint64_t next = now + POLL_MS * freq / 1000;
        if (next_tick < next)
            next = next_tick;
        for (unsigned i = 0; i < SYS_MAX_TASKS; i++)
            if (sleepers[i].deadline && sleepers[i].deadline < next)
                next = sleepers[i].deadline;
        rt_wait_until(next);
    }
}

int clock_start(struct rt_alloc *a, seL4_CPtr tick_ntfn, seL4_CPtr wake_ntfn)
{
    seL4_CPtr tcb;
    tick_cap = tick_ntfn;
    wake_cap = wake_ntfn;
    if (rt_object_alloc(a, seL4_TCBObject, 0, &tcb) != seL4_NoError)
        return -1;
    seL4_CPtr frame = rt_image_frame_cap(&clock_ipc);
    if (seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)&clock_ipc,
                           frame) != seL4_NoError ||
        seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, CLOCK_PRIO) != seL4_NoError)
        return -1;
    seL4_DebugNameThread(tcb, "clock");
    memset(&clock_ipc, 0, sizeof(clock_ipc));
    return rt_tcb_start(tcb, (seL4_Word)clock_thread, (seL4_Word)&clock_stack[sizeof(clock_stack)], 0,
                        (seL4_Word)&clock_ipc) == seL4_NoError
               ? 0
               : -1;
}
