/* CNodes: guard/radix lookup (resolveAddressBits) and the CNode invocations. */
#include <arch/mmu.h>
#include <atoll/invocation.h>
#include <kernel/ipc.h>
#include <object/cdt.h>
#include <object/cnode.h>
#include <object/endpoint.h>

resolve_ret_t cnode_resolve(struct cap node_cap, word_t cptr, word_t n_bits)
{
    resolve_ret_t r = {{seL4_NoFailure, 0, 0, 0}, 0, n_bits};
    if (cap_get_type(node_cap) != cap_cnode) {
        r.fault.type = seL4_InvalidRoot;
        return r;
    }
    for (;;) {
        unsigned radix = cap_cnode_radix(node_cap);
        unsigned guard_bits = cap_cnode_guard_size(node_cap);
        unsigned level_bits = radix + guard_bits;
        word_t guard = cap_cnode_guard(node_cap);
        /* A CNode of radix 0 and guard 0 would never consume bits; retype refuses radix 0. */
        word_t cptr_guard = guard_bits && guard_bits <= n_bits ? (cptr >> (n_bits - guard_bits)) & MASK(guard_bits)
                                                                : 0;
        if (guard_bits > n_bits || cptr_guard != guard) {
            r.fault = (struct lookup_fault){seL4_GuardMismatch, n_bits, guard_bits, guard};
            return r;
        }
        if (level_bits > n_bits) {
            r.fault = (struct lookup_fault){seL4_DepthMismatch, n_bits, level_bits, 0};
            return r;
        }
        word_t offset = (cptr >> (n_bits - level_bits)) & MASK(radix);
        struct cte *slot = cnode_slots(node_cap) + offset;
        n_bits -= level_bits;
        if (n_bits == 0 || cap_get_type(slot->cap) != cap_cnode) {
            r.slot = slot;
            r.bits_remaining = n_bits;
            return r;
        }
        node_cap = slot->cap;
    }
}

resolve_ret_t cspace_lookup_slot(const struct tcb *t, word_t cptr)
{
    struct cte *slot;
    if (cspace_one_level(t->cspace_root, cptr, &slot))
        return (resolve_ret_t){{seL4_NoFailure, 0, 0, 0}, slot, 0};
    return cnode_resolve(t->cspace_root, cptr, 64);
}

struct syscall_error error_failed_lookup(bool is_source, struct lookup_fault f)
{
    struct syscall_error e = {seL4_FailedLookup, 2, {is_source, f.type, 0, 0, 0}};
    switch (f.type) {
    case seL4_MissingCapability:
        e.mr[2] = f.bits_left;
        e.n_mrs = 3;
        break;
    case seL4_DepthMismatch:
        e.mr[2] = f.bits_left;
        e.mr[3] = f.bits_found;
        e.n_mrs = 4;
        break;
    case seL4_GuardMismatch:
        e.mr[2] = f.bits_left;
        e.mr[3] = f.guard_found;
        e.mr[4] = f.bits_found;
        e.n_mrs = 5;
        break;
    default:
        break;
    }
    return e;
}

struct syscall_error cnode_lookup_op_slot(struct cap root, word_t index, word_t depth, bool is_source,
                                          struct cte **slot)
{
    if (cap_get_type(root) != cap_cnode)
        return error_failed_lookup(is_source, (struct lookup_fault){seL4_InvalidRoot, 0, 0, 0});
    if (depth < 1 || depth > 64)
        return error_range(1, 64);
    resolve_ret_t r = cnode_resolve(root, index, depth);
    if (r.fault.type != seL4_NoFailure)
        return error_failed_lookup(is_source, r.fault);
    if (r.bits_remaining)
        return error_failed_lookup(is_source, (struct lookup_fault){seL4_DepthMismatch, r.bits_remaining, 0, 0});
    *slot = r.slot;
    return no_error();
}

