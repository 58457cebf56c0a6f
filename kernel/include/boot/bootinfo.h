/* Building the root task's seL4_BootInfo: slot regions, untyped list, extra chunks. */
#pragma once

#include <atoll/bootinfo.h>
#include <boot/platform.h>
#include <kernel/types.h>
#include <object/cap.h>

/* Start filling bi (already zeroed): node fields, IPC buffer, CNode size; slots from 16.
 * Untyped caps go into root_cnode's slots as they are described. */
void bootinfo_init(seL4_BootInfo *bi, vaddr_t ipc_buffer_vaddr, struct cte *root_cnode);
/* The next n CNode slots, in seL4's order of creation. */
seL4_SlotRegion bootinfo_take_slots(unsigned n);
/* Describe [start, end) as untypeds (power-of-two sized and aligned); false if the list filled up. */
bool bootinfo_add_untyped_range(seL4_BootInfo *bi, paddr_t start, paddr_t end, bool is_device);
/* Device untypeds: all physical addresses below 2^pa_bits that are not RAM and not used by
 * the kernel, plus the initrd (kept intact so the root task can read its boot configuration). */
void bootinfo_add_device_untypeds(seL4_BootInfo *bi, const struct platform *p, unsigned pa_bits);
/* Close the untyped and empty slot regions. */
void bootinfo_finish(seL4_BootInfo *bi);
/* Write the extra bootinfo into [extra, extra+size): the FDT chunk (a packed copy of the
 * DTB's dtb_used bytes, its totalsize patched to match), then padding; returns the bytes
 * used (size), or 0 if it does not fit. */
word_t bootinfo_write_extra(void *extra, word_t size, const void *dtb, word_t dtb_used);
/* Bytes the extra bootinfo needs for a DTB of dtb_size, a multiple of 4 KiB. */
word_t bootinfo_extra_size(word_t dtb_size);
