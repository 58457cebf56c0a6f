/* Kernel mappings after boot (device window, linear-map queries) and user address spaces. */
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/pte.h>
#include <arch/sysreg.h>
#include <kernel/types.h>
#include "kpt.h"

static unsigned kdev_next_page; /* next free page of the device window (boot CPU only) */

bool phys_is_mapped(paddr_t pa, word_t size)
{
    if (pa + size < pa)
        return false;
    for (unsigned i = 0; i < linear_range_count; i++)
        if (pa >= linear_ranges[i].start && pa + size <= linear_ranges[i].end)
            return true;
    return false;
}

vaddr_t kernel_map_device(paddr_t pa, word_t size)
{
    paddr_t first = ROUND_DOWN(pa, PAGE_SIZE);
    word_t pages = (ROUND_UP(pa + size, PAGE_SIZE) - first) >> PAGE_BITS;
    pte_t attrs = pte_leaf_attrs(VM_KERNEL_RW, VM_DEVICE);

    if (size == 0 || pages > PTES_PER_TABLE - kdev_next_page)
        return 0;
    vaddr_t va = KDEV_BASE + ((vaddr_t)kdev_next_page << PAGE_BITS);
    for (word_t i = 0; i < pages; i++)
        kpt_l3_dev[kdev_next_page + i] = pte_page(first + (i << PAGE_BITS), attrs);
    kdev_next_page += (unsigned)pages;
    dsb_ishst();
    isb();
    return va + (pa - first);
}

enum map_error vspace_map_page(struct vspace *vs, vaddr_t vaddr, paddr_t frame, enum vm_rights rights,
                               table_alloc_fn alloc, unsigned *tables_made)
{
    if (!IS_ALIGNED(vaddr, PAGE_SIZE) || vaddr >= USER_TOP || !IS_ALIGNED(frame, PAGE_SIZE))
        return MAP_BAD_ADDRESS;

    pte_t *table = paddr_to_kva(vs->root);
    for (unsigned level = 0; level < 3; level++) {
        pte_t *entry = &table[pt_index(vaddr, level)];
        if (!pte_is_valid(*entry)) {
            paddr_ret_t t = alloc();
            if (!t.ok)
                return MAP_NO_MEMORY;
            if (tables_made)
                (*tables_made)++;
            *entry = pte_table(t.paddr);
        } else if (!pte_is_table(*entry)) {
            return MAP_ALREADY_MAPPED;
        }
        table = paddr_to_kva(pte_address(*entry));
    }
    pte_t *leaf = &table[pt_index(vaddr, 3)];
    if (pte_is_valid(*leaf))
        return MAP_ALREADY_MAPPED;
    *leaf = pte_page(frame, pte_leaf_attrs(rights, VM_NORMAL));
    dsb_ishst();
    return MAP_OK;
}

void cache_sync_icache(const void *kva, word_t len)
{
    uint64_t ctr = read_sysreg(ctr_el0);
    word_t dline = 4ul << ((ctr >> 16) & 0xf);
    vaddr_t start = ROUND_DOWN((vaddr_t)(uintptr_t)kva, dline);
    vaddr_t end = (vaddr_t)(uintptr_t)kva + len;

    for (vaddr_t a = start; a < end; a += dline)
        __asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
    dsb_ish();
    __asm__ volatile("ic iallu" ::: "memory");
    dsb_ish();
    isb();
}

unsigned linear_map_ranges(const struct phys_range **ranges)
{
    *ranges = linear_ranges;
    return linear_range_count;
}

void mmu_drop_identity_map(void)
{
    vspace_activate(0);
    __asm__ volatile("tlbi vmalle1" ::: "memory");
    dsb_sy();
    isb();
}
