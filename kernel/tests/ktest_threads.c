/* Kernel test cases with threads: IPC, FAULT, TCB, IRQ, BIND, SCHED. */
#include "ktest.h"
#include <rt/time.h>

/* Echo server: replies label+1, each MR+1, and the badge it saw as one more MR. */
static void echo_server(seL4_Word ep)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (;;) {
        seL4_Word len = seL4_MessageInfo_get_length(info);
        for (unsigned i = 0; i < len; i++)
            seL4_SetMR(i, seL4_GetMR(i) + 1);
        seL4_SetMR((unsigned)len, badge);
        info = seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, len + 1);
        info = seL4_ReplyRecv(ep, info, &badge);
    }
}

static seL4_CPtr echo_ep, echo_badged;

int ipc_call_reply_recv(void)
{
    echo_ep = make(seL4_EndpointObject, 0);
    echo_badged = alloc_slot();
    CHECK(echo_ep, "no endpoint");
    CHECK_ERR(seL4_CNode_Mint(ROOT, echo_badged, DEPTH, ROOT, echo_ep, DEPTH, seL4_AllRights, 0x77), seL4_NoError);
    CHECK(start_thread(0, echo_server, echo_ep, 200, 0), "could not start the echo thread");
    for (unsigned i = 0; i < 6; i++)
        seL4_SetMR(i, 100 + i);
    seL4_MessageInfo_t r = seL4_Call(echo_badged, seL4_MessageInfo_new(5, 0, 0, 6));
    CHECK(seL4_MessageInfo_get_label(r) == 6 && seL4_MessageInfo_get_length(r) == 7, "reply label %lu length %lu",
          seL4_MessageInfo_get_label(r), seL4_MessageInfo_get_length(r));
    for (unsigned i = 0; i < 6; i++)
        CHECK(seL4_GetMR(i) == 101 + i, "MR%u = %lu", i, seL4_GetMR(i));
    CHECK(seL4_GetMR(6) == 0x77, "badge %lu", seL4_GetMR(6));
    return 1;
}

int ipc_many_round_trips(void)
{
    for (unsigned n = 0; n < 1000; n++) {
        seL4_SetMR(0, n);
        seL4_MessageInfo_t r = seL4_Call(echo_ep, seL4_MessageInfo_new(0, 0, 0, 1));
        CHECK(seL4_MessageInfo_get_label(r) == 1 && seL4_GetMR(0) == n + 1 && seL4_GetMR(1) == 0,
              "round trip %u: label %lu MR0 %lu badge %lu", n, seL4_MessageInfo_get_label(r), seL4_GetMR(0),
              seL4_GetMR(1));
    }
    return 1;
}

/* Cap server: receives into root slot cap_server_slot, replies extraCaps, capsUnwrapped and
 * caps_or_badges[0] of what it got. */
static volatile seL4_CPtr cap_server_slot;
static void cap_server(seL4_Word ep)
{
    seL4_IPCBuffer *b = rt_ipc_buffer();
    for (;;) {
        b->receiveCNode = ROOT;
        b->receiveIndex = cap_server_slot;
        b->receiveDepth = DEPTH;
        seL4_Word badge;
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
        seL4_SetMR(0, seL4_MessageInfo_get_extraCaps(info));
        seL4_SetMR(1, seL4_MessageInfo_get_capsUnwrapped(info));
        seL4_SetMR(2, b->caps_or_badges[0]);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
    }
}

