/* The capability derivation tree (seL4's mapping database) and object lifetime. */
#pragma once

#include <kernel/invocation.h>

/*
 * Every slot holding a capability is in one doubly linked list, in the tree's pre-order:
 * a capability's descendants follow it directly. Depth is not stored: slot b is a child of
 * the slot a before it when a is *revocable* and covers b (cdt_is_parent_of below), as in
 * seL4. Revocable are: the boot caps, objects fresh from Retype, untyped caps, an IRQ
 * handler issued by IRQControl and an endpoint or notification cap whose badge Mint just
 * set (those are "first badged": copies of them with the same badge are their children).
 * A plain copy is inserted right after its source and is not revocable, so copies of
 * copies stay siblings. All caps to one object are therefore adjacent, and a cap is the
 * last one to its object (final) when neither neighbour refers to the same object.
 */

/* Links of a slot (kernel addresses; slots are 2^5-aligned, so the low bits hold flags). */
struct cte *cdt_prev(const struct cte *s);
struct cte *cdt_next(const struct cte *s);

/* A cap fresh from Retype (or IRQControl_Get): put in dest right after parent, revocable. */
void cdt_insert_new(struct cte *parent, struct cte *dest, struct cap cap);
/* cteInsert: a cap derived from src's put in dest right after it (revocable if it is a new
 * badge, an untyped or an IRQ handler from IRQControl). */
void cdt_insert_derived(struct cte *src, struct cte *dest, struct cap cap);
/* cteMove: cap (src's, possibly with new data) goes to dest, taking src's place in the tree. */
void cdt_move(struct cte *src, struct cte *dest, struct cap cap);
/* cteSwap: cap_a (a's cap, possibly with new data) goes to b and cap_b to a, each taking
 * the other's place in the tree. */
void cdt_swap(struct cte *a, struct cap cap_a, struct cte *b, struct cap cap_b);
/* emptySlot: take s out of the tree and clear it (no finalisation). */
void cdt_remove(struct cte *s);
/* At boot: the root CNode's caps become originals (revocable, first badged) and the root
 * TCB's slots copies of the root CNode and IPC buffer frame caps. */
void cdt_boot(struct tcb *root);

/* The next slot is a child of s (seL4's ensureNoChildren fails). */
bool cdt_has_children(const struct cte *s);
/* No other slot refers to the object of s's cap (isFinalCapability). */
bool cdt_is_final(const struct cte *s);
/* deriveCap: the cap a Copy/Mint/transfer from slot s may put elsewhere; *e says why not
 * (IllegalOperation for reply, IRQ control and IRQ handler caps; RevokeFirst for an untyped
 * with children). */
struct cap cdt_derive(const struct cte *s, struct cap c, struct syscall_error *e);

/* cteDelete: empty the slot; if its cap was the object's last, finalise the object (a TCB
 * stops, queues are cancelled, a CNode's slots are deleted in turn, an IRQ line is freed).
 * CNodes and TCBs inside CNodes are torn down without recursion: the slot being emptied
 * becomes a zombie that remembers where it was found, so any depth and any cycle is safe.
 * false: an interrupt is pending and the work is not finished (only while walking a CNode
 * or TCB); the zombie left in the slot resumes it at the next call. */
bool cte_delete(struct cte *slot);
/* cteRevoke: delete every descendant of the slot's cap; false as for cte_delete. */
bool cte_revoke(struct cte *slot);
