/* Untyped memory: Untyped_Retype (decode every argument, then carve objects at the free index). */
#include <arch/machine.h>
#include <arch/mmu.h>
#include <arch/vspace.h>
#include <arch/object/paging.h>
#include <atoll/bootinfo.h>
#include <atoll/invocation.h>
#include <kernel/sched.h>
#include <object/cdt.h>
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/untyped.h>

/*
 * Frames, page tables and VSpaces (types 5-9) come from arch/aarch64/object/objecttype.c;
 * RAM is zeroed (and cleaned to memory, so an uncached mapping reads zeroes too) before any
 * object is made of it, device memory (frames only) is not. Objects are placed from the
 * untyped's free index upwards, each aligned to its own size (seL4's rule: the number that fit
 * is (2^size - free index) >> object bits), and their caps become the untyped's children in
 * the derivation tree. An untyped with no children left (all deleted, or revoked) starts
 * again from 0: seL4's reset.
 *
 * Clearing is preemptible, as seL4's reset of an untyped is: it goes a chunk at a time and
 * stops when an interrupt is pending; the Retype then runs again from its svc and goes on
 * where it stopped (`cleared` remembers how far, for exactly that untyped cap, slot and
 * region), so a 1 GiB frame, or 256 2 MiB ones, make no long kernel entry. Memory can only
 * come into use through a Retype that makes something of it (an untyped included), so every
 * Retype over part of the half-cleared region, and the one that finishes it, forget the
 * progress; a Retype elsewhere keeps it (a thread preempted every tick still finishes).
 */
#define CLEAR_CHUNK_BITS 16

static struct {
    const struct cte *slot; /* 0: nothing half-cleared */
    struct cap ut;          /* the untyped cap as it was (free index included) */
    paddr_t first;
    word_t size, done;      /* [first, first + done) of [first, first + size) is zero */
} cleared;

/* How much of [first, first + size), which a Retype through slot is about to use, is cleared
 * already; forgets progress kept for a region that overlaps it. */
static word_t cleared_already(const struct cte *slot, paddr_t first, word_t size)
{
    if (cleared.slot == slot && cap_equal(cleared.ut, slot->cap) && cleared.first == first && cleared.size == size)
        return cleared.done;
    if (cleared.slot && first < cleared.first + cleared.size && cleared.first < first + size)
        cleared.slot = 0;
    return 0;
}

/* Zero [first + done, first + size) for a Retype through slot; false if it stopped for an
 * interrupt (the progress is kept). */
static bool clear_objects(const struct cte *slot, paddr_t first, word_t size, word_t done)
{
    while (done < size) {
        word_t n = MIN(size - done, BIT(CLEAR_CHUNK_BITS));
        clear_memory(first + done, n);
        done += n;
        if (done < size && arch_irq_pending()) {
            cleared.slot = slot;
            cleared.ut = slot->cap;
            cleared.first = first;
            cleared.size = size;
            cleared.done = done;
            return false;
        }
    }
    return true;
}

/* Size in bits of one object of type (user_bits for the variable-sized ones). */
static unsigned object_bits(seL4_ObjectType type, word_t user_bits)
{
    switch (type) {
    case seL4_UntypedObject: return (unsigned)user_bits;
    case seL4_TCBObject: return seL4_TCBBits;
    case seL4_EndpointObject: return seL4_EndpointBits;
    case seL4_NotificationObject: return seL4_NotificationBits;
    case seL4_CapTableObject: return (unsigned)user_bits + seL4_SlotBits;
    default: return arch_object_bits(type); /* frames and paging structures: fixed sizes */
    }
}

static struct cap create_object(seL4_ObjectType type, paddr_t obj, word_t user_bits, bool is_device)
{
    switch (type) {
    case seL4_UntypedObject:
        return cap_untyped_new(obj, (unsigned)user_bits, is_device, 0);
    case seL4_TCBObject: {
        struct tcb *t = paddr_to_kva(obj);
        tcb_init_new(t);
        sched_register(t);
        return cap_thread_new(obj);
    }
    case seL4_EndpointObject:
        return cap_endpoint_new(obj, CAP_RIGHTS_ALL, 0);
    case seL4_NotificationObject:
        return cap_notification_new(obj, CAP_RIGHT_READ | CAP_RIGHT_WRITE, 0);
    case seL4_CapTableObject:
        return cap_cnode_new(obj, (unsigned)user_bits, 0, 0);
    default:
        return arch_create_object(type, obj, is_device);
    }
}

