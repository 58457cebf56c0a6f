/* Kernel test cases for memory management: VSPACE (ASIDs, page tables, frames, cache operations). */
#include "ktest_vspace.h"

#define LARGE_VA 0x40000000ul
#define HUGE_VA 0x8000000000ul

static seL4_CPtr new_page_table(void) { return make_from(big_untyped, seL4_ARM_PageTableObject, 0); }
const struct rt_vspace_alloc ktest_alloc = {alloc_slot, new_page_table};

seL4_Error map_frame(seL4_CPtr vspace, seL4_CPtr frame, seL4_Word va, seL4_Word rights, seL4_Word attr)
{
    return rt_map_frame(&ktest_alloc, vspace, frame, va, rights, attr);
}

seL4_CPtr new_vspace(void)
{
    seL4_CPtr vs = make_from(big_untyped, seL4_ARM_VSpaceObject, 0);
    if (!vs || seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs) != seL4_NoError)
        return 0;
    return vs;
}

seL4_CPtr new_mapped_frame(seL4_CPtr vspace, seL4_Word va, seL4_Word rights)
{
    seL4_CPtr f = make_from(big_untyped, seL4_ARM_SmallPageObject, 0);
    return f && map_frame(vspace, f, va, rights, ATTR) == seL4_NoError ? f : 0;
}

seL4_CPtr copy_cap(seL4_CPtr c, seL4_Word rights)
{
    seL4_CPtr s = alloc_slot();
    return seL4_CNode_Copy(ROOT, s, DEPTH, ROOT, c, DEPTH, rights) == seL4_NoError ? s : 0;
}

/* Physical address where the next 2^bits object of big_untyped will go. */
static seL4_Word next_paddr(seL4_Word bits)
{
    atoll_telemetry_read_untyped(seL4_CapDomain, big_untyped);
    seL4_Word free_index = seL4_GetMR(0), align = 1ul << bits;
    return bi->untypedList[big_untyped - bi->untyped.start].paddr + ((free_index + align - 1) & ~(align - 1));
}

/* Failed lookup in a destination (MR0 = 0) of the given type and, for a missing
 * capability, bits left (MR2). */
static int lookup_failed(seL4_Word type, seL4_Word bits_left)
{
    return seL4_GetMR(0) == 0 && seL4_GetMR(1) == type && (type != seL4_MissingCapability || seL4_GetMR(2) == bits_left);
}

/* A thread (with a fault handler) that reads, or jumps to, probe_va: how a mapping behaves
 * without risking the root task, which has no fault handler. */
static volatile seL4_Word probe_va, probe_exec;
static void probe(seL4_Word unused)
{
    (void)unused;
    if (probe_exec)
        ((void (*)(void))probe_va)();
    else
        (void)*(volatile uint32_t *)probe_va;
}

/* The fault status code of probe's read (exec: its jump) at va, or ~0 if it did not fault
 * there. */
static seL4_Word probe_fsc(seL4_Word va, int exec)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0);
    probe_va = va;
    probe_exec = (seL4_Word)exec;
    seL4_CPtr t = start_thread(3, probe, 0, 200, fault_ep);
    if (!t)
        return ~0ul;
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    seL4_TCB_Suspend(t);
    if (seL4_MessageInfo_get_label(info) != seL4_Fault_VMFault || seL4_GetMR(seL4_VMFault_Addr) != va ||
        seL4_GetMR(seL4_VMFault_PrefetchFault) != (seL4_Word)exec)
        return ~0ul;
    return seL4_GetMR(seL4_VMFault_FSR) & 0x3f;
}

int vspace_retype_types(void)
{
    seL4_CPtr small = make_from(big_untyped, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr large = make_from(big_untyped, seL4_ARM_LargePageObject, 0);
    seL4_CPtr pt = make_from(big_untyped, seL4_ARM_PageTableObject, 0);
    seL4_CPtr vs = make_from(big_untyped, seL4_ARM_VSpaceObject, 0);
    CHECK(small && large && pt && vs, "retype failed: %lu %lu %lu %lu", small, large, pt, vs);
    CHECK(seL4_DebugCapIdentify(small) == 1 && seL4_DebugCapIdentify(large) == 1, "frame tags");
    CHECK(seL4_DebugCapIdentify(pt) == 3 && seL4_DebugCapIdentify(vs) == 9, "page table / VSpace tags");
    /* device memory holds frames, never paging structures */
    CHECK(make_from(device_untyped, seL4_ARM_SmallPageObject, 0), "device frame");
    CHECK_ERR(seL4_Untyped_Retype(device_untyped, seL4_ARM_PageTableObject, 0, ROOT, 0, 0, alloc_slot(), 1),
              seL4_InvalidArgument);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_Untyped_Retype(device_untyped, seL4_ARM_VSpaceObject, 0, ROOT, 0, 0, alloc_slot(), 1),
              seL4_InvalidArgument);
    /* a fresh frame reads as zeros */
    CHECK_ERR(map_frame(seL4_CapInitThreadVSpace, small, ROOT_VA(0), RW, ATTR), seL4_NoError);
    const volatile seL4_Word *p = (const seL4_Word *)ROOT_VA(0);
    for (unsigned i = 0; i < 512; i++)
        CHECK(p[i] == 0, "word %u of a new frame is 0x%lx", i, p[i]);
    return 1;
}

