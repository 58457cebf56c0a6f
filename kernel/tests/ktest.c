/* Kernel test root task: a named table of cases (sel4test-like groups) run on the real kernel. */
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/runtime.h>
#include <rt/sel4_ipc.h>
#include <rt/string.h>

/*
 * Each case prints "ktest: PASS NAME" or "ktest: FAIL NAME: detail" as a system-channel
 * frame; the run ends with "ktest: N passed, N failed" (kernel/tests/boot-test.sh reads
 * them). Cases share one root CNode and take fresh slots from the bootinfo's empty region.
 */
#define IMAGE_BASE 0x400000ul /* personalities/lib/user.ld */
#define ROOT seL4_CapInitThreadCNode
#define DEPTH 64

static const seL4_BootInfo *bi;
static seL4_CPtr next_free;
static seL4_CPtr ram_untyped;    /* a RAM untyped of at least 2^16 bytes */
static seL4_CPtr device_untyped; /* any device untyped */
static char detail[160];

static seL4_CPtr alloc_slot(void) { return next_free++; }

#define CHECK(cond, ...)                                        \
    do {                                                        \
        if (!(cond)) {                                          \
            rt_snprintf(detail, sizeof(detail), __VA_ARGS__);   \
            return 0;                                           \
        }                                                       \
    } while (0)
#define CHECK_ERR(e, want) CHECK((e) == (want), "line %d: error %d, expected %d", __LINE__, (int)(e), (int)(want))

/* A fresh object of type in a new slot; 0 if retype failed. */
static seL4_CPtr make(seL4_Word type, seL4_Word bits)
{
    seL4_CPtr s = alloc_slot();
    return seL4_Untyped_Retype(ram_untyped, type, bits, ROOT, 0, 0, s, 1) == seL4_NoError ? s : 0;
}

/* A fresh untyped of 2^bits carved from the RAM untyped. */
static seL4_CPtr make_untyped(unsigned bits) { return make(seL4_UntypedObject, bits); }

/* ---- BOOTINFO ---- */
static int bootinfo_regions(void)
{
    CHECK(bi->empty.start == bi->untyped.end, "empty starts at %lu, untyped ends at %lu", bi->empty.start,
          bi->untyped.end);
    CHECK(bi->empty.end == 4096, "empty ends at %lu", bi->empty.end);
    CHECK(bi->userImagePaging.start == seL4_NumInitialCaps, "paging from %lu", bi->userImagePaging.start);
    CHECK(bi->initThreadCNodeSizeBits == 12, "cnode size bits %lu", bi->initThreadCNodeSizeBits);
    return 1;
}

static int bootinfo_initial_caps(void)
{
    static const seL4_CPtr slots[] = {seL4_CapInitThreadTCB, seL4_CapInitThreadCNode, seL4_CapInitThreadVSpace,
                                      seL4_CapBootInfoFrame, seL4_CapInitThreadIPCBuffer};
    for (unsigned i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
        seL4_CPtr s = alloc_slot();
        seL4_Error e = seL4_CNode_Copy(ROOT, s, DEPTH, ROOT, slots[i], DEPTH, seL4_AllRights);
        CHECK(e == seL4_NoError, "copy of slot %lu: error %d", slots[i], (int)e);
        CHECK_ERR(seL4_CNode_Delete(ROOT, s, DEPTH), seL4_NoError);
    }
    seL4_Error e = seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, seL4_CapNull, DEPTH, seL4_AllRights);
    CHECK_ERR(e, seL4_FailedLookup);
    return 1;
}

static int bootinfo_untyped_caps(void)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        seL4_CPtr s = alloc_slot();
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        seL4_Error e = seL4_Untyped_Retype(bi->untyped.start + i, seL4_UntypedObject, seL4_MinUntypedBits, ROOT,
                                           0, 0, s, 1);
        CHECK(e == seL4_NoError, "untyped slot %lu (paddr 0x%lx): error %d", bi->untyped.start + i, u->paddr,
              (int)e);
    }
    return 1;
}

