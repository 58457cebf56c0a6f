/* Kernel test cases for the derivation tree and object lifetime: Revoke, Delete that
 * finalises, SaveCaller, untyped reset and copies (CNODEOP, CSPACE, UNTYPED, RETYPE). */
#include "ktest.h"
#include <rt/time.h>

#define N_STACKS 2
static uint8_t cdt_stacks[N_STACKS][STACK_SIZE] __attribute__((aligned(16)));
static seL4_IPCBuffer cdt_buffers[N_STACKS] __attribute__((aligned(4096)));

#define TAG_UNTYPED 2
#define TAG_REPLY 8

/* A thread at priority 255 (the root task's) on stack n: seL4_Yield lets it run until it
 * blocks. tcb 0 = a fresh one from the RAM untyped. */
static seL4_CPtr start_peer(unsigned n, seL4_CPtr tcb, void (*fn)(seL4_Word), seL4_Word arg, seL4_CPtr fault_ep)
{
    return start_thread_in(tcb ? tcb : make(seL4_TCBObject, 0), &cdt_stacks[n][STACK_SIZE], &cdt_buffers[n], fn,
                           arg, seL4_MaxPrio, fault_ep);
}

static seL4_Word free_index(seL4_CPtr ut)
{
    return atoll_telemetry_read_untyped(seL4_CapDomain, ut) == seL4_NoError ? seL4_GetMR(0) : ~0ul;
}

static int empty(seL4_CPtr slot) { return seL4_DebugCapIdentify(slot) == 0; }

/* ---- CNODEOP: Revoke ---- */

/* Badged caps are children of the unbadged original; copies of a badged cap are its
 * children; plain copies are nobody's parent. */
int cnodeop_revoke_badges(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), b1 = alloc_slot(), c1 = alloc_slot(), b2 = alloc_slot();
    seL4_CPtr o2 = alloc_slot(), c2 = alloc_slot();
    CHECK(ep, "no endpoint");
    CHECK_ERR(seL4_CNode_Mint(ROOT, b1, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 1), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, c1, DEPTH, ROOT, b1, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, b2, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 2), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, o2, DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, c2, DEPTH, ROOT, o2, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, o2, DEPTH), seL4_NoError); /* a plain copy has no children */
    CHECK(!empty(c2) && !empty(b1), "revoking a copy deleted something");
    CHECK_ERR(seL4_CNode_Revoke(ROOT, b1, DEPTH), seL4_NoError);
    CHECK(empty(c1) && !empty(b1) && !empty(b2) && !empty(ep), "revoke of badge 1: c1 %lu b1 %lu b2 %lu",
          seL4_DebugCapIdentify(c1), seL4_DebugCapIdentify(b1), seL4_DebugCapIdentify(b2));
    CHECK_ERR(seL4_CNode_Revoke(ROOT, ep, DEPTH), seL4_NoError);
    CHECK(empty(b1) && empty(b2) && empty(o2) && empty(c2) && !empty(ep), "revoke of the original left caps");
    CHECK_ERR(seL4_CNode_Revoke(ROOT, alloc_slot(), DEPTH), seL4_NoError); /* empty slot: nothing to do */
    return 1;
}

/* Move and Rotate keep a cap's place in the tree: children follow their parent. */
int cnodeop_move_rotate_keep_children(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), b = alloc_slot(), moved = alloc_slot(), copy = alloc_slot();
    CHECK_ERR(seL4_CNode_Mint(ROOT, b, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 5), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, b, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Move(ROOT, moved, DEPTH, ROOT, b, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, moved, DEPTH), seL4_NoError);
    CHECK(empty(copy) && !empty(moved), "revoke after move: copy %lu", seL4_DebugCapIdentify(copy));

    /* a CNode original with a copy, swapped with a TCB cap: the copy is still its child */
    seL4_CPtr cn = make(seL4_CapTableObject, 1), cn_copy = alloc_slot(), t = make(seL4_TCBObject, 0);
    CHECK(cn && t, "retype failed");
    CHECK_ERR(seL4_CNode_Copy(ROOT, cn_copy, DEPTH, ROOT, cn, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, cn, DEPTH, ROOT, t, DEPTH, 0, ROOT, cn, DEPTH, 0), seL4_NoError);
    CHECK(seL4_DebugCapIdentify(t) == 10 && seL4_DebugCapIdentify(cn) == 12, "swap: tags %lu %lu",
          seL4_DebugCapIdentify(t), seL4_DebugCapIdentify(cn));
    CHECK_ERR(seL4_CNode_Revoke(ROOT, t, DEPTH), seL4_NoError);
    CHECK(empty(cn_copy) && !empty(t), "revoke after rotate: copy %lu", seL4_DebugCapIdentify(cn_copy));
    /* three-way rotate, then revoke at the new place */
    seL4_CPtr copy2 = alloc_slot(), dest = alloc_slot();
    CHECK_ERR(seL4_CNode_Copy(ROOT, copy2, DEPTH, ROOT, t, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, dest, DEPTH, ROOT, t, DEPTH, 0, ROOT, cn, DEPTH, 0), seL4_NoError);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, dest, DEPTH), seL4_NoError);
    CHECK(empty(copy2) && seL4_DebugCapIdentify(t) == 12, "revoke after 3-way rotate");
    return 1;
}

/* IRQ handler caps are children of IRQControl: revoking it frees every line. */
int cnodeop_revoke_irq_control(void)
{
    seL4_CPtr h = alloc_slot(), again = alloc_slot();
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 77, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 77, ROOT, again, DEPTH), seL4_RevokeFirst);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, seL4_CapIRQControl, DEPTH), seL4_NoError);
    CHECK(empty(h), "the handler survived");
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 77, ROOT, again, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, again, DEPTH), seL4_NoError);
    return 1;
}

/* ---- CNODEOP: Delete finalises the object with its last cap ---- */

static void recv_forever(seL4_Word ep)
{
    for (;;)
        seL4_Recv(ep, 0);
}