/* maskCapRights: keep only the rights in the mask (caps without rights are unchanged). */
static struct cap mask_rights(struct cap c, word_t rights)
{
    switch (cap_get_type(c)) {
    case cap_endpoint:
        return cap_with_lo(c, cap_rights(c) & rights);
    case cap_notification: /* notifications have no Grant rights */
        return cap_with_lo(c, cap_rights(c) & rights & (CAP_RIGHT_READ | CAP_RIGHT_WRITE));
    case cap_frame:
        return cap_with_lo(c, cap_rights(c) & rights & (CAP_RIGHT_READ | CAP_RIGHT_WRITE));
    case cap_reply:
        return cap_reply_new(cap_get_ptr(c), cap_reply_can_grant(c) && (rights & CAP_RIGHT_GRANT));
    default:
        return c;
    }
}

struct cap cap_update_data(bool preserve, word_t data, struct cap c)
{
    switch (cap_get_type(c)) {
    case cap_endpoint:
    case cap_notification:
        if (!preserve && cap_badge(c) == 0) {
            c.w[1] = data;
            return c;
        }
        return cap_null_new(); /* already badged, or Mutate (which cannot badge) */
    case cap_cnode: {
        /* seL4_CNode_CapData: guard size in bits 5..0, guard in bits 63..6 */
        word_t guard_size = data & MASK(6);
        word_t guard = data >> 6;
        if (guard_size + cap_cnode_radix(c) > 64)
            return cap_null_new();
        guard &= guard_size >= 64 ? ~(word_t)0 : MASK(guard_size);
        return cap_cnode_new(cap_get_ptr(c), cap_cnode_radix(c), (unsigned)guard_size, guard);
    }
    default:
        return c;
    }
}

/* Copy, Mint, Move, Mutate: decode everything, then write the slots. */
static struct syscall_error decode_copy_like(struct invocation *inv, struct cte *dest)
{
    word_t label = inv->label;
    if (inv->length < 4 || inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    word_t src_index = inv_mr(inv, 2), src_depth = inv_mr(inv, 3);
    struct cap src_root = inv->extra[0]->cap;
    if (!cap_is_null(dest->cap))
        return error_plain(seL4_DeleteFirst);
    struct cte *src;
    struct syscall_error e = cnode_lookup_op_slot(src_root, src_index, src_depth, true, &src);
    if (e.type != seL4_NoError)
        return e;
    if (cap_is_null(src->cap))
        return error_failed_lookup(true, (struct lookup_fault){seL4_MissingCapability, src_depth, 0, 0});
    if (cap_get_type(src->cap) == cap_zombie)
        return error_plain(seL4_IllegalOperation); /* its walk finds its way back by slot address */

    struct cap new_cap;
    bool is_move = false;
    switch (label) {
    case CNodeCopy:
        if (inv->length < 5)
            return error_plain(seL4_TruncatedMessage);
        new_cap = cdt_derive(src, mask_rights(src->cap, inv_mr(inv, 4)), &e);
        break;
    case CNodeMint:
        if (inv->length < 6)
            return error_plain(seL4_TruncatedMessage);
        new_cap = cdt_derive(src, cap_update_data(false, inv_mr(inv, 5), mask_rights(src->cap, inv_mr(inv, 4))),
                             &e);
        break;
    case CNodeMove:
        new_cap = src->cap;
        is_move = true;
        break;
    default: /* CNodeMutate */
        if (inv->length < 5)
            return error_plain(seL4_TruncatedMessage);
        new_cap = cap_update_data(true, inv_mr(inv, 4), src->cap);
        is_move = true;
        break;
    }
    if (e.type != seL4_NoError)
        return e;
    if (cap_is_null(new_cap))
        return error_plain(seL4_IllegalOperation);
    if (src == dest)
        return error_plain(seL4_DeleteFirst); /* dest is not empty: it is the source */

    /* invoke: nothing below can fail */
    if (is_move)
        cdt_move(src, dest, new_cap);
    else
        cdt_insert_derived(src, dest, new_cap);
    return no_error();
}

/* Rotate: pivot -> dest, src -> pivot (src may be dest: a swap), badges preserved. */
static struct syscall_error decode_rotate(struct invocation *inv, struct cte *dest)
{
    if (inv->length < 8 || inv->n_extra < 2)
        return error_plain(seL4_TruncatedMessage);
    struct cte *pivot, *src;
    struct syscall_error e = cnode_lookup_op_slot(inv->extra[0]->cap, inv_mr(inv, 2), inv_mr(inv, 3), true, &pivot);
    if (e.type != seL4_NoError)
        return e;
    e = cnode_lookup_op_slot(inv->extra[1]->cap, inv_mr(inv, 4), inv_mr(inv, 5), true, &src);
    if (e.type != seL4_NoError)
        return e;
    if (pivot == src || pivot == dest)
        return error_plain(seL4_IllegalOperation);
    if (src != dest && !cap_is_null(dest->cap))
        return error_plain(seL4_DeleteFirst);
    if (cap_is_null(src->cap))
        return error_failed_lookup(true, (struct lookup_fault){seL4_MissingCapability, inv_mr(inv, 5), 0, 0});
    if (cap_is_null(pivot->cap))
        return error_failed_lookup(true, (struct lookup_fault){seL4_MissingCapability, inv_mr(inv, 3), 0, 0});
    if (cap_get_type(src->cap) == cap_zombie || cap_get_type(pivot->cap) == cap_zombie)
        return error_plain(seL4_IllegalOperation);
    struct cap new_src = cap_update_data(true, inv_mr(inv, 7), src->cap);
    struct cap new_pivot = cap_update_data(true, inv_mr(inv, 6), pivot->cap);
    if (cap_is_null(new_src) || cap_is_null(new_pivot))
        return error_plain(seL4_IllegalOperation);

