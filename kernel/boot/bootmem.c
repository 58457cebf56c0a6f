/* Boot-time physical memory allocator over a sorted list of free regions. */
#include <arch/mmu.h>
#include <boot/bootmem.h>
#include <kernel/panic.h>
#include <kernel/print.h>
#include <kernel/string.h>

/* Boot CPU only, used before the root task starts; what is left becomes untyped memory. */
static struct phys_range free_regions[BOOTMEM_MAX_REGIONS];
static unsigned free_count;

static void insert_at(unsigned i, paddr_t start, paddr_t end)
{
    if (free_count == BOOTMEM_MAX_REGIONS) {
        kprintf("bootmem: too many free regions, dropping 0x%lx-0x%lx\n", start, end);
        return;
    }
    memmove(&free_regions[i + 1], &free_regions[i], (free_count - i) * sizeof(free_regions[0]));
    free_regions[i] = (struct phys_range){start, end};
    free_count++;
}

static void remove_at(unsigned i)
{
    memmove(&free_regions[i], &free_regions[i + 1], (free_count - i - 1) * sizeof(free_regions[0]));
    free_count--;
}

/* Add [start, end) (page-trimmed) as free, keeping the list sorted; overlaps are the caller's bug. */
static void bootmem_add(paddr_t start, paddr_t end)
{
    start = ROUND_UP(start, PAGE_SIZE);
    end = ROUND_DOWN(end, PAGE_SIZE);
    if (start >= end)
        return;
    unsigned i = 0;
    while (i < free_count && free_regions[i].start < start)
        i++;
    insert_at(i, start, end);
}

/* Take [start, end) (page-widened) out of the free list wherever it overlaps. */
static void bootmem_reserve(paddr_t start, paddr_t end)
{
    start = ROUND_DOWN(start, PAGE_SIZE);
    end = ROUND_UP(end, PAGE_SIZE);
    for (unsigned i = 0; i < free_count;) {
        struct phys_range r = free_regions[i];
        if (end <= r.start || start >= r.end) {
            i++;
            continue;
        }
        remove_at(i);
        if (r.start < start)
            insert_at(i++, r.start, start);
        if (end < r.end)
            insert_at(i++, end, r.end);
    }
}

void bootmem_init(const struct platform *p)
{
    const struct phys_range *mapped;
    unsigned n = linear_map_ranges(&mapped);
    extern char _head[], _end[];

    for (unsigned i = 0; i < n; i++)
        bootmem_add(mapped[i].start, mapped[i].end);
    bootmem_reserve(kimage_load_paddr, kimage_load_paddr + (word_t)(_end - _head));
    bootmem_reserve(p->dtb_paddr, p->dtb_paddr + p->dtb_size);
    if (p->has_initrd)
        bootmem_reserve(p->initrd.start, p->initrd.end);
    for (unsigned i = 0; i < p->n_reserved; i++)
        bootmem_reserve(p->reserved[i].start, p->reserved[i].end);
}

paddr_ret_t bootmem_alloc(word_t size, word_t align)
{
    kassert(size > 0 && IS_ALIGNED(size, PAGE_SIZE) && IS_ALIGNED(align, PAGE_SIZE));
    for (unsigned i = free_count; i-- > 0;) {
        struct phys_range r = free_regions[i];
        if (r.end - r.start < size)
            continue;
        paddr_t start = ROUND_DOWN(r.end - size, align);
        if (start < r.start)
            continue;
        bootmem_reserve(start, start + size);
        memset(paddr_to_kva(start), 0, size);
        return (paddr_ret_t){true, start};
    }
    return (paddr_ret_t){false, 0};
}

paddr_ret_t bootmem_alloc_page(void) { return bootmem_alloc(PAGE_SIZE, PAGE_SIZE); }

unsigned bootmem_regions(const struct phys_range **regions)
{
    *regions = free_regions;
    return free_count;
}

word_t bootmem_free_bytes(void)
{
    word_t total = 0;
    for (unsigned i = 0; i < free_count; i++)
        total += free_regions[i].end - free_regions[i].start;
    return total;
}