static int bootinfo_empty_region_empty(void)
{
    seL4_Error e = seL4_CNode_Copy(ROOT, bi->empty.end - 1, DEPTH, ROOT, bi->empty.end - 2, DEPTH, seL4_AllRights);
    CHECK_ERR(e, seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == seL4_MissingCapability, "MR0=%lu MR1=%lu", seL4_GetMR(0),
          seL4_GetMR(1));
    return 1;
}

/* ---- CSPACE ---- */
static int cspace_guard_mismatch(void)
{
    seL4_Error e = seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, 0x1005, DEPTH, seL4_AllRights);
    CHECK_ERR(e, seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == seL4_GuardMismatch && seL4_GetMR(2) == 64 &&
              seL4_GetMR(3) == 0 && seL4_GetMR(4) == 52,
          "MRs %lu %lu %lu %lu %lu", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3), seL4_GetMR(4));
    return 1;
}

static int cspace_depth_mismatch(void)
{
    seL4_Error e = seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, seL4_CapInitThreadTCB, 63, seL4_AllRights);
    CHECK_ERR(e, seL4_FailedLookup);
    CHECK(seL4_GetMR(1) == seL4_DepthMismatch && seL4_GetMR(2) == 63 && seL4_GetMR(3) == 64, "MRs %lu %lu %lu",
          seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3));
    return 1;
}

static int cspace_depth_range(void)
{
    CHECK_ERR(seL4_CNode_Delete(ROOT, 5000, 0), seL4_RangeError);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == 64, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_CNode_Delete(ROOT, 5000, 65), seL4_RangeError);
    return 1;
}

static int cspace_invalid_root(void)
{
    seL4_Error e = seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, seL4_CapInitThreadTCB, 1, DEPTH, seL4_AllRights);
    CHECK_ERR(e, seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == seL4_InvalidRoot, "MR0=%lu MR1=%lu", seL4_GetMR(0),
          seL4_GetMR(1));
    return 1;
}

static int cspace_invoke_empty_slot(void)
{
    CHECK_ERR(rt_invoke(bi->empty.end - 1, 1, 0, 0), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    return 1;
}

/* Two levels: CNode X (radix 4) holds CNode Y (radix 4) in slot 1; (X, 0x12, 8) is Y[2]. */
static int cspace_two_levels(void)
{
    seL4_CPtr x = make(seL4_CapTableObject, 4), y = make(seL4_CapTableObject, 4), ep = make(seL4_EndpointObject, 0);
    CHECK(x && y && ep, "retype failed");
    CHECK_ERR(seL4_CNode_Copy(x, 1, 4, ROOT, y, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(x, 0x12, 8, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    seL4_CPtr back = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, back, DEPTH, y, 2, 4, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, x, 0x12, 4, seL4_AllRights), seL4_FailedLookup);
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, x, 0x12, 12, seL4_AllRights), seL4_FailedLookup);
    CHECK(seL4_GetMR(1) == seL4_DepthMismatch, "12 bits through two radix-4 CNodes: MR1=%lu", seL4_GetMR(1));
    return 1;
}

/* ---- UNTYPED / RETYPE ---- */
static int retype_each_type(void)
{
    static const seL4_Word types[][2] = {{seL4_TCBObject, 0}, {seL4_EndpointObject, 0},
                                         {seL4_NotificationObject, 0}, {seL4_CapTableObject, 3},
                                         {seL4_UntypedObject, 12}};
    for (unsigned i = 0; i < 5; i++)
        CHECK(make(types[i][0], types[i][1]), "type %lu failed", types[i][0]);
    return 1;
}

static int retype_invalid_type(void)
{
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, 100, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_InvalidArgument);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    return 1;
}

