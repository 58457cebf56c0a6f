/* Boot-time physical memory allocator: free RAM minus everything the boot still needs. */
#pragma once

#include <boot/platform.h>
#include <kernel/types.h>

#define BOOTMEM_MAX_REGIONS 32

/* Free RAM = linear-mapped RAM minus the kernel image, DTB, initrd and DTB reservations. */
void bootmem_init(const struct platform *p);
/* size bytes aligned to align (both multiples of 4 KiB), zeroed, taken from the top of
 * the highest region that fits; .ok = false when no region can hold it. */
paddr_ret_t bootmem_alloc(word_t size, word_t align);
/* One zeroed page (the signature page-table allocators use). */
paddr_ret_t bootmem_alloc_page(void);
/* The free regions left, sorted by address. */
unsigned bootmem_regions(const struct phys_range **regions);
word_t bootmem_free_bytes(void);
