/* The AArch64 object types as generic code sees them: creation by Retype, deriveCap, invocation dispatch. */
#include <arch/object/paging.h>
#include <arch/vspace.h>
#include <atoll/invocation.h>

bool arch_is_frame_type(word_t type)
{
    return type == seL4_ARM_SmallPageObject || type == seL4_ARM_LargePageObject || type == seL4_ARM_HugePageObject;
}

unsigned arch_object_bits(word_t type)
{
    switch (type) {
    case seL4_ARM_HugePageObject: return seL4_HugePageBits;
    case seL4_ARM_LargePageObject: return seL4_LargePageBits;
    case seL4_ARM_VSpaceObject: return seL4_VSpaceBits;
    case seL4_ARM_PageTableObject: return seL4_PageTableBits;
    default: return PAGE_BITS; /* seL4_ARM_SmallPageObject */
    }
}

struct cap arch_create_object(word_t type, paddr_t obj, bool is_device)
{
    switch (type) {
    case seL4_ARM_VSpaceObject: return cap_vspace_new(obj, 0);
    case seL4_ARM_PageTableObject: return cap_page_table_new(obj, 0, 0);
    default: /* frames carry read/write rights, as seL4's VMReadWrite; the memory is zero and
              * clean already (untyped_reset, boot), so an uncached mapping reads zeroes too */
        return cap_frame_new(obj, arch_object_bits(type), CAP_RIGHT_READ | CAP_RIGHT_WRITE, is_device, 0, 0);
    }
}

struct cap arch_derive_cap(struct cap c)
{
    switch (cap_get_type(c)) {
    case cap_frame: return cap_with_mapping(c, 0, 0);
    case cap_page_table: return cap_mapped_asid(c) ? c : cap_null_new();
    case cap_vspace: return cap_vspace_asid(c) ? c : cap_null_new();
    default: return c;
    }
}

void arch_cap_deleted(struct cap c, bool final)
{
    switch (cap_get_type(c)) {
    case cap_frame:
        if (cap_mapped_asid(c))
            vspace_unmap_frame(cap_mapped_asid(c), cap_mapped_vaddr(c), cap_frame_size_bits(c), cap_get_ptr(c));
        break;
    case cap_page_table:
        if (final && cap_mapped_asid(c))
            vspace_unmap_table(cap_mapped_asid(c), cap_mapped_vaddr(c), cap_get_ptr(c));
        break;
    case cap_vspace:
        if (final && cap_vspace_asid(c))
            asid_unassign(cap_vspace_asid(c), cap_get_ptr(c));
        break;
    case cap_asid_pool:
        if (final)
            asid_pool_remove(cap_asid_pool_base(c), cap_get_ptr(c));
        break;
    default:
        break;
    }
}

struct syscall_error check_vspace_cap(struct cap vs, word_t cap_index, paddr_t *root)
{
    if (cap_get_type(vs) != cap_vspace || cap_vspace_asid(vs) == 0)
        return error_invalid_capability(cap_index);
    *root = asid_find_vspace(cap_vspace_asid(vs));
    if (!*root)
        return error_failed_lookup(false, (struct lookup_fault){seL4_InvalidRoot, 0, 0, 0});
    if (*root != cap_get_ptr(vs))
        return error_invalid_capability(cap_index);
    return no_error();
}

struct syscall_error arch_invoke(struct invocation *inv)
{
    switch (cap_get_type(inv->cap)) {
    case cap_frame: return frame_invoke(inv);
    case cap_page_table: return page_table_invoke(inv);
    case cap_vspace: return vspace_invoke(inv);
    case cap_asid_control: return asid_control_invoke(inv);
    case cap_asid_pool: return asid_pool_invoke(inv);
    default: return error_plain(seL4_IllegalOperation);
    }
}