static int retype_size_checks(void)
{
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_CapTableObject, 0, ROOT, 0, 0, alloc_slot(), 1),
              seL4_InvalidArgument);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_UntypedObject, 3, ROOT, 0, 0, alloc_slot(), 1),
              seL4_InvalidArgument);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_UntypedObject, 48, ROOT, 0, 0, alloc_slot(), 1),
              seL4_RangeError);
    CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == 47, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    return 1;
}

static int retype_window_checks(void)
{
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 0),
              seL4_RangeError);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == 256, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, 0, 0, 4096, 1), seL4_RangeError);
    CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == 4095, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, 0, 0, 4094, 3), seL4_RangeError);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == 2, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    return 1;
}

static int retype_delete_first(void)
{
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, 0, 0, seL4_CapInitThreadTCB, 1),
              seL4_DeleteFirst);
    return 1;
}

/* Objects go at the free index aligned to their size; what does not fit is NotEnoughMemory. */
static int retype_free_index(void)
{
    seL4_CPtr ut = make_untyped(12);
    CHECK(ut, "no 4 KiB untyped");
    seL4_CPtr s = alloc_slot();
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, s, 1), seL4_NoError);
    next_free += 1;
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, next_free, 2), seL4_NotEnoughMemory);
    CHECK(seL4_GetMR(0) == 4096 - 16, "bytes left %lu", seL4_GetMR(0));
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_NotEnoughMemory);
    CHECK(seL4_GetMR(0) == 0, "bytes left %lu", seL4_GetMR(0));
    return 1;
}

static int retype_fan_out(void)
{
    seL4_CPtr first = next_free;
    next_free += 16;
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_NotificationObject, 0, ROOT, 0, 0, first, 16), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, first + 15, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_NotificationObject, 0, ROOT, 0, 0, first + 14, 2),
              seL4_DeleteFirst);
    return 1;
}

static int retype_device_kernel_object(void)
{
    CHECK(device_untyped, "no device untyped");
    CHECK_ERR(seL4_Untyped_Retype(device_untyped, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 1),
              seL4_InvalidArgument);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    return 1;
}

static int retype_into_other_cnode(void)
{
    seL4_CPtr cn = make(seL4_CapTableObject, 2);
    CHECK(cn, "no cnode");
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, cn, DEPTH, 1, 3), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, cn, DEPTH, 0, 2), seL4_DeleteFirst);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, cn, DEPTH, 4, 1), seL4_RangeError);
    return 1;
}

static int retype_truncated(void)
{
    seL4_SetCap(0, ROOT);
    CHECK_ERR(rt_invoke(ram_untyped, UntypedRetype, 1, 5), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(ram_untyped, UntypedRetype, 0, 6), seL4_TruncatedMessage);
    return 1;
}

static int untyped_bad_label(void)
{
    CHECK_ERR(rt_invoke(ram_untyped, CNodeCopy, 0, 0), seL4_IllegalOperation);
    return 1;
}

/* ---- CNODEOP ---- */
static int cnodeop_copy_and_delete_first(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), s = alloc_slot();
    CHECK(ep, "no endpoint");
    CHECK_ERR(seL4_CNode_Copy(ROOT, s, DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, s, DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_DeleteFirst);
    return 1;
}

static int cnodeop_move(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), s = alloc_slot();
    CHECK_ERR(seL4_CNode_Move(ROOT, s, DEPTH, ROOT, ep, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Move(ROOT, alloc_slot(), DEPTH, ROOT, ep, DEPTH), seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == seL4_MissingCapability && seL4_GetMR(2) == 64, "MRs %lu %lu %lu",
          seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, s, DEPTH, seL4_AllRights), seL4_NoError);
    return 1;
}

static int cnodeop_delete(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_Delete(ROOT, ep, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_FailedLookup);
    CHECK_ERR(seL4_CNode_Delete(ROOT, ep, DEPTH), seL4_NoError); /* deleting an empty slot is fine */
    return 1;
}

