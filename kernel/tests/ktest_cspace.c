/* Kernel test cases: BOOTINFO, CSPACE, RETYPE, UNTYPED, CNODEOP. */
#include "ktest.h"

/* ---- BOOTINFO ---- */
int bootinfo_regions(void)
{
    CHECK(bi->empty.start == bi->untyped.end, "empty starts at %lu, untyped ends at %lu", bi->empty.start,
          bi->untyped.end);
    CHECK(bi->empty.end == 4096, "empty ends at %lu", bi->empty.end);
    CHECK(bi->userImagePaging.start == seL4_NumInitialCaps, "paging from %lu", bi->userImagePaging.start);
    CHECK(bi->initThreadCNodeSizeBits == 12, "cnode size bits %lu", bi->initThreadCNodeSizeBits);
    return 1;
}

int bootinfo_initial_caps(void)
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

int bootinfo_untyped_caps(void)
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

int bootinfo_empty_region_empty(void)
{
    seL4_Error e = seL4_CNode_Copy(ROOT, bi->empty.end - 1, DEPTH, ROOT, bi->empty.end - 2, DEPTH, seL4_AllRights);
    CHECK_ERR(e, seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == seL4_MissingCapability, "MR0=%lu MR1=%lu", seL4_GetMR(0),
          seL4_GetMR(1));
    return 1;
}

int bootinfo_cap_identify(void)
{
    static const seL4_Word want[][2] = {{seL4_CapNull, 0},          {seL4_CapInitThreadTCB, 12},
                                        {seL4_CapInitThreadCNode, 10}, {seL4_CapInitThreadVSpace, 9},
                                        {seL4_CapIRQControl, 14},    {seL4_CapASIDControl, 11},
                                        {seL4_CapInitThreadASIDPool, 13}, {seL4_CapBootInfoFrame, 1},
                                        {seL4_CapInitThreadIPCBuffer, 1}, {seL4_CapDomain, 20}};
    for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        seL4_Word got = seL4_DebugCapIdentify(want[i][0]);
        CHECK(got == want[i][1], "slot %lu: tag %lu, expected %lu", want[i][0], got, want[i][1]);
    }
    CHECK(seL4_DebugCapIdentify(bi->untyped.start) == 2, "untyped tag");
    CHECK(seL4_DebugCapIdentify(bi->userImagePaging.start) == 3, "page table tag");
    CHECK(seL4_DebugCapIdentify(bi->empty.end - 1) == 0, "empty slot");
    CHECK(seL4_DebugCapIdentify(0x1000) == 0, "failed lookup");
    return 1;
}

/* ---- CSPACE ---- */
int cspace_guard_mismatch(void)
{
    seL4_Error e = seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, 0x1005, DEPTH, seL4_AllRights);
    CHECK_ERR(e, seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == seL4_GuardMismatch && seL4_GetMR(2) == 64 &&
              seL4_GetMR(3) == 0 && seL4_GetMR(4) == 52,
          "MRs %lu %lu %lu %lu %lu", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3), seL4_GetMR(4));
    return 1;
}

int cspace_depth_mismatch(void)
{
    seL4_Error e = seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, seL4_CapInitThreadTCB, 63, seL4_AllRights);
    CHECK_ERR(e, seL4_FailedLookup);
    CHECK(seL4_GetMR(1) == seL4_DepthMismatch && seL4_GetMR(2) == 63 && seL4_GetMR(3) == 64, "MRs %lu %lu %lu",
          seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3));
    return 1;
}

int cspace_depth_range(void)
{
    CHECK_ERR(seL4_CNode_Delete(ROOT, 5000, 0), seL4_RangeError);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == 64, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_CNode_Delete(ROOT, 5000, 65), seL4_RangeError);
    return 1;
}

int cspace_invalid_root(void)
{
    seL4_Error e = seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, seL4_CapInitThreadTCB, 1, DEPTH, seL4_AllRights);
    CHECK_ERR(e, seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == seL4_InvalidRoot, "MR0=%lu MR1=%lu", seL4_GetMR(0),
          seL4_GetMR(1));
    return 1;
}

