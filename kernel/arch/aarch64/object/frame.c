/* Frames (4 KiB, 2 MiB, 1 GiB pages): Map (and remap), Unmap, cache maintenance, GetAddress. */
#include <arch/object/paging.h>
#include <arch/sysreg.h>
#include <arch/vspace.h>

/* The VM rights of a mapping: the frame cap's Read/Write masked by the rights asked for.
 * Read+Write is read-write, Read read-only; anything else (write-only included) leaves
 * the page mapped but unreachable from EL0 (seL4's VMKernelOnly). */
static enum vm_rights mapping_rights(word_t rights, bool exec)
{
    if (!(rights & CAP_RIGHT_READ))
        return VM_USER_NONE;
    if (rights & CAP_RIGHT_WRITE)
        return exec ? VM_USER_RWX : VM_USER_RW;
    return exec ? VM_USER_RX : VM_USER_RO;
}

/* Map: MR0 vaddr, MR1 rights, MR2 seL4_ARM_VMAttributes; extra cap 0 = the VSpace. A
 * mapped frame may only be mapped again at the same place (new rights and attributes). */
static struct syscall_error decode_map(struct invocation *inv)
{
    if (inv->length < 3 || inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    struct cap frame = inv->cap, vs = inv->extra[0]->cap;
    vaddr_t vaddr = inv_mr(inv, 0);
    word_t rights = cap_rights(frame) & inv_mr(inv, 1), attr = inv_mr(inv, 2);
    unsigned bits = cap_frame_size_bits(frame);
    paddr_t root;
    struct syscall_error e = check_vspace_cap(vs, 1, &root);
    if (e.type != seL4_NoError)
        return e;
    if (!IS_ALIGNED(vaddr, BIT(bits)))
        return error_plain(seL4_AlignmentError);
    uint16_t asid = cap_vspace_asid(vs);
    if (cap_mapped_asid(frame) != 0) {
        if (cap_mapped_asid(frame) != asid)
            return error_invalid_capability(1);
        if (cap_mapped_vaddr(frame) != vaddr)
            return error_invalid_argument(0);
    } else if (vaddr >= USER_TOP || BIT(bits) > USER_TOP - vaddr) {
        return error_invalid_argument(0);
    }
    pt_slot_ret_t slot = vspace_lookup_slot(root, vaddr);
    if (slot.bits_left != bits)
        return error_failed_lookup(false, (struct lookup_fault){seL4_MissingCapability, slot.bits_left, 0, 0});

    enum vm_memtype type = cap_frame_is_device(frame)         ? VM_DEVICE
                           : (attr & seL4_ARM_PageCacheable) ? VM_NORMAL
                                                             : VM_NORMAL_NC;
    pte_t attrs = pte_leaf_attrs(mapping_rights(rights, !(attr & seL4_ARM_ExecuteNever)), type);
    pte_t pte = bits == PAGE_BITS ? pte_page(cap_get_ptr(frame), attrs) : pte_block(cap_get_ptr(frame), attrs);
    bool was_valid = pte_is_valid(*slot.slot);
    inv->slot->cap = cap_with_mapping(frame, asid, vaddr);
    *slot.slot = pte;
    if (was_valid)
        tlb_invalidate_page(asid, vaddr);
    else
        dsb_ishst();
    return no_error();
}

static void unmap(struct cte *slot)
{
    struct cap frame = slot->cap;
    if (cap_mapped_asid(frame) != 0)
        vspace_unmap_frame(cap_mapped_asid(frame), cap_mapped_vaddr(frame), cap_frame_size_bits(frame),
                           cap_get_ptr(frame));
    slot->cap = cap_with_mapping(frame, 0, 0);
}

/* Clean/Invalidate/CleanInvalidate/Unify: MR0 start, MR1 end, offsets inside the frame,
 * which must be mapped where its cap says. */
static struct syscall_error decode_flush(struct invocation *inv)
{
    struct cap frame = inv->cap;
    if (inv->length < 2)
        return error_plain(seL4_TruncatedMessage);
    if (cap_mapped_asid(frame) == 0)
        return error_plain(seL4_IllegalOperation);
    paddr_t root = asid_find_vspace(cap_mapped_asid(frame));
    if (!root)
        return error_failed_lookup(false, (struct lookup_fault){seL4_InvalidRoot, 0, 0, 0});
    word_t start = inv_mr(inv, 0), end = inv_mr(inv, 1), size = BIT(cap_frame_size_bits(frame));
    if (end <= start)
        return error_invalid_argument(1);
    if (start >= size || end > size)
        return error_invalid_argument(0);
    pt_slot_ret_t slot = vspace_lookup_slot(root, cap_mapped_vaddr(frame));
    if (slot.bits_left != cap_frame_size_bits(frame) || !pte_is_leaf(*slot.slot, slot.bits_left) ||
        pte_address(*slot.slot) != cap_get_ptr(frame))
        return error_invalid_capability(0); /* the cap's mapping is stale */
    if (inv->label == ARMPageInvalidate_Data && !pte_user_writable(*slot.slot))
        return error_plain(seL4_IllegalOperation); /* discarding data one could not write */
    cache_maintain(inv->label, cap_get_ptr(frame) + start, end - start);
    return no_error();
}

struct syscall_error frame_invoke(struct invocation *inv)
{
    switch (inv->label) {
    case ARMPageMap:
        return decode_map(inv);
    case ARMPageUnmap:
        unmap(inv->slot);
        return no_error();
    case ARMPageClean_Data:
    case ARMPageInvalidate_Data:
    case ARMPageCleanInvalidate_Data:
    case ARMPageUnify_Instruction:
        return decode_flush(inv);
    case ARMPageGetAddress:
        thread_set_mr(inv->caller, 0, cap_get_ptr(inv->cap));
        inv->reply_length = 1;
        return no_error();
    default:
        return error_plain(seL4_IllegalOperation);
    }
}
