/* Kernel page tables built by mmu_early.c and extended by mmu.c (arch-private). */
#pragma once

#include <arch/pte.h>
#include <kernel/types.h>

#define LINEAR_L2_TABLES 8 /* partial-GiB pieces of RAM the linear map can describe */

extern pte_t kpt_l1[PTES_PER_TABLE];
extern pte_t kpt_l2_dev[PTES_PER_TABLE];
extern pte_t kpt_l3_dev[PTES_PER_TABLE];
extern pte_t user_empty_l0[PTES_PER_TABLE];
extern struct phys_range linear_ranges[];
extern unsigned linear_range_count;
