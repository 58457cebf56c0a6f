/* User address spaces: the ASID table and pools, page-table walks, TLB and cache maintenance. */
#pragma once

#include <arch/mmu.h>
#include <arch/pte.h>
#include <atoll/invocation.h>
#include <kernel/types.h>

/*
 * seL4's AArch64 scheme: a 16-bit ASID = pool (high 7 bits, an entry of the kernel's ASID
 * table) : index (low 9 bits, an entry of that pool). A pool is a 4 KiB object whose 512
 * entries hold the physical address of the VSpace (level-0 table) assigned that ASID, 0 if
 * free. ASID 0 is never assigned (seL4's asidInvalid). The ASID tags the thread's TLB
 * entries (TTBR0_EL1.ASID), so switching address spaces needs no TLB flush.
 */
#define ASID_POOL_ENTRIES BIT(seL4_ASIDPoolIndexBits)
#define ASID_POOLS BIT(seL4_NumASIDPoolsBits)
#define ASID_HIGH(asid) ((asid) >> seL4_ASIDPoolIndexBits)
#define ASID_LOW(asid) ((asid) & MASK(seL4_ASIDPoolIndexBits))

struct asid_pool {
    paddr_t vspace[ASID_POOL_ENTRIES];
};
_Static_assert(sizeof(struct asid_pool) == BIT(seL4_ASIDPoolBits), "an ASID pool is 4 KiB");

/* The kernel's ASID table: pool i serves ASIDs i*512 .. i*512+511 (boot CPU owns it). */
extern struct asid_pool *asid_table[ASID_POOLS];

/* The VSpace root assigned asid, or 0 if none (seL4's findVSpaceForASID). */
paddr_t asid_find_vspace(uint16_t asid);

/* seL4's lookupPTSlot: walk root's tables for va as far as they go; slot is the last
 * entry reached, bits_left the size in bits of what it maps (12, 21, 30 or 39). */
typedef struct {
    pte_t *slot;
    unsigned bits_left;
} pt_slot_ret_t;
pt_slot_ret_t vspace_lookup_slot(paddr_t root, vaddr_t va);

/* Remove the mapping of frame (2^size_bits) at va in asid, if it is still there. */
void vspace_unmap_frame(uint16_t asid, vaddr_t va, unsigned size_bits, paddr_t frame);
/* Remove the entry that points at table (a page table mapped for va) in asid, if present. */
void vspace_unmap_table(uint16_t asid, vaddr_t va, paddr_t table);
/* Forget asid's assignment to root (for the VSpace's deletion): later uses find nothing. */
void asid_unassign(uint16_t asid, paddr_t root);
/* The pool at pool serving base.. is deleted: its ASIDs' TLB entries go, the table forgets it. */
void asid_pool_remove(uint16_t base, paddr_t pool);

/* TLB entries of one page (any size) of asid, and of all of asid. */
void tlb_invalidate_page(uint16_t asid, vaddr_t va);
void tlb_invalidate_asid(uint16_t asid);

/* Data/instruction cache maintenance of physical [pa, pa+size) for the flush invocations
 * (labels ARMPageClean_Data... / ARMVSpaceClean_Data...); memory outside the kernel's linear
 * map (device frames, mapped uncached) holds nothing in the caches and is skipped. */
void cache_maintain(word_t label, paddr_t pa, word_t size);
/* Zero physical [pa, pa+size) (RAM in the linear map) and clean it to the point of coherency,
 * so that the zeroes are what an uncached mapping reads too (untyped reset, boot). */
void clear_memory(paddr_t pa, word_t size);