static int cnodeop_mint_badge_once(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), a = alloc_slot();
    CHECK_ERR(seL4_CNode_Mint(ROOT, a, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 7), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, alloc_slot(), DEPTH, ROOT, a, DEPTH, seL4_AllRights, 8), seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Mutate(ROOT, alloc_slot(), DEPTH, ROOT, ep, DEPTH, 9), seL4_IllegalOperation);
    return 1;
}

static int cnodeop_mutate_guard(void)
{
    seL4_CPtr cn = make(seL4_CapTableObject, 4), g = alloc_slot(), ep = make(seL4_EndpointObject, 0);
    /* guard 0x5 of 4 bits: (g, 0x53, 8) is slot 3 */
    CHECK_ERR(seL4_CNode_Mutate(ROOT, g, DEPTH, ROOT, cn, DEPTH, (0x5ul << 6) | 4), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(g, 0x53, 8, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(g, 0x63, 8, ROOT, ep, DEPTH, seL4_AllRights), seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == seL4_GuardMismatch && seL4_GetMR(3) == 5 && seL4_GetMR(4) == 4,
          "MRs %lu %lu %lu %lu", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(3), seL4_GetMR(4));
    return 1;
}

static int cnodeop_rights(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), ro = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, ro, DEPTH, ROOT, ep, DEPTH, seL4_CanRead), seL4_NoError);
    CHECK_ERR(rt_invoke(ro, 0, 0, 0), seL4_InvalidCapability); /* Call needs Write */
    return 1;
}

static int cnodeop_truncated_and_label(void)
{
    seL4_SetMR(0, alloc_slot());
    CHECK_ERR(rt_invoke(ROOT, CNodeDelete, 0, 1), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(ROOT, 99, 0, 2), seL4_IllegalOperation);
    CHECK_ERR(rt_cnode_op(CNodeCopy, ROOT, alloc_slot(), DEPTH, ROOT, 1, DEPTH, 0, 0, 4), seL4_TruncatedMessage);
    CHECK_ERR(rt_cnode_op(CNodeCopy, ROOT, alloc_slot(), DEPTH, ROOT, 1, DEPTH, 0, 0, 2), seL4_TruncatedMessage);
    return 1;
}

static int cnodeop_rotate(void)
{
    seL4_CPtr a = make(seL4_TCBObject, 0), b = make(seL4_CapTableObject, 2), d = alloc_slot();
    /* swap (src == dest): a gets the CNode, b the TCB */
    CHECK_ERR(seL4_CNode_Rotate(ROOT, a, DEPTH, ROOT, b, DEPTH, 0, ROOT, a, DEPTH, 0), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(a, 0, 2), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(b, 0, 2), seL4_IllegalOperation); /* b is a TCB now */
    /* three-way: pivot b (TCB) -> d, src a (CNode) -> b, a empty */
    CHECK_ERR(seL4_CNode_Rotate(ROOT, d, DEPTH, ROOT, b, DEPTH, 0, ROOT, a, DEPTH, 0), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(b, 0, 2), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, a, DEPTH, seL4_AllRights), seL4_FailedLookup);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, a, DEPTH, ROOT, b, DEPTH, 0, ROOT, b, DEPTH, 0), seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, b, DEPTH, ROOT, b, DEPTH, 0, ROOT, d, DEPTH, 0), seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, d, DEPTH, ROOT, b, DEPTH, 0, ROOT, alloc_slot(), DEPTH, 0), seL4_DeleteFirst);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, a, DEPTH, ROOT, b, DEPTH, 0, ROOT, alloc_slot(), DEPTH, 0), seL4_FailedLookup);
    /* badges are preserved, so endpoint caps cannot be rotated (updateCapData with preserve) */
    seL4_CPtr e1 = make(seL4_EndpointObject, 0), e2 = make(seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, e1, DEPTH, ROOT, e2, DEPTH, 0, ROOT, e1, DEPTH, 0), seL4_IllegalOperation);
    seL4_SetCap(0, ROOT);
    CHECK_ERR(rt_invoke(ROOT, CNodeRotate, 1, 8), seL4_TruncatedMessage);
    return 1;
}