int ipc_cap_transfer(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), ntfn = make(seL4_NotificationObject, 0);
    seL4_CPtr badged = alloc_slot(), no_grant = alloc_slot(), ntfn_badged = alloc_slot();
    CHECK(ep && ntfn, "retype failed");
    CHECK_ERR(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 0x55), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, no_grant, DEPTH, ROOT, ep, DEPTH, seL4_CanWrite | seL4_CanGrantReply, 0x66),
              seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, ntfn_badged, DEPTH, ROOT, ntfn, DEPTH, seL4_AllRights, 0x8), seL4_NoError);
    cap_server_slot = alloc_slot();
    CHECK(start_thread(1, cap_server, ep, 200, 0), "no server");

    /* a notification cap goes into the receive slot */
    seL4_SetCap(0, ntfn_badged);
    seL4_Call(badged, seL4_MessageInfo_new(0, 0, 1, 0));
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == 0, "extraCaps %lu unwrapped %lu", seL4_GetMR(0), seL4_GetMR(1));
    seL4_Signal(cap_server_slot);
    CHECK(seL4_Poll(ntfn) == 0x8, "the transferred cap does not signal our notification");

    /* an endpoint cap to the same endpoint is unwrapped: its badge arrives, no slot used */
    cap_server_slot = alloc_slot();
    seL4_SetCap(0, badged);
    seL4_Call(badged, seL4_MessageInfo_new(0, 0, 1, 0));
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == 1 && seL4_GetMR(2) == 0x55, "extraCaps %lu unwrapped %lu badge 0x%lx",
          seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));
    CHECK_ERR(seL4_CNode_Delete(ROOT, cap_server_slot, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, cap_server_slot, DEPTH, seL4_AllRights),
              seL4_FailedLookup);

    /* without Grant no cap goes along (GrantReply still gives a reply) */
    seL4_SetCap(0, ntfn_badged);
    seL4_Call(no_grant, seL4_MessageInfo_new(0, 0, 1, 0));
    CHECK(seL4_GetMR(0) == 0, "extraCaps %lu without Grant", seL4_GetMR(0));
    return 1;
}

int ipc_call_without_grant_stops(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), w = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, w, DEPTH, ROOT, ep, DEPTH, seL4_CanWrite), seL4_NoError);
    seL4_SetMR(0, 0);
    /* A Send through a Write-only cap to a waiting receiver works; nobody waits here, NBSend drops */
    seL4_NBSend(w, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Word badge = 1;
    seL4_NBRecv(ep, &badge);
    CHECK(badge == 0, "badge %lu", badge);
    return 1;
}

int ipc_nb_recv_empty(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    seL4_Word badge = 99;
    seL4_NBRecv(ep, &badge);
    CHECK(badge == 0, "badge %lu", badge);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 0)); /* nobody waiting: dropped */
    seL4_NBRecv(ep, &badge);
    CHECK(badge == 0, "badge %lu after a dropped NBSend", badge);
    return 1;
}

int ipc_notification(void)
{
    seL4_CPtr n = make(seL4_NotificationObject, 0), a = alloc_slot(), b = alloc_slot();
    CHECK_ERR(seL4_CNode_Mint(ROOT, a, DEPTH, ROOT, n, DEPTH, seL4_AllRights, 0x1), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, b, DEPTH, ROOT, n, DEPTH, seL4_AllRights, 0x4), seL4_NoError);
    CHECK(seL4_Poll(n) == 0, "word not 0 at start");
    seL4_Signal(a);
    seL4_Signal(b);
    seL4_Word w = seL4_Wait(n);
    CHECK(w == 0x5, "word 0x%lx", w);
    CHECK(seL4_Poll(n) == 0, "word not cleared");
    return 1;
}

int ipc_set_priority_mcp(void)
{
    seL4_CPtr t = make(seL4_TCBObject, 0);
    CHECK_ERR(seL4_TCB_SetPriority(t, t, 10), seL4_RangeError); /* a new TCB's MCP is 0 */
    CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == 0, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_TCB_SetPriority(t, ROOT, 10), seL4_InvalidCapability);
    CHECK_ERR(seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, 10), seL4_NoError);
    return 1;
}

/* A lower-priority thread runs only when we block; equal priority threads share. */
static volatile int low_ran;
static void low_prio_thread(seL4_Word ep)
{
    low_ran = 1;
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    for (;;)
        seL4_Yield();
}

