/* Kernel test cases: HOSTILE (random calls beside a checksum), SYSCALL, TELEMETRY. */
#include "ktest.h"

/* ---- HOSTILE ---- */
/*
 * A hostile thread makes random system calls and invocations (random cptrs, labels,
 * lengths, extra caps, message registers) on its own small CSpace, while a second thread
 * computes a checksum. We supervise: a fault (sent to an endpoint we drain) or a stall
 * (blocked in a receive) gets the hostile thread restarted. The kernel must not panic and
 * the checksum must come out right.
 */
#define HOSTILE_FAULT_EP 7
static volatile uint64_t hostile_calls;
static volatile uint64_t checksum_rounds, checksum_value;
static uint8_t checksum_data[512]; /* one round: a few thousand instructions */

static uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static uint64_t checksum_once(uint64_t acc)
{
    for (unsigned i = 0; i < sizeof(checksum_data); i++)
        acc = (acc ^ checksum_data[i]) * 0x100000001b3ull;
    return acc;
}

/* Computes rounds of the checksum until told to stop, publishing each result; it runs the
 * whole time the hostile thread does, at the same priority, yielding after each round (so a
 * Yield of the hostile thread costs one round, not a timeslice). */
static volatile int checksum_stop, checksum_parked;
static void checksum_thread(seL4_Word park)
{
    uint64_t acc = 0xcbf29ce484222325ull;
    while (!checksum_stop) {
        acc = checksum_once(acc);
        checksum_value = acc;
        checksum_rounds++;
        seL4_Yield();
    }
    checksum_parked = 1;
    seL4_Wait(park);
}

/* Answers whatever arrives on the hostile thread's endpoint (its slot 1), so that its Calls
 * there meet a waiting receiver of higher priority: the IPC fastpath under random input. */
static volatile uint64_t partner_replies;
static void ipc_partner(seL4_Word ep)
{
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    for (;;) {
        partner_replies++;
        seL4_ReplyRecv(ep, seL4_MessageInfo_new(partner_replies & 0xff, 0, 0, partner_replies & 3), &badge);
    }
}

static seL4_Word random_cptr(uint64_t *s)
{
    uint64_t r = xorshift(s);
    seL4_Word c = (r & 7) == 0 ? xorshift(s) : (r >> 3) & 15;
    return c == HOSTILE_FAULT_EP ? c + 1 : c;
}

static void hostile_thread(seL4_Word seed)
{
    static const seL4_Word syscalls[] = {(seL4_Word)seL4_SysCall,   (seL4_Word)seL4_SysReplyRecv,
                                         (seL4_Word)seL4_SysSend,   (seL4_Word)seL4_SysNBSend,
                                         (seL4_Word)seL4_SysRecv,   (seL4_Word)seL4_SysReply,
                                         (seL4_Word)seL4_SysYield,  (seL4_Word)seL4_SysNBRecv,
                                         (seL4_Word)seL4_SysCall,   (seL4_Word)seL4_SysCall,
                                         (seL4_Word)seL4_SysNBSend, (seL4_Word)seL4_SysDebugNameThread};
    uint64_t s = seed | 1;
    seL4_IPCBuffer *b = rt_ipc_buffer();
    for (;;) {
        uint64_t r = xorshift(&s);
        seL4_Word number = syscalls[r % (sizeof(syscalls) / sizeof(syscalls[0]))];
        if ((r >> 8) % 4096 == 0)
            number = (seL4_Word)-12 - ((r >> 20) & 1); /* an unknown/unimplemented number */
        seL4_Word label = (r >> 24) % 64, length = (r >> 32) & 127, extra = (r >> 40) & 3;
        for (unsigned i = 0; i < 12; i++)
            b->msg[i] = (xorshift(&s) & 1) ? xorshift(&s) : random_cptr(&s) + (i == 1 || i == 3 ? 60 : 0);
        for (unsigned i = 0; i < 3; i++)
            b->caps_or_badges[i] = random_cptr(&s);
        hostile_calls++;
        rt_syscall(number, random_cptr(&s), seL4_MessageInfo_new(label, 0, extra, length), 0);
    }
}

