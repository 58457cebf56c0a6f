/* Early boot with the MMU off: read the DTB, build the kernel page tables, compute MMU registers. */
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/pte.h>
#include <arch/sysreg.h>
#include <boot/platform.h>
#include <kernel/types.h>
#include "kpt.h"

/*
 * Everything here runs at the physical load address before the MMU is on, so it
 * only uses PC-relative addressing: pointers taken here are physical addresses,
 * and no table of pointers may be read (the kernel is compiled with
 * -fno-tree-switch-conversion for that reason). Memory is Device-nGnRnE with the
 * MMU off, hence -mstrict-align for the whole kernel.
 */

/* Register values for mmu_enable in head.S; the field order is fixed there. */
struct boot_mmu_regs {
    uint64_t mair;
    uint64_t tcr;
    uint64_t ttbr0;
    uint64_t ttbr1;
    uint64_t sctlr;
} boot_mmu_regs;

paddr_t kimage_load_paddr;

pte_t kpt_l1[PTES_PER_TABLE] ALIGNED(PAGE_SIZE);
pte_t kpt_l2_kimage[PTES_PER_TABLE] ALIGNED(PAGE_SIZE);
pte_t kpt_l3_kimage[PTES_PER_TABLE] ALIGNED(PAGE_SIZE);
pte_t kpt_l2_dev[PTES_PER_TABLE] ALIGNED(PAGE_SIZE);
pte_t kpt_l3_dev[PTES_PER_TABLE] ALIGNED(PAGE_SIZE);
pte_t user_empty_l0[PTES_PER_TABLE] ALIGNED(PAGE_SIZE);
static pte_t kpt_l2_linear[LINEAR_L2_TABLES][PTES_PER_TABLE] ALIGNED(PAGE_SIZE);
static unsigned kpt_l2_linear_used;
static pte_t idmap_l0[PTES_PER_TABLE] ALIGNED(PAGE_SIZE);
static pte_t idmap_l1[PTES_PER_TABLE] ALIGNED(PAGE_SIZE);
static pte_t idmap_l2[PTES_PER_TABLE] ALIGNED(PAGE_SIZE);

struct phys_range linear_ranges[MAX_MEMORY_REGIONS];
unsigned linear_range_count;

extern char _head[], __text_end[], __rodata_end[], _end[];

static paddr_t table_paddr(const pte_t *table) { return (paddr_t)(uintptr_t)table; }

/* Kernel image: KIMAGE_BASE.. -> load address.., 4 KiB pages: text RX, rodata RO, data and
 * .bss RW (the linker script keeps the image within the one level-3 table). */
static void map_kimage(paddr_t load_pa)
{
    word_t text = (word_t)(__text_end - _head), rodata = (word_t)(__rodata_end - _head);
    word_t size = (word_t)(_end - _head);

    kpt_l1[pt_index(KIMAGE_BASE, 1)] = pte_table(table_paddr(kpt_l2_kimage));
    kpt_l2_kimage[pt_index(KIMAGE_BASE, 2)] = pte_table(table_paddr(kpt_l3_kimage));
    for (word_t off = 0; off < size && off < LEVEL2_BLOCK_SIZE; off += PAGE_SIZE) {
        enum vm_rights r = off < text ? VM_KERNEL_RX : off < rodata ? VM_KERNEL_RO : VM_KERNEL_RW;
        kpt_l3_kimage[off >> PAGE_BITS] = pte_page(load_pa + off, pte_leaf_attrs(r, VM_NORMAL));
    }
}

/* Returns the level-2 table behind kpt_l1[i1], creating it; NULL if the pool is empty
 * or the slot already holds a 1 GiB block. */
static pte_t *linear_l2_for(unsigned i1)
{
    pte_t e = kpt_l1[i1];
    if (pte_is_table(e))
        return (pte_t *)(uintptr_t)pte_address(e);
    if (pte_is_valid(e) || kpt_l2_linear_used == LINEAR_L2_TABLES)
        return 0;
    pte_t *l2 = kpt_l2_linear[kpt_l2_linear_used++];
    kpt_l1[i1] = pte_table(table_paddr(l2));
    return l2;
}