/* Threads waiting on an endpoint or notification whose last cap goes restart their system
 * call, which now finds no cap: a CapFault in the receive phase. */
static int check_restart_fault(seL4_CPtr obj, seL4_CPtr fault_ep, seL4_CPtr t)
{
    seL4_Yield(); /* t blocks in obj */
    CHECK_ERR(seL4_CNode_Delete(ROOT, obj, DEPTH), seL4_NoError);
    if (!recv_missing_cap_fault(fault_ep, obj))
        return 0;
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    return 1;
}

int cnodeop_delete_endpoint_restarts(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), fault_ep = make(seL4_EndpointObject, 0);
    seL4_CPtr t = start_peer(0, 0, recv_forever, ep, fault_ep);
    CHECK(ep && fault_ep && t, "setup failed");
    return check_restart_fault(ep, fault_ep, t);
}

int cnodeop_delete_notification_restarts(void)
{
    seL4_CPtr n = make(seL4_NotificationObject, 0), fault_ep = make(seL4_EndpointObject, 0);
    seL4_CPtr t = start_peer(0, 0, recv_forever, n, fault_ep);
    CHECK(n && fault_ep && t, "setup failed");
    return check_restart_fault(n, fault_ep, t);
}

static void send_forever(seL4_Word ep)
{
    for (;;)
        seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 0));
}

/* A deleted TCB leaves the endpoint queue it waited in; a deleted CNode deletes what it
 * holds (here the last cap of such a TCB). */
int cnodeop_delete_tcb_and_cnode(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), badged = alloc_slot();
    CHECK_ERR(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 9), seL4_NoError);
    for (int via_cnode = 0; via_cnode < 2; via_cnode++) {
        seL4_CPtr t = start_peer(0, 0, send_forever, badged, 0);
        CHECK(t, "no thread");
        seL4_Yield();
        seL4_Word badge = 0;
        seL4_NBRecv(ep, &badge);
        CHECK(badge == 9, "first message: badge %lu", badge);
        seL4_Yield(); /* it sends again and waits */
        if (via_cnode) {
            seL4_CPtr cn = make(seL4_CapTableObject, 2);
            CHECK(cn, "no cnode");
            CHECK_ERR(seL4_CNode_Move(cn, 3, 2, ROOT, t, DEPTH), seL4_NoError);
            CHECK_ERR(seL4_CNode_Delete(ROOT, cn, DEPTH), seL4_NoError);
        } else {
            CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
        }
        badge = 1;
        seL4_NBRecv(ep, &badge);
        CHECK(badge == 0, "a deleted thread still sent (badge %lu, via cnode %d)", badge, via_cnode);
    }
    return 1;
}

/* Deleting a bound notification or its TCB unbinds them. */
int cnodeop_delete_unbinds(void)
{
    seL4_CPtr t = make(seL4_TCBObject, 0), t2 = make(seL4_TCBObject, 0);
    seL4_CPtr n1 = make(seL4_NotificationObject, 0), n2 = make(seL4_NotificationObject, 0);
    CHECK(t && t2 && n1 && n2, "retype failed");
    CHECK_ERR(seL4_TCB_BindNotification(t, n1), seL4_NoError);
    CHECK_ERR(seL4_TCB_BindNotification(t, n2), seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Delete(ROOT, n1, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_TCB_BindNotification(t, n2), seL4_NoError);
    CHECK_ERR(seL4_TCB_BindNotification(t2, n2), seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_TCB_BindNotification(t2, n2), seL4_NoError);
    return 1;
}

/* A chain of 1,000 CNodes, each holding the last cap of the next, torn down by one Delete
 * (no kernel recursion); then their untyped has no children and resets. */
#define CHAIN 1000
/* From untyped ut (2^17 bytes, no children): a holder CNode whose slot 0 starts the chain;
 * 0 if a step failed. */
static seL4_CPtr build_chain(seL4_CPtr ut)
{
    seL4_CPtr holder = make_from(ut, seL4_CapTableObject, 10);
    if (!holder)
        return 0;
    for (seL4_Word i = 0; i < CHAIN; i += 200)
        if (seL4_Untyped_Retype(ut, seL4_CapTableObject, 1, ROOT, holder, DEPTH, i, 200) != seL4_NoError)
            return 0;
    /* holder[i] (radix 10) holds CNode i (radix 1); (holder, i << 1, 11) is its slot 0 */
    for (seL4_Word i = CHAIN - 1; i-- > 0;)
        if (seL4_CNode_Move(holder, i << 1, 11, holder, i + 1, 10) != seL4_NoError)
            return 0;
    return holder;
}

int cnodeop_delete_deep_chain(void)
{
    seL4_CPtr ut = make_untyped(17), holder = ut ? build_chain(ut) : 0;
    CHECK(ut && holder, "setup failed");
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, holder, 1, 10, seL4_AllRights), seL4_FailedLookup);
    CHECK_ERR(seL4_CNode_Delete(ROOT, holder, DEPTH), seL4_NoError);
    /* nothing is left of the 2^17 bytes: a CNode of all of it fits */
    CHECK(make_from(ut, seL4_CapTableObject, 12), "untyped did not reset: free index %lu", free_index(ut));
    return 1;
}

/* CNodes holding caps to each other and to themselves: deleting the outside caps leaves
 * them (not final), revoking their untyped destroys them. */