int vspace_initial_caps(void)
{
    /* the bootinfo and IPC buffer frames are mapped where bootinfo says */
    seL4_ARM_Page_GetAddress_t a = seL4_ARM_Page_GetAddress(seL4_CapBootInfoFrame);
    CHECK(a.error == seL4_NoError && a.paddr != 0 && (a.paddr & 0xfff) == 0, "GetAddress %d 0x%lx", a.error, a.paddr);
    CHECK_ERR(seL4_ARM_Page_Map(seL4_CapInitThreadIPCBuffer, seL4_CapInitThreadVSpace, (seL4_Word)bi->ipcBuffer, RW,
                                ATTR),
              seL4_NoError);
    CHECK_ERR(seL4_ARM_Page_Map(seL4_CapInitThreadIPCBuffer, seL4_CapInitThreadVSpace, ROOT_VA(1), RW, ATTR),
              seL4_InvalidArgument);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    /* an image page's frame, and the image's page tables, are mapped already */
    CHECK_ERR(seL4_ARM_Page_Map(frame_cap_of((void *)IMAGE_BASE), seL4_CapInitThreadVSpace, ROOT_VA(1), RW, ATTR),
              seL4_InvalidArgument);
    CHECK(bi->userImagePaging.end - bi->userImagePaging.start == 3, "%lu image page tables",
          bi->userImagePaging.end - bi->userImagePaging.start);
    for (seL4_CPtr s = bi->userImagePaging.start; s < bi->userImagePaging.end; s++) {
        CHECK(seL4_DebugCapIdentify(s) == 3, "slot %lu is not a page table", s);
        CHECK_ERR(seL4_ARM_PageTable_Map(s, seL4_CapInitThreadVSpace, ROOT_VA(1), 0), seL4_InvalidCapability);
        CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    }
    /* the root VSpace has its ASID: assigning again is refused, flushing works */
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, seL4_CapInitThreadVSpace), seL4_InvalidCapability);
    CHECK_ERR(rt_cache_op(seL4_CapInitThreadVSpace, ARMVSpaceClean_Data, IMAGE_BASE, IMAGE_BASE + 64), seL4_NoError);
    /* a copy of a mapped frame cap is unmapped: it can go elsewhere */
    seL4_CPtr copy = copy_cap(seL4_CapBootInfoFrame, seL4_CanRead);
    CHECK(copy, "copy failed");
    CHECK_ERR(map_frame(seL4_CapInitThreadVSpace, copy, ROOT_VA(1), seL4_CanRead, ATTR), seL4_NoError);
    CHECK(((const seL4_BootInfo *)ROOT_VA(1))->untyped.start == bi->untyped.start, "the copy shows another page");
    return 1;
}

int vspace_make_pool(void)
{
    seL4_CPtr ut = make_untyped(seL4_ASIDPoolBits), pool = alloc_slot();
    CHECK(ut, "no untyped");
    CHECK_ERR(rt_invoke(seL4_CapASIDControl, ARMASIDPoolAssign, 0, 0), seL4_IllegalOperation);
    seL4_SetCap(0, ut);
    CHECK_ERR(rt_invoke(seL4_CapASIDControl, ARMASIDControlMakePool, 1, 2), seL4_TruncatedMessage);
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, make_untyped(13), ROOT, pool, DEPTH),
              seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, seL4_CapInitThreadTCB, ROOT, pool, DEPTH),
              seL4_InvalidCapability);
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, seL4_CapInitThreadTCB, DEPTH),
              seL4_DeleteFirst);
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, pool, 70), seL4_RangeError);
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, seL4_CapInitThreadTCB, pool, DEPTH),
              seL4_FailedLookup);
    /* an untyped something was carved from */
    seL4_CPtr used = make_untyped(seL4_ASIDPoolBits);
    CHECK(used && make_from(used, seL4_EndpointObject, 0), "no used untyped");
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, used, ROOT, pool, DEPTH), seL4_RevokeFirst);

    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, pool, DEPTH), seL4_NoError);
    CHECK(seL4_DebugCapIdentify(pool) == 13, "tag %lu", seL4_DebugCapIdentify(pool));
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, alloc_slot(), DEPTH), seL4_RevokeFirst);
    /* a VSpace from the new pool runs a thread like any other */
    seL4_CPtr vs = make_from(big_untyped, seL4_ARM_VSpaceObject, 0);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(pool, vs), seL4_NoError);
    CHECK_ERR(rt_cache_op(vs, ARMVSpaceClean_Data, 0x1000, 0x2000), seL4_NoError);
    extra_pool = pool;
    return 1;
}
seL4_CPtr extra_pool;

