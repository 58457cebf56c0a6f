/* The capability derivation tree: links, parenthood, insertion, moves, deriveCap. */
#include <arch/mmu.h>
#include <arch/object/paging.h>
#include <atoll/bootinfo.h>
#include <atoll/invocation.h>
#include <object/cdt.h>
#include <object/tcb.h>

#define MDB_REVOCABLE 1ul
#define MDB_FIRST_BADGED 2ul
#define MDB_FLAGS (MDB_REVOCABLE | MDB_FIRST_BADGED)

struct cte *cdt_prev(const struct cte *s) { return (struct cte *)(uintptr_t)(s->mdb[0] & ~MDB_FLAGS); }
struct cte *cdt_next(const struct cte *s) { return (struct cte *)(uintptr_t)s->mdb[1]; }
static bool is_revocable(const struct cte *s) { return s->mdb[0] & MDB_REVOCABLE; }
static bool is_first_badged(const struct cte *s) { return s->mdb[0] & MDB_FIRST_BADGED; }

static void set_prev(struct cte *s, struct cte *p)
{
    s->mdb[0] = (s->mdb[0] & MDB_FLAGS) | (word_t)(uintptr_t)p;
}
static void set_next(struct cte *s, struct cte *n) { s->mdb[1] = (word_t)(uintptr_t)n; }
static void set_flags(struct cte *s, word_t flags) { s->mdb[0] = (s->mdb[0] & ~MDB_FLAGS) | flags; }

/* The memory an object cap refers to, as [base, base + 2^bits); false for caps without any
 * (IRQ, ASID control, domain, reply: a reply cap names a thread but does not own it). An
 * object made from an untyped must have a region here, or it would not be the untyped's
 * child and a reset could hand its memory out again. */
static bool cap_region(struct cap c, paddr_t *base, unsigned *bits)
{
    *base = cap_get_ptr(c);
    switch (cap_get_type(c)) {
    case cap_untyped: *bits = cap_untyped_size_bits(c); return true;
    case cap_endpoint: *bits = seL4_EndpointBits; return true;
    case cap_notification: *bits = seL4_NotificationBits; return true;
    case cap_cnode:
    case cap_zombie: *bits = cap_cnode_radix(c) + SLOT_BITS; return true;
    case cap_thread: *bits = seL4_TCBBits; return true;
    case cap_frame: *bits = cap_frame_size_bits(c); return true;
    case cap_page_table:
    case cap_vspace: *bits = PAGE_BITS; return true; /* one 4 KiB table */
    case cap_asid_pool: *bits = seL4_ASIDPoolBits; return true;
    default: return false;
    }
}

/* sameRegionAs: b refers to (part of) what a refers to. */
static bool same_region(struct cap a, struct cap b)
{
    enum cap_type ta = cap_get_type(a), tb = cap_get_type(b);
    paddr_t pa, pb;
    unsigned ba, bb;
    switch (ta) {
    case cap_untyped:
        if (!cap_region(b, &pb, &bb) || !cap_region(a, &pa, &ba))
            return false;
        return pa <= pb && pb + BIT(bb) - 1 <= pa + BIT(ba) - 1;
    case cap_cnode:
    case cap_zombie:
        return (tb == cap_cnode || tb == cap_zombie) && cap_get_ptr(a) == cap_get_ptr(b) &&
               cap_cnode_radix(a) == cap_cnode_radix(b);
    case cap_frame:
        return tb == cap_frame && cap_get_ptr(a) == cap_get_ptr(b) &&
               cap_frame_size_bits(a) == cap_frame_size_bits(b);
    case cap_irq_control:
        return tb == cap_irq_control || tb == cap_irq_handler;
    case cap_irq_handler:
        return tb == cap_irq_handler && cap_irq_handler_irq(a) == cap_irq_handler_irq(b);
    case cap_null:
        return false;
    default: /* endpoint, notification, thread, reply, page table, vspace, asid, domain */
        return ta == tb && cap_get_ptr(a) == cap_get_ptr(b);
    }
}

/* sameObjectAs: as same_region, except that an untyped is never "the same object" as
 * anything (its children are other objects) and IRQControl is not its handlers. */
static bool same_object(struct cap a, struct cap b)
{
    if (cap_get_type(a) == cap_untyped || cap_get_type(a) == cap_irq_control)
        return false;
    return same_region(a, b);
}

/* isMDBParentOf: b (directly after a in the list) descends from a. */
static bool is_parent_of(const struct cte *a, const struct cte *b)
{
    if (!is_revocable(a) || !same_region(a->cap, b->cap))
        return false;
    switch (cap_get_type(a->cap)) {
    case cap_endpoint:
    case cap_notification: {
        word_t badge = cap_badge(a->cap);
        return badge == 0 || (badge == cap_badge(b->cap) && !is_first_badged(b));
    }
    default:
        return true;
    }
}

bool cdt_has_children(const struct cte *s)
{
    const struct cte *n = cdt_next(s);
    return n && is_parent_of(s, n);
}

bool cdt_is_final(const struct cte *s)
{
    const struct cte *p = cdt_prev(s), *n = cdt_next(s);
    return !(p && same_object(p->cap, s->cap)) && !(n && same_object(n->cap, s->cap));
}

/* isCapRevocable: a derived cap starts a subtree of its own. */
static bool is_cap_revocable(struct cap derived, struct cap src)
{
    switch (cap_get_type(derived)) {
    case cap_endpoint:
    case cap_notification:
        return cap_badge(derived) != cap_badge(src);
    case cap_untyped:
        return true;
    case cap_irq_handler:
        return cap_get_type(src) == cap_irq_control;
    default:
        return false;
    }
}