int cnodeop_cyclic_cnodes(void)
{
    seL4_CPtr ut = make_untyped(14), a = make_from(ut, seL4_CapTableObject, 2), b = make_from(ut, seL4_CapTableObject, 2);
    CHECK(ut && a && b, "setup failed");
    CHECK_ERR(seL4_CNode_Copy(a, 0, 2, ROOT, b, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(b, 0, 2, ROOT, a, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(a, 1, 2, ROOT, a, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, a, 0, 0, 2, 1), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, a, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, b, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_CapTableObject, 9, ROOT, 0, 0, alloc_slot(), 1), seL4_NotEnoughMemory);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    CHECK(free_index(ut) == 0, "free index %lu after revoke", free_index(ut));
    CHECK(make_from(ut, seL4_CapTableObject, 9), "the whole untyped is not free");
    return 1;
}

/* ---- CNODEOP: SaveCaller ---- */

static volatile seL4_Word reply_label;
static void caller_thread(seL4_Word ep)
{
    seL4_MessageInfo_t r = seL4_Call(ep, seL4_MessageInfo_new(7, 0, 0, 0));
    reply_label = seL4_MessageInfo_get_label(r);
    recv_forever(ep);
}

int cnodeop_save_caller(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), s = alloc_slot(), none = alloc_slot(), moved = alloc_slot();
    reply_label = 0;
    seL4_CPtr t = start_peer(0, 0, caller_thread, ep, 0);
    CHECK(ep && t, "setup failed");
    seL4_MessageInfo_t info = seL4_Recv(ep, 0);
    CHECK(seL4_MessageInfo_get_label(info) == 7, "label %lu", seL4_MessageInfo_get_label(info));
    CHECK_ERR(seL4_CNode_SaveCaller(ROOT, seL4_CapInitThreadTCB, DEPTH), seL4_DeleteFirst);
    CHECK_ERR(seL4_CNode_SaveCaller(ROOT, s, DEPTH), seL4_NoError);
    CHECK(seL4_DebugCapIdentify(s) == TAG_REPLY, "tag %lu", seL4_DebugCapIdentify(s));
    CHECK_ERR(seL4_CNode_SaveCaller(ROOT, none, DEPTH), seL4_NoError); /* nothing left to save */
    CHECK(empty(none), "a second reply cap");
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, s, DEPTH, seL4_AllRights), seL4_IllegalOperation);
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 0)); /* our own reply cap went into s: no effect */
    CHECK_ERR(seL4_CNode_Move(ROOT, moved, DEPTH, ROOT, s, DEPTH), seL4_NoError);
    seL4_CPtr other = make(seL4_TCBObject, 0); /* swapped with the reply cap */
    CHECK_ERR(seL4_CNode_Rotate(ROOT, moved, DEPTH, ROOT, other, DEPTH, 0, ROOT, moved, DEPTH, 0), seL4_NoError);
    CHECK(seL4_DebugCapIdentify(other) == TAG_REPLY, "rotate: tag %lu", seL4_DebugCapIdentify(other));
    seL4_Send(other, seL4_MessageInfo_new(99, 0, 0, 0));
    CHECK(empty(other), "the reply cap was not used up");
    seL4_Yield();
    CHECK(reply_label == 99, "the caller got label %lu", reply_label);
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    return 1;
}

/* A saved reply cap goes when its caller does; deleting it leaves the caller waiting. */
int cnodeop_saved_reply_lifetime(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), s = alloc_slot();
    reply_label = 0;
    seL4_CPtr t = start_peer(0, 0, caller_thread, ep, 0);
    CHECK(ep && t, "setup failed");
    seL4_Recv(ep, 0);
    CHECK_ERR(seL4_CNode_SaveCaller(ROOT, s, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    CHECK(empty(s), "reply cap to a deleted thread: tag %lu", seL4_DebugCapIdentify(s));

    t = start_peer(0, 0, caller_thread, ep, 0);
    CHECK(t, "no thread");
    seL4_Recv(ep, 0);
    CHECK_ERR(seL4_CNode_SaveCaller(ROOT, s, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    CHECK(empty(s), "reply cap to a suspended caller: tag %lu", seL4_DebugCapIdentify(s));
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);

    t = start_peer(0, 0, caller_thread, ep, 0);
    CHECK(t, "no thread");
    seL4_Recv(ep, 0);
    CHECK_ERR(seL4_CNode_SaveCaller(ROOT, s, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, s, DEPTH), seL4_NoError);
    seL4_Yield();
    CHECK(reply_label == 0, "the caller was woken");
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    return 1;
}

/* ---- CSPACE: lookups of Revoke and SaveCaller ---- */
int cspace_revoke_save_caller_lookups(void)
{
    static const seL4_Word labels[] = {CNodeRevoke, CNodeSaveCaller};
    for (unsigned i = 0; i < 2; i++) {
        CHECK_ERR(rt_cnode_op(labels[i], ROOT, 5000, 0, 0, 0, 0, 0, 0, 2), seL4_RangeError);
        CHECK(seL4_GetMR(0) == 1 && seL4_GetMR(1) == 64, "range %lu..%lu", seL4_GetMR(0), seL4_GetMR(1));
        CHECK_ERR(rt_cnode_op(labels[i], ROOT, 1, 63, 0, 0, 0, 0, 0, 2), seL4_FailedLookup);
        CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == seL4_DepthMismatch, "MR0 %lu MR1 %lu", seL4_GetMR(0),
              seL4_GetMR(1));
        CHECK_ERR(rt_cnode_op(labels[i], ROOT, 0x1005, 64, 0, 0, 0, 0, 0, 2), seL4_FailedLookup);
        CHECK(seL4_GetMR(1) == seL4_GuardMismatch, "MR1 %lu", seL4_GetMR(1));
        CHECK_ERR(rt_cnode_op(labels[i], ROOT, 1, 64, 0, 0, 0, 0, 0, 1), seL4_TruncatedMessage);
    }
    return 1;
}

/* ---- UNTYPED / RETYPE ---- */

/* Revoke deletes every object made from an untyped and resets its free index. */
int untyped_revoke_resets(void)
{
    seL4_CPtr ut = make_untyped(16);
    CHECK(ut, "no untyped");
    seL4_CPtr ep = make_from(ut, seL4_EndpointObject, 0), n = make_from(ut, seL4_NotificationObject, 0);
    seL4_CPtr cn = make_from(ut, seL4_CapTableObject, 2), t = make_from(ut, seL4_TCBObject, 0);
    seL4_CPtr sub = make_from(ut, seL4_UntypedObject, 12), copy = alloc_slot(), badged = alloc_slot();
    CHECK(ep && n && cn && t && sub, "retype failed");
    seL4_CPtr grand = make_from(sub, seL4_EndpointObject, 0);
    CHECK_ERR(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, n, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(cn, 1, 2, ROOT, ep, DEPTH, seL4_AllRights, 4), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 4), seL4_NoError);
    CHECK(free_index(ut) > 4096, "free index %lu", free_index(ut));
    CHECK_ERR(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    const seL4_CPtr gone[] = {ep, n, cn, t, sub, grand, copy, badged};
    for (unsigned i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
        CHECK(empty(gone[i]), "slot %lu survived the revoke", gone[i]);
    CHECK(seL4_DebugCapIdentify(ut) == TAG_UNTYPED && free_index(ut) == 0, "untyped: tag %lu free index %lu",
          seL4_DebugCapIdentify(ut), free_index(ut));
    return 1;
}

/* An untyped whose children are all deleted starts again from 0 at its next Retype. */
int untyped_reset_after_delete(void)
{
    seL4_CPtr ut = make_untyped(12), a = make_from(ut, seL4_TCBObject, 0), b = make_from(ut, seL4_TCBObject, 0);
    CHECK(ut && a && b, "setup failed");
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_NotEnoughMemory);
    CHECK(seL4_GetMR(0) == 0, "bytes left %lu", seL4_GetMR(0));
    CHECK_ERR(seL4_CNode_Delete(ROOT, a, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_NotEnoughMemory);
    CHECK_ERR(seL4_CNode_Delete(ROOT, b, DEPTH), seL4_NoError);
    seL4_CPtr two = next_free;
    next_free += 2;
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, two, 2), seL4_NoError);
    return 1;
}