int ipc_scheduling_priorities(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    seL4_CPtr t = start_thread(1, low_prio_thread, ep, 100, 0);
    CHECK(t, "no thread");
    seL4_Yield();
    CHECK(!low_ran, "a lower-priority thread ran while we were runnable");
    seL4_Recv(ep, 0);
    CHECK(low_ran, "the thread did not run while we waited");
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

/* ---- FAULT ---- */
static void unknown_syscall_thread(seL4_Word report_ep)
{
    register seL4_Word x0 __asm__("x0") = 10;
    register seL4_Word x1 __asm__("x1") = 11;
    register seL4_Word x6 __asm__("x6") = 16;
    register seL4_Word x7 __asm__("x7") = (seL4_Word)-100;
    __asm__ volatile("svc #0" : "+r"(x0), "+r"(x1) : "r"(x6), "r"(x7) : "x2", "x3", "x4", "x5", "memory");
    seL4_Word got = x0;
    seL4_SetMR(0, got);
    seL4_Send(report_ep, seL4_MessageInfo_new(0, 0, 0, 1));
    for (;;)
        seL4_Yield();
}

int fault_unknown_syscall(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0), badged = alloc_slot(), report = make(seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, fault_ep, DEPTH, seL4_AllRights, 0xfa), seL4_NoError);
    seL4_CPtr t = start_thread(2, unknown_syscall_thread, report, 250, badged);
    CHECK(t, "no thread");
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, &badge);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_UnknownSyscall, "label %lu",
          seL4_MessageInfo_get_label(info));
    CHECK(seL4_MessageInfo_get_length(info) == seL4_UnknownSyscall_Length, "length %lu",
          seL4_MessageInfo_get_length(info));
    CHECK(badge == 0xfa, "badge 0x%lx", badge);
    CHECK(seL4_GetMR(0) == 10 && seL4_GetMR(1) == 11 && seL4_GetMR(6) == 16 && seL4_GetMR(7) == (seL4_Word)-100,
          "x0 %lu x1 %lu x6 %lu x7 %ld", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(6), (long)seL4_GetMR(7));
    CHECK(seL4_GetMR(seL4_UnknownSyscall_Syscall) == (seL4_Word)-100, "syscall %ld",
          (long)seL4_GetMR(seL4_UnknownSyscall_Syscall));
    seL4_Word ip = seL4_GetMR(seL4_UnknownSyscall_FaultIP);
    CHECK(seL4_GetMR(seL4_UnknownSyscall_LR) == ip + 4, "LR 0x%lx, FaultIP 0x%lx", seL4_GetMR(10), ip);
    CHECK(seL4_GetMR(seL4_UnknownSyscall_SP) > (seL4_Word)stacks[2] &&
              seL4_GetMR(seL4_UnknownSyscall_SP) <= (seL4_Word)&stacks[2][STACK_SIZE],
          "SP 0x%lx", seL4_GetMR(seL4_UnknownSyscall_SP));
    /* Reply: x0 = 0x42, resume after the svc. */
    seL4_SetMR(0, 0x42);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, ip + 4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_FaultIP + 1));
    seL4_Recv(report, 0);
    CHECK(seL4_GetMR(0) == 0x42, "the thread resumed with x0 = 0x%lx", seL4_GetMR(0));
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

static void cap_fault_thread(seL4_Word unused)
{
    (void)unused;
    seL4_Call(0x1000, seL4_MessageInfo_new(0, 0, 0, 0)); /* guard mismatch */
    for (;;)
        seL4_Yield();
}

int fault_cap_fault(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0);
    seL4_CPtr t = start_thread(2, cap_fault_thread, 0, 250, fault_ep);
    CHECK(t, "no thread");
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_CapFault, "label %lu", seL4_MessageInfo_get_label(info));
    CHECK(seL4_GetMR(seL4_CapFault_Addr) == 0x1000 && seL4_GetMR(seL4_CapFault_InRecvPhase) == 0 &&
              seL4_GetMR(seL4_CapFault_LookupFailureType) == seL4_GuardMismatch &&
              seL4_GetMR(seL4_CapFault_BitsLeft) == 64,
          "MRs addr 0x%lx recv %lu type %lu left %lu", seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3), seL4_GetMR(4));
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 0)); /* non-zero label: the thread stays stopped */
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

static void vm_fault_thread(seL4_Word unused)
{
    (void)unused;
    (void)*(volatile seL4_Word *)0xdead0000ul;
}

