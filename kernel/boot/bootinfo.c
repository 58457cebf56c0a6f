/* Building the root task's seL4_BootInfo: slot regions, untyped descriptors, extra chunks. */
#include <arch/memlayout.h>
#include <boot/bootinfo.h>
#include <kernel/config.h>
#include <kernel/print.h>
#include <kernel/string.h>

static seL4_SlotPos next_slot; /* next free root CNode slot; boot CPU only */
static bool untyped_list_full;
static struct cte *root_slots;     /* the root CNode, for the untyped caps */

void bootinfo_init(seL4_BootInfo *bi, vaddr_t ipc_buffer_vaddr, struct cte *root_cnode)
{
    root_slots = root_cnode;
    next_slot = seL4_NumInitialCaps;
    bi->nodeID = 0;
    bi->numNodes = 1;
    bi->numIOPTLevels = 0;
    bi->ipcBuffer = (seL4_IPCBuffer *)(uintptr_t)ipc_buffer_vaddr;
    bi->initThreadCNodeSizeBits = ROOT_CNODE_SIZE_BITS;
    bi->initThreadDomain = 0;
    bi->sharedFrames = (seL4_SlotRegion){0, 0};
    bi->ioSpaceCaps = (seL4_SlotRegion){0, 0};
}

seL4_SlotRegion bootinfo_take_slots(unsigned n)
{
    seL4_SlotRegion r = {next_slot, next_slot + n};
    next_slot += n;
    return r;
}

static bool add_untyped(seL4_BootInfo *bi, paddr_t paddr, unsigned bits, bool is_device)
{
    word_t i = bi->untyped.end - bi->untyped.start;
    if (i >= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS) {
        if (!untyped_list_full)
            kprintf("bootinfo: untyped list full, memory from 0x%lx on is not handed out\n", paddr);
        untyped_list_full = true;
        return false;
    }
    bi->untypedList[i] = (seL4_UntypedDesc){.paddr = paddr, .sizeBits = (seL4_Uint8)bits,
                                            .isDevice = is_device};
    root_slots[bi->untyped.end].cap = cap_untyped_new(paddr, bits, is_device, 0);
    bi->untyped.end++;
    return true;
}

bool bootinfo_add_untyped_range(seL4_BootInfo *bi, paddr_t start, paddr_t end, bool is_device)
{
    if (bi->untyped.start == 0)
        bi->untyped = (seL4_SlotRegion){next_slot, next_slot};
    start = ROUND_UP(start, BIT(seL4_MinUntypedBits));
    end = ROUND_DOWN(end, BIT(seL4_MinUntypedBits));
    while (start < end) {
        unsigned align_bits = start ? (unsigned)__builtin_ctzll(start) : 63;
        unsigned size_bits = 63 - (unsigned)__builtin_clzll(end - start);
        unsigned bits = MIN(MIN(align_bits, size_bits), (unsigned)seL4_MaxUntypedBits);
        if (!add_untyped(bi, start, bits, is_device))
            return false;
        start += BIT(bits);
    }
    return true;
}

static void sort_ranges(struct phys_range *r, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && r[j].start < r[j - 1].start; j--) {
            struct phys_range t = r[j];
            r[j] = r[j - 1];
            r[j - 1] = t;
        }
}

void bootinfo_add_device_untypeds(seL4_BootInfo *bi, const struct platform *p, unsigned pa_bits)
{
    struct phys_range used[MAX_MEMORY_REGIONS + 2];
    unsigned n = 0;
    paddr_t top = BIT(pa_bits);

    /* The UART stays device memory user space may map: the kernel only transmits through its
     * own mapping, receive belongs to the task that owns the console (docs/kernel.md). */
    for (unsigned i = 0; i < p->n_memory; i++)
        used[n++] = p->memory[i];
    used[n++] = (struct phys_range){ROUND_DOWN(p->gicd_paddr, PAGE_SIZE),
                                    ROUND_UP(p->gicd_paddr + p->gicd_size, PAGE_SIZE)};
    paddr_t gic2 = p->gic == GIC_V3 ? p->gicr_paddr : p->gicc_paddr; /* CPU interface or redistributors */
    word_t gic2_size = p->gic == GIC_V3 ? p->gicr_size : p->gicc_size;
    used[n++] = (struct phys_range){ROUND_DOWN(gic2, PAGE_SIZE), ROUND_UP(gic2 + gic2_size, PAGE_SIZE)};
    sort_ranges(used, n);

    paddr_t cursor = 0;
    for (unsigned i = 0; i < n && cursor < top; i++) {
        if (used[i].start > cursor)
            bootinfo_add_untyped_range(bi, cursor, MIN(used[i].start, top), true);
        cursor = MAX(cursor, used[i].end);
    }
    if (cursor < top)
        bootinfo_add_untyped_range(bi, cursor, top, true);
    if (p->has_initrd)
        bootinfo_add_untyped_range(bi, ROUND_DOWN(p->initrd.start, PAGE_SIZE),
                                   ROUND_UP(p->initrd.end, PAGE_SIZE), true);
}

void bootinfo_finish(seL4_BootInfo *bi)
{
    if (bi->untyped.start == 0)
        bi->untyped = (seL4_SlotRegion){next_slot, next_slot};
    next_slot = bi->untyped.end;
    bi->empty = (seL4_SlotRegion){next_slot, BIT(ROOT_CNODE_SIZE_BITS)};
}

word_t bootinfo_extra_size(word_t dtb_size)
{
    /* Room for the FDT chunk and a padding header to close the last page. */
    return ROUND_UP(2 * sizeof(seL4_BootInfoHeader) + dtb_size, PAGE_SIZE);
}

word_t bootinfo_write_extra(void *extra, word_t size, const void *dtb, word_t dtb_used)
{
    uint8_t *p = extra;
    seL4_BootInfoHeader fdt = {SEL4_BOOTINFO_HEADER_FDT, sizeof(fdt) + dtb_used};
    word_t used = ROUND_UP(fdt.len, sizeof(seL4_Word));

    if (used + sizeof(seL4_BootInfoHeader) > size)
        return 0;
    memcpy(p, &fdt, sizeof(fdt));
    uint8_t *copy = p + sizeof(fdt);
    memcpy(copy, dtb, dtb_used);
    /* totalsize (big endian, offset 4) of the packed copy */
    copy[4] = (uint8_t)(dtb_used >> 24);
    copy[5] = (uint8_t)(dtb_used >> 16);
    copy[6] = (uint8_t)(dtb_used >> 8);
    copy[7] = (uint8_t)dtb_used;
    seL4_BootInfoHeader pad = {SEL4_BOOTINFO_HEADER_PADDING, size - used};
    memcpy(p + used, &pad, sizeof(pad));
    return size;
}