int cspace_invoke_empty_slot(void)
{
    CHECK_ERR(rt_invoke(bi->empty.end - 1, 1, 0, 0), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    return 1;
}

/* Two levels: CNode X (radix 4) holds CNode Y (radix 4) in slot 1; (X, 0x12, 8) is Y[2]. */
int cspace_two_levels(void)
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
int retype_each_type(void)
{
    static const seL4_Word types[][2] = {{seL4_TCBObject, 0}, {seL4_EndpointObject, 0},
                                         {seL4_NotificationObject, 0}, {seL4_CapTableObject, 3},
                                         {seL4_UntypedObject, 12}};
    for (unsigned i = 0; i < 5; i++)
        CHECK(make(types[i][0], types[i][1]), "type %lu failed", types[i][0]);
    return 1;
}

int retype_invalid_type(void)
{
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, 100, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_InvalidArgument);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    return 1;
}

int retype_size_checks(void)
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

int retype_window_checks(void)
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

int retype_delete_first(void)
{
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, 0, 0, seL4_CapInitThreadTCB, 1),
              seL4_DeleteFirst);
    return 1;
}

/* Objects go at the free index aligned to their size; what does not fit is NotEnoughMemory. */
int retype_free_index(void)
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

int retype_fan_out(void)
{
    seL4_CPtr first = next_free;
    next_free += 16;
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_NotificationObject, 0, ROOT, 0, 0, first, 16), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, first + 15, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_NotificationObject, 0, ROOT, 0, 0, first + 14, 2),
              seL4_DeleteFirst);
    return 1;
}

int retype_device_kernel_object(void)
{
    CHECK(device_untyped, "no device untyped");
    CHECK_ERR(seL4_Untyped_Retype(device_untyped, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 1),
              seL4_InvalidArgument);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    return 1;
}

int retype_into_other_cnode(void)
{
    seL4_CPtr cn = make(seL4_CapTableObject, 2);
    CHECK(cn, "no cnode");
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, cn, DEPTH, 1, 3), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, cn, DEPTH, 0, 2), seL4_DeleteFirst);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, cn, DEPTH, 4, 1), seL4_RangeError);
    return 1;
}

int retype_truncated(void)
{
    seL4_SetCap(0, ROOT);
    CHECK_ERR(rt_invoke(ram_untyped, UntypedRetype, 1, 5), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(ram_untyped, UntypedRetype, 0, 6), seL4_TruncatedMessage);
    return 1;
}

int untyped_bad_label(void)
{
    CHECK_ERR(rt_invoke(ram_untyped, CNodeCopy, 0, 0), seL4_IllegalOperation);
    return 1;
}

/* ---- CNODEOP ---- */
int cnodeop_copy_and_delete_first(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), s = alloc_slot();
    CHECK(ep, "no endpoint");
    CHECK_ERR(seL4_CNode_Copy(ROOT, s, DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, s, DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_DeleteFirst);
    return 1;
}

int cnodeop_move(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), s = alloc_slot();
    CHECK_ERR(seL4_CNode_Move(ROOT, s, DEPTH, ROOT, ep, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Move(ROOT, alloc_slot(), DEPTH, ROOT, ep, DEPTH), seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == seL4_MissingCapability && seL4_GetMR(2) == 64, "MRs %lu %lu %lu",
          seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, s, DEPTH, seL4_AllRights), seL4_NoError);
    return 1;
}

int cnodeop_delete(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_Delete(ROOT, ep, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_FailedLookup);
    CHECK_ERR(seL4_CNode_Delete(ROOT, ep, DEPTH), seL4_NoError); /* deleting an empty slot is fine */
    return 1;
}

int cnodeop_mint_badge_once(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), a = alloc_slot();
    CHECK_ERR(seL4_CNode_Mint(ROOT, a, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 7), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, alloc_slot(), DEPTH, ROOT, a, DEPTH, seL4_AllRights, 8), seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Mutate(ROOT, alloc_slot(), DEPTH, ROOT, ep, DEPTH, 9), seL4_IllegalOperation);
    return 1;
}