int vspace_assign(void)
{
    seL4_CPtr vs = make_from(big_untyped, seL4_ARM_VSpaceObject, 0), t = make(seL4_TCBObject, 0);
    CHECK(vs && t, "retype failed");
    CHECK_ERR(rt_invoke(seL4_CapInitThreadASIDPool, ARMASIDPoolAssign, 0, 0), seL4_TruncatedMessage);
    seL4_SetCap(0, vs);
    CHECK_ERR(rt_invoke(seL4_CapInitThreadASIDPool, ARMASIDControlMakePool, 1, 0), seL4_IllegalOperation);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, seL4_CapInitThreadTCB), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    /* without an ASID a VSpace is no thread's root, takes no mapping and cannot be copied */
    CHECK_ERR(seL4_TCB_Configure(t, 0, ROOT, 0, vs, 0, 0, 0), seL4_IllegalOperation);
    CHECK_ERR(seL4_ARM_Page_Map(make_from(big_untyped, seL4_ARM_SmallPageObject, 0), vs, ROOT_VA(2), RW, ATTR),
              seL4_InvalidCapability);
    CHECK_ERR(rt_cache_op(vs, ARMVSpaceClean_Data, 0x1000, 0x2000), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, vs, DEPTH, seL4_AllRights), seL4_IllegalOperation);

    CHECK_ERR(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs), seL4_NoError);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs), seL4_InvalidCapability);
    CHECK_ERR(seL4_TCB_Configure(t, 0, ROOT, 0, vs, 0, 0, 0), seL4_NoError);
    CHECK(copy_cap(vs, seL4_AllRights), "an assigned VSpace can be copied");
    /* a device frame cannot hold an IPC buffer */
    seL4_CPtr dev = make_from(device_untyped, seL4_ARM_SmallPageObject, 0);
    CHECK_ERR(seL4_TCB_Configure(t, 0, ROOT, 0, vs, 0, 0x10000, dev), seL4_IllegalOperation);
    return 1;
}

int vspace_page_table_ops(void)
{
    seL4_CPtr vs = new_vspace(), pt1 = make_from(big_untyped, seL4_ARM_PageTableObject, 0);
    seL4_CPtr pt2 = make_from(big_untyped, seL4_ARM_PageTableObject, 0);
    seL4_CPtr pt3 = make_from(big_untyped, seL4_ARM_PageTableObject, 0);
    seL4_CPtr pt4 = make_from(big_untyped, seL4_ARM_PageTableObject, 0);
    seL4_CPtr unassigned = make_from(big_untyped, seL4_ARM_VSpaceObject, 0);
    CHECK(vs && pt1 && pt2 && pt3 && pt4 && unassigned, "retype failed");
    CHECK_ERR(rt_invoke(pt1, ARMPageMap, 0, 0), seL4_IllegalOperation);
    seL4_SetCap(0, vs);
    CHECK_ERR(rt_invoke(pt1, ARMPageTableMap, 1, 1), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(pt1, ARMPageTableMap, 0, 2), seL4_TruncatedMessage);
    CHECK_ERR(seL4_ARM_PageTable_Map(pt1, seL4_CapInitThreadTCB, 0x1000000, 0), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_ARM_PageTable_Map(pt1, unassigned, 0x1000000, 0), seL4_InvalidCapability);
    CHECK_ERR(seL4_ARM_PageTable_Map(pt1, vs, 0x800000000000ul, 0), seL4_InvalidArgument);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_ARM_PageTable_Map(pt1, vs, 0xffffff8000000000ul, 0), seL4_InvalidArgument);
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, pt1, DEPTH, seL4_AllRights), seL4_IllegalOperation);

    /* levels 1, 2, 3 for 16 MiB, top-down; a fourth has nowhere to go */
    CHECK_ERR(seL4_ARM_PageTable_Map(pt1, vs, 0x1000000, 0), seL4_NoError);
    CHECK_ERR(seL4_ARM_PageTable_Map(pt1, vs, 0x1000000, 0), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_ARM_PageTable_Map(pt2, vs, 0x1000000, 0), seL4_NoError);
    CHECK_ERR(seL4_ARM_PageTable_Map(pt3, vs, 0x1000000, 0), seL4_NoError);
    CHECK_ERR(seL4_ARM_PageTable_Map(pt4, vs, 0x1000000, 0), seL4_DeleteFirst);
    seL4_CPtr f = make_from(big_untyped, seL4_ARM_SmallPageObject, 0);
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x1000000, RW, ATTR), seL4_NoError);
    /* unmapping the level-3 table takes the frame's mapping with it; the table maps again */
    CHECK_ERR(seL4_ARM_PageTable_Unmap(pt3), seL4_NoError);
    CHECK_ERR(rt_cache_op(f, ARMPageClean_Data, 0, 64), seL4_InvalidCapability);
    CHECK_ERR(seL4_ARM_PageTable_Unmap(pt3), seL4_NoError);
    CHECK_ERR(seL4_ARM_PageTable_Map(pt3, vs, 0x1200000, 0), seL4_NoError);
    CHECK_ERR(seL4_ARM_Page_Unmap(f), seL4_NoError);
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x1200000, RW, ATTR), seL4_NoError);
    CHECK_ERR(rt_cache_op(f, ARMPageClean_Data, 0, 64), seL4_NoError);
    return 1;
}