/* Linear map of RAM [start, end), trimmed to 2 MiB; records what was really mapped. */
static void map_linear(paddr_t start, paddr_t end)
{
    pte_t attrs = pte_leaf_attrs(VM_KERNEL_RW, VM_NORMAL);
    paddr_t pa;

    start = ROUND_UP(start, LEVEL2_BLOCK_SIZE);
    end = ROUND_DOWN(end, LEVEL2_BLOCK_SIZE);
    if (end > PHYS_MAP_SIZE)
        end = PHYS_MAP_SIZE;
    if (start >= end)
        return;

    for (pa = start; pa < end;) {
        vaddr_t va = PHYS_MAP_BASE + pa;
        unsigned i1 = pt_index(va, 1);
        if (IS_ALIGNED(pa, LEVEL1_BLOCK_SIZE) && end - pa >= LEVEL1_BLOCK_SIZE &&
            !pte_is_valid(kpt_l1[i1])) {
            kpt_l1[i1] = pte_block(pa, attrs);
            pa += LEVEL1_BLOCK_SIZE;
            continue;
        }
        pte_t *l2 = linear_l2_for(i1);
        if (!l2)
            break;
        paddr_t gib_end = ROUND_DOWN(pa, LEVEL1_BLOCK_SIZE) + LEVEL1_BLOCK_SIZE;
        for (; pa < end && pa < gib_end; pa += LEVEL2_BLOCK_SIZE)
            l2[pt_index(PHYS_MAP_BASE + pa, 2)] = pte_block(pa, attrs);
    }
    if (pa > start && linear_range_count < MAX_MEMORY_REGIONS) {
        linear_ranges[linear_range_count].start = start;
        linear_ranges[linear_range_count].end = pa;
        linear_range_count++;
    }
}

/* Identity map of the 2 MiB holding head.S's mmu_enable, needed while the MMU turns on. */
static void map_identity(paddr_t pa)
{
    pte_t attrs = pte_leaf_attrs(VM_KERNEL_RWX, VM_NORMAL);
    idmap_l0[pt_index(pa, 0)] = pte_table(table_paddr(idmap_l1));
    idmap_l1[pt_index(pa, 1)] = pte_table(table_paddr(idmap_l2));
    idmap_l2[pt_index(pa, 2)] = pte_block(ROUND_DOWN(pa, LEVEL2_BLOCK_SIZE), attrs);
}

static uint64_t tcr_value(void)
{
    uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
    if (parange > 5)
        parange = 5; /* 48-bit physical addresses at most with 4 KiB pages (no LPA) */
    /* 16-bit ASIDs when the CPU has them (ID_AA64MMFR0_EL1.ASIDBits = 2), as seL4's 2^16 */
    uint64_t as = ((read_sysreg(id_aa64mmfr0_el1) >> 4) & 0xf) == 2 ? TCR_AS : 0;
    return as | TCR_T0SZ(64 - USER_VA_BITS) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K |
           TCR_T1SZ(64 - KERNEL_VA_BITS) | TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER |
           TCR_TG1_4K | TCR_IPS(parange);
}

/* Called from head.S at EL1, MMU off, on the boot stack. Never fails: problems found in
 * the DTB are recorded in boot_platform and reported once the console is up. */
void boot_early_mmu(paddr_t dtb_paddr, paddr_t load_paddr, unsigned entry_el)
{
    kimage_load_paddr = load_paddr;
    platform_read(dtb_paddr, entry_el, &boot_platform);

    map_kimage(load_paddr);
    kpt_l1[pt_index(KDEV_BASE, 1)] = pte_table(table_paddr(kpt_l2_dev));
    kpt_l2_dev[pt_index(KDEV_BASE, 2)] = pte_table(table_paddr(kpt_l3_dev));
    for (unsigned i = 0; i < boot_platform.n_memory; i++)
        map_linear(boot_platform.memory[i].start, boot_platform.memory[i].end);
    map_identity(load_paddr);

    boot_mmu_regs.mair = MAIR_VALUE;
    boot_mmu_regs.tcr = tcr_value();
    boot_mmu_regs.ttbr0 = ttbr_value(table_paddr(idmap_l0), 0);
    boot_mmu_regs.ttbr1 = ttbr_value(table_paddr(kpt_l1), 0);
    /* nTWI and nTWE stay 0: an EL0 `wfi`/`wfe` traps and is a UserException, as in seL4
     * (user space sleeps on a notification: see CNTKCTL_EL1 in timer.c). */
    boot_mmu_regs.sctlr = SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_SA0 | SCTLR_UCT |
                          SCTLR_UCI | SCTLR_DZE;
}
