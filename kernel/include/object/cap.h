/* Capabilities: the two-word representation kept in a CNode slot, declared once with accessors. */
#pragma once

#include <kernel/types.h>

/*
 * A capability is two 64-bit words; a slot (struct cte) is the capability plus two
 * words of derivation tree links (object/cdt.h), 2^5 bytes as in seL4 (seL4_SlotBits = 5).
 *
 * word 0
 *  63     59 58         56 55        50 49         44 43                                 0
 * +---------+-------------+------------+-------------+-----------------------------------+
 * |  type   |   (spare)   |    hi6     |     lo6     |  object physical address >> 4     |
 * +---------+-------------+------------+-------------+-----------------------------------+
 * word 1: 64 bits, meaning per type
 *
 *   type          lo6 (49..44)          hi6 (55..50)          word 1
 *   untyped       size bits             bit 50: is device     free index (bytes used)
 *   endpoint      rights (bit 44..47)   -                     badge
 *   notification  rights (bit 44..47)   -                     badge
 *   reply         bit 44: can grant     -                     -
 *   cnode         radix bits            guard size            guard
 *   thread        -                     -                     -
 *   frame         rights (bit 44..47)   size bits             mapping (below)
 *   page table    -                     -                     mapping (below)
 *   vspace        -                     -                     assigned ASID (0 = none)
 *   asid pool     -                     -                     first ASID of the pool
 *   irq handler   -                     -                     interrupt number
 *   zombie        radix bits            -                     kernel address of the zombie
 *                                                             slot it was found under (0: top)
 *   irq control, asid control, domain: no fields
 * A frame cap of device memory has bit 56 (spare) set.
 *
 * mapping word of a frame or page table cap (ASID 0 = not mapped, as seL4's asidInvalid):
 *  63            48 47                                                       0
 * +----------------+----------------------------------------------------------+
 * |  mapped ASID   |  mapped virtual address (a table: the base of its span)  |
 * +----------------+----------------------------------------------------------+
 *
 * Rights follow seL4_CapRights_t: bit 0 Write, 1 Read, 2 Grant, 3 GrantReply.
 * Objects are at least 16-byte aligned, so 44 bits hold any 48-bit physical address.
 */
enum cap_type {
    cap_null = 0,
    cap_untyped,
    cap_endpoint,
    cap_notification,
    cap_reply,
    cap_cnode,
    cap_thread,
    cap_irq_control,
    cap_irq_handler,
    cap_asid_control,
    cap_asid_pool,
    cap_domain,
    cap_frame,
    cap_page_table,
    cap_vspace,
    cap_zombie, /* a CNode being torn down by cte_delete; never seen by user space */
};

struct cap {
    word_t w[2];
};

#define CAP_TYPE_SHIFT 59
#define CAP_TYPE_BITS 5
#define CAP_PTR_BITS 44
#define CAP_LO_SHIFT 44
#define CAP_HI_SHIFT 50
#define CAP_FIELD_BITS 6

enum cap_rights {
    CAP_RIGHT_WRITE = 1u << 0,
    CAP_RIGHT_READ = 1u << 1,
    CAP_RIGHT_GRANT = 1u << 2,
    CAP_RIGHT_GRANT_REPLY = 1u << 3,
    CAP_RIGHTS_ALL = 0xf,
};

static inline word_t cap_bits_get(struct cap c, unsigned shift, unsigned bits)
{
    return (c.w[0] >> shift) & MASK(bits);
}

static inline struct cap cap_new(enum cap_type type, paddr_t obj, word_t lo, word_t hi, word_t w1)
{
    struct cap c;
    c.w[0] = ((word_t)type << CAP_TYPE_SHIFT) | ((hi & MASK(CAP_FIELD_BITS)) << CAP_HI_SHIFT) |
             ((lo & MASK(CAP_FIELD_BITS)) << CAP_LO_SHIFT) | ((obj >> 4) & MASK(CAP_PTR_BITS));
    c.w[1] = w1;
    return c;
}