int vspace_page_map_errors(void)
{
    seL4_CPtr vs = new_vspace(), other = new_vspace(), unassigned = make_from(big_untyped, seL4_ARM_VSpaceObject, 0);
    seL4_CPtr f = make_from(big_untyped, seL4_ARM_SmallPageObject, 0);
    seL4_CPtr large = make_from(big_untyped, seL4_ARM_LargePageObject, 0);
    CHECK(vs && other && unassigned && f && large, "retype failed");
    seL4_SetCap(0, vs);
    CHECK_ERR(rt_invoke(f, ARMPageMap, 1, 2), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(f, ARMPageMap, 0, 3), seL4_TruncatedMessage);
    CHECK_ERR(rt_invoke(f, ARMPageTableMap, 1, 3), seL4_IllegalOperation);
    CHECK_ERR(seL4_ARM_Page_Map(f, seL4_CapInitThreadCNode, 0x1000, RW, ATTR), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_ARM_Page_Map(f, unassigned, 0x1000, RW, ATTR), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x1800, RW, ATTR), seL4_AlignmentError);
    CHECK_ERR(seL4_ARM_Page_Map(large, vs, 0x201000, RW, ATTR), seL4_AlignmentError);
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0xffffffffc0000000ul, RW, ATTR), seL4_InvalidArgument);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x800000000000ul, RW, ATTR), seL4_InvalidArgument);
    CHECK_ERR(seL4_ARM_Page_Map(large, vs, 0x7fffffe00000ul, RW, ATTR), seL4_FailedLookup); /* the last 2 MiB fits */
    /* no tables yet: the walk stops at level 0, with 39 bits left; then at each level below */
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x1000, RW, ATTR), seL4_FailedLookup);
    CHECK(lookup_failed(seL4_MissingCapability, 39), "MRs %lu %lu %lu", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));
    CHECK_ERR(seL4_ARM_PageTable_Map(make_from(big_untyped, seL4_ARM_PageTableObject, 0), vs, 0x1000, 0), seL4_NoError);
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x1000, RW, ATTR), seL4_FailedLookup);
    CHECK(lookup_failed(seL4_MissingCapability, 30), "MRs %lu %lu %lu", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));
    CHECK_ERR(seL4_ARM_PageTable_Map(make_from(big_untyped, seL4_ARM_PageTableObject, 0), vs, 0x1000, 0), seL4_NoError);
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x1000, RW, ATTR), seL4_FailedLookup);
    CHECK(lookup_failed(seL4_MissingCapability, 21), "MRs %lu %lu %lu", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));
    /* a large page fits here, but then a 4 KiB page finds its block where a table should be */
    CHECK_ERR(seL4_ARM_Page_Map(large, vs, 0, RW, ATTR), seL4_NoError);
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x1000, RW, ATTR), seL4_FailedLookup);
    CHECK(lookup_failed(seL4_MissingCapability, 21), "MRs %lu %lu %lu", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));
    CHECK_ERR(seL4_ARM_PageTable_Map(make_from(big_untyped, seL4_ARM_PageTableObject, 0), vs, 0x1000, 0),
              seL4_DeleteFirst);
    /* a mapped frame is remapped only in place: not in another VSpace, not at another address */
    CHECK_ERR(map_frame(vs, f, 0x40000000, RW, ATTR), seL4_NoError);
    CHECK_ERR(map_frame(other, f, 0x40000000, RW, ATTR), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x40001000, RW, ATTR), seL4_InvalidArgument);
    CHECK_ERR(seL4_ARM_Page_Map(f, vs, 0x40000000, seL4_CanRead, ATTR | seL4_ARM_ExecuteNever), seL4_NoError);
    return 1;
}

