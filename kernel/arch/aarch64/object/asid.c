/* ASID control and ASID pools: ASIDControl_MakePool (a pool from a 4 KiB untyped), ASIDPool_Assign. */
#include <arch/object/paging.h>
#include <arch/vspace.h>
#include <kernel/string.h>
#include <object/cdt.h>
#include <object/cnode.h>

/*
 * MakePool: extra caps 0 = a 4 KiB RAM untyped with nothing carved from it, 1 = the root
 * CNode of the destination (MR0 index, MR1 depth). The pool takes the first free entry of
 * the ASID table (none left: DeleteFirst) and its cap becomes the untyped's child.
 */
static struct syscall_error decode_make_pool(struct invocation *inv)
{
    if (inv->length < 2 || inv->n_extra < 2)
        return error_plain(seL4_TruncatedMessage);
    struct cte *parent = inv->extra[0];
    struct cap ut = parent->cap;
    unsigned i = 0;
    while (i < ASID_POOLS && asid_table[i])
        i++;
    if (i == ASID_POOLS)
        return error_plain(seL4_DeleteFirst);
    if (cap_get_type(ut) != cap_untyped || cap_untyped_size_bits(ut) != seL4_ASIDPoolBits ||
        cap_untyped_is_device(ut))
        return error_invalid_capability(1);
    if (cdt_has_children(parent))
        return error_plain(seL4_RevokeFirst);
    struct cte *dest;
    struct syscall_error e = cnode_lookup_op_slot(inv->extra[1]->cap, inv_mr(inv, 0), inv_mr(inv, 1), false, &dest);
    if (e.type != seL4_NoError)
        return e;
    if (!cap_is_null(dest->cap))
        return error_plain(seL4_DeleteFirst);

    paddr_t frame = cap_get_ptr(ut);
    cap_untyped_set_free_index(&parent->cap, BIT(seL4_ASIDPoolBits));
    memset(paddr_to_kva(frame), 0, BIT(seL4_ASIDPoolBits));
    cdt_insert_new(parent, dest, cap_asid_pool_new(frame, (uint16_t)(i << seL4_ASIDPoolIndexBits)));
    asid_table[i] = paddr_to_kva(frame);
    return no_error();
}

struct syscall_error asid_control_invoke(struct invocation *inv)
{
    if (inv->label != ARMASIDControlMakePool)
        return error_plain(seL4_IllegalOperation);
    return decode_make_pool(inv);
}

/* Assign: extra cap 0 = a VSpace without an ASID; it gets the pool's first free ASID. */
struct syscall_error asid_pool_invoke(struct invocation *inv)
{
    if (inv->label != ARMASIDPoolAssign)
        return error_plain(seL4_IllegalOperation);
    if (inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    struct cte *vs_slot = inv->extra[0];
    if (cap_get_type(vs_slot->cap) != cap_vspace || cap_vspace_asid(vs_slot->cap) != 0)
        return error_invalid_capability(1);
    uint16_t base = cap_asid_pool_base(inv->cap);
    struct asid_pool *pool = asid_table[ASID_HIGH(base)];
    if (!pool)
        return error_failed_lookup(false, (struct lookup_fault){seL4_InvalidRoot, 0, 0, 0});
    if (kva_to_paddr(pool) != cap_get_ptr(inv->cap))
        return error_invalid_capability(0);
    unsigned i = 0;
    while (i < ASID_POOL_ENTRIES && (base + i == 0 || pool->vspace[i]))
        i++;
    if (i == ASID_POOL_ENTRIES)
        return error_plain(seL4_DeleteFirst);

    uint16_t asid = (uint16_t)(base + i);
    pool->vspace[i] = cap_get_ptr(vs_slot->cap);
    vs_slot->cap = cap_vspace_new(cap_get_ptr(vs_slot->cap), asid);
    return no_error();
}