/* Untyped caps copy only without children (RevokeFirst); the copy takes the whole region
 * (the original has no room until it has no children left). */
int untyped_copy_rules(void)
{
    seL4_CPtr ut = make_untyped(12), copy = alloc_slot();
    CHECK(ut, "no untyped");
    CHECK(make_from(ut, seL4_EndpointObject, 0), "retype failed");
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, ut, DEPTH, seL4_AllRights), seL4_RevokeFirst);
    CHECK_ERR(seL4_CNode_Mint(ROOT, alloc_slot(), DEPTH, ROOT, ut, DEPTH, seL4_AllRights, 1), seL4_RevokeFirst);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, ut, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), DEPTH, ROOT, ut, DEPTH, seL4_AllRights), seL4_RevokeFirst);
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_NotEnoughMemory);
    seL4_CPtr t = make_from(copy, seL4_TCBObject, 0);
    CHECK(t, "retype from the copy failed");
    CHECK_ERR(seL4_CNode_Delete(ROOT, copy, DEPTH), seL4_NoError);
    /* the TCB now hangs under the original, which still may not allocate over it */
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_NotEnoughMemory);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    CHECK(empty(t), "revoke of the original left the copy's object");
    seL4_CPtr two = next_free;
    next_free += 2;
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, two, 2), seL4_NoError);
    return 1;
}

/* Revoking an untyped under a live thread stops it; its memory serves a new thread, and the
 * endpoint it waited on no longer lists it. */
static volatile seL4_Word got_badge;
static void recv_once(seL4_Word ep)
{
    seL4_Word badge = 0;
    seL4_Recv(ep, &badge);
    got_badge = badge;
    recv_forever(ep);
}

/* Send through cap; the recv_once thread waiting on its endpoint must get badge. */
static int waiter_gets(seL4_CPtr cap, seL4_Word badge)
{
    seL4_Send(cap, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Yield();
    CHECK(got_badge == badge, "the waiter got badge %lu, expected %lu", got_badge, badge);
    return 1;
}

int untyped_revoke_live_thread(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), b3 = alloc_slot(), ut = make_untyped(12);
    CHECK(ep && ut, "setup failed");
    CHECK_ERR(seL4_CNode_Mint(ROOT, b3, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 3), seL4_NoError);
    got_badge = 0;
    seL4_CPtr t = start_peer(0, make_from(ut, seL4_TCBObject, 0), recv_once, ep, 0);
    CHECK(t, "no thread");
    seL4_Yield(); /* it waits on ep */
    CHECK_ERR(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    CHECK(empty(t), "TCB cap survived");
    seL4_CPtr t2 = start_peer(1, make_from(ut, seL4_TCBObject, 0), recv_once, ep, 0);
    CHECK(t2, "no second thread");
    seL4_Yield();
    if (!waiter_gets(b3, 3))
        return 0;
    CHECK_ERR(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    return 1;
}

/* The destination CNode of a Retype must be a CNode. */
int retype_dest_lookup(void)
{
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, alloc_slot(), DEPTH, 0, 1),
              seL4_FailedLookup);
    CHECK(seL4_GetMR(0) == 0 && seL4_GetMR(1) == seL4_MissingCapability, "MR0 %lu MR1 %lu", seL4_GetMR(0),
          seL4_GetMR(1));
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, seL4_CapInitThreadTCB, DEPTH, 0, 1),
              seL4_FailedLookup);
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, 1, 63, 0, 1), seL4_FailedLookup);
    CHECK(seL4_GetMR(1) == seL4_DepthMismatch, "MR1 %lu", seL4_GetMR(1));
    CHECK_ERR(seL4_Untyped_Retype(ram_untyped, seL4_EndpointObject, 0, ROOT, 1, 65, 0, 1), seL4_RangeError);
    return 1;
}