int hostile_random_calls(void)
{
    /* its CSpace: 1 endpoint, 2 notification, 3 untyped 2^16, 4 the CNode, 5 a TCB,
     * 6 its IPC buffer frame, 7 its fault endpoint (badged 0xbad) */
    seL4_CPtr cn = make(seL4_CapTableObject, 4), fault_ep = make(seL4_EndpointObject, 0);
    seL4_CPtr ut = make_untyped(16);
    CHECK(cn && fault_ep && ut, "setup retype failed");
    seL4_Word guard = 60; /* seL4_CNode_CapData: guard size 60 (bits 5..0), guard 0: cptr N = slot N */
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, cn, DEPTH, 1, 1), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_NotificationObject, 0, ROOT, cn, DEPTH, 2, 1), seL4_NoError);
    CHECK_ERR(seL4_CNode_Move(cn, 3, 4, ROOT, ut, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_TCBObject, 0, ROOT, cn, DEPTH, 5, 1), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(cn, 4, 4, ROOT, cn, DEPTH, seL4_AllRights, guard), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(cn, 6, 4, ROOT, frame_cap_of(&child_buffers[3]), DEPTH, seL4_AllRights),
              seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(cn, HOSTILE_FAULT_EP, 4, ROOT, fault_ep, DEPTH, seL4_AllRights, 0xbad),
              seL4_NoError);

    seL4_CPtr hostile = make(seL4_TCBObject, 0);
    seL4_IPCBuffer *buf = &child_buffers[3];
    CHECK(hostile, "no TCB");
    CHECK_ERR(seL4_TCB_Configure(hostile, HOSTILE_FAULT_EP, cn, guard, seL4_CapInitThreadVSpace, 0, (seL4_Word)buf,
                                 frame_cap_of(buf)),
              seL4_NoError);
    CHECK_ERR(seL4_TCB_SetPriority(hostile, seL4_CapInitThreadTCB, 100), seL4_NoError);
    seL4_CPtr partner_ep = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, partner_ep, DEPTH, cn, 1, 4, seL4_AllRights), seL4_NoError);
    seL4_CPtr partner = start_thread(2, ipc_partner, partner_ep, 101, 0);
    CHECK(partner, "no IPC partner");
    seL4_CPtr park = make(seL4_NotificationObject, 0);
    for (unsigned i = 0; i < sizeof(checksum_data); i++)
        checksum_data[i] = (uint8_t)(i * 7 + 3);
    seL4_CPtr summer = start_thread(4, checksum_thread, park, 100, 0);
    CHECK(park && summer, "no checksum thread");

    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100), seL4_NoError);
    uint64_t seed = 0x9e3779b97f4a7c15ull, last = 0, restarts = 0, faults = 0;
    unsigned stalls = 0;
    CHECK_ERR(rt_tcb_start(hostile, (seL4_Word)hostile_thread, (seL4_Word)&stacks[3][STACK_SIZE], seed,
                           (seL4_Word)buf),
              seL4_NoError);
    while (hostile_calls < hostile_calls_wanted) {
        seL4_Word badge = 0;
        seL4_NBRecv(fault_ep, &badge);
        int faulted = badge == 0xbad;
        faults += faulted;
        stalls = hostile_calls == last ? stalls + 1 : 0;
        last = hostile_calls;
        if ((faulted || stalls > 2) && hostile_calls < hostile_calls_wanted) {
            seL4_TCB_Suspend(hostile);
            /* give it back an endpoint cap in slot 1, whatever it did to that slot */
            seL4_CNode_Delete(cn, 1, 4);
            seL4_CNode_Copy(cn, 1, 4, ROOT, partner_ep, DEPTH, seL4_AllRights);
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            rt_tcb_start(hostile, (seL4_Word)hostile_thread, (seL4_Word)&stacks[3][STACK_SIZE], seed,
                         (seL4_Word)buf);
            restarts++;
            stalls = 0;
        }
        if (hostile_calls >= hostile_calls_wanted)
            seL4_TCB_Suspend(hostile);
        seL4_Yield();
    }
    seL4_TCB_Suspend(hostile);
    checksum_stop = 1;
    while (!checksum_parked)
        seL4_Yield();
    seL4_TCB_Suspend(summer);
    seL4_TCB_Suspend(partner);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    uint64_t want = 0xcbf29ce484222325ull;
    for (uint64_t r = 0; r < checksum_rounds; r++)
        want = checksum_once(want);
    CHECK(checksum_rounds >= 10, "the checksum thread ran only %lu rounds", (uint64_t)checksum_rounds);
    CHECK(checksum_value == want, "checksum 0x%lx after %lu rounds, expected 0x%lx", checksum_value,
          (uint64_t)checksum_rounds, want);
    char line[160];
    rt_snprintf(line, sizeof(line), "ktest: hostile: %lu calls, %lu faults, %lu restarts, %lu partner replies, %lu checksum rounds\n",
                (uint64_t)hostile_calls, faults, restarts, (uint64_t)partner_replies, (uint64_t)checksum_rounds);
    frame_log(line);
    return 1;
}

/* ---- SYSCALL ---- */
int syscall_nbsend_invalid_ignored(void)
{
    seL4_NBSend(0x1000, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(bi->empty.end - 1, seL4_MessageInfo_new(0, 0, 0, 0));
    return 1;
}

int syscall_reply_without_caller(void)
{
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    return 1;
}

int syscall_yield(void)
{
    for (int i = 0; i < 10; i++)
        seL4_Yield();
    return 1;
}

/* ---- TELEMETRY ---- */
int telemetry_thread_counters(void)
{
    CHECK_ERR(atoll_telemetry_read_thread(seL4_CapDomain, seL4_CapInitThreadTCB), seL4_NoError);
    seL4_Word calls = seL4_GetMR(0), sent = seL4_GetMR(1), received = seL4_GetMR(2);
    CHECK(calls > 1000 && sent >= 1000 && received >= 1000, "syscalls %lu sent %lu received %lu", calls, sent,
          received);
    CHECK_ERR(atoll_telemetry_read_thread(seL4_CapDomain, seL4_CapInitThreadTCB), seL4_NoError);
    CHECK(seL4_GetMR(0) == calls + 1, "syscalls %lu after %lu", seL4_GetMR(0), calls);
    CHECK_ERR(atoll_telemetry_read_thread(seL4_CapDomain, ROOT), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(rt_invoke(seL4_CapDomain, AtollTelemetryReadThread, 0, 0), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(seL4_CapDomain, 30, 0, 0), seL4_IllegalOperation);
    return 1;
}

int telemetry_untyped_use(void)
{
    seL4_CPtr ut = make_untyped(12);
    CHECK(ut, "no untyped");
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_NoError);
    CHECK_ERR(atoll_telemetry_read_untyped(seL4_CapDomain, ut), seL4_NoError);
    CHECK(seL4_GetMR(0) == 16 && seL4_GetMR(1) == 4096, "used %lu of %lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(atoll_telemetry_read_untyped(seL4_CapDomain, seL4_CapInitThreadTCB), seL4_InvalidCapability);
    return 1;
}
