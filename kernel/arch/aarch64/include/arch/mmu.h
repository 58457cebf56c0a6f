/* MMU control: kernel address space set-up, address conversion, user address spaces. */
#pragma once

#include <arch/memlayout.h>
#include <arch/pte.h>
#include <kernel/types.h>

/*
 * TCR_EL1 fields used by the kernel:
 *  63   37 36 35 34  32 31 30 29 28 27 26 25 24 23 22 21   16 15 14 13 12 11 10 9  8  7  6 5    0
 * +-------+--+--+------+-----+-----+-----+-----+--+--+-------+-----+-----+-----+-----+--+--+-------+
 * |  ...  |AS|  | IPS  | TG1 | SH1 |ORGN1|IRGN1|E1|A1| T1SZ  | TG0 | SH0 |ORGN0|IRGN0|E0|  | T0SZ  |
 * +-------+--+--+------+-----+-----+-----+-----+--+--+-------+-----+-----+-----+-----+--+--+-------+
 *  TG0 4K = 0b00, TG1 4K = 0b10; SH = 0b11 inner shareable; (I|O)RGN = 0b01 write-back allocate.
 */
#define TCR_T0SZ(n) ((uint64_t)(n) << 0)
#define TCR_IRGN0_WBWA (1ull << 8)
#define TCR_ORGN0_WBWA (1ull << 10)
#define TCR_SH0_INNER (3ull << 12)
#define TCR_TG0_4K (0ull << 14)
#define TCR_T1SZ(n) ((uint64_t)(n) << 16)
#define TCR_IRGN1_WBWA (1ull << 24)
#define TCR_ORGN1_WBWA (1ull << 26)
#define TCR_SH1_INNER (3ull << 28)
#define TCR_TG1_4K (2ull << 30)
#define TCR_IPS(n) ((uint64_t)(n) << 32)
#define TCR_AS (1ull << 36) /* 16-bit ASIDs */

/* TTBR0_EL1 / TTBR1_EL1: ASID in bits 63..48, table base address below. */
static inline uint64_t ttbr_value(paddr_t table, uint16_t asid)
{
    return (table & PTE_ADDR_MASK) | ((uint64_t)asid << 48);
}

/* Where the kernel image was loaded (set by early boot). */
extern paddr_t kimage_load_paddr;

static inline void *paddr_to_kva(paddr_t pa) { return (void *)(uintptr_t)(pa + PHYS_MAP_BASE); }
static inline paddr_t kva_to_paddr(const void *va) { return (paddr_t)(uintptr_t)va - PHYS_MAP_BASE; }
/* Physical address of an object inside the kernel image (statics, bss). */
static inline paddr_t kimage_to_paddr(const void *va)
{
    return (paddr_t)(uintptr_t)va - KIMAGE_BASE + kimage_load_paddr;
}

/* Is [pa, pa+size) inside the linear map (RAM the kernel mapped at boot)? */
bool phys_is_mapped(paddr_t pa, word_t size);

/* Map a device range into the kernel device window; returns its virtual address, or 0 when the window is full. */
vaddr_t kernel_map_device(paddr_t pa, word_t size);

/* A user address space: a level-0 table and the ASID that tags its TLB entries; ttbr is the
 * two as TTBR0_EL1 holds them with 16-bit ASIDs (and the address space's identity). */
struct vspace {
    paddr_t root;
    uint16_t asid;
    word_t ttbr;
};

/* Allocator of zeroed page-table pages for user address spaces. */
typedef paddr_ret_t (*table_alloc_fn)(void);

enum map_error { MAP_OK, MAP_NO_MEMORY, MAP_ALREADY_MAPPED, MAP_BAD_ADDRESS };

/* Map one 4 KiB frame at vaddr; returns MAP_NO_MEMORY if a table could not be allocated,
 * MAP_ALREADY_MAPPED if vaddr is taken, MAP_BAD_ADDRESS if vaddr is not a user page address.
 * *tables_made counts page tables allocated on the way. */
enum map_error vspace_map_page(struct vspace *vs, vaddr_t vaddr, paddr_t frame, enum vm_rights rights,
                               table_alloc_fn alloc, unsigned *tables_made);
/* Make vs the current user address space (TTBR0) for EL0 (arch/aarch64/vspace.c); the
 * empty table if vs is NULL. */
void vspace_activate(const struct vspace *vs);
static inline struct vspace vspace_of(paddr_t root, uint16_t asid)
{
    return (struct vspace){root, asid, ttbr_value(root, asid)};
}
/* The ttbr of the address space TTBR0 holds (0: the empty table); boot CPU only,
 * vspace_activate and vspace_enter write it. */
extern word_t vspace_active;
/* vspace_activate(vs) unless vs is the active one already (inline: every return to a
 * thread, the fastpath's included, runs it). */
extern bool vspace_asid_is_tag; /* 16-bit hardware ASIDs: the ASID is the tag (vspace.c) */
static inline void vspace_enter(const struct vspace *vs)
{
    if (vs->ttbr == vspace_active)
        return;
    if (!vspace_asid_is_tag) {
        vspace_activate(vs);
        return;
    }
    __asm__ volatile("msr ttbr0_el1, %0; isb" : : "r"(vs->ttbr) : "memory");
    vspace_active = vs->ttbr;
}

/* Make newly written instructions at [kva, kva+len) visible to instruction fetch. */
void cache_sync_icache(const void *kva, word_t len);

/* The RAM ranges the linear map covers (2 MiB trimmed); returns how many. */
unsigned linear_map_ranges(const struct phys_range **ranges);
/* Drop the boot identity map from TTBR0 and flush it from the TLB. */
void mmu_drop_identity_map(void);