static int cnodeop_cancel_badged_sends(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), badged = alloc_slot(), weak = alloc_slot();
    CHECK_ERR(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 3), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, weak, DEPTH, ROOT, ep, DEPTH, seL4_CanWrite, 4), seL4_NoError);
    CHECK_ERR(seL4_CNode_CancelBadgedSends(ROOT, weak, DEPTH), seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_CancelBadgedSends(ROOT, badged, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_CancelBadgedSends(ROOT, ep, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_CancelBadgedSends(ROOT, seL4_CapInitThreadTCB, DEPTH), seL4_IllegalOperation);
    return 1;
}

/* ---- threads for IPC and FAULT ---- */
#define STACK_SIZE 8192
static uint8_t stacks[5][STACK_SIZE] __attribute__((aligned(16)));
static seL4_IPCBuffer child_buffers[5] __attribute__((aligned(4096)));

static seL4_CPtr frame_cap_of(const void *addr)
{
    return bi->userImageFrames.start + (((seL4_Word)addr - IMAGE_BASE) >> 12);
}

/* A thread in our address space and CSpace at prio, running fn(arg); its TCB cptr. */
static seL4_CPtr start_thread(unsigned n, void (*fn)(seL4_Word), seL4_Word arg, seL4_Word prio, seL4_CPtr fault_ep)
{
    seL4_CPtr tcb = make(seL4_TCBObject, 0);
    if (!tcb)
        return 0;
    seL4_IPCBuffer *buf = &child_buffers[n];
    if (seL4_TCB_Configure(tcb, fault_ep, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)buf,
                           frame_cap_of(buf)) != seL4_NoError)
        return 0;
    if (seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio) != seL4_NoError)
        return 0;
    if (rt_tcb_start(tcb, (seL4_Word)fn, (seL4_Word)&stacks[n][STACK_SIZE], arg, (seL4_Word)buf) != seL4_NoError)
        return 0;
    return tcb;
}

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

static int ipc_call_reply_recv(void)
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

static int ipc_many_round_trips(void)
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

static int ipc_cap_transfer(void)
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

static int ipc_call_without_grant_stops(void)
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

static int ipc_nb_recv_empty(void)
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

static int ipc_notification(void)
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

static int ipc_set_priority_mcp(void)
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

static int ipc_scheduling_priorities(void)
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

static int fault_unknown_syscall(void)
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

static int fault_cap_fault(void)
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

static int fault_vm_fault(void)
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
static int tcb_resume_unconfigured(void)
{
    seL4_CPtr t = make(seL4_TCBObject, 0);
    CHECK_ERR(seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK_ERR(seL4_TCB_Resume(t), seL4_NoError);
    seL4_Yield();
    seL4_Yield();
    return 1;
}

static int tcb_configure_checks(void)
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
static int irq_control_get(void)
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
    CHECK_ERR(rt_invoke(IRQC, 49, 1, 5), seL4_IllegalOperation);
    return 1;
}

static int irq_handler_ops(void)
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
    /* one cap per line: no copies; a move keeps the line, a delete frees it */
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, h, DEPTH, seL4_AllRights), seL4_IllegalOperation);
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

static int bind_signal_wakes_endpoint_wait(void)
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

static int bind_errors(void)
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

static int sched_fpu_per_thread(void)
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

/* ---- HOSTILE ---- */
/*
 * A hostile thread makes random system calls and invocations (random cptrs, labels,
 * lengths, extra caps, message registers) on its own small CSpace, while a second thread
 * computes a checksum. We supervise: a fault (sent to an endpoint we drain) or a stall
 * (blocked in a receive) gets the hostile thread restarted. The kernel must not panic and
 * the checksum must come out right.
 */
