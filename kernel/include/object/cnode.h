/* CNodes: guard/radix addressing, seL4's lookup rules, and the CNode invocations. */
#pragma once

#include <arch/mmu.h>
#include <kernel/invocation.h>
#include <object/tcb.h>

typedef struct {
    struct lookup_fault fault; /* type seL4_NoFailure on success */
    struct cte *slot;
    word_t bits_remaining;
} resolve_ret_t;

/* seL4's resolveAddressBits: walk from node_cap through n_bits of cptr. On failure the
 * fault says why (InvalidRoot, GuardMismatch, DepthMismatch); slot is then NULL. */
resolve_ret_t cnode_resolve(struct cap node_cap, word_t cptr, word_t n_bits);
/* The slot a thread's cptr names in its CSpace (all 64 bits); faults as above. */
resolve_ret_t cspace_lookup_slot(const struct tcb *t, word_t cptr);
/* A slot named by (root, index, depth) for a CNode operation: checks depth 1..64, that root
 * is a CNode and that exactly depth bits were used; returns a syscall error otherwise. */
struct syscall_error cnode_lookup_op_slot(struct cap root, word_t index, word_t depth, bool is_source,
                                          struct cte **slot);
/* The slots of a CNode cap (in the linear map). */
static inline struct cte *cnode_slots(struct cap c) { return paddr_to_kva(cap_get_ptr(c)); }
/* The common case of a thread's lookup, inline for the IPC paths: a CSpace root whose guard
 * and radix take all 64 bits at one level (the root task's, and every task the root task
 * builds). True with the slot the cptr names, false if the root is not such a CNode or the
 * guard does not match: then cnode_resolve decides (and says why). The guard size field is 6
 * bits, so here radix is 1..63 and both shifts are defined. */
static inline bool cspace_one_level(struct cap root, word_t cptr, struct cte **slot)
{
    unsigned radix = cap_cnode_radix(root);
    if (cap_get_type(root) != cap_cnode || radix + cap_cnode_guard_size(root) != 64 ||
        (cptr >> radix) != cap_cnode_guard(root))
        return false;
    *slot = cnode_slots(root) + (cptr & MASK(radix));
    return true;
}

/* updateCapData: badge an endpoint/notification once (a null cap if it already has one),
 * or set a CNode's guard from seL4_CNode_CapData (null if guard + radix > 64 bits). */
struct cap cap_update_data(bool preserve, word_t data, struct cap c);

/* CNode invocations (labels 17-25). */
struct syscall_error cnode_invoke(struct invocation *inv);
