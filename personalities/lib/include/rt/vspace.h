/* Building address spaces from a root task: mapping frames with the page tables they need, sharing our text. */
#pragma once

#include <atoll/bootinfo.h>
#include <rt/sel4_ipc.h>

/* Where the helpers below get objects: an empty slot of the root CNode (cptr = slot), and a
 * new page table's cap; each returns 0 when there is none. */
struct rt_vspace_alloc {
    seL4_CPtr (*slot)(void);
    seL4_CPtr (*page_table)(void);
};

/* Map frame at va in vspace, making and mapping the page tables the walk lacks; the first
 * error other than a missing table's (seL4_NotEnoughMemory if no table could be made). */
seL4_Error rt_map_frame(const struct rt_vspace_alloc *a, seL4_CPtr vspace, seL4_CPtr frame, seL4_Word va,
                        seL4_Word rights, seL4_Word attr);

/* Map our text and rodata (the image below __data_start) read-only and executable at the
 * same addresses in vspace, through copies of bootinfo's userImageFrames caps, so a thread
 * there runs our code and sees none of our data. */
seL4_Error rt_share_text(const struct rt_vspace_alloc *a, const seL4_BootInfo *bi, seL4_CPtr vspace);
