/* Slot and untyped allocation: a bump range plus a small free stack of slots, untypeds tried in order. */
#include <rt/alloc.h>

void rt_alloc_init(struct rt_alloc *a, seL4_CPtr cnode, seL4_CPtr first, seL4_CPtr end)
{
    a->cnode = cnode;
    a->next_slot = first;
    a->end_slot = end;
    a->n_free = 0;
    a->n_untyped = 0;
    a->slot_source = 0;
}

int rt_alloc_add_untyped(struct rt_alloc *a, seL4_CPtr untyped)
{
    if (a->n_untyped == RT_ALLOC_MAX_UNTYPED)
        return 0;
    a->untyped[a->n_untyped++] = untyped;
    return 1;
}

seL4_CPtr rt_slot_alloc(struct rt_alloc *a)
{
    if (a->slot_source)
        return rt_slot_alloc(a->slot_source);
    if (a->n_free)
        return a->free_slots[--a->n_free];
    if (a->next_slot >= a->end_slot)
        return 0;
    return a->next_slot++;
}

void rt_slot_free(struct rt_alloc *a, seL4_CPtr slot)
{
    if (a->slot_source) {
        rt_slot_free(a->slot_source, slot);
        return;
    }
    seL4_CNode_Delete(a->cnode, slot, RT_CNODE_DEPTH);
    /* A slot that does not fit the stack is leaked: the CSpace shrinks, nothing breaks. */
    if (a->n_free < RT_ALLOC_FREE_SLOTS)
        a->free_slots[a->n_free++] = slot;
}

seL4_Error rt_object_alloc(struct rt_alloc *a, seL4_Word type, seL4_Word size_bits, seL4_CPtr *out)
{
    seL4_CPtr slot = rt_slot_alloc(a);
    if (!slot)
        return seL4_NotEnoughMemory;
    seL4_Error err = seL4_NotEnoughMemory;
    for (unsigned i = 0; i < a->n_untyped; i++) {
        /* Node depth 0: the destination CNode is the cap itself, the offset is the slot. */
        err = seL4_Untyped_Retype(a->untyped[i], type, size_bits, a->cnode, 0, 0, slot, 1);
        if (err != seL4_NotEnoughMemory)
            break;
    }
    if (err != seL4_NoError) {
        rt_slot_free(a, slot);
        return err;
    }
    *out = slot;
    return seL4_NoError;
}