static inline struct cap cap_null_new(void) { return (struct cap){{0, 0}}; }
static inline enum cap_type cap_get_type(struct cap c)
{
    return (enum cap_type)cap_bits_get(c, CAP_TYPE_SHIFT, CAP_TYPE_BITS);
}
static inline bool cap_is_null(struct cap c) { return cap_get_type(c) == cap_null; }
static inline bool cap_equal(struct cap a, struct cap b) { return a.w[0] == b.w[0] && a.w[1] == b.w[1]; }
static inline paddr_t cap_get_ptr(struct cap c) { return cap_bits_get(c, 0, CAP_PTR_BITS) << 4; }
static inline word_t cap_get_lo(struct cap c) { return cap_bits_get(c, CAP_LO_SHIFT, CAP_FIELD_BITS); }
static inline word_t cap_get_hi(struct cap c) { return cap_bits_get(c, CAP_HI_SHIFT, CAP_FIELD_BITS); }
static inline struct cap cap_with_lo(struct cap c, word_t lo)
{
    c.w[0] = (c.w[0] & ~(MASK(CAP_FIELD_BITS) << CAP_LO_SHIFT)) | ((lo & MASK(CAP_FIELD_BITS)) << CAP_LO_SHIFT);
    return c;
}

/* Untyped */
static inline struct cap cap_untyped_new(paddr_t base, unsigned size_bits, bool is_device, word_t free_index)
{
    return cap_new(cap_untyped, base, size_bits, is_device, free_index);
}
static inline unsigned cap_untyped_size_bits(struct cap c) { return (unsigned)cap_get_lo(c); }
static inline bool cap_untyped_is_device(struct cap c) { return cap_get_hi(c) & 1; }
static inline word_t cap_untyped_free_index(struct cap c) { return c.w[1]; }
static inline void cap_untyped_set_free_index(struct cap *c, word_t free_index) { c->w[1] = free_index; }

/* Endpoint and notification: rights and badge */
static inline struct cap cap_endpoint_new(paddr_t ep, word_t rights, word_t badge)
{
    return cap_new(cap_endpoint, ep, rights, 0, badge);
}
static inline struct cap cap_notification_new(paddr_t ntfn, word_t rights, word_t badge)
{
    return cap_new(cap_notification, ntfn, rights, 0, badge);
}
static inline word_t cap_badge(struct cap c) { return c.w[1]; }

/* Rights of an endpoint, notification or frame cap (the others carry none). */
static inline word_t cap_rights(struct cap c)
{
    switch (cap_get_type(c)) {
    case cap_endpoint:
    case cap_notification:
    case cap_frame:
        return cap_get_lo(c) & CAP_RIGHTS_ALL;
    default:
        return 0;
    }
}

/* Reply (non-MCS: one per thread, the caller's TCB is the object) */
static inline struct cap cap_reply_new(paddr_t tcb, bool can_grant)
{
    return cap_new(cap_reply, tcb, can_grant, 0, 0);
}
static inline bool cap_reply_can_grant(struct cap c) { return cap_get_lo(c) & 1; }

/* CNode: 2^radix slots, then guard_size bits of guard */
static inline struct cap cap_cnode_new(paddr_t slots, unsigned radix, unsigned guard_size, word_t guard)
{
    return cap_new(cap_cnode, slots, radix, guard_size, guard);
}
static inline unsigned cap_cnode_radix(struct cap c) { return (unsigned)cap_get_lo(c); }
static inline unsigned cap_cnode_guard_size(struct cap c) { return (unsigned)cap_get_hi(c); }
static inline word_t cap_cnode_guard(struct cap c) { return c.w[1]; }

/* Thread */
static inline struct cap cap_thread_new(paddr_t tcb) { return cap_new(cap_thread, tcb, 0, 0, 0); }