/* A reply cap in a slot: its caller remembers where, so cancelling the call can find it. */
static void note_reply_slot(struct cte *s)
{
    if (cap_get_type(s->cap) == cap_reply)
        ((struct tcb *)paddr_to_kva(cap_get_ptr(s->cap)))->reply_slot = s;
}

static void link_after(struct cte *src, struct cte *dest, struct cap cap, word_t flags)
{
    struct cte *next = cdt_next(src);
    dest->cap = cap;
    dest->mdb[0] = (word_t)(uintptr_t)src | flags;
    dest->mdb[1] = (word_t)(uintptr_t)next;
    set_next(src, dest);
    if (next)
        set_prev(next, dest);
}

void cdt_insert_new(struct cte *parent, struct cte *dest, struct cap cap)
{
    link_after(parent, dest, cap, MDB_REVOCABLE | MDB_FIRST_BADGED);
}

void cdt_insert_derived(struct cte *src, struct cte *dest, struct cap cap)
{
    word_t flags = is_cap_revocable(cap, src->cap) ? MDB_FLAGS : 0;
    link_after(src, dest, cap, flags);
    /* A copy of an untyped takes over its whole region: the original allocates no more
     * until it has no children left (then Retype resets it), so the two never overlap. */
    if (cap_get_type(cap) == cap_untyped)
        cap_untyped_set_free_index(&src->cap, BIT(cap_untyped_size_bits(src->cap)));
}

void cdt_move(struct cte *src, struct cte *dest, struct cap cap)
{
    struct cte *prev = cdt_prev(src), *next = cdt_next(src);
    dest->cap = cap;
    dest->mdb[0] = src->mdb[0];
    dest->mdb[1] = src->mdb[1];
    src->cap = cap_null_new();
    src->mdb[0] = src->mdb[1] = 0;
    if (prev)
        set_next(prev, dest);
    if (next)
        set_prev(next, dest);
    note_reply_slot(dest);
}

void cdt_swap(struct cte *a, struct cap cap_a, struct cte *b, struct cap cap_b)
{
    /* Swap the contents, then point each neighbour at the slot that now holds its peer.
     * Neighbours of a that are b itself (adjacent slots) are handled by the link copy. */
    struct cte ta = *a, tb = *b;
    struct cte *ap = cdt_prev(&ta), *an = cdt_next(&ta), *bp = cdt_prev(&tb), *bn = cdt_next(&tb);
    a->cap = cap_b;
    a->mdb[0] = tb.mdb[0];
    a->mdb[1] = tb.mdb[1];
    b->cap = cap_a;
    b->mdb[0] = ta.mdb[0];
    b->mdb[1] = ta.mdb[1];
    /* b now sits where a was, a where b was. */
    if (ap == b)
        ap = a;
    if (an == b)
        an = a;
    if (bp == a)
        bp = b;
    if (bn == a)
        bn = b;
    set_prev(b, ap);
    set_next(b, an);
    set_prev(a, bp);
    set_next(a, bn);
    if (ap)
        set_next(ap, b);
    if (an)
        set_prev(an, b);
    if (bp)
        set_next(bp, a);
    if (bn)
        set_prev(bn, a);
    note_reply_slot(a);
    note_reply_slot(b);
}

void cdt_boot(struct tcb *root)
{
    struct cap cnode = root->cspace_root;
    struct cte *slots = paddr_to_kva(cap_get_ptr(cnode));
    for (word_t i = 0; i < BIT(cap_cnode_radix(cnode)); i++)
        if (!cap_is_null(slots[i].cap))
            set_flags(&slots[i], MDB_FLAGS);
    cdt_insert_derived(&slots[seL4_CapInitThreadCNode], &root->slots[TCB_CTABLE], cnode);
    cdt_insert_derived(&slots[seL4_CapInitThreadVSpace], &root->slots[TCB_VTABLE], slots[seL4_CapInitThreadVSpace].cap);
    struct syscall_error e;
    struct cte *buffer = &slots[seL4_CapInitThreadIPCBuffer];
    struct cap copy = cdt_derive(buffer, buffer->cap, &e); /* a frame copy: unmapped */
    if (e.type == seL4_NoError)
        cdt_insert_derived(buffer, &root->slots[TCB_BUFFER], copy);
}

struct cap cdt_derive(const struct cte *s, struct cap c, struct syscall_error *e)
{
    *e = no_error();
    switch (cap_get_type(c)) {
    case cap_untyped:
        if (cdt_has_children(s)) {
            *e = error_plain(seL4_RevokeFirst);
            return cap_null_new();
        }
        return c;
    case cap_reply:
    case cap_zombie:
    case cap_irq_control:
    case cap_null:
        *e = error_plain(seL4_IllegalOperation);
        return cap_null_new();
    default: {
        struct cap d = arch_derive_cap(c); /* frames copy unmapped; unmapped tables not at all */
        if (cap_is_null(d))
            *e = error_plain(seL4_IllegalOperation);
        return d;
    }
    }
}

void cdt_remove(struct cte *s)
{
    struct cte *prev = cdt_prev(s), *next = cdt_next(s);
    if (prev)
        set_next(prev, next);
    if (next) {
        set_prev(next, prev);
        /* the next cap inherits "first badged": it now starts the run of that badge */
        if (is_first_badged(s))
            next->mdb[0] |= MDB_FIRST_BADGED;
    }
    s->cap = cap_null_new();
    s->mdb[0] = s->mdb[1] = 0;
}
