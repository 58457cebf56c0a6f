/* Object lifetime: deleting a cap finalises its object when it was the last; Revoke. */
#include <arch/machine.h>
#include <arch/mmu.h>
#include <arch/object/paging.h>
#include <object/cdt.h>
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/irq.h>
#include <object/notification.h>
#include <object/tcb.h>

/* finaliseCap for everything but CNodes (cte_delete walks those): the object's last cap is
 * going, so nothing may keep pointing at it. */
static void finalise(struct cte *slot)
{
    struct cap c = slot->cap;
    void *obj = paddr_to_kva(cap_get_ptr(c));
    switch (cap_get_type(c)) {
    case cap_endpoint:
        endpoint_cancel_all(obj);
        break;
    case cap_notification:
        notification_finalise(obj);
        irq_notification_deleted(obj);
        break;
    case cap_irq_handler:
        irq_handler_deleted(cap_irq_handler_irq(c));
        break;
    case cap_vspace:
        tcb_forget_vspace(cap_get_ptr(c));
        break;
    default:
        /* untyped: its children stay (under its parent); IRQ/ASID control, domain, page
         * tables: nothing refers to them by address */
        break;
    }
}

/* Delete a cap that is not a final CNode cap. */
static void delete_one(struct cte *slot)
{
    if (cap_get_type(slot->cap) == cap_reply) {
        /* reply caps are never shared; the waiting caller forgets where its reply cap was */
        struct tcb *caller = paddr_to_kva(cap_get_ptr(slot->cap));
        if (caller->reply_slot == slot)
            caller->reply_slot = 0;
    } else {
        bool final = cdt_is_final(slot);
        if (cap_get_type(slot->cap) == cap_vspace)
            tcb_vtable_deleted(slot); /* a thread's VTable slot: it loses its address space */
        arch_cap_deleted(slot->cap, final); /* a frame cap's own mapping goes with it */
        if (final)
            finalise(slot);
    }
    cdt_remove(slot);
}

/*
 * If s holds the last cap to an object that holds slots (a CNode; a TCB, with its CSpace
 * root and IPC buffer slots), turn it into a zombie over those slots, recording the zombie
 * above it (parent), and return true. A TCB is finalised first (it stops). The zombie stays in the tree, so other caps to a CNode being emptied are not
 * final: cycles end there.
 */
static bool zombify(struct cte *s, struct cte *parent)
{
    enum cap_type type = cap_get_type(s->cap);
    if ((type != cap_cnode && type != cap_thread) || !cdt_is_final(s))
        return false;
    paddr_t slots = cap_get_ptr(s->cap);
    unsigned radix = 0;
    if (type == cap_thread) {
        struct tcb *t = paddr_to_kva(slots);
        tcb_finalise(t);
        slots = kva_to_paddr(t->slots);
        radix = TCB_SLOTS_RADIX;
    } else {
        radix = cap_cnode_radix(s->cap);
    }
    s->cap = cap_zombie_new(slots, radix, (word_t)(uintptr_t)parent);
    return true;
}

static struct cte *zombie_parent(const struct cte *z) { return (struct cte *)(uintptr_t)z->cap.w[1]; }

/* a is z or one of the zombies above it. */
static bool on_chain(const struct cte *z, const struct cte *a)
{
    for (; z; z = zombie_parent(z))
        if (z == a)
            return true;
    return false;
}

bool cte_delete(struct cte *slot)
{
    if (cap_is_null(slot->cap))
        return true;
    if (cap_get_type(slot->cap) != cap_zombie && !zombify(slot, 0)) {
        delete_one(slot);
        return true;
    }
    /*
     * Every slot under the zombie is deleted; a slot that becomes a zombie itself is walked
     * next and, when empty, the walk goes back up to the slot after it. The "stack" is the
     * zombies themselves, so nesting depth costs no kernel stack, and a pending interrupt
     * can stop the walk at any slot (after some progress): the zombies stay, the system
     * call runs again and resumes here. A zombie met on the way is either one of ours
     * further up (emptied on the way back) or one a preempted walk left: we adopt it.
     */
    struct cte *z = slot;
    word_t i = 0;
    bool worked = false;
    for (;;) {
        struct cte *slots = cnode_slots(z->cap);
        word_t n = BIT(cap_cnode_radix(z->cap));
        bool descended = false;
        for (; i < n; i++) {
            struct cte *s = &slots[i];
            if (cap_is_null(s->cap))
                continue;
            if (worked && arch_irq_pending())
                return false;
            if (cap_get_type(s->cap) == cap_zombie) {
                if (on_chain(z, s))
                    continue;
                s->cap.w[1] = (word_t)(uintptr_t)z;
            } else if (zombify(s, z)) {
                worked = true;
            } else {
                delete_one(s);
                worked = true;
                continue;
            }
            z = s;
            i = 0;
            descended = true;
            break;
        }
        if (descended)
            continue;
        struct cte *parent = zombie_parent(z);
        cdt_remove(z);
        worked = true;
        if (!parent)
            return true;
        i = (word_t)(z - cnode_slots(parent->cap)) + 1;
        z = parent;
    }
}

bool cte_revoke(struct cte *slot)
{
    /* Deleting a descendant can empty slot itself (it may live in a CNode being torn
     * down); an empty slot has no links, which ends the loop. */
    while (cdt_has_children(slot)) {
        if (!cte_delete(cdt_next(slot)))
            return false;
        if (cdt_has_children(slot) && arch_irq_pending())
            return false;
    }
    if (cap_get_type(slot->cap) == cap_untyped)
        cap_untyped_set_free_index(&slot->cap, 0); /* no children left: the whole region is free */
    return true;
}
