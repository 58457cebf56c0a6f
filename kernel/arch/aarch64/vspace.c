/* User address spaces: ASID lookup, table walks, unmapping, activation, TLB and cache maintenance. */
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include <arch/vspace.h>
#include <kernel/string.h>
#include <kernel/sched.h>
#include <object/tcb.h>
#include "kpt.h"

struct asid_pool *asid_table[ASID_POOLS];

paddr_t asid_find_vspace(uint16_t asid)
{
    struct asid_pool *pool = asid_table[ASID_HIGH(asid)];
    return pool && asid ? pool->vspace[ASID_LOW(asid)] : 0;
}

pt_slot_ret_t vspace_lookup_slot(paddr_t root, vaddr_t va)
{
    pte_t *table = paddr_to_kva(root);
    unsigned level = 0;
    pte_t *slot = &table[pt_index(va, 0)];
    while (level < 3 && pte_is_table(*slot)) {
        level++;
        table = paddr_to_kva(pte_address(*slot));
        slot = &table[pt_index(va, level)];
    }
    return (pt_slot_ret_t){slot, PAGE_BITS + PT_INDEX_BITS * (3 - level)};
}

/*
 * Hardware ASIDs: with 16-bit ASIDs (TCR_EL1.AS, set at boot when the CPU has them) the
 * seL4 ASID is the tag. A CPU with only 8 bits tags with the low byte; the table below
 * remembers which ASID last used each tag, and a tag that changes hands is flushed first.
 */
static unsigned tag_bits; /* 16 or 8, read from TCR_EL1 on first use (boot CPU only) */
bool vspace_asid_is_tag;  /* tag_bits == 16, for vspace_enter */
static uint16_t hw_tag_owner[256];

static uint16_t hw_asid(uint16_t asid)
{
    if (!tag_bits) {
        tag_bits = (read_sysreg(tcr_el1) & TCR_AS) ? 16 : 8;
        vspace_asid_is_tag = tag_bits == 16;
    }
    return tag_bits == 16 ? asid : (uint16_t)(asid & 0xff);
}

void tlb_invalidate_page(uint16_t asid, vaddr_t va)
{
    dsb_ishst();
    __asm__ volatile("tlbi vae1is, %0" ::"r"(((word_t)hw_asid(asid) << 48) | ((va >> PAGE_BITS) & MASK(44)))
                     : "memory");
    dsb_ish();
    isb();
}

void tlb_invalidate_asid(uint16_t asid)
{
    dsb_ishst();
    __asm__ volatile("tlbi aside1is, %0" ::"r"((word_t)hw_asid(asid) << 48) : "memory");
    dsb_ish();
    isb();
}

word_t vspace_active; /* 0: the empty table */

/* Called when the address space changes (vspace_enter compares first). A thread whose
 * VSpace lost its ASID no longer has one (asid_unassign, asid_pool_remove, and
 * tcb_forget_memory when the VSpace object goes), so vs is always current here. */
void vspace_activate(const struct vspace *vs)
{
    uint16_t tag = vs ? hw_asid(vs->asid) : 0;
    word_t ttbr = vs ? ttbr_value(vs->root, tag) : ttbr_value(kimage_to_paddr(user_empty_l0), 0);
    if (vs && tag_bits != 16 && hw_tag_owner[tag] != vs->asid) {
        tlb_invalidate_asid(vs->asid);
        hw_tag_owner[tag] = vs->asid;
    }
    write_sysreg(ttbr0_el1, ttbr);
    isb();
    vspace_active = vs ? vs->ttbr : 0;
}

/* Threads running on an ASID in [first, first + count) lose their address space. */
static void forget_asids(uint16_t first, unsigned count)
{
    for (struct tcb *t = sched_threads(); t; t = t->all_next)
        if (t->has_vspace && t->vspace.asid >= first && (unsigned)(t->vspace.asid - first) < count)
            t->has_vspace = false;
}