/* ---- CNODEOP: one negative case per error code of each CNode invocation ---- */
int cnodeop_error_codes(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), badged = alloc_slot(), e = alloc_slot(), full = seL4_CapInitThreadTCB;
    CHECK(ep, "no endpoint");
    CHECK_ERR(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 6), seL4_NoError);
    const seL4_Word guard_too_big = 60; /* seL4_CNode_CapData: 60 guard bits + radix 12 > 64 */
    enum { ANY = 2 };                   /* FailedLookup's MR0: 1 = source, 0 = destination */
    const struct {
        seL4_Word label, index, depth, src_index, src_depth, a, b;
        unsigned n_mrs;
        seL4_Error want;
        seL4_Word mr0;
    } rows[] = {
        {CNodeCopy, e, DEPTH, ep, DEPTH, seL4_AllRights, 0, 4, seL4_TruncatedMessage, ANY},
        {CNodeCopy, e, 0, ep, DEPTH, seL4_AllRights, 0, 5, seL4_RangeError, 1},
        {CNodeCopy, 0x1005, DEPTH, ep, DEPTH, seL4_AllRights, 0, 5, seL4_FailedLookup, 0},
        {CNodeCopy, full, DEPTH, ep, DEPTH, seL4_AllRights, 0, 5, seL4_DeleteFirst, ANY},
        {CNodeCopy, e, DEPTH, ep, 65, seL4_AllRights, 0, 5, seL4_RangeError, 1},
        {CNodeCopy, e, DEPTH, e, DEPTH, seL4_AllRights, 0, 5, seL4_FailedLookup, 1},
        {CNodeCopy, e, DEPTH, seL4_CapIRQControl, DEPTH, seL4_AllRights, 0, 5, seL4_IllegalOperation, ANY},
        {CNodeCopy, e, DEPTH, ram_untyped, DEPTH, seL4_AllRights, 0, 5, seL4_RevokeFirst, ANY},
        {CNodeMint, e, DEPTH, ep, DEPTH, seL4_AllRights, 1, 5, seL4_TruncatedMessage, ANY},
        {CNodeMint, e, 65, ep, DEPTH, seL4_AllRights, 1, 6, seL4_RangeError, 1},
        {CNodeMint, full, DEPTH, ep, DEPTH, seL4_AllRights, 1, 6, seL4_DeleteFirst, ANY},
        {CNodeMint, e, DEPTH, e, DEPTH, seL4_AllRights, 1, 6, seL4_FailedLookup, 1},
        {CNodeMint, e, DEPTH, badged, DEPTH, seL4_AllRights, 1, 6, seL4_IllegalOperation, ANY},
        {CNodeMint, e, DEPTH, ram_untyped, DEPTH, seL4_AllRights, 0, 6, seL4_RevokeFirst, ANY},
        {CNodeMove, e, DEPTH, ep, DEPTH, 0, 0, 3, seL4_TruncatedMessage, ANY},
        {CNodeMove, e, 0, ep, DEPTH, 0, 0, 4, seL4_RangeError, 1},
        {CNodeMove, full, DEPTH, ep, DEPTH, 0, 0, 4, seL4_DeleteFirst, ANY},
        {CNodeMove, ep, DEPTH, ep, DEPTH, 0, 0, 4, seL4_DeleteFirst, ANY},
        {CNodeMove, e, DEPTH, 0x1005, DEPTH, 0, 0, 4, seL4_FailedLookup, 1},
        {CNodeMutate, e, DEPTH, ep, DEPTH, 0, 0, 4, seL4_TruncatedMessage, ANY},
        {CNodeMutate, e, DEPTH, ep, DEPTH, 3, 0, 5, seL4_IllegalOperation, ANY},
        {CNodeMutate, e, DEPTH, ROOT, DEPTH, guard_too_big, 0, 5, seL4_IllegalOperation, ANY},
        {CNodeMutate, full, DEPTH, ep, DEPTH, 0, 0, 5, seL4_DeleteFirst, ANY},
        {CNodeMutate, e, DEPTH, e, DEPTH, 0, 0, 5, seL4_FailedLookup, 1},
        {CNodeDelete, e, DEPTH, 0, 0, 0, 0, 1, seL4_TruncatedMessage, ANY},
        {CNodeDelete, 0x1005, DEPTH, 0, 0, 0, 0, 2, seL4_FailedLookup, 0},
        {CNodeCancelBadgedSends, e, DEPTH, 0, 0, 0, 0, 1, seL4_TruncatedMessage, ANY},
        {CNodeCancelBadgedSends, e, 65, 0, 0, 0, 0, 2, seL4_RangeError, 1},
        {CNodeCancelBadgedSends, 0x1005, DEPTH, 0, 0, 0, 0, 2, seL4_FailedLookup, 0},
        {CNodeCancelBadgedSends, e, DEPTH, 0, 0, 0, 0, 2, seL4_IllegalOperation, ANY},
        {CNodeSaveCaller, full, DEPTH, 0, 0, 0, 0, 2, seL4_DeleteFirst, ANY},
    };
    for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        seL4_Error got = rt_cnode_op(rows[i].label, ROOT, rows[i].index, rows[i].depth, ROOT, rows[i].src_index,
                                     rows[i].src_depth, rows[i].a, rows[i].b, rows[i].n_mrs);
        CHECK(got == rows[i].want, "row %u (label %lu): error %d, expected %d", i, rows[i].label, (int)got,
              (int)rows[i].want);
        CHECK(rows[i].mr0 == ANY || seL4_GetMR(0) == rows[i].mr0, "row %u: MR0 %lu", i, seL4_GetMR(0));
    }
    CHECK(empty(e) && !empty(ep), "a failed invocation changed a slot");
    return 1;
}

/* A cap sent in a message is a copy of the sender's: revoking the sender's original
 * deletes it in the receiver's CSpace too. */
static volatile seL4_CPtr transfer_slot;
static void receive_cap(seL4_Word ep)
{
    seL4_IPCBuffer *b = rt_ipc_buffer();
    b->receiveCNode = ROOT;
    b->receiveIndex = transfer_slot;
    b->receiveDepth = DEPTH;
    recv_forever(ep);
}

int cnodeop_transferred_cap_is_child(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), n = make(seL4_NotificationObject, 0);
    transfer_slot = alloc_slot();
    seL4_CPtr t = start_peer(0, 0, receive_cap, ep, 0);
    CHECK(ep && n && t, "setup failed");
    seL4_Yield();
    seL4_SetCap(0, n);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 1, 0));
    CHECK(seL4_DebugCapIdentify(transfer_slot) == 6, "no notification arrived: tag %lu",
          seL4_DebugCapIdentify(transfer_slot));
    CHECK_ERR(seL4_CNode_Revoke(ROOT, n, DEPTH), seL4_NoError);
    CHECK(empty(transfer_slot), "the transferred copy survived the revoke");
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    return 1;
}