int fault_vm_fault(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0);
    seL4_CPtr t = start_thread(2, vm_fault_thread, 0, 250, fault_ep);
    CHECK(t, "no thread");
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_VMFault && seL4_MessageInfo_get_length(info) == 4,
          "label %lu length %lu", seL4_MessageInfo_get_label(info), seL4_MessageInfo_get_length(info));
    CHECK(seL4_GetMR(seL4_VMFault_Addr) == 0xdead0000ul && seL4_GetMR(seL4_VMFault_PrefetchFault) == 0,
          "addr 0x%lx prefetch %lu", seL4_GetMR(1), seL4_GetMR(2));
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

/* ---- TCB ---- */
/* Resumed without Configure: no VSpace, so it faults at once (on the empty table), never
 * running in someone else's address space; we carry on. */
int tcb_resume_unconfigured(void)
{
    seL4_CPtr t = make(seL4_TCBObject, 0);
    CHECK_ERR(seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK_ERR(seL4_TCB_Resume(t), seL4_NoError);
    seL4_Yield();
    seL4_Yield();
    return 1;
}

int tcb_configure_checks(void)
{
    seL4_CPtr t = make(seL4_TCBObject, 0);
    CHECK_ERR(seL4_TCB_Configure(t, 0, seL4_CapInitThreadTCB, 0, seL4_CapInitThreadVSpace, 0, 0, 0),
              seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_Configure(t, 0, ROOT, 0, ROOT, 0, 0, 0), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_Configure(t, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)&child_buffers[1] + 8,
                                 frame_cap_of(&child_buffers[1])),
              seL4_AlignmentError);
    CHECK_ERR(rt_invoke(t, TCBConfigure, 2, 4), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(t, TCBWriteRegisters, 0, 1), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(seL4_CapInitThreadTCB, 61, 0, 0), seL4_IllegalOperation);
    return 1;
}

/* ---- IRQ ---- */
#define IRQC seL4_CapIRQControl
int irq_control_get(void)
{
    seL4_CPtr h = alloc_slot();
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 27, ROOT, h, DEPTH), seL4_RevokeFirst); /* the kernel's timer */
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 1020, ROOT, h, DEPTH), seL4_RangeError);
    CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == 1019, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 40, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 40, ROOT, alloc_slot(), DEPTH), seL4_RevokeFirst);
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 41, ROOT, h, DEPTH), seL4_DeleteFirst);
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 41, ROOT, 0x1000, DEPTH), seL4_FailedLookup);
    CHECK_ERR(rt_invoke(IRQC, IRQIssueIRQHandler, 1, 2), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(IRQC, 51, 1, 5), seL4_IllegalOperation);
    return 1;
}

/* GetTrigger (label 49) checks as Get does and makes a handler like Get's; the physical
 * timer's line taken this way (level-triggered, as the timer is) delivers its interrupt. */