/* Frame, page table, vspace, ASID pool (arch/aarch64/object/). */
#define CAP_FRAME_DEVICE_BIT 56
#define CAP_MAPPING_ASID_SHIFT 48
static inline word_t cap_mapping_word(uint16_t asid, vaddr_t vaddr)
{
    return ((word_t)asid << CAP_MAPPING_ASID_SHIFT) | (vaddr & MASK(CAP_MAPPING_ASID_SHIFT));
}
static inline uint16_t cap_mapped_asid(struct cap c) { return (uint16_t)(c.w[1] >> CAP_MAPPING_ASID_SHIFT); }
static inline vaddr_t cap_mapped_vaddr(struct cap c) { return c.w[1] & MASK(CAP_MAPPING_ASID_SHIFT); }
static inline struct cap cap_with_mapping(struct cap c, uint16_t asid, vaddr_t vaddr)
{
    c.w[1] = cap_mapping_word(asid, vaddr);
    return c;
}
static inline struct cap cap_frame_new(paddr_t frame, unsigned size_bits, word_t rights, bool is_device,
                                       uint16_t asid, vaddr_t mapped)
{
    struct cap c = cap_new(cap_frame, frame, rights, size_bits, cap_mapping_word(asid, mapped));
    c.w[0] |= (word_t)is_device << CAP_FRAME_DEVICE_BIT;
    return c;
}
static inline unsigned cap_frame_size_bits(struct cap c) { return (unsigned)cap_get_hi(c); }
static inline bool cap_frame_is_device(struct cap c) { return (c.w[0] >> CAP_FRAME_DEVICE_BIT) & 1; }
static inline struct cap cap_page_table_new(paddr_t table, uint16_t asid, vaddr_t mapped)
{
    return cap_new(cap_page_table, table, 0, 0, cap_mapping_word(asid, mapped));
}
static inline struct cap cap_vspace_new(paddr_t root, uint16_t asid) { return cap_new(cap_vspace, root, 0, 0, asid); }
static inline uint16_t cap_vspace_asid(struct cap c) { return (uint16_t)c.w[1]; }
static inline struct cap cap_asid_pool_new(paddr_t pool, uint16_t base)
{
    return cap_new(cap_asid_pool, pool, 0, 0, base);
}
static inline uint16_t cap_asid_pool_base(struct cap c) { return (uint16_t)c.w[1]; }
static inline struct cap cap_irq_handler_new(unsigned irq) { return cap_new(cap_irq_handler, 0, 0, 0, irq); }
static inline unsigned cap_irq_handler_irq(struct cap c) { return (unsigned)c.w[1]; }
static inline struct cap cap_simple_new(enum cap_type type) { return cap_new(type, 0, 0, 0, 0); }
/* Zombie: the CNode (slots, radix) whose slots cte_delete is emptying; parent = the slot of
 * the zombie whose CNode holds this one (0 for the first). */
static inline struct cap cap_zombie_new(paddr_t slots, unsigned radix, word_t parent)
{
    return cap_new(cap_zombie, slots, radix, 0, parent);
}

/* seL4's cap_tag for a type (DebugCapIdentify): the generic tags are even, the AArch64
 * ones odd, as in seL4's structures.bf (vspace_cap has the old page_global_directory's 9). */
static inline word_t cap_sel4_tag(struct cap c)
{
    switch (cap_get_type(c)) {
    case cap_untyped: return 2;
    case cap_endpoint: return 4;
    case cap_notification: return 6;
    case cap_reply: return 8;
    case cap_cnode: return 10;
    case cap_thread: return 12;
    case cap_irq_control: return 14;
    case cap_irq_handler: return 16;
    case cap_zombie: return 18;
    case cap_domain: return 20;
    case cap_frame: return 1;
    case cap_page_table: return 3;
    case cap_vspace: return 9;
    case cap_asid_control: return 11;
    case cap_asid_pool: return 13;
    default: return 0;
    }
}

/* A CNode slot: the capability and two words for the derivation tree (object/cdt.h:
 * mdb[0] = previous slot | revocable | first badged, mdb[1] = next slot). */
struct cte {
    struct cap cap;
    word_t mdb[2];
};

#define SLOT_BITS 5
_Static_assert(sizeof(struct cte) == (1u << SLOT_BITS), "a slot is 2^5 bytes");