/* A fault handler can save the faulting thread's reply cap and reply through it later. */
static volatile seL4_Word after_fault;
static void faulting_thread(seL4_Word unused)
{
    (void)unused;
    __asm__ volatile("udf #0");
    after_fault = 1;
    for (;;)
        seL4_Yield();
}

int cnodeop_save_caller_fault(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0), s = alloc_slot();
    after_fault = 0;
    seL4_CPtr t = start_peer(0, 0, faulting_thread, 0, fault_ep);
    CHECK(fault_ep && t, "setup failed");
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_UserException, "label %lu", seL4_MessageInfo_get_label(info));
    seL4_Word ip = seL4_GetMR(seL4_UserException_FaultIP), sp = seL4_GetMR(seL4_UserException_SP);
    seL4_Word spsr = seL4_GetMR(seL4_UserException_SPSR);
    CHECK_ERR(seL4_CNode_SaveCaller(ROOT, s, DEPTH), seL4_NoError);
    seL4_SetMR(seL4_UserException_FaultIP, ip + 4); /* resume past the udf */
    seL4_SetMR(seL4_UserException_SP, sp);
    seL4_SetMR(seL4_UserException_SPSR, spsr);
    seL4_Send(s, seL4_MessageInfo_new(0, 0, 0, 3));
    seL4_Yield();
    CHECK(after_fault == 1 && empty(s), "the thread did not resume (after_fault %lu)", after_fault);
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    return 1;
}

/* A thread's CSpace root is a cap in its TCB: the CNode lives on after our cap to it goes,
 * and goes with the thread. */
static void signal_then_wait(seL4_Word unused)
{
    (void)unused;
    seL4_Signal(1); /* cptrs in its own CSpace: a 60-bit guard, then 4 bits of slot */
    seL4_Recv(2, 0);
    for (;;)
        seL4_Yield();
}

int cnodeop_tcb_keeps_cspace(void)
{
    seL4_CPtr ut = make_untyped(12), cn = ut ? make_from(ut, seL4_CapTableObject, 4) : 0;
    seL4_CPtr n = make(seL4_NotificationObject, 0), ep = make(seL4_EndpointObject, 0);
    CHECK(cn && n && ep, "setup failed");
    CHECK_ERR(seL4_CNode_Mint(cn, 1, 4, ROOT, n, DEPTH, seL4_AllRights, 0x10), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(cn, 2, 4, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    seL4_CPtr t = start_peer(0, 0, signal_then_wait, 0, 0);
    CHECK(t, "no thread");
    seL4_IPCBuffer *buf = &cdt_buffers[0];
    CHECK_ERR(seL4_TCB_Configure(t, 0, cn, 60, seL4_CapInitThreadVSpace, 0, (seL4_Word)buf, frame_cap_of(buf)),
              seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, cn, DEPTH), seL4_NoError);
    seL4_Yield();
    CHECK(seL4_Poll(n) == 0x10, "the thread could not signal through its CSpace");
    /* replacing the root would destroy the CNode under the thread: IllegalOperation */
    CHECK_ERR(seL4_TCB_Configure(t, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)buf, frame_cap_of(buf)),
              seL4_IllegalOperation);
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_CapTableObject, 7, ROOT, 0, 0, alloc_slot(), 1), seL4_NotEnoughMemory);
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    CHECK(make_from(ut, seL4_CapTableObject, 7), "the CNode outlived its thread");
    return 1;
}

/* A delete that meets an interrupt stops there, leaving a zombie that a higher-priority
 * thread woken by the interrupt can see; the delete then runs again and finishes. The
 * physical timer is armed to fire during the delete; on a loaded host it can fire before
 * the delete starts (the watcher sees the CNode cap: arm later) or after it ends (an empty
 * slot: arm sooner), so the delay adapts over up to 24 tries. */
static volatile seL4_Word seen_tag, watched_slot;
static void zombie_watcher(seL4_Word ntfn)
{
    for (;;) {
        seL4_Wait(ntfn);
        seen_tag = seL4_DebugCapIdentify(watched_slot);
    }
}

int cnodeop_delete_preempted(void)
{
    seL4_CPtr ut = make_untyped(17), h = alloc_slot(), n = make(seL4_NotificationObject, 0);
    CHECK(ut && n, "setup failed");
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, RT_TIMER_INTID, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQHandler_SetNotification(h, n), seL4_NoError);
    seL4_CPtr w = start_thread_in(make(seL4_TCBObject, 0), &cdt_stacks[1][STACK_SIZE], &cdt_buffers[1],
                                  zombie_watcher, n, 254, 0);
    CHECK(w, "no watcher");
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 200), seL4_NoError);
    uint64_t took = 0, delay = 1000;
    int attempt, preempted = 0;
    for (attempt = 0; attempt < 24 && !preempted; attempt++) {
        seL4_CPtr holder = build_chain(ut);
        CHECK(holder, "attempt %d: no chain", attempt);
        watched_slot = holder;
        seen_tag = 0;
        uint64_t start = rt_counter();
        rt_timer_arm(delay);
        CHECK_ERR(seL4_CNode_Delete(ROOT, holder, DEPTH), seL4_NoError);
        took = rt_counter() - start;
        rt_timer_stop();
        CHECK_ERR(seL4_IRQHandler_Ack(h), seL4_NoError);
        CHECK(empty(holder), "attempt %d: the delete did not finish", attempt);
        CHECK(make_from(ut, seL4_CapTableObject, 12), "attempt %d: untyped did not reset", attempt);
        CHECK_ERR(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
        preempted = seen_tag == 18;
        if (seen_tag == 10)
            delay *= 2; /* it fired before the delete began */
        else if (!preempted)
            delay = took / 4 < delay ? took / 4 : delay / 2;
        delay = delay ? delay : 1;
    }
    CHECK_ERR(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, w, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, h, DEPTH), seL4_NoError);
    CHECK(preempted, "no delete was preempted in %d tries (last took %lu ticks, watcher saw tag %lu)", attempt,
          took, seen_tag);
    return 1;
}