int vspace_page_map_unmap(void)
{
    seL4_Word expect = next_paddr(seL4_PageBits);
    seL4_CPtr f = make_from(big_untyped, seL4_ARM_SmallPageObject, 0);
    seL4_ARM_Page_GetAddress_t a = seL4_ARM_Page_GetAddress(f);
    CHECK(a.error == seL4_NoError && a.paddr == expect, "GetAddress %d 0x%lx, expected 0x%lx", a.error, a.paddr,
          expect);
    CHECK_ERR(rt_invoke(f, ARMPageGetAddress, 0, 0), seL4_NoError);
    CHECK_ERR(map_frame(seL4_CapInitThreadVSpace, f, ROOT_VA(3), RW, ATTR), seL4_NoError);
    volatile seL4_Word *p = (seL4_Word *)ROOT_VA(3);
    p[7] = 0x5eed;
    CHECK(p[7] == 0x5eed, "read back 0x%lx", p[7]);
    /* remap by rights: read-only refuses Invalidate (it would discard unwritable data) */
    CHECK_ERR(seL4_ARM_Page_Map(f, seL4_CapInitThreadVSpace, ROOT_VA(3), seL4_CanRead, ATTR), seL4_NoError);
    CHECK_ERR(rt_cache_op(f, ARMPageInvalidate_Data, 0, 64), seL4_IllegalOperation);
    CHECK(p[7] == 0x5eed, "read-only read 0x%lx", p[7]);
    CHECK_ERR(seL4_ARM_Page_Map(f, seL4_CapInitThreadVSpace, ROOT_VA(3), RW, ATTR), seL4_NoError);
    CHECK_ERR(rt_cache_op(f, ARMPageCleanInvalidate_Data, 0, 4096), seL4_NoError);
    CHECK_ERR(rt_cache_op(f, ARMPageInvalidate_Data, 0, 64), seL4_NoError);
    /* unmap, twice (the second does nothing), and map again elsewhere: same contents */
    CHECK_ERR(seL4_ARM_Page_Unmap(f), seL4_NoError);
    CHECK_ERR(seL4_ARM_Page_Unmap(f), seL4_NoError);
    CHECK_ERR(rt_cache_op(f, ARMPageClean_Data, 0, 64), seL4_IllegalOperation);
    CHECK_ERR(map_frame(seL4_CapInitThreadVSpace, f, ROOT_VA(3) + 0x1000, RW, ATTR), seL4_NoError);
    CHECK(((volatile seL4_Word *)(ROOT_VA(3) + 0x1000))[7] == 0x5eed, "contents lost");
    CHECK_ERR(rt_invoke(f, ARMPageTableUnmap, 0, 0), seL4_IllegalOperation);
    return 1;
}

int vspace_page_cache_ops(void)
{
    seL4_CPtr f = new_mapped_frame(seL4_CapInitThreadVSpace, ROOT_VA(4), RW);
    CHECK(f, "no frame");
    static const seL4_Word ops[] = {ARMPageClean_Data, ARMPageInvalidate_Data, ARMPageCleanInvalidate_Data,
                                    ARMPageUnify_Instruction};
    for (unsigned i = 0; i < 4; i++) {
        CHECK_ERR(rt_cache_op(f, ops[i], 0, 4096), seL4_NoError);
        CHECK_ERR(rt_cache_op(f, ops[i], 100, 101), seL4_NoError);
        CHECK_ERR(rt_cache_op(f, ops[i], 64, 64), seL4_InvalidArgument);
        CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
        CHECK_ERR(rt_cache_op(f, ops[i], 0, 4097), seL4_InvalidArgument);
        CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
        CHECK_ERR(rt_cache_op(f, ops[i], 4096, 4100), seL4_InvalidArgument);
        CHECK_ERR(rt_invoke(f, ops[i], 0, 1), seL4_TruncatedMessage);
    }
    /* a device frame is mapped uncached: its cache operations have nothing to do */
    seL4_CPtr dev = make_from(device_untyped, seL4_ARM_SmallPageObject, 0);
    CHECK_ERR(seL4_ARM_Page_Map(dev, seL4_CapInitThreadVSpace, ROOT_VA(4) + 0x1000, RW, ATTR), seL4_NoError);
    CHECK_ERR(rt_cache_op(dev, ARMPageCleanInvalidate_Data, 0, 4096), seL4_NoError);
    return 1;
}

int vspace_vspace_cache_ops(void)
{
    seL4_CPtr vs = seL4_CapInitThreadVSpace;
    seL4_CPtr f = new_mapped_frame(vs, ROOT_VA(5), RW);
    CHECK(f, "no frame");
    static const seL4_Word ops[] = {ARMVSpaceClean_Data, ARMVSpaceInvalidate_Data, ARMVSpaceCleanInvalidate_Data,
                                    ARMVSpaceUnify_Instruction};
    for (unsigned i = 0; i < 4; i++) {
        CHECK_ERR(rt_cache_op(vs, ops[i], ROOT_VA(5), ROOT_VA(5) + 4096), seL4_NoError);
        CHECK_ERR(rt_cache_op(vs, ops[i], ROOT_VA(5) + 8, ROOT_VA(5)), seL4_InvalidArgument);
        CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
        CHECK_ERR(rt_cache_op(vs, ops[i], 0x1000, 0x800000000000ul), seL4_IllegalOperation);
        CHECK_ERR(rt_invoke(vs, ops[i], 0, 1), seL4_TruncatedMessage);
        /* a range starting on no page does nothing */
        CHECK_ERR(rt_cache_op(vs, ops[i], ROOT_VA(5) + 0x10000, ROOT_VA(5) + 0x10100), seL4_NoError);
        CHECK_ERR(rt_cache_op(vs, ops[i], ROOT_VA(5) + 4000, ROOT_VA(5) + 4200), seL4_RangeError);
        CHECK(seL4_GetMR(0) == ROOT_VA(5) + 4000 && seL4_GetMR(1) == ROOT_VA(5) + 4095, "RangeError %lx..%lx",
              seL4_GetMR(0), seL4_GetMR(1));
    }
    /* the image's text is read-only: no Invalidate there */
    CHECK_ERR(rt_cache_op(vs, ARMVSpaceInvalidate_Data, IMAGE_BASE, IMAGE_BASE + 64), seL4_IllegalOperation);
    CHECK_ERR(rt_invoke(vs, ARMPageMap, 0, 0), seL4_IllegalOperation);
    return 1;
}