/* Retype: type, size_bits, node_index, node_depth, node_offset, num_objects; extra cap 0 = root. */
static struct syscall_error decode_retype(struct invocation *inv)
{
    if (inv->length < 6 || inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    word_t type = inv_mr(inv, 0), user_bits = inv_mr(inv, 1), node_index = inv_mr(inv, 2);
    word_t node_depth = inv_mr(inv, 3), node_offset = inv_mr(inv, 4), node_window = inv_mr(inv, 5);
    struct cap root = inv->extra[0]->cap;
    struct cap ut = inv->cap;
    bool is_device = cap_untyped_is_device(ut);

    if (type >= seL4_ObjectTypeCount)
        return error_invalid_argument(0);
    unsigned bits = object_bits((seL4_ObjectType)type, user_bits);
    if (user_bits >= 64 || bits > seL4_MaxUntypedBits)
        return error_range(0, seL4_MaxUntypedBits);
    if (type == seL4_CapTableObject && user_bits == 0)
        return error_invalid_argument(1);
    if (type == seL4_UntypedObject && user_bits < seL4_MinUntypedBits)
        return error_invalid_argument(1);
    if (is_device && type != seL4_UntypedObject && !arch_is_frame_type(type))
        return error_invalid_argument(1); /* kernel objects never live in device memory */

    /* The destination CNode: the root itself (depth 0) or a CNode cap found through it. */
    struct cap dest_cnode = root;
    if (node_depth != 0) {
        struct cte *slot;
        struct syscall_error e = cnode_lookup_op_slot(root, node_index, node_depth, false, &slot);
        if (e.type != seL4_NoError)
            return e;
        dest_cnode = slot->cap;
    }
    if (cap_get_type(dest_cnode) != cap_cnode)
        return error_failed_lookup(false, (struct lookup_fault){seL4_MissingCapability, node_depth, 0, 0});

    word_t n_slots = BIT(cap_cnode_radix(dest_cnode));
    if (node_offset > n_slots - 1)
        return error_range(0, n_slots - 1);
    if (node_window < 1 || node_window > seL4_RetypeFanOutLimit)
        return error_range(1, seL4_RetypeFanOutLimit);
    if (node_window > n_slots - node_offset)
        return error_range(1, n_slots - node_offset);
    struct cte *dest = cnode_slots(dest_cnode) + node_offset;
    for (word_t i = 0; i < node_window; i++)
        if (!cap_is_null(dest[i].cap))
            return error_plain(seL4_DeleteFirst);

    word_t size = BIT(cap_untyped_size_bits(ut));
    word_t free_index = cdt_has_children(inv->slot) ? cap_untyped_free_index(ut) : 0;
    word_t free_bytes = size - free_index;
    if (bits > cap_untyped_size_bits(ut) || (free_bytes >> bits) < node_window)
        return error_not_enough_memory(free_bytes);

    /* invoke: nothing below can fail; clearing the memory can be preempted (the svc runs again) */
    paddr_t base = cap_get_ptr(ut);
    paddr_t first = ROUND_UP(base + free_index, BIT(bits));
    /* an untyped child is not cleared as a whole: its own objects are, when made */
    word_t done = cleared_already(inv->slot, first, node_window << bits);
    if (!is_device && type != seL4_UntypedObject && !clear_objects(inv->slot, first, node_window << bits, done)) {
        inv->preempted = true;
        return no_error();
    }
    if (cleared.slot == inv->slot)
        cleared.slot = 0; /* the region is in use now */
    for (word_t i = 0; i < node_window; i++)
        cdt_insert_new(inv->slot, &dest[i],
                       create_object((seL4_ObjectType)type, first + (i << bits), user_bits, is_device));
    cap_untyped_set_free_index(&inv->slot->cap, first + (node_window << bits) - base);
    return no_error();
}

struct syscall_error untyped_invoke(struct invocation *inv)
{
    if (inv->label != UntypedRetype)
        return error_plain(seL4_IllegalOperation);
    return decode_retype(inv);
}