/* The IPC buffer frame is a cap in the TCB too: it lives while the thread may receive into
 * it, and goes with the thread or when the buffer is replaced. */
int cnodeop_tcb_keeps_ipc_buffer(void)
{
    seL4_CPtr ut = make_untyped(12), frame = ut ? make_from(ut, seL4_ARM_SmallPageObject, 0) : 0;
    seL4_CPtr t = make(seL4_TCBObject, 0);
    CHECK(frame && t, "setup failed");
    const seL4_Word vaddr = 0x10000000; /* never mapped: the kernel writes through the frame */
    CHECK_ERR(seL4_TCB_Configure(t, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0, vaddr, frame), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, frame, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_ARM_SmallPageObject, 0, ROOT, 0, 0, alloc_slot(), 1),
              seL4_NotEnoughMemory);
    seL4_SetMR(0, 0); /* SetIPCBuffer(0): no buffer, the frame goes */
    seL4_SetCap(0, ROOT);
    CHECK_ERR(rt_invoke(t, TCBSetIPCBuffer, 1, 1), seL4_NoError);
    frame = make_from(ut, seL4_ARM_SmallPageObject, 0);
    CHECK(frame, "the frame outlived the buffer");
    CHECK_ERR(seL4_TCB_Configure(t, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0, vaddr, frame), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, frame, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    CHECK(make_from(ut, seL4_ARM_SmallPageObject, 0), "the frame outlived its thread");
    return 1;
}

/* Notification badges follow the endpoint rules: badged caps are children of the original,
 * copies of a badged cap children of it. */
int cnodeop_revoke_notification_badges(void)
{
    seL4_CPtr n = make(seL4_NotificationObject, 0), b = alloc_slot(), c = alloc_slot(), b2 = alloc_slot();
    CHECK(n, "no notification");
    CHECK_ERR(seL4_CNode_Mint(ROOT, b, DEPTH, ROOT, n, DEPTH, seL4_AllRights, 0x3), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, c, DEPTH, ROOT, b, DEPTH, seL4_CanWrite), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, b2, DEPTH, ROOT, n, DEPTH, seL4_AllRights, 0x4), seL4_NoError);
    seL4_Signal(c);
    CHECK(seL4_Poll(n) == 0x3, "the copy does not carry the badge");
    CHECK_ERR(seL4_CNode_Revoke(ROOT, b, DEPTH), seL4_NoError);
    CHECK(empty(c) && !empty(b) && !empty(b2), "revoke of badge 3: c %lu b2 %lu", seL4_DebugCapIdentify(c),
          seL4_DebugCapIdentify(b2));
    CHECK_ERR(seL4_CNode_Revoke(ROOT, n, DEPTH), seL4_NoError);
    CHECK(empty(b) && empty(b2), "revoke of the original left badged caps");
    return 1;
}

/* Only the last cap finalises: deleting a copy of an endpoint or TCB cap leaves the object
 * working. */
int cnodeop_only_last_cap_finalises(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), ep2 = alloc_slot(), b = alloc_slot(), t2 = alloc_slot();
    CHECK(ep, "no endpoint");
    CHECK_ERR(seL4_CNode_Copy(ROOT, ep2, DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, b, DEPTH, ROOT, ep2, DEPTH, seL4_AllRights, 8), seL4_NoError);
    got_badge = 0;
    seL4_CPtr t = start_peer(0, 0, recv_once, ep, 0);
    CHECK(t, "no thread");
    CHECK_ERR(seL4_CNode_Copy(ROOT, t2, DEPTH, ROOT, t, DEPTH, seL4_AllRights), seL4_NoError);
    seL4_Yield(); /* it waits on ep */
    CHECK_ERR(seL4_CNode_Delete(ROOT, ep, DEPTH), seL4_NoError); /* copies remain: still waiting */
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);  /* t2 remains: still alive */
    if (!waiter_gets(b, 8))
        return 0;
    CHECK_ERR(seL4_CNode_Delete(ROOT, t2, DEPTH), seL4_NoError);
    return 1;
}

/* Moving an untyped keeps its children with it; Retype goes on from its free index. */
int untyped_move_keeps_children(void)
{
    seL4_CPtr ut = make_untyped(12), moved = alloc_slot();
    CHECK(ut, "no untyped");
    seL4_CPtr t = make_from(ut, seL4_TCBObject, 0);
    CHECK(t, "retype failed");
    CHECK_ERR(seL4_CNode_Move(ROOT, moved, DEPTH, ROOT, ut, DEPTH), seL4_NoError);
    CHECK(free_index(moved) == 2048, "free index %lu after the move", free_index(moved));
    CHECK(make_from(moved, seL4_TCBObject, 0), "retype after the move");
    CHECK_ERR(seL4_Untyped_Retype(moved, seL4_TCBObject, 0, ROOT, 0, 0, alloc_slot(), 1), seL4_NotEnoughMemory);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, moved, DEPTH), seL4_NoError);
    CHECK(empty(t) && free_index(moved) == 0, "revoke at the new place: TCB tag %lu", seL4_DebugCapIdentify(t));
    return 1;
}

/* A Retype that fails changes nothing: no cap is placed and the free index stays. */
int retype_failure_changes_nothing(void)
{
    seL4_CPtr ut = make_untyped(12);
    CHECK(ut && make_from(ut, seL4_EndpointObject, 0), "setup failed");
    seL4_Word before = free_index(ut);
    seL4_CPtr first = next_free;
    next_free += 3;
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, first, 3), seL4_NotEnoughMemory);
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, first, 3 + 4096), seL4_RangeError);
    CHECK(empty(first) && empty(first + 1) && empty(first + 2), "a failed retype placed caps");
    CHECK(free_index(ut) == before, "free index %lu, was %lu", free_index(ut), before);
    return 1;
}