/* Code written through one mapping of a frame runs through another (read-execute) mapping
 * of the same frame once Unify_Instruction has made the caches agree. */
int vspace_shared_code(void)
{
    seL4_CPtr f = new_mapped_frame(seL4_CapInitThreadVSpace, ROOT_VA(6), RW), x = copy_cap(f, seL4_CanRead);
    CHECK(f && x, "no frame");
    CHECK_ERR(seL4_ARM_Page_Map(x, seL4_CapInitThreadVSpace, ROOT_VA(6) + 0x1000, seL4_CanRead, ATTR), seL4_NoError);
    volatile uint32_t *code = (uint32_t *)ROOT_VA(6);
    seL4_Word (*fn)(void) = (seL4_Word(*)(void))(ROOT_VA(6) + 0x1000);
    for (uint32_t n = 42; n < 45; n++) {
        code[0] = 0xd2800000u | (n << 5); /* movz x0, #n */
        code[1] = 0xd65f03c0u;            /* ret */
        CHECK_ERR(rt_cache_op(f, ARMPageUnify_Instruction, 0, 8), seL4_NoError);
        CHECK_ERR(rt_cache_op(seL4_CapInitThreadVSpace, ARMVSpaceUnify_Instruction, ROOT_VA(6) + 0x1000,
                              ROOT_VA(6) + 0x1008),
                  seL4_NoError);
        seL4_Word got = fn();
        CHECK(got == n, "the code returned %lu, expected %u", got, n);
    }
    /* mapped execute-never, the same code cannot be fetched (a permission fault) */
    seL4_CPtr xn = copy_cap(f, seL4_CanRead);
    CHECK_ERR(seL4_ARM_Page_Map(xn, seL4_CapInitThreadVSpace, ROOT_VA(6) + 0x2000, seL4_CanRead,
                                ATTR | seL4_ARM_ExecuteNever),
              seL4_NoError);
    seL4_Word fsc = probe_fsc(ROOT_VA(6) + 0x2000, 1);
    CHECK(fsc >= 0x0c && fsc <= 0x0f, "jump to an execute-never page: FSC 0x%lx", fsc);
    /* and mapped uncached, the data is the same */
    seL4_CPtr nc = copy_cap(f, RW);
    CHECK_ERR(seL4_ARM_Page_Map(nc, seL4_CapInitThreadVSpace, ROOT_VA(6) + 0x3000, RW,
                                seL4_ARM_Default_VMAttributes & ~seL4_ARM_PageCacheable),
              seL4_NoError);
    CHECK_ERR(rt_cache_op(f, ARMPageClean_Data, 0, 8), seL4_NoError);
    CHECK(((volatile uint32_t *)(ROOT_VA(6) + 0x3000))[1] == 0xd65f03c0u, "uncached view differs");
    return 1;
}

int vspace_large_page(void)
{
    seL4_Word expect = next_paddr(seL4_LargePageBits);
    seL4_CPtr large = make_from(big_untyped, seL4_ARM_LargePageObject, 0);
    CHECK(large, "no large page");
    seL4_ARM_Page_GetAddress_t a = seL4_ARM_Page_GetAddress(large);
    CHECK(a.paddr == expect && (a.paddr & 0x1fffff) == 0, "paddr 0x%lx expected 0x%lx", a.paddr, expect);
    CHECK_ERR(map_frame(seL4_CapInitThreadVSpace, large, LARGE_VA, RW, ATTR), seL4_NoError);
    volatile seL4_Word *p = (seL4_Word *)LARGE_VA;
    for (seL4_Word off = 0; off < (1ul << 21) / 8; off += 4096 / 8)
        p[off] = off;
    for (seL4_Word off = 0; off < (1ul << 21) / 8; off += 4096 / 8)
        CHECK(p[off] == off, "word %lu reads 0x%lx", off, p[off]);
    /* a 2 MiB block sits where a level-3 table would */
    CHECK_ERR(seL4_ARM_Page_Map(make_from(big_untyped, seL4_ARM_SmallPageObject, 0), seL4_CapInitThreadVSpace,
                                LARGE_VA + 0x1000, RW, ATTR),
              seL4_FailedLookup);
    CHECK(lookup_failed(seL4_MissingCapability, 21), "MRs %lu %lu %lu", seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2));
    CHECK_ERR(rt_cache_op(large, ARMPageCleanInvalidate_Data, 0, 1ul << 21), seL4_NoError);
    CHECK_ERR(rt_cache_op(seL4_CapInitThreadVSpace, ARMVSpaceClean_Data, LARGE_VA + 0x1ff000, LARGE_VA + 0x200000),
              seL4_NoError);
    CHECK_ERR(rt_cache_op(seL4_CapInitThreadVSpace, ARMVSpaceClean_Data, LARGE_VA + 0x1ff000, LARGE_VA + 0x200001),
              seL4_RangeError);
    CHECK(seL4_GetMR(1) == LARGE_VA + 0x1fffff, "RangeError max 0x%lx", seL4_GetMR(1));
    return 1;
}