int irq_control_get_trigger(void)
{
    seL4_CPtr h = alloc_slot(), t = alloc_slot(), n = make(seL4_NotificationObject, 0);
    CHECK(n, "no notification");
    CHECK_ERR(seL4_IRQControl_GetTrigger(IRQC, 60, 1, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_GetTrigger(IRQC, 60, 0, ROOT, alloc_slot(), DEPTH), seL4_RevokeFirst);
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 60, ROOT, alloc_slot(), DEPTH), seL4_RevokeFirst);
    CHECK_ERR(seL4_IRQControl_GetTrigger(IRQC, 61, 0, ROOT, h, DEPTH), seL4_DeleteFirst);
    CHECK_ERR(seL4_IRQControl_GetTrigger(IRQC, 61, 0, ROOT, 0x1000, DEPTH), seL4_FailedLookup);
    CHECK_ERR(seL4_IRQControl_GetTrigger(IRQC, 1020, 1, ROOT, t, DEPTH), seL4_RangeError);
    CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == 1019, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_IRQControl_GetTrigger(IRQC, 27, 0, ROOT, t, DEPTH), seL4_RevokeFirst); /* the kernel's */
    CHECK_ERR(rt_invoke(IRQC, ARMIRQIssueIRQHandlerTrigger, 1, 3), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(IRQC, ARMIRQIssueIRQHandlerTrigger, 0, 4), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(IRQC, ARMIRQIssueSGISignal, 1, 5), seL4_IllegalOperation);
    CHECK(seL4_DebugCapIdentify(t) == 0, "a failed GetTrigger filled the slot");
    CHECK(seL4_DebugCapIdentify(h) == 16, "h holds tag %lu (not seL4's irq_handler_cap, 16)",
          seL4_DebugCapIdentify(h));
    CHECK_ERR(seL4_CNode_Delete(ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_GetTrigger(IRQC, RT_TIMER_INTID, 0, ROOT, t, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQHandler_SetNotification(t, n), seL4_NoError);
    rt_timer_arm(1000);
    seL4_Wait(n);
    rt_timer_stop();
    CHECK_ERR(seL4_IRQHandler_Ack(t), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    return 1;
}

int irq_handler_ops(void)
{
    seL4_CPtr h = alloc_slot(), n = make(seL4_NotificationObject, 0), ro = alloc_slot(), moved = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, ro, DEPTH, ROOT, n, DEPTH, seL4_CanRead), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 42, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQHandler_SetNotification(h, seL4_CapInitThreadTCB), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_IRQHandler_SetNotification(h, ro), seL4_InvalidCapability);
    CHECK_ERR(rt_invoke(h, IRQSetIRQHandler, 0, 0), seL4_TruncatedMessage);
    CHECK_ERR(seL4_IRQHandler_SetNotification(h, n), seL4_NoError);
    CHECK_ERR(seL4_IRQHandler_Ack(h), seL4_NoError);
    CHECK_ERR(seL4_IRQHandler_Clear(h), seL4_NoError);
    CHECK_ERR(rt_invoke(h, 99, 0, 0), seL4_IllegalOperation);
    /* a move keeps the line, a delete of the last cap frees it (copies: CNODEOP0032) */
    CHECK_ERR(seL4_CNode_Move(ROOT, moved, DEPTH, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 42, ROOT, h, DEPTH), seL4_RevokeFirst);
    CHECK_ERR(seL4_CNode_Delete(ROOT, moved, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(IRQC, 42, ROOT, h, DEPTH), seL4_NoError);
    return 1;
}

/* ---- BIND ---- */
static volatile seL4_CPtr bind_report;
static void bound_receiver(seL4_Word ep)
{
    for (;;) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
        seL4_SetMR(0, badge);
        seL4_SetMR(1, seL4_MessageInfo_get_label(info));
        seL4_Send(bind_report, seL4_MessageInfo_new(0, 0, 0, 2));
    }
}

int bind_signal_wakes_endpoint_wait(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), n = make(seL4_NotificationObject, 0), nb = alloc_slot();
    bind_report = make(seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_Mint(ROOT, nb, DEPTH, ROOT, n, DEPTH, seL4_AllRights, 0x20), seL4_NoError);
    seL4_CPtr t = start_thread(1, bound_receiver, ep, 200, 0);
    CHECK(t, "no thread");
    CHECK_ERR(seL4_TCB_BindNotification(t, n), seL4_NoError);
    seL4_Signal(nb); /* it has not run yet: the signal stays pending in the word */
    seL4_Recv(bind_report, 0);
    CHECK(seL4_GetMR(0) == 0x20, "pending signal: badge 0x%lx", seL4_GetMR(0));
    /* now let it block on ep (same priority, Yield), then signal: the wait ends */
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 200), seL4_NoError);
    seL4_Yield();
    seL4_Signal(nb);
    seL4_Recv(bind_report, 0);
    seL4_Word got = seL4_GetMR(0);
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK(got == 0x20, "signal while waiting on the endpoint: badge 0x%lx", got);
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

int bind_errors(void)
{
    seL4_CPtr t = make(seL4_TCBObject, 0), u = make(seL4_TCBObject, 0), n = make(seL4_NotificationObject, 0);
    seL4_CPtr ro = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, ro, DEPTH, ROOT, n, DEPTH, seL4_CanWrite), seL4_NoError);
    CHECK_ERR(seL4_TCB_UnbindNotification(t), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_BindNotification(t, ro), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_BindNotification(t, seL4_CapInitThreadTCB), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_TCB_BindNotification(t, n), seL4_NoError);
    CHECK_ERR(seL4_TCB_BindNotification(t, n), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_BindNotification(u, n), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_UnbindNotification(t), seL4_NoError);
    CHECK_ERR(seL4_TCB_BindNotification(u, n), seL4_NoError);
    CHECK_ERR(rt_invoke(t, TCBBindNotification, 0, 0), seL4_TruncatedMessage);
    return 1;
}

