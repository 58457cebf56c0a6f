/* Kernel test cases RETYPE: large frames are cleared preemptibly and come out zero. */
#include "ktest_vspace.h"
#include <rt/time.h>

#define CLEAR_VA ROOT_VA(16) /* a 2 MiB region of its own: frames go in at level 2 */
#define LARGE_FRAMES 2
#define LARGE_SIZE (1ul << seL4_LargePageBits)
#define WATCHER_STACK 4096

static uint8_t watcher_stack[WATCHER_STACK] __attribute__((aligned(16)));
static seL4_IPCBuffer watcher_buffer __attribute__((aligned(1024)));
static volatile seL4_Word woke;         /* the timer's interrupt woke the watcher */
static volatile seL4_Word seen_first;   /* the tag in the Retype's first destination slot then */
static volatile seL4_Word seen_calls;   /* the root task's system calls then (telemetry) */
static volatile seL4_Word watched_slot;

static void retype_watcher(seL4_Word ntfn)
{
    for (;;) {
        seL4_Wait(ntfn);
        seen_first = seL4_DebugCapIdentify(watched_slot);
        atoll_telemetry_read_thread(seL4_CapDomain, seL4_CapInitThreadTCB);
        seen_calls = seL4_GetMR(0);
        woke = 1;
    }
}

/* The root task's system calls so far, this one included. */
static seL4_Word calls_so_far(void)
{
    atoll_telemetry_read_thread(seL4_CapDomain, seL4_CapInitThreadTCB);
    return seL4_GetMR(0);
}

/* Writes a pattern every 64 KiB (and at the end) of each 2 MiB frame, mapped in turn. */
static int dirty(seL4_CPtr first, seL4_Word value)
{
    for (unsigned i = 0; i < LARGE_FRAMES; i++) {
        if (map_frame(seL4_CapInitThreadVSpace, first + i, CLEAR_VA, RW, ATTR) != seL4_NoError)
            return 0;
        for (seL4_Word off = 0; off < LARGE_SIZE; off += 0x10000)
            *(volatile seL4_Word *)(CLEAR_VA + off) = value;
        *(volatile seL4_Word *)(CLEAR_VA + LARGE_SIZE - 8) = value;
        if (seL4_ARM_Page_Unmap(first + i) != seL4_NoError)
            return 0;
    }
    return 1;
}

/* How many of the words dirty() writes are not zero. */
static unsigned nonzero(seL4_CPtr first)
{
    unsigned n = 0;
    for (unsigned i = 0; i < LARGE_FRAMES; i++) {
        if (map_frame(seL4_CapInitThreadVSpace, first + i, CLEAR_VA, RW, ATTR) != seL4_NoError)
            return ~0u;
        for (seL4_Word off = 0; off < LARGE_SIZE; off += 0x10000)
            n += *(volatile seL4_Word *)(CLEAR_VA + off) != 0;
        n += *(volatile seL4_Word *)(CLEAR_VA + LARGE_SIZE - 8) != 0;
        if (seL4_ARM_Page_Unmap(first + i) != seL4_NoError)
            return ~0u;
    }
    return n;
}

/* seL4 clears memory preemptibly; so do we: a Retype of two 2 MiB frames on memory that held
 * data is interrupted by the timer (a higher-priority thread it wakes runs after the root
 * task entered the Retype, by its system call count, while the first destination slot is
 * still empty), runs again from its svc, and gives frames that read zero everywhere. The
 * timer's delay adapts as in CNODEOP0028: it may fire before the Retype starts (later) or
 * after it ends (sooner). */
int retype_clear_preempted(void)
{
    seL4_CPtr ut = make_from(big_untyped, seL4_UntypedObject, seL4_LargePageBits + 1), h = alloc_slot(), n = make(seL4_NotificationObject, 0);
    CHECK(ut && n, "setup failed");
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, RT_TIMER_INTID, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQHandler_SetNotification(h, n), seL4_NoError);
    seL4_CPtr w = start_thread_in(make(seL4_TCBObject, 0), &watcher_stack[WATCHER_STACK], &watcher_buffer,
                                  retype_watcher, n, 254, 0);
    CHECK(w, "no watcher");
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 200), seL4_NoError);
    uint64_t took = 0, delay = 1000;
    int attempt, preempted = 0;
    unsigned dirty_words = 0;
    for (attempt = 0; attempt < 24 && !preempted && !dirty_words; attempt++) {
        seL4_CPtr first = alloc_slot();
        for (unsigned i = 1; i < LARGE_FRAMES; i++)
            alloc_slot();
        CHECK_ERR(seL4_Untyped_Retype(ut, seL4_ARM_LargePageObject, 0, ROOT, 0, 0, first, LARGE_FRAMES),
                  seL4_NoError);
        CHECK(dirty(first, 0xa5a5a5a5a5a5a5a5ul + (seL4_Word)attempt), "attempt %d: could not write", attempt);
        CHECK_ERR(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
        first = alloc_slot();
        for (unsigned i = 1; i < LARGE_FRAMES; i++)
            alloc_slot();
        watched_slot = first;
        woke = 0;
        seL4_Word calls = calls_so_far();
        uint64_t start = rt_counter();
        rt_timer_arm(delay);
        CHECK_ERR(seL4_Untyped_Retype(ut, seL4_ARM_LargePageObject, 0, ROOT, 0, 0, first, LARGE_FRAMES),
                  seL4_NoError);
        took = rt_counter() - start;
        rt_timer_stop();
        CHECK_ERR(seL4_IRQHandler_Ack(h), seL4_NoError);
        dirty_words = nonzero(first);
        preempted = woke && seen_calls > calls && seen_first == 0;
        if (woke && seen_calls == calls)
            delay *= 2; /* it fired before the Retype began */
        else if (!preempted)
            delay = took / 4 < delay ? took / 4 : delay / 2;
        delay = delay ? delay : 1;
        CHECK_ERR(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    }
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, w, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, h, DEPTH), seL4_NoError);
    CHECK(dirty_words == 0, "attempt %d: %u written words survived the Retype", attempt, dirty_words);
    CHECK(preempted, "no Retype was preempted in %d tries (last took %lu ticks)", attempt, took);
    return 1;
}