/* The 1 GiB page: device memory where QEMU virt has nothing (every untyped lost its first
 * 16 bytes to BOOTINFO0003, so the huge page is the second GiB of a big device untyped). A
 * read through the mapping reaches the bus and comes back as a synchronous external abort
 * (FSC 0x10), where an unmapped address gives a translation fault (FSC 0x04-0x07): the
 * translation worked. The reads run in a thread with a fault handler. */
int vspace_huge_page(void)
{
    seL4_CPtr ut = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start && !ut; i++)
        if (bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 32)
            ut = bi->untyped.start + i;
    CHECK(ut, "no device untyped of 4 GiB");
    seL4_CPtr huge = make_from(ut, seL4_ARM_HugePageObject, 0);
    CHECK(huge, "no huge page");
    seL4_Word pa = seL4_ARM_Page_GetAddress(huge).paddr;
    CHECK((pa & ((1ul << 30) - 1)) == 0, "paddr 0x%lx", pa);
    CHECK_ERR(map_frame(seL4_CapInitThreadVSpace, huge, HUGE_VA + 0x200000, RW, ATTR), seL4_AlignmentError);
    CHECK_ERR(map_frame(seL4_CapInitThreadVSpace, huge, HUGE_VA, RW, ATTR), seL4_NoError);
    seL4_Word inside = probe_fsc(HUGE_VA + 0x3ffff000, 0), outside = probe_fsc(HUGE_VA + (1ul << 30), 0);
    CHECK(inside == 0x10, "read inside the page: FSC 0x%lx", inside);
    CHECK(outside >= 0x04 && outside <= 0x07, "read past the page: FSC 0x%lx", outside);
    return 1;
}

/* Fill a pool (511 ASIDs: 0 is never handed out, so pool 0 holds 511) and the ASID table (128 pools). */
int vspace_pool_full(void)
{
    CHECK(extra_pool, "VSPACE0003 made no pool");
    seL4_CPtr keep = make(seL4_CapTableObject, 9), slot = alloc_slot();
    CHECK(keep, "no CNode");
    unsigned n;
    for (n = 0; n < 512; n++) {
        CHECK_ERR(seL4_Untyped_Retype(big_untyped, seL4_ARM_VSpaceObject, 0, ROOT, 0, 0, slot, 1), seL4_NoError);
        seL4_Error e = seL4_ARM_ASIDPool_Assign(extra_pool, slot);
        if (e == seL4_DeleteFirst)
            break;
        CHECK_ERR(e, seL4_NoError);
        CHECK_ERR(seL4_CNode_Move(keep, n, 9, ROOT, slot, DEPTH), seL4_NoError);
    }
    CHECK(n == 511, "the pool took %u VSpaces (one was assigned before)", n);
    CHECK_ERR(seL4_CNode_Delete(ROOT, slot, DEPTH), seL4_NoError);
    return 1;
}

int vspace_asid_table_full(void)
{
    seL4_CPtr keep = make(seL4_CapTableObject, 7), ut = alloc_slot();
    CHECK(keep, "no CNode");
    unsigned n;
    for (n = 0; n < 128; n++) {
        CHECK_ERR(seL4_Untyped_Retype(big_untyped, seL4_UntypedObject, seL4_ASIDPoolBits, ROOT, 0, 0, ut, 1),
                  seL4_NoError);
        seL4_Error e = seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, keep, n, 7);
        CHECK_ERR(seL4_CNode_Delete(ROOT, ut, DEPTH), seL4_NoError);
        if (e == seL4_DeleteFirst)
            break;
        CHECK_ERR(e, seL4_NoError);
    }
    CHECK(n == 126, "made %u pools besides the root task's and VSPACE0003's", n);
    return 1;
}

/* Deleting caps undoes what they did: a mapped frame cap's mapping, the last cap of a mapped
 * page table, of a VSpace (its ASID) and of a pool (its ASIDs). */
