/* Kernel test cases TCB0006 (every error code of each TCB invocation, from a table) and SYSCALL0004. */
#include "ktest.h"

#define NONE 0
#define ANY (~0ul)
#define MIN_PRIO 0 /* seL4_MinPrio */
enum { MAX_MRS = 5, MAX_CAPS = 3 };

/*
 * One invocation of a TCB cap: label, MRs, extra caps (cptrs in our CSpace), the error it
 * must answer and, where the error carries one, MR0 (InvalidCapability: which cap;
 * RangeError: the minimum) and MR1 (RangeError: the maximum). After every row the target
 * TCB must be as it was: nothing changes before all arguments are checked.
 */
struct row {
    seL4_Word label;
    unsigned n_mrs;
    seL4_Word mr[MAX_MRS];
    unsigned n_caps;
    seL4_CPtr cap[MAX_CAPS];
    seL4_Error want;
    seL4_Word mr0, mr1;
    int on_self; /* invoke the root task's own TCB instead of the target */
};

static seL4_IPCBuffer target_buffer __attribute__((aligned(1024)));

/* What a failed invocation must leave alone: the registers, the MCP (still 0: t cannot let
 * low have priority 1), the flags, and that the thread is unbound. */
static int unchanged(seL4_CPtr t, seL4_CPtr low)
{
    if (seL4_TCB_ReadRegisters(t, 0, 2) != seL4_NoError || seL4_GetMR(0) != 0x1234 || seL4_GetMR(1) != 0x5678)
        return 0;
    if (seL4_TCB_SetPriority(low, t, 1) != seL4_RangeError)
        return 0;
    if (seL4_TCB_UnbindNotification(t) != seL4_IllegalOperation)
        return 0;
    return seL4_TCB_SetFlags(t, 0, 0) == seL4_NoError && seL4_GetMR(0) == 0;
}