/* ---- SCHED ---- */
/* Put v into d0, Yield, and return what d0 holds afterwards. */
static seL4_Word fp_yield(seL4_Word v)
{
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysYield;
    seL4_Word out;
    __asm__ volatile("fmov d0, %1\n\tsvc #0\n\tfmov %0, d0"
                     : "=r"(out)
                     : "r"(v), "r"(x7)
                     : "v0", "x0", "x1", "x2", "x3", "x4", "x5", "memory");
    return out;
}

static volatile int fp_child_bad, fp_child_rounds;
static void fp_thread(seL4_Word pattern)
{
    for (;;) {
        if (fp_yield(pattern) != pattern)
            fp_child_bad = 1;
        fp_child_rounds++;
    }
}

int sched_fpu_per_thread(void)
{
    seL4_CPtr t = start_thread(1, fp_thread, 0x1111222233334444ul, 255, 0);
    CHECK(t, "no thread");
    for (unsigned i = 0; i < 100; i++)
        CHECK(fp_yield(0x5555666677778888ul) == 0x5555666677778888ul, "our d0 changed across a switch");
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    CHECK(fp_child_rounds > 50, "the other thread ran %d times", fp_child_rounds);
    CHECK(!fp_child_bad, "the other thread's d0 changed across a switch");
    return 1;
}

static void parked_thread(seL4_Word unused)
{
    (void)unused;
    for (;;)
        seL4_Yield();
}

int tcb_read_registers(void)
{
    seL4_CPtr t = start_thread(1, parked_thread, 0xabc, 0, 0); /* prio 0: never runs while we test */
    CHECK(t, "no thread");
    CHECK_ERR(seL4_TCB_ReadRegisters(t, 1, 36), seL4_NoError);
    CHECK(seL4_GetMR(0) == (seL4_Word)parked_thread && seL4_GetMR(1) == (seL4_Word)&stacks[1][STACK_SIZE] &&
              seL4_GetMR(3) == 0xabc && seL4_GetMR(34) == (seL4_Word)&child_buffers[1],
          "pc 0x%lx sp 0x%lx x0 0x%lx tpidr 0x%lx", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(3), seL4_GetMR(34));
    CHECK_ERR(seL4_TCB_ReadRegisters(t, 0, 0), seL4_RangeError);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == 36, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_TCB_ReadRegisters(t, 0, 37), seL4_RangeError);
    CHECK_ERR(seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, 0, 1), seL4_IllegalOperation);
    return 1;
}

int tcb_tls_and_sched_params(void)
{
    seL4_CPtr t = make(seL4_TCBObject, 0);
    CHECK_ERR(seL4_TCB_SetTLSBase(t, 0x1234000), seL4_NoError);
    CHECK_ERR(seL4_TCB_ReadRegisters(t, 0, 35), seL4_NoError);
    CHECK(seL4_GetMR(34) == 0x1234000, "tpidr 0x%lx", seL4_GetMR(34));
    CHECK_ERR(seL4_TCB_SetSchedParams(t, seL4_CapInitThreadTCB, 50, 40), seL4_NoError);
    CHECK_ERR(seL4_TCB_SetSchedParams(t, t, 50, 60), seL4_RangeError);
    CHECK(seL4_GetMR(1) == 50, "max %lu", seL4_GetMR(1));
    CHECK_ERR(seL4_TCB_SetSchedParams(t, t, 50, 50), seL4_NoError);
    CHECK_ERR(rt_invoke(t, TCBSetTLSBase, 0, 0), seL4_TruncatedMessage);
    return 1;
}