int cnodeop_mutate_guard(void)
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

int cnodeop_rights(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), ro = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, ro, DEPTH, ROOT, ep, DEPTH, seL4_CanRead), seL4_NoError);
    CHECK_ERR(rt_invoke(ro, 0, 0, 0), seL4_InvalidCapability); /* Call needs Write */
    return 1;
}

int cnodeop_truncated_and_label(void)
{
    seL4_SetMR(0, alloc_slot());
    CHECK_ERR(rt_invoke(ROOT, CNodeDelete, 0, 1), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(ROOT, 99, 0, 2), seL4_IllegalOperation);
    CHECK_ERR(rt_cnode_op(CNodeCopy, ROOT, alloc_slot(), DEPTH, ROOT, 1, DEPTH, 0, 0, 4), seL4_TruncatedMessage);
    CHECK_ERR(rt_cnode_op(CNodeCopy, ROOT, alloc_slot(), DEPTH, ROOT, 1, DEPTH, 0, 0, 2), seL4_TruncatedMessage);
    return 1;
}

int cnodeop_rotate(void)
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

int cnodeop_cancel_badged_sends(void)
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

/* The extra bootinfo (seL4's manual, "Bootinfo"): chunks from 4 KiB after the bootinfo, each
 * behind a header; ours is the device tree (SEL4_BOOTINFO_HEADER_FDT), whole, in the frames of
 * extraBIPages. The untyped list also names device memory, and the image frames and paging
 * regions are not empty. */
int bootinfo_extra_chunks(void)
{
    CHECK(bi->extraLen >= sizeof(seL4_BootInfoHeader) + 40, "extraLen %lu", bi->extraLen);
    seL4_Word pages = bi->extraBIPages.end - bi->extraBIPages.start;
    CHECK(pages == (bi->extraLen + 4095) / 4096, "%lu extra pages for %lu bytes", pages, bi->extraLen);
    const uint8_t *extra = (const uint8_t *)bi + 4096;
    seL4_Word off = 0, fdt_chunks = 0;
    while (off + sizeof(seL4_BootInfoHeader) <= bi->extraLen) {
        const seL4_BootInfoHeader *h = (const seL4_BootInfoHeader *)(extra + off);
        CHECK(h->len >= sizeof(*h) && h->len <= bi->extraLen - off, "chunk at %lu: len %lu", off, h->len);
        if (h->id == SEL4_BOOTINFO_HEADER_FDT) {
            const uint8_t *fdt = (const uint8_t *)(h + 1);
            uint32_t magic = (uint32_t)fdt[0] << 24 | (uint32_t)fdt[1] << 16 | (uint32_t)fdt[2] << 8 | fdt[3];
            uint32_t size = (uint32_t)fdt[4] << 24 | (uint32_t)fdt[5] << 16 | (uint32_t)fdt[6] << 8 | fdt[7];
            CHECK(magic == 0xd00dfeed, "FDT magic 0x%x", magic);
            CHECK(size <= h->len - sizeof(*h), "FDT of %u bytes in a chunk of %lu", size, h->len);
            fdt_chunks++;
        }
        off += h->len;
    }
    CHECK(fdt_chunks == 1, "%lu FDT chunks", fdt_chunks);
    unsigned device = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        device += bi->untypedList[i].isDevice;
    CHECK(device > 0 && device < bi->untyped.end - bi->untyped.start, "%u device untypeds of %lu", device,
          bi->untyped.end - bi->untyped.start);
    CHECK(bi->userImageFrames.end > bi->userImageFrames.start && bi->userImagePaging.end > bi->userImagePaging.start,
          "image frames %lu..%lu, paging %lu..%lu", bi->userImageFrames.start, bi->userImageFrames.end,
          bi->userImagePaging.start, bi->userImagePaging.end);
    return 1;
}
