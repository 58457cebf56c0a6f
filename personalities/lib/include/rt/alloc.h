/* Slot and untyped allocation in one CSpace whose cptr N names slot N (a guard fills the rest). */
#pragma once

#include <rt/sel4_ipc.h>

#define RT_ALLOC_MAX_UNTYPED 12
#define RT_ALLOC_FREE_SLOTS 32
/* A CNode's slots are named with all 64 bits of the cptr (radix + guard = 64). */
#define RT_CNODE_DEPTH 64

struct rt_alloc {
    seL4_CPtr cnode;                          /* the CNode cap, in the same CSpace */
    seL4_CPtr next_slot, end_slot;            /* never used yet: [next_slot, end_slot) */
    seL4_CPtr free_slots[RT_ALLOC_FREE_SLOTS]; /* emptied again by rt_slot_free */
    unsigned n_free;
    seL4_CPtr untyped[RT_ALLOC_MAX_UNTYPED];  /* tried in order for each object */
    unsigned n_untyped;
    struct rt_alloc *slot_source;             /* if set, slots come from (and go back to) it */
};

/* Slots [first, end) of cnode are free; no untyped yet. (Set slot_source afterwards to take
 * objects from these untypeds into another allocator's slots.) */
void rt_alloc_init(struct rt_alloc *a, seL4_CPtr cnode, seL4_CPtr first, seL4_CPtr end);
/* Returns false when the table of untypeds is full. */
int rt_alloc_add_untyped(struct rt_alloc *a, seL4_CPtr untyped);
/* An empty slot, or 0 when the CNode is full. */
seL4_CPtr rt_slot_alloc(struct rt_alloc *a);
/* Delete whatever the slot holds and take it back. */
void rt_slot_free(struct rt_alloc *a, seL4_CPtr slot);
/* Retype one object into a fresh slot (*out). seL4_NotEnoughMemory when no untyped has room,
 * seL4_DeleteFirst-like failures come back as the kernel's error; the slot is then freed. */
seL4_Error rt_object_alloc(struct rt_alloc *a, seL4_Word type, seL4_Word size_bits, seL4_CPtr *out);