    /* invoke */
    if (src == dest) {
        cdt_swap(pivot, new_pivot, src, new_src);
    } else {
        cdt_move(pivot, dest, new_pivot);
        cdt_move(src, pivot, new_src);
    }
    return no_error();
}

/* CancelBadgedSends: needs an endpoint cap with all rights; senders queued with its badge
 * are restarted (they retry their send). An unbadged cap does nothing. */
static struct syscall_error decode_cancel_badged_sends(struct cte *dest)
{
    struct cap c = dest->cap;
    if (cap_get_type(c) != cap_endpoint || cap_rights(c) != CAP_RIGHTS_ALL)
        return error_plain(seL4_IllegalOperation);
    if (cap_badge(c) != 0)
        endpoint_cancel_badged_sends(paddr_to_kva(cap_get_ptr(c)), cap_badge(c));
    return no_error();
}

struct syscall_error cnode_invoke(struct invocation *inv)
{
    if (inv->label < CNodeRevoke || inv->label > CNodeSaveCaller)
        return error_plain(seL4_IllegalOperation);
    if (inv->length < 2)
        return error_plain(seL4_TruncatedMessage);
    struct cte *dest;
    struct syscall_error e = cnode_lookup_op_slot(inv->cap, inv_mr(inv, 0), inv_mr(inv, 1), false, &dest);
    if (e.type != seL4_NoError)
        return e;

    switch (inv->label) {
    case CNodeCopy:
    case CNodeMint:
    case CNodeMove:
    case CNodeMutate:
        return decode_copy_like(inv, dest);
    case CNodeDelete:
        inv->preempted = !cte_delete(dest);
        return no_error();
    case CNodeRevoke:
        inv->preempted = !cte_revoke(dest);
        return no_error();
    case CNodeSaveCaller:
        if (!cap_is_null(dest->cap))
            return error_plain(seL4_DeleteFirst);
        ipc_save_caller(inv->caller, dest);
        return no_error();
    case CNodeRotate:
        return decode_rotate(inv, dest);
    case CNodeCancelBadgedSends:
        return decode_cancel_badged_sends(dest);
    default:
        return error_plain(seL4_IllegalOperation);
    }
}
