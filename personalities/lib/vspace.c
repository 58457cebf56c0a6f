/* Building address spaces from a root task: rt_map_frame, rt_share_text (rt/vspace.h). */
#include <rt/vspace.h>

extern char __image_start[], __data_start[]; /* lib/user.ld */

seL4_Error rt_map_frame(const struct rt_vspace_alloc *a, seL4_CPtr vspace, seL4_CPtr frame, seL4_Word va,
                        seL4_Word rights, seL4_Word attr)
{
    /* each FailedLookup means one more level is missing; there are at most three */
    for (unsigned level = 0; level < 4; level++) {
        seL4_Error e = seL4_ARM_Page_Map(frame, vspace, va, rights, attr);
        if (e != seL4_FailedLookup)
            return e;
        seL4_CPtr pt = a->page_table();
        if (!pt)
            return seL4_NotEnoughMemory;
        e = seL4_ARM_PageTable_Map(pt, vspace, va, 0);
        if (e != seL4_NoError)
            return e;
    }
    return seL4_FailedLookup;
}

seL4_Error rt_share_text(const struct rt_vspace_alloc *a, const seL4_BootInfo *bi, seL4_CPtr vspace)
{
    seL4_Word first = (seL4_Word)__image_start;
    for (seL4_Word va = first; va < (seL4_Word)__data_start; va += seL4_PageSize) {
        seL4_CPtr copy = a->slot();
        if (!copy)
            return seL4_NotEnoughMemory;
        seL4_CPtr frame = bi->userImageFrames.start + ((va - first) >> seL4_PageBits);
        seL4_Error e = seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, seL4_CapInitThreadCNode, frame,
                                       seL4_WordBits, seL4_CanRead);
        if (e == seL4_NoError)
            e = rt_map_frame(a, vspace, copy, va, seL4_CanRead, seL4_ARM_Default_VMAttributes);
        if (e != seL4_NoError)
            return e;
    }
    return seL4_NoError;
}
