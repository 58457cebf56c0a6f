/* CNodes: guard/radix addressing, seL4's lookup rules, and the CNode invocations. */
#pragma once

#include <kernel/invocation.h>

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
struct cte *cnode_slots(struct cap c);

/* updateCapData: badge an endpoint/notification once (a null cap if it already has one),
 * or set a CNode's guard from seL4_CNode_CapData (null if guard + radix > 64 bits). */
struct cap cap_update_data(bool preserve, word_t data, struct cap c);

/* CNode invocations (labels 17-25). */
struct syscall_error cnode_invoke(struct invocation *inv);