int tcb_copy_registers(void)
{
    seL4_CPtr a = make(seL4_TCBObject, 0), b = make(seL4_TCBObject, 0);
    CHECK_ERR(seL4_TCB_SetTLSBase(a, 0x7000), seL4_NoError);
    seL4_SetMR(0, 0);
    seL4_SetMR(1, 4);
    seL4_SetMR(2, 0x400100); /* pc */
    seL4_SetMR(3, 0x9000);   /* sp */
    seL4_SetMR(4, 0);
    seL4_SetMR(5, 0x77);     /* x0 */
    CHECK_ERR(rt_invoke(a, TCBWriteRegisters, 0, 6), seL4_NoError);
    CHECK_ERR(seL4_TCB_CopyRegisters(b, a, 0, 0, 1, 0), seL4_NoError);
    CHECK_ERR(seL4_TCB_ReadRegisters(b, 0, 35), seL4_NoError);
    CHECK(seL4_GetMR(0) == 0x400100 && seL4_GetMR(1) == 0x9000 && seL4_GetMR(3) == 0x77 && seL4_GetMR(34) == 0,
          "frame copy: pc 0x%lx sp 0x%lx x0 0x%lx tpidr 0x%lx", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(3),
          seL4_GetMR(34));
    CHECK_ERR(seL4_TCB_CopyRegisters(b, a, 0, 0, 0, 1), seL4_NoError);
    CHECK_ERR(seL4_TCB_ReadRegisters(b, 0, 35), seL4_NoError);
    CHECK(seL4_GetMR(34) == 0x7000, "integer copy: tpidr 0x%lx", seL4_GetMR(34));
    CHECK_ERR(seL4_TCB_CopyRegisters(b, ROOT, 0, 0, 1, 1), seL4_InvalidCapability);
    CHECK_ERR(rt_invoke(b, TCBCopyRegisters, 0, 1), seL4_TruncatedMessage);
    return 1;
}

/* Atoll's foreign-ABI flag: every svc faults (even x7 = Yield), and the message carries x8. */
static volatile seL4_Word foreign_result;
static void foreign_thread(seL4_Word unused)
{
    (void)unused;
    register seL4_Word x0 __asm__("x0") = 1;
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysYield;
    register seL4_Word x8 __asm__("x8") = 93; /* Linux exit */
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x7), "r"(x8) : "x1", "x2", "x3", "x4", "x5", "memory");
    foreign_result = x0;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x7), "r"(x8) : "x1", "x2", "x3", "x4", "x5", "memory");
}

int fault_foreign_abi(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0), t = make(seL4_TCBObject, 0);
    seL4_IPCBuffer *buf = &child_buffers[2];
    CHECK(fault_ep && t, "retype failed");
    CHECK_ERR(seL4_TCB_Configure(t, fault_ep, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)buf,
                                 frame_cap_of(buf)),
              seL4_NoError);
    CHECK_ERR(seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, 254), seL4_NoError);
    CHECK_ERR(seL4_TCB_SetFlags(t, 0, seL4_TCBFlag_atollForeignABI | (1ul << 40)), seL4_NoError);
    CHECK(seL4_GetMR(0) == seL4_TCBFlag_atollForeignABI, "flags 0x%lx", seL4_GetMR(0));
    CHECK_ERR(rt_tcb_start(t, (seL4_Word)foreign_thread, (seL4_Word)&stacks[2][STACK_SIZE], 0, (seL4_Word)buf),
              seL4_NoError);
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_UnknownSyscall &&
              seL4_MessageInfo_get_length(info) == seL4_UnknownSyscall_Length + 1,
          "label %lu length %lu", seL4_MessageInfo_get_label(info), seL4_MessageInfo_get_length(info));
    CHECK(seL4_GetMR(7) == (seL4_Word)seL4_SysYield && seL4_GetMR(13) == 93, "x7 %ld x8 %lu", (long)seL4_GetMR(7),
          seL4_GetMR(13));
    seL4_Word ip = seL4_GetMR(seL4_UnknownSyscall_FaultIP);
    seL4_SetMR(0, 0);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, ip + 4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_FaultIP + 1));
    seL4_Recv(fault_ep, 0); /* its second svc */
    CHECK(foreign_result == 0, "x0 after the reply: %lu", foreign_result);
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

