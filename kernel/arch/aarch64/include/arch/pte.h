/* VMSAv8-64 translation table descriptors (4 KiB granule): the one place that knows their bits. */
#pragma once

#include <kernel/types.h>

/*
 * Block (L1/L2) and page (L3) descriptors:
 *
 *  63   59 58  55 54  53  52  51  48 47                  12 11 10 9  8 7  6 5  4   2 1 0
 * +-------+------+---+---+----+------+----------------------+--+--+----+----+--+-----+-+-+
 * |ignored| SW   |UXN|PXN|Cont| res0 |  output address      |nG|AF| SH | AP |NS|Attr |T|V|
 * +-------+------+---+---+----+------+----------------------+--+--+----+----+--+-----+-+-+
 *   T=1,V=1 at L3: page.  T=0,V=1 at L1/L2: block.  V=0: invalid (fault).
 *
 * Table descriptors (L0..L2), T=1,V=1:
 *
 *  63  62 61  60   59   58     52 51  48 47                  12 11          2 1 0
 * +----+------+-----+-----+--------+------+----------------------+-------------+-+-+
 * |NSTb|APTb  |UXNTb|PXNTb|ignored | res0 | next-level table addr|  ignored    |1|1|
 * +----+------+-----+-----+--------+------+----------------------+-------------+-+-+
 *
 * AP[7:6]: 00 EL1 RW / EL0 none, 01 EL1 RW / EL0 RW, 10 EL1 RO / EL0 none, 11 RO / RO.
 * AttrIndx selects a byte of MAIR_EL1 (MAIR_VALUE below).
 */
typedef uint64_t pte_t;

#define PTE_VALID BIT(0)
#define PTE_TYPE_TABLE BIT(1) /* also "page" at level 3 */
#define PTE_ATTR_SHIFT 2
#define PTE_AP_SHIFT 6
#define PTE_SH_INNER (3ul << 8)
#define PTE_AF BIT(10)
#define PTE_NG BIT(11)
#define PTE_PXN BIT(53)
#define PTE_UXN BIT(54)
#define PTE_ADDR_MASK 0x0000fffffffff000ul

#define PTES_PER_TABLE 512
#define PT_INDEX_BITS 9

/* MAIR_EL1 attribute indices and the register value that defines them. */
enum mair_index {
    MAIR_DEVICE_nGnRnE = 0, /* 0x00 */
    MAIR_DEVICE_nGnRE = 1,  /* 0x04 */
    MAIR_NORMAL_NC = 2,     /* 0x44 */
    MAIR_NORMAL = 3,        /* 0xff: inner/outer write-back, read/write-allocate */
};
#define MAIR_VALUE 0x00000000ff440400ul

/* Who may do what with a mapping. */
enum vm_rights {
    VM_KERNEL_RW,   /* EL1 read/write, nobody executes */
    VM_KERNEL_RWX,  /* EL1 read/write/execute (boot identity map only) */
    VM_KERNEL_RX,   /* EL1 read/execute (kernel text) */
    VM_KERNEL_RO,   /* EL1 read (kernel rodata) */
    VM_USER_RO,     /* EL0+EL1 read */
    VM_USER_RW,     /* EL0+EL1 read/write */
    VM_USER_RX,     /* EL0+EL1 read, EL0 execute */
    VM_USER_RWX,    /* EL0+EL1 read/write, EL0 execute */
    VM_USER_NONE,   /* a user mapping EL0 cannot touch (seL4's VMKernelOnly) */
};

/* Write-back RAM, Device-nGnRE (device frames), Normal non-cacheable (RAM mapped uncached). */
enum vm_memtype { VM_NORMAL, VM_DEVICE, VM_NORMAL_NC };

/* Leaf descriptor attributes for rights and memory type (everything but the address and type bits). */
static inline pte_t pte_leaf_attrs(enum vm_rights rights, enum vm_memtype type)
{
    pte_t a = PTE_AF | PTE_SH_INNER;
    unsigned ap = 0;
    bool uxn = true, pxn = true, user = false;

    switch (rights) {
    case VM_KERNEL_RW: ap = 0; break;
    case VM_KERNEL_RWX: ap = 0; pxn = false; break;
    case VM_KERNEL_RX: ap = 2; pxn = false; break;
    case VM_KERNEL_RO: ap = 2; break;
    case VM_USER_RO: ap = 3; user = true; break;
    case VM_USER_RW: ap = 1; user = true; break;
    case VM_USER_RX: ap = 3; uxn = false; user = true; break;
    case VM_USER_RWX: ap = 1; uxn = false; user = true; break;
    case VM_USER_NONE: ap = 0; user = true; break;
    }
    a |= (pte_t)ap << PTE_AP_SHIFT;
    enum mair_index attr = type == VM_DEVICE ? MAIR_DEVICE_nGnRE : type == VM_NORMAL_NC ? MAIR_NORMAL_NC : MAIR_NORMAL;
    a |= (pte_t)attr << PTE_ATTR_SHIFT;
    if (uxn)
        a |= PTE_UXN;
    if (pxn)
        a |= PTE_PXN;
    if (user)
        a |= PTE_NG; /* user mappings are tagged with the ASID */
    return a;
}

static inline pte_t pte_table(paddr_t table) { return (table & PTE_ADDR_MASK) | PTE_TYPE_TABLE | PTE_VALID; }
static inline pte_t pte_block(paddr_t pa, pte_t attrs) { return (pa & PTE_ADDR_MASK) | attrs | PTE_VALID; }
static inline pte_t pte_page(paddr_t pa, pte_t attrs) { return (pa & PTE_ADDR_MASK) | attrs | PTE_TYPE_TABLE | PTE_VALID; }
static inline bool pte_is_valid(pte_t p) { return (p & PTE_VALID) != 0; }
/* At levels 0-2: does this valid descriptor point at a next-level table? */
static inline bool pte_is_table(pte_t p) { return (p & (PTE_VALID | PTE_TYPE_TABLE)) == (PTE_VALID | PTE_TYPE_TABLE); }
static inline paddr_t pte_address(pte_t p) { return p & PTE_ADDR_MASK; }
/* Is p a page (bits_left = 12, level 3) or a block (21, 30) mapping? */
static inline bool pte_is_leaf(pte_t p, unsigned bits_left)
{
    return pte_is_valid(p) && ((p & PTE_TYPE_TABLE) != 0) == (bits_left == PAGE_BITS);
}
/* May EL0 write through this leaf (AP = 01)? */
static inline bool pte_user_writable(pte_t p) { return ((p >> PTE_AP_SHIFT) & 3) == 1; }

/* Index of va in the table at `level` (0..3) of a 4 KiB-granule walk. */
static inline unsigned pt_index(vaddr_t va, unsigned level)
{
    return (unsigned)((va >> (PAGE_BITS + PT_INDEX_BITS * (3 - level))) & (PTES_PER_TABLE - 1));
}
#define LEVEL1_BLOCK_SIZE (1ul << 30) /* 1 GiB */
#define LEVEL2_BLOCK_SIZE (1ul << 21) /* 2 MiB */