void vspace_unmap_frame(uint16_t asid, vaddr_t va, unsigned size_bits, paddr_t frame)
{
    paddr_t root = asid_find_vspace(asid);
    if (!root)
        return;
    pt_slot_ret_t r = vspace_lookup_slot(root, va);
    if (r.bits_left != size_bits || !pte_is_leaf(*r.slot, size_bits) || pte_address(*r.slot) != frame)
        return; /* mapped elsewhere since, or already gone */
    *r.slot = 0;
    tlb_invalidate_page(asid, va);
}

void vspace_unmap_table(uint16_t asid, vaddr_t va, paddr_t table)
{
    paddr_t root = asid_find_vspace(asid);
    if (!root)
        return;
    pte_t *t = paddr_to_kva(root);
    for (unsigned level = 0; level < 3; level++) {
        pte_t *slot = &t[pt_index(va, level)];
        if (!pte_is_table(*slot))
            return;
        if (pte_address(*slot) == table) {
            *slot = 0;
            tlb_invalidate_asid(asid);
            return;
        }
        t = paddr_to_kva(pte_address(*slot));
    }
}

void asid_unassign(uint16_t asid, paddr_t root)
{
    struct asid_pool *pool = asid_table[ASID_HIGH(asid)];
    if (pool && asid && pool->vspace[ASID_LOW(asid)] == root) {
        tlb_invalidate_asid(asid);
        pool->vspace[ASID_LOW(asid)] = 0;
        forget_asids(asid, 1);
    }
}

void asid_pool_remove(uint16_t base, paddr_t pool)
{
    struct asid_pool *p = asid_table[ASID_HIGH(base)];
    if (!p || kva_to_paddr(p) != pool)
        return;
    for (unsigned i = 0; i < ASID_POOL_ENTRIES; i++)
        if (p->vspace[i])
            tlb_invalidate_asid((uint16_t)(base + i));
    asid_table[ASID_HIGH(base)] = 0;
    forget_asids(base, ASID_POOL_ENTRIES);
}

void cache_maintain(word_t label, paddr_t pa, word_t size)
{
    if (size == 0 || !phys_is_mapped(pa, size))
        return;
    word_t line = 4ul << ((read_sysreg(ctr_el0) >> 16) & 0xf); /* CTR_EL0.DminLine */
    vaddr_t start = ROUND_DOWN((vaddr_t)(uintptr_t)paddr_to_kva(pa), line);
    vaddr_t end = (vaddr_t)(uintptr_t)paddr_to_kva(pa) + size;
    for (vaddr_t a = start; a < end; a += line) {
        switch (label) {
        case ARMPageClean_Data:
        case ARMVSpaceClean_Data: __asm__ volatile("dc cvac, %0" ::"r"(a) : "memory"); break;
        case ARMPageInvalidate_Data:
        case ARMVSpaceInvalidate_Data: __asm__ volatile("dc ivac, %0" ::"r"(a) : "memory"); break;
        case ARMPageCleanInvalidate_Data:
        case ARMVSpaceCleanInvalidate_Data: __asm__ volatile("dc civac, %0" ::"r"(a) : "memory"); break;
        default: __asm__ volatile("dc cvau, %0" ::"r"(a) : "memory"); break; /* Unify_Instruction */
        }
    }
    dsb_ish();
    if (label == ARMPageUnify_Instruction || label == ARMVSpaceUnify_Instruction) {
        __asm__ volatile("ic iallu" ::: "memory");
        dsb_ish();
    }
    isb();
}

void clear_memory(paddr_t pa, word_t size)
{
    uint8_t *p = paddr_to_kva(pa);
    if (!(pa & 15) && !(size & 15)) {
        for (uint8_t *end = p + size; p < end; p += 16) /* stp xzr, xzr: quickest under QEMU too */
            __asm__ volatile("stp xzr, xzr, [%0]" ::"r"(p) : "memory");
    } else {
        memset(p, 0, size);
    }
    cache_maintain(ARMPageClean_Data, pa, size);
}