#define HOSTILE_CALLS 200000
#define HOSTILE_FAULT_EP 7
static volatile uint64_t hostile_calls;
static volatile uint64_t checksum_rounds, checksum_value;
static uint8_t checksum_data[4096];

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

#define CHECKSUM_ROUNDS 200
static void checksum_thread(seL4_Word unused)
{
    (void)unused;
    uint64_t acc = 0xcbf29ce484222325ull;
    for (unsigned r = 0; r < CHECKSUM_ROUNDS; r++) {
        acc = checksum_once(acc);
        checksum_rounds = r + 1;
    }
    checksum_value = acc;
    for (;;)
        seL4_Yield();
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

static int hostile_random_calls(void)
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
    seL4_CPtr summer = start_thread(4, checksum_thread, 0, 100, 0);
    CHECK(summer, "no checksum thread");
    uint64_t want = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < sizeof(checksum_data); i++)
        checksum_data[i] = (uint8_t)(i * 7 + 3);
    for (unsigned r = 0; r < CHECKSUM_ROUNDS; r++)
        want = checksum_once(want);

    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100), seL4_NoError);
    uint64_t seed = 0x9e3779b97f4a7c15ull, last = 0, restarts = 0, faults = 0;
    unsigned stalls = 0;
    CHECK_ERR(rt_tcb_start(hostile, (seL4_Word)hostile_thread, (seL4_Word)&stacks[3][STACK_SIZE], seed,
                           (seL4_Word)buf),
              seL4_NoError);
    while (hostile_calls < HOSTILE_CALLS || checksum_rounds < CHECKSUM_ROUNDS) {
        seL4_Word badge = 0;
        seL4_NBRecv(fault_ep, &badge);
        int faulted = badge == 0xbad;
        faults += faulted;
        stalls = hostile_calls == last ? stalls + 1 : 0;
        last = hostile_calls;
        if ((faulted || stalls > 2) && hostile_calls < HOSTILE_CALLS) {
            seL4_TCB_Suspend(hostile);
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            rt_tcb_start(hostile, (seL4_Word)hostile_thread, (seL4_Word)&stacks[3][STACK_SIZE], seed,
                         (seL4_Word)buf);
            restarts++;
            stalls = 0;
        }
        if (hostile_calls >= HOSTILE_CALLS)
            seL4_TCB_Suspend(hostile);
        seL4_Yield();
    }
    seL4_TCB_Suspend(hostile);
    seL4_TCB_Suspend(summer);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    CHECK(checksum_value == want, "checksum 0x%lx, expected 0x%lx", checksum_value, want);
    char line[160];
    rt_snprintf(line, sizeof(line), "ktest: hostile: %lu calls, %lu faults, %lu restarts\n", (uint64_t)hostile_calls,
                faults, restarts);
    frame_log(line);
    return 1;
}

static void parked_thread(seL4_Word unused)
{
    (void)unused;
    for (;;)
        seL4_Yield();
}

static int tcb_read_registers(void)
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

static int tcb_tls_and_sched_params(void)
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

static int tcb_copy_registers(void)
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

static int fault_foreign_abi(void)
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

static int fault_cap_fault_receive_phase(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0), ep = make(seL4_EndpointObject, 0), wo = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, wo, DEPTH, ROOT, ep, DEPTH, seL4_CanWrite), seL4_NoError);
    recv_fault_cptr = wo;
    seL4_CPtr t = start_thread(2, recv_fault_thread, 0, 250, fault_ep);
    CHECK(t, "no thread");
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_CapFault && seL4_GetMR(seL4_CapFault_Addr) == wo &&
              seL4_GetMR(seL4_CapFault_InRecvPhase) == 1 &&
              seL4_GetMR(seL4_CapFault_LookupFailureType) == seL4_MissingCapability,
          "label %lu addr %lu recv %lu type %lu", seL4_MessageInfo_get_label(info), seL4_GetMR(1), seL4_GetMR(2),
          seL4_GetMR(3));
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