int tcb_error_codes(void)
{
    seL4_CPtr t = make(seL4_TCBObject, 0), low = make(seL4_TCBObject, 0), ep = make(seL4_EndpointObject, 0);
    seL4_CPtr n = make(seL4_NotificationObject, 0), n_ro = alloc_slot();
    seL4_CPtr vs_unassigned = make(seL4_ARM_VSpaceObject, 0);
    seL4_CPtr dev_frame = make_from(device_untyped, seL4_ARM_SmallPageObject, 0);
    CHECK(t && low && ep && n && vs_unassigned && dev_frame, "setup failed");
    CHECK_ERR(seL4_CNode_Copy(ROOT, n_ro, DEPTH, ROOT, n, DEPTH, seL4_CanWrite), seL4_NoError);
    seL4_SetMR(0, 0); /* WriteRegisters: no resume, 2 words: pc, sp */
    seL4_SetMR(1, 2);
    seL4_SetMR(2, 0x1234);
    seL4_SetMR(3, 0x5678);
    CHECK_ERR(rt_invoke(t, TCBWriteRegisters, 0, 4), seL4_NoError);
    const seL4_CPtr me = seL4_CapInitThreadTCB, vs = seL4_CapInitThreadVSpace;
    const seL4_Word buf = (seL4_Word)&target_buffer, frame = frame_cap_of(&target_buffer);
    const struct row rows[] = {
        {TCBReadRegisters, 1, {0}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBReadRegisters, 2, {0, 0}, 0, {NONE}, seL4_RangeError, 1, seL4_UserContextWords, 0},
        {TCBReadRegisters, 2, {0, seL4_UserContextWords + 1}, 0, {NONE}, seL4_RangeError, 1, seL4_UserContextWords, 0},
        {TCBReadRegisters, 2, {0, 1}, 0, {NONE}, seL4_IllegalOperation, ANY, ANY, 1},
        {TCBWriteRegisters, 1, {0}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBWriteRegisters, 4, {0, 3, 1, 2}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBWriteRegisters, 3, {0, 1, 0}, 0, {NONE}, seL4_IllegalOperation, ANY, ANY, 1},
        {TCBCopyRegisters, 1, {0xf}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBCopyRegisters, 0, {0}, 1, {me}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBCopyRegisters, 1, {0xf}, 1, {ep}, seL4_InvalidCapability, 1, ANY, 0},
        {TCBConfigure, 3, {0, 0, 0}, 3, {ROOT, vs, frame}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBConfigure, 4, {0, 0, 0, buf}, 2, {ROOT, vs}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBConfigure, 4, {0, 0, 0, buf}, 3, {ep, vs, frame}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBConfigure, 4, {0, 0, 0, buf}, 3, {ROOT, ep, frame}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBConfigure, 4, {0, 0, 0, buf}, 3, {ROOT, vs_unassigned, frame}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBConfigure, 4, {0, 0, 0, buf}, 3, {ROOT, vs, ep}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBConfigure, 4, {0, 0, 0, buf}, 3, {ROOT, vs, dev_frame}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBConfigure, 4, {0, 0, 0, buf + 8}, 3, {ROOT, vs, frame}, seL4_AlignmentError, ANY, ANY, 0},
        {TCBSetPriority, 0, {0}, 1, {me}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetPriority, 1, {10}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetPriority, 1, {10}, 1, {ep}, seL4_InvalidCapability, 1, ANY, 0},
        {TCBSetPriority, 1, {1}, 1, {low}, seL4_RangeError, MIN_PRIO, 0, 0},
        {TCBSetMCPriority, 0, {0}, 1, {me}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetMCPriority, 1, {10}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetMCPriority, 1, {10}, 1, {ep}, seL4_InvalidCapability, 1, ANY, 0},
        {TCBSetMCPriority, 1, {1}, 1, {low}, seL4_RangeError, MIN_PRIO, 0, 0},
        {TCBSetSchedParams, 1, {0}, 1, {me}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetSchedParams, 2, {0, 0}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetSchedParams, 2, {0, 0}, 1, {ep}, seL4_InvalidCapability, 1, ANY, 0},
        {TCBSetSchedParams, 2, {1, 0}, 1, {low}, seL4_RangeError, MIN_PRIO, 0, 0},
        {TCBSetSchedParams, 2, {0, 1}, 1, {low}, seL4_RangeError, MIN_PRIO, 0, 0},
        {TCBSetIPCBuffer, 0, {0}, 1, {frame}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetIPCBuffer, 1, {buf}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetIPCBuffer, 1, {buf}, 1, {ep}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBSetIPCBuffer, 1, {buf}, 1, {dev_frame}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBSetIPCBuffer, 1, {buf + 512}, 1, {frame}, seL4_AlignmentError, ANY, ANY, 0},
        {TCBSetSpace, 2, {0, 0}, 2, {ROOT, vs}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetSpace, 3, {0, 0, 0}, 1, {ROOT}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetSpace, 3, {0, 0, 0}, 2, {ep, vs}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBSetSpace, 3, {0, 0, 0}, 2, {ROOT, ep}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBSetSpace, 3, {0, 0, 0}, 2, {ROOT, vs_unassigned}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBBindNotification, 0, {0}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBBindNotification, 0, {0}, 1, {ep}, seL4_InvalidCapability, 1, ANY, 0},
        {TCBBindNotification, 0, {0}, 1, {n_ro}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBUnbindNotification, 0, {0}, 0, {NONE}, seL4_IllegalOperation, ANY, ANY, 0},
        {TCBSetTLSBase, 0, {0}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {TCBSetFlags, 1, {0}, 0, {NONE}, seL4_TruncatedMessage, ANY, ANY, 0},
        {CNodeRevoke, 2, {0, 0}, 0, {NONE}, seL4_IllegalOperation, ANY, ANY, 0}, /* not a TCB label */
    };
    for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const struct row *r = &rows[i];
        for (unsigned m = 0; m < r->n_mrs; m++)
            seL4_SetMR(m, r->mr[m]);
        for (unsigned c = 0; c < r->n_caps; c++)
            seL4_SetCap(c, r->cap[c]);
        seL4_Error e = rt_invoke(r->on_self ? me : t, r->label, r->n_caps, r->n_mrs);
        seL4_Word mr0 = seL4_GetMR(0), mr1 = seL4_GetMR(1);
        CHECK(e == r->want, "row %u (label %lu): error %d, expected %d", i, r->label, (int)e, (int)r->want);
        CHECK(r->mr0 == ANY || mr0 == r->mr0, "row %u (label %lu): MR0 %lu, expected %lu", i, r->label, mr0, r->mr0);
        CHECK(r->mr1 == ANY || mr1 == r->mr1, "row %u (label %lu): MR1 %lu, expected %lu", i, r->label, mr1, r->mr1);
        CHECK(unchanged(t, low), "row %u (label %lu) changed the thread", i, r->label);
    }
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    return 1;
}

/* DebugNameThread on a cap that is not a TCB: seL4 halts; we give the caller a CapFault
 * (send phase, missing capability) that its handler receives. */
static void name_not_a_tcb(seL4_Word cptr)
{
    seL4_DebugNameThread(cptr, "renamed");
    for (;;)
        seL4_Yield();
}

/* The errors of the system calls themselves, beside the invocations': DebugNameThread's
 * CapFault, and Send/Call on a notification (Signal) without Write: InvalidCapability 0. */
int syscall_error_paths(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0), n = make(seL4_NotificationObject, 0), n_ro = alloc_slot();
    CHECK(fault_ep && n, "setup failed");
    CHECK_ERR(seL4_CNode_Copy(ROOT, n_ro, DEPTH, ROOT, n, DEPTH, seL4_CanRead), seL4_NoError);
    CHECK_ERR(rt_invoke(n_ro, 0, 0, 0), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 0, "MR0 %lu", seL4_GetMR(0));
    CHECK(seL4_Poll(n) == 0, "a signal went through a cap without Write");
    seL4_CPtr t = start_thread(0, name_not_a_tcb, n, 100, fault_ep);
    CHECK(t, "no thread");
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    seL4_Word label = seL4_MessageInfo_get_label(info), addr = seL4_GetMR(seL4_CapFault_Addr);
    seL4_Word recv = seL4_GetMR(seL4_CapFault_InRecvPhase), type = seL4_GetMR(seL4_CapFault_LookupFailureType);
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    CHECK(label == seL4_Fault_CapFault && addr == n && recv == 0 && type == seL4_MissingCapability,
          "label %lu addr %lu recv %lu type %lu", label, addr, recv, type);
    return 1;
}