/* An IRQ handler cap moved or rotated still owns its line; its deletion frees it once. */
int cnodeop_irq_handler_moves(void)
{
    seL4_CPtr h = alloc_slot(), moved = alloc_slot(), t = make(seL4_TCBObject, 0);
    CHECK(t, "no TCB");
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 78, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Move(ROOT, moved, DEPTH, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, moved, DEPTH, ROOT, t, DEPTH, 0, ROOT, moved, DEPTH, 0), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 78, ROOT, h, DEPTH), seL4_RevokeFirst);
    CHECK_ERR(seL4_IRQHandler_Ack(t), seL4_NoError); /* t's slot holds the handler now */
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 78, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, h, DEPTH), seL4_NoError);
    return 1;
}

/* IRQ handler caps copy and mint as in seL4 (the badge argument means nothing to them); the
 * line stays taken until the last copy goes, and revoking the original deletes the copies. */
int cnodeop_irq_handler_copies(void)
{
    seL4_CPtr h = alloc_slot(), copy = alloc_slot(), minted = alloc_slot(), n = make(seL4_NotificationObject, 0);
    CHECK(n, "no notification");
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 79, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, h, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, minted, DEPTH, ROOT, copy, DEPTH, seL4_AllRights, 5), seL4_NoError);
    CHECK(seL4_DebugCapIdentify(copy) == seL4_DebugCapIdentify(h), "the copy is tag %lu", seL4_DebugCapIdentify(copy));
    CHECK_ERR(seL4_IRQHandler_SetNotification(minted, n), seL4_NoError); /* any copy acts on the line */
    CHECK_ERR(seL4_IRQHandler_Ack(copy), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 79, ROOT, h, DEPTH), seL4_RevokeFirst); /* copies remain */
    CHECK_ERR(seL4_IRQHandler_Clear(copy), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, copy, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 79, ROOT, h, DEPTH), seL4_RevokeFirst);
    CHECK_ERR(seL4_CNode_Delete(ROOT, minted, DEPTH), seL4_NoError); /* the last: the line is free */
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 79, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, h, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, h, DEPTH), seL4_NoError); /* the copy is h's child */
    CHECK(seL4_DebugCapIdentify(copy) == 0, "revoke left the copy");
    CHECK_ERR(seL4_CNode_Delete(ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, 79, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, h, DEPTH), seL4_NoError);
    return 1;
}

/* A notification an IRQ handler signals can go: the line then signals nothing (not even
 * the notification made in its memory next), and a new notification set afterwards gets the
 * interrupt. */
int cnodeop_delete_irq_notification(void)
{
    seL4_CPtr ut = make_untyped(12), h = alloc_slot(), nb = alloc_slot(), n2b = alloc_slot();
    seL4_CPtr n = ut ? make_from(ut, seL4_NotificationObject, 0) : 0, n2 = make(seL4_NotificationObject, 0);
    CHECK(n && n2, "setup failed");
    CHECK_ERR(seL4_CNode_Mint(ROOT, nb, DEPTH, ROOT, n, DEPTH, seL4_AllRights, 0x21), seL4_NoError);
    CHECK_ERR(seL4_CNode_Mint(ROOT, n2b, DEPTH, ROOT, n2, DEPTH, seL4_AllRights, 0x22), seL4_NoError);
    CHECK_ERR(seL4_IRQControl_Get(seL4_CapIRQControl, RT_TIMER_INTID, ROOT, h, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_IRQHandler_SetNotification(h, nb), seL4_NoError);
    CHECK_ERR(seL4_CNode_Revoke(ROOT, n, DEPTH), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, n, DEPTH), seL4_NoError); /* the last cap: the line forgets it */
    seL4_CPtr same_place = make_from(ut, seL4_NotificationObject, 0); /* reset: n's memory */
    CHECK(same_place, "no notification in n's place");
    uint64_t tick = rt_counter_freq() / 1000;
    rt_timer_arm(1);
    for (uint64_t end = rt_counter() + 4 * tick; rt_counter() < end;)
        seL4_Yield();
    CHECK(seL4_Poll(same_place) == 0, "the interrupt signalled the deleted notification's memory");
    CHECK_ERR(seL4_IRQHandler_SetNotification(h, n2b), seL4_NoError); /* the pending interrupt arrives */
    seL4_Word got = 0;
    for (uint64_t end = rt_counter() + 4 * tick; rt_counter() < end && !got;)
        if (!(got = seL4_Poll(n2)))
            seL4_Yield();
    rt_timer_stop();
    CHECK(got == 0x22, "the new notification got 0x%lx", got);
    CHECK_ERR(seL4_IRQHandler_Ack(h), seL4_NoError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, h, DEPTH), seL4_NoError);
    return 1;
}

/* A thread can delete its own last TCB cap, or revoke the untyped its TCB came from: it
 * stops there, the kernel goes on. */
static volatile seL4_Word self_slot, after_self_delete;
static void delete_self(seL4_Word revoke)
{
    if (revoke)
        seL4_CNode_Revoke(ROOT, self_slot, DEPTH);
    else
        seL4_CNode_Delete(ROOT, self_slot, DEPTH);
    after_self_delete = 1;
    for (;;)
        seL4_Yield();
}

int cnodeop_thread_deletes_itself(void)
{
    seL4_CPtr ut = make_untyped(12);
    CHECK(ut, "no untyped");
    for (seL4_Word revoke = 0; revoke < 2; revoke++) {
        after_self_delete = 0;
        seL4_CPtr t = start_peer(0, revoke ? make_from(ut, seL4_TCBObject, 0) : 0, delete_self, revoke, 0);
        CHECK(t, "no thread");
        self_slot = revoke ? ut : t;
        seL4_Yield();
        seL4_Yield();
        CHECK(empty(t) && !after_self_delete, "revoke %lu: slot tag %lu, ran on: %lu", revoke,
              seL4_DebugCapIdentify(t), after_self_delete);
    }
    return 1;
}