static volatile seL4_Word after_udf;
static void udf_thread(seL4_Word unused)
{
    (void)unused;
    __asm__ volatile("udf #0");
    after_udf = 1;
    for (;;)
        seL4_Yield();
}

static int fault_user_exception(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0);
    seL4_CPtr t = start_thread(2, udf_thread, 0, 250, fault_ep);
    CHECK(t, "no thread");
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_UserException &&
              seL4_MessageInfo_get_length(info) == seL4_UserException_Length,
          "label %lu length %lu", seL4_MessageInfo_get_label(info), seL4_MessageInfo_get_length(info));
    seL4_Word ip = seL4_GetMR(seL4_UserException_FaultIP);
    CHECK((seL4_GetMR(seL4_UserException_Number) >> 26) == 0, "ESR 0x%lx is not EC 0 (unknown)",
          seL4_GetMR(seL4_UserException_Number));
    /* resume past the udf */
    seL4_SetMR(seL4_UserException_FaultIP, ip + 4);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
    seL4_Yield();
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 250), seL4_NoError);
    seL4_Yield();
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK(after_udf == 1, "the thread did not resume after the udf");
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    return 1;
}

static void blocking_sender(seL4_Word ep)
{
    seL4_SetMR(0, 0x5151);
    seL4_Send(ep, seL4_MessageInfo_new(9, 0, 0, 1));
    for (;;)
        seL4_Recv(ep, 0); /* block: we outrank the test thread */
}

static int ipc_sender_waits_for_receiver(void)
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

