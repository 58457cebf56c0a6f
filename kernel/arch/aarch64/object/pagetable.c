/* Page tables (every level below the root) and VSpaces (the level-0 table): Map/Unmap, cache operations. */
#include <arch/object/paging.h>
#include <arch/sysreg.h>
#include <arch/vspace.h>
#include <kernel/string.h>
#include <object/cdt.h>

/* Map: MR0 vaddr, MR1 attributes (unused); extra cap 0 = the VSpace. The table goes in the
 * first empty entry of the walk for vaddr, so a VSpace is filled top-down. */
static struct syscall_error decode_map(struct invocation *inv)
{
    if (inv->length < 2 || inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    struct cap table = inv->cap, vs = inv->extra[0]->cap;
    vaddr_t vaddr = inv_mr(inv, 0);
    if (cap_mapped_asid(table) != 0)
        return error_invalid_capability(0);
    paddr_t root;
    struct syscall_error e = check_vspace_cap(vs, 1, &root);
    if (e.type != seL4_NoError)
        return e;
    if (vaddr >= USER_TOP)
        return error_invalid_argument(0);
    pt_slot_ret_t slot = vspace_lookup_slot(root, vaddr);
    if (slot.bits_left == PAGE_BITS || pte_is_valid(*slot.slot))
        return error_plain(seL4_DeleteFirst);

    inv->slot->cap = cap_with_mapping(table, cap_vspace_asid(vs), ROUND_DOWN(vaddr, BIT(slot.bits_left)));
    *slot.slot = pte_table(cap_get_ptr(table));
    dsb_ishst();
    return no_error();
}

/* Unmap: take the table out of its VSpace and empty it (what was mapped through it goes). */
static void unmap(struct cte *slot)
{
    struct cap table = slot->cap;
    if (cap_mapped_asid(table) != 0) {
        vspace_unmap_table(cap_mapped_asid(table), cap_mapped_vaddr(table), cap_get_ptr(table));
        memset(paddr_to_kva(cap_get_ptr(table)), 0, BIT(seL4_PageTableBits));
    }
    slot->cap = cap_with_mapping(table, 0, 0);
}

struct syscall_error page_table_invoke(struct invocation *inv)
{
    switch (inv->label) {
    case ARMPageTableMap:
        return decode_map(inv);
    case ARMPageTableUnmap:
        if (!cdt_is_final(inv->slot))
            return error_plain(seL4_RevokeFirst); /* another cap could still map it */
        unmap(inv->slot);
        return no_error();
    default:
        return error_plain(seL4_IllegalOperation);
    }
}

/* VSpace cache operations: MR0 start, MR1 end (user addresses), within one mapped page;
 * a range that starts on no page does nothing (nothing of it can be cached). */
static struct syscall_error decode_flush(struct invocation *inv)
{
    if (inv->length < 2)
        return error_plain(seL4_TruncatedMessage);
    vaddr_t start = inv_mr(inv, 0), end = inv_mr(inv, 1);
    struct cap vs = inv->cap;
    if (end <= start)
        return error_invalid_argument(1);
    if (end >= USER_TOP)
        return error_plain(seL4_IllegalOperation);
    paddr_t root;
    struct syscall_error e = check_vspace_cap(vs, 0, &root);
    if (e.type != seL4_NoError)
        return e;
    pt_slot_ret_t slot = vspace_lookup_slot(root, start);
    if (!pte_is_leaf(*slot.slot, slot.bits_left))
        return no_error();
    word_t page = BIT(slot.bits_left);
    if (ROUND_DOWN(start, page) != ROUND_DOWN(end - 1, page))
        return error_range(start, ROUND_DOWN(start, page) + page - 1);
    if (inv->label == ARMVSpaceInvalidate_Data && !pte_user_writable(*slot.slot))
        return error_plain(seL4_IllegalOperation);
    cache_maintain(inv->label, pte_address(*slot.slot) + (start & (page - 1)), end - start);
    return no_error();
}

struct syscall_error vspace_invoke(struct invocation *inv)
{
    switch (inv->label) {
    case ARMVSpaceClean_Data:
    case ARMVSpaceInvalidate_Data:
    case ARMVSpaceCleanInvalidate_Data:
    case ARMVSpaceUnify_Instruction:
        return decode_flush(inv);
    default:
        return error_plain(seL4_IllegalOperation);
    }
}
