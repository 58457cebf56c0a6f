/* Kernel test cases for memory management (VSPACE, PAGEFAULT) and the helpers they share. */
#pragma once

#include "ktest.h"
#include <rt/vspace.h>

/* Addresses in the root task's VSpace that its image leaves free: one 2 MiB region (so its
 * own level-3 table) per use. VSPACE0011 uses 1 GiB at LARGE_VA, VSPACE0012 512 GiB up. */
#define ROOT_VA(n) (0x10000000ul + (n) * 0x200000ul)
#define RW (seL4_CanRead | seL4_CanWrite)
#define ATTR seL4_ARM_Default_VMAttributes

/* Slots from alloc_slot, page tables from big_untyped. */
extern const struct rt_vspace_alloc ktest_alloc;
/* rt_map_frame with ktest_alloc. */
seL4_Error map_frame(seL4_CPtr vspace, seL4_CPtr frame, seL4_Word va, seL4_Word rights, seL4_Word attr);
/* A new VSpace with an ASID from the root task's pool; 0 on failure. */
seL4_CPtr new_vspace(void);
/* A new 4 KiB frame mapped at va with rights (default attributes); 0 on failure. */
seL4_CPtr new_mapped_frame(seL4_CPtr vspace, seL4_Word va, seL4_Word rights);
/* A copy of cap c in a new slot with rights masked; 0 on failure. */
seL4_CPtr copy_cap(seL4_CPtr c, seL4_Word rights);
/* The pool VSPACE0003 made (VSPACE0013 fills it). */
extern seL4_CPtr extra_pool;

int vspace_retype_types(void);
int vspace_initial_caps(void);
int vspace_make_pool(void);
int vspace_assign(void);
int vspace_page_table_ops(void);
int vspace_page_map_errors(void);
int vspace_page_map_unmap(void);
int vspace_page_cache_ops(void);
int vspace_vspace_cache_ops(void);
int vspace_shared_code(void);
int vspace_large_page(void);
int vspace_huge_page(void);
int vspace_delete_undoes(void);
int vspace_pool_full(void);
int vspace_asid_table_full(void);
int pagefault_own_vspace(void);
int pagefault_isolation(void);
int pagefault_map_and_resume(void);
int pagefault_prefetch(void);
int pagefault_rights(void);
int pagefault_unmap_flushes_tlb(void);
int pagefault_vspace_deleted(void);
int pagefault_vspace_in_tcb(void);
int retype_clear_preempted(void);