/* ---- SYSCALL ---- */
static int syscall_nbsend_invalid_ignored(void)
{
    seL4_NBSend(0x1000, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(bi->empty.end - 1, seL4_MessageInfo_new(0, 0, 0, 0));
    return 1;
}

static int syscall_reply_without_caller(void)
{
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    return 1;
}

static int syscall_yield(void)
{
    for (int i = 0; i < 10; i++)
        seL4_Yield();
    return 1;
}

static const struct {
    const char *name;
    int (*run)(void);
} cases[] = {
    {"BOOTINFO0001 slot regions", bootinfo_regions},
    {"BOOTINFO0002 initial caps", bootinfo_initial_caps},
    {"BOOTINFO0003 untyped caps", bootinfo_untyped_caps},
    {"BOOTINFO0004 empty region is empty", bootinfo_empty_region_empty},
    {"CSPACE0001 guard mismatch", cspace_guard_mismatch},
    {"CSPACE0002 depth mismatch", cspace_depth_mismatch},
    {"CSPACE0003 depth out of range", cspace_depth_range},
    {"CSPACE0004 invalid root", cspace_invalid_root},
    {"CSPACE0005 invoke empty slot", cspace_invoke_empty_slot},
    {"CSPACE0006 two-level lookup", cspace_two_levels},
    {"RETYPE0001 each object type", retype_each_type},
    {"RETYPE0002 invalid type", retype_invalid_type},
    {"RETYPE0003 size checks", retype_size_checks},
    {"RETYPE0004 node window checks", retype_window_checks},
    {"RETYPE0005 occupied slot", retype_delete_first},
    {"RETYPE0006 free index and alignment", retype_free_index},
    {"RETYPE0007 fan out", retype_fan_out},
    {"RETYPE0008 device untyped", retype_device_kernel_object},
    {"RETYPE0009 into another cnode", retype_into_other_cnode},
    {"RETYPE0010 truncated message", retype_truncated},
    {"UNTYPED0001 unknown label", untyped_bad_label},
    {"CNODEOP0001 copy, delete first", cnodeop_copy_and_delete_first},
    {"CNODEOP0002 move", cnodeop_move},
    {"CNODEOP0003 delete", cnodeop_delete},
    {"CNODEOP0004 mint badges once", cnodeop_mint_badge_once},
    {"CNODEOP0005 mutate guard", cnodeop_mutate_guard},
    {"CNODEOP0006 rights", cnodeop_rights},
    {"CNODEOP0007 truncated, bad label", cnodeop_truncated_and_label},
    {"IPC0001 call reply-recv badge MR4+", ipc_call_reply_recv},
    {"IPC0002 1000 round trips", ipc_many_round_trips},
    {"IPC0003 NBRecv NBSend empty", ipc_nb_recv_empty},
    {"IPC0004 notification signal wait poll", ipc_notification},
    {"IPC0007 capability transfer, unwrapping, Grant", ipc_cap_transfer},
    {"IPC0008 write-only cap NBSend", ipc_call_without_grant_stops},
    {"IPC0005 set priority within MCP", ipc_set_priority_mcp},
    {"IPC0006 scheduling by priority", ipc_scheduling_priorities},
    {"FAULT0001 unknown syscall", fault_unknown_syscall},
    {"FAULT0002 cap fault", fault_cap_fault},
    {"FAULT0003 vm fault", fault_vm_fault},
    {"TCB0001 resume unconfigured thread", tcb_resume_unconfigured},
    {"TCB0002 configure checks", tcb_configure_checks},
    {"TCB0003 read registers", tcb_read_registers},
    {"FAULT0004 foreign ABI flag", fault_foreign_abi},
    {"FAULT0005 cap fault in the receive phase", fault_cap_fault_receive_phase},
    {"FAULT0006 user exception, resumed past it", fault_user_exception},
    {"IPC0009 queued sender meets a later receiver", ipc_sender_waits_for_receiver},
    {"TCB0004 TLS base, sched params", tcb_tls_and_sched_params},
    {"TCB0005 copy registers", tcb_copy_registers},
    {"CNODEOP0008 rotate", cnodeop_rotate},
    {"CNODEOP0009 cancel badged sends", cnodeop_cancel_badged_sends},
    {"SYSCALL0001 NBSend to invalid cap ignored", syscall_nbsend_invalid_ignored},
    {"SYSCALL0002 reply without caller", syscall_reply_without_caller},
    {"SYSCALL0003 yield", syscall_yield},
    {"IRQ0001 IRQControl_Get", irq_control_get},
    {"IRQ0002 IRQHandler operations", irq_handler_ops},
    {"BIND0001 signal ends an endpoint wait", bind_signal_wakes_endpoint_wait},
    {"BIND0002 bind errors", bind_errors},
    {"SCHED0001 FP/SIMD registers per thread", sched_fpu_per_thread},
    {"HOSTILE0001 random calls beside a checksum", hostile_random_calls},
};

static void find_untypeds(void)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->isDevice && !device_untyped)
            device_untyped = bi->untyped.start + i;
        if (!u->isDevice && u->sizeBits >= 20 && !ram_untyped)
            ram_untyped = bi->untyped.start + i;
    }
}

int main(const seL4_BootInfo *boot_info)
{
    bi = boot_info;
    __asm__ volatile("msr tpidr_el0, %0" : : "r"(bi->ipcBuffer));
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "ktest");
    next_free = bi->empty.start;
    find_untypeds();
    char line[200];
    unsigned n = sizeof(cases) / sizeof(cases[0]), passed = 0;
    rt_snprintf(line, sizeof(line), "ktest: %u cases\n", n);
    frame_log(line);
    for (unsigned i = 0; i < n; i++) {
        detail[0] = 0;
        int ok = cases[i].run();
        passed += ok != 0;
        rt_snprintf(line, sizeof(line), "ktest: %s %s%s%s\n", ok ? "PASS" : "FAIL", cases[i].name,
                    ok ? "" : ": ", ok ? "" : detail);
        frame_log(line);
    }
    rt_snprintf(line, sizeof(line), "ktest: %u passed, %u failed\n", passed, n - passed);
    frame_log(line);
    return 0;
}