int vspace_delete_undoes(void)
{
    seL4_CPtr f = new_mapped_frame(seL4_CapInitThreadVSpace, ROOT_VA(10), RW);
    CHECK(f, "no frame");
    *(volatile seL4_Word *)ROOT_VA(10) = 1;
    CHECK_ERR(seL4_CNode_Delete(ROOT, f, DEPTH), seL4_NoError);
    seL4_Word fsc = probe_fsc(ROOT_VA(10), 0);
    CHECK(fsc >= 0x04 && fsc <= 0x07, "read after delete: FSC 0x%lx", fsc);

    /* a page table with two caps is unmapped only through the last */
    seL4_CPtr vs = new_vspace(), g = new_mapped_frame(vs, 0x1000, RW);
    seL4_CPtr pt = make_from(big_untyped, seL4_ARM_PageTableObject, 0);
    CHECK(vs && g && pt, "retype failed");
    CHECK_ERR(seL4_ARM_PageTable_Map(pt, vs, 0x8000000000ul, 0), seL4_NoError);
    seL4_CPtr pt2 = copy_cap(pt, seL4_AllRights);
    CHECK(pt2, "a mapped page table cap copies");
    CHECK_ERR(seL4_ARM_PageTable_Unmap(pt), seL4_RevokeFirst);
    CHECK_ERR(seL4_CNode_Delete(ROOT, pt2, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_ARM_PageTable_Unmap(pt), seL4_NoError);

    /* the VSpace's last cap takes its ASID: the frame mapped in it finds none */
    seL4_CPtr vs2 = copy_cap(vs, seL4_AllRights);
    CHECK_ERR(seL4_CNode_Delete(ROOT, vs, DEPTH), seL4_NoError);
    CHECK_ERR(rt_cache_op(g, ARMPageClean_Data, 0, 64), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, vs2, DEPTH), seL4_NoError);
    CHECK_ERR(rt_cache_op(g, ARMPageClean_Data, 0, 64), seL4_FailedLookup);
    CHECK(lookup_failed(seL4_InvalidRoot, 0), "MRs %lu %lu", seL4_GetMR(0), seL4_GetMR(1));

    /* a pool's last cap takes every ASID it served */
    seL4_CPtr pool = alloc_slot();
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, make_untyped(seL4_ASIDPoolBits), ROOT, pool, DEPTH),
              seL4_NoError);
    seL4_CPtr vs3 = make_from(big_untyped, seL4_ARM_VSpaceObject, 0);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(pool, vs3), seL4_NoError);
    seL4_CPtr h = new_mapped_frame(vs3, 0x1000, RW);
    CHECK(h, "no frame in the pool's VSpace");
    CHECK_ERR(rt_cache_op(h, ARMPageClean_Data, 0, 64), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, pool, DEPTH), seL4_NoError);
    CHECK_ERR(rt_cache_op(h, ARMPageClean_Data, 0, 64), seL4_FailedLookup);
    CHECK_ERR(seL4_ARM_Page_Map(make_from(big_untyped, seL4_ARM_SmallPageObject, 0), vs3, 0x2000, RW, ATTR),
              seL4_FailedLookup);
    CHECK(lookup_failed(seL4_InvalidRoot, 0), "MRs %lu %lu", seL4_GetMR(0), seL4_GetMR(1));
    CHECK_ERR(seL4_ARM_PageTable_Map(make_from(big_untyped, seL4_ARM_PageTableObject, 0), vs3, 0x2000, 0),
              seL4_FailedLookup);
    CHECK_ERR(rt_cache_op(vs3, ARMVSpaceClean_Data, 0x1000, 0x1040), seL4_FailedLookup);
    /* a new pool takes the freed table entry: vs3's ASID now names another VSpace */
    CHECK_ERR(seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, make_untyped(seL4_ASIDPoolBits), ROOT, pool, DEPTH),
              seL4_NoError);
    seL4_CPtr vs4 = make_from(big_untyped, seL4_ARM_VSpaceObject, 0);
    CHECK_ERR(seL4_ARM_ASIDPool_Assign(pool, vs4), seL4_NoError);
    CHECK_ERR(seL4_ARM_Page_Map(make_from(big_untyped, seL4_ARM_SmallPageObject, 0), vs3, 0x2000, RW, ATTR),
              seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 1, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_ARM_PageTable_Map(make_from(big_untyped, seL4_ARM_PageTableObject, 0), vs3, 0x2000, 0),
              seL4_InvalidCapability);
    CHECK_ERR(rt_cache_op(vs3, ARMVSpaceClean_Data, 0x1000, 0x1040), seL4_InvalidCapability);
    CHECK(seL4_GetMR(0) == 0, "MR0=%lu", seL4_GetMR(0));
    CHECK_ERR(seL4_CNode_Delete(ROOT, pool, DEPTH), seL4_NoError); /* VSPACE0014 counts the free entries */
    return 1;
}