static volatile seL4_CPtr recv_fault_cptr;
static void recv_fault_thread(seL4_Word unused)
{
    (void)unused;
    seL4_Recv(recv_fault_cptr, 0); /* a write-only cap: no Read right */
}

int fault_cap_fault_receive_phase(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0), ep = make(seL4_EndpointObject, 0), wo = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, wo, DEPTH, ROOT, ep, DEPTH, seL4_CanWrite), seL4_NoError);
    recv_fault_cptr = wo;
    seL4_CPtr t = start_thread(2, recv_fault_thread, 0, 250, fault_ep);
    CHECK(t, "no thread");
    if (!recv_missing_cap_fault(fault_ep, wo))
        return 0;
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

/* A thread whose next instruction traps (arg 0: udf, 1: wfi, which EL0 may not execute as
 * in seL4, 2: an FP/SIMD instruction, with the thread's fpuDisabled flag set); it notes when
 * it gets past it. */
static volatile seL4_Word after_trap;
static void trap_thread(seL4_Word which)
{
    if (which == 2)
        __asm__ volatile("fmov d0, xzr");
    else if (which)
        __asm__ volatile("wfi");
    else
        __asm__ volatile("udf #0");
    after_trap = 1;
    for (;;)
        seL4_Yield();
}

/* The trap is a UserException with ESR class ec; the handler resumes the thread past it. */
static int user_exception_resumed(seL4_Word which, unsigned ec, const char *insn, seL4_Word flags)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0);
    after_trap = 0;
    seL4_CPtr t = start_thread(2, trap_thread, which, 250, fault_ep);
    CHECK(t, "no thread");
    CHECK_ERR(seL4_TCB_SetFlags(t, 0, flags), seL4_NoError);
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_UserException &&
              seL4_MessageInfo_get_length(info) == seL4_UserException_Length,
          "label %lu length %lu", seL4_MessageInfo_get_label(info), seL4_MessageInfo_get_length(info));
    seL4_Word ip = seL4_GetMR(seL4_UserException_FaultIP);
    CHECK((seL4_GetMR(seL4_UserException_Number) >> 26) == ec, "%s: ESR 0x%lx is not EC %u", insn,
          seL4_GetMR(seL4_UserException_Number), ec);
    seL4_SetMR(seL4_UserException_FaultIP, ip + 4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
    seL4_Yield();
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 250), seL4_NoError);
    seL4_Yield();
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK(after_trap == 1, "the thread did not resume after the %s", insn);
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

int fault_user_exception(void) { return user_exception_resumed(0, 0x00, "udf", 0); } /* EC 0: unknown */

int fault_wfi_traps(void) { return user_exception_resumed(1, 0x01, "wfi", 0); } /* EC 1: trapped WFI/WFE */

/* seL4_TCBFlag_fpuDisabled: the thread's FP/SIMD use is a UserException (EC 7: access trap),
 * not a lazy switch of the registers. */
int fault_fpu_disabled(void)
{
    return user_exception_resumed(2, 0x07, "fmov", seL4_TCBFlag_fpuDisabled);
}

static void blocking_sender(seL4_Word ep)
{
    seL4_SetMR(0, 0x5151);
    seL4_Send(ep, seL4_MessageInfo_new(9, 0, 0, 1));
    for (;;)
        seL4_Recv(ep, 0); /* block: we outrank the test thread */
}

int ipc_sender_waits_for_receiver(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), badged = alloc_slot();
    CHECK_ERR(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 0x99), seL4_NoError);
    /* higher priority than us: it runs at once and blocks in Send (nobody receives yet) */
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 250), seL4_NoError);
    seL4_CPtr t = start_thread(1, blocking_sender, badged, 255, 0);
    CHECK(t, "no thread");
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    seL4_Word mr0 = seL4_GetMR(0);
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK(badge == 0x99 && seL4_MessageInfo_get_label(info) == 9 && mr0 == 0x5151, "badge 0x%lx label %lu MR0 0x%lx",
          badge, seL4_MessageInfo_get_label(info), mr0);
    return 1;
}
