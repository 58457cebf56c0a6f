/* seL4 IPC and invocation wrappers (libsel4's names): MR0-3 travel in x2-x5, the rest in the IPC buffer. */
#pragma once

#include <atoll/errors.h>
#include <atoll/faults.h>
#include <atoll/invocation.h>
#include <atoll/messageinfo.h>
#include <rt/sel4.h>

/* The calling thread's IPC buffer: TPIDR_EL0 if a thread set it, else the runtime's. */
static inline seL4_IPCBuffer *rt_ipc_buffer(void)
{
    seL4_IPCBuffer *b;
    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(b));
    return b ? b : seL4_GetIPCBuffer();
}

static inline void seL4_SetMR(unsigned i, seL4_Word v) { rt_ipc_buffer()->msg[i] = v; }
static inline seL4_Word seL4_GetMR(unsigned i) { return rt_ipc_buffer()->msg[i]; }
static inline void seL4_SetCap(unsigned i, seL4_CPtr c) { rt_ipc_buffer()->caps_or_badges[i] = c; }

/* One system call: x0 = cptr, x1 = info, x2-x5 = MR0-3 (from/to the IPC buffer's msg[0..3]).
 * Returns info; *badge (if non-NULL) gets x0. */
static inline seL4_MessageInfo_t rt_syscall(seL4_Word number, seL4_CPtr cptr, seL4_MessageInfo_t info,
                                            seL4_Word *badge)
{
    seL4_IPCBuffer *b = rt_ipc_buffer();
    register seL4_Word x0 __asm__("x0") = cptr;
    register seL4_Word x1 __asm__("x1") = info.words[0];
    register seL4_Word x2 __asm__("x2") = b->msg[0];
    register seL4_Word x3 __asm__("x3") = b->msg[1];
    register seL4_Word x4 __asm__("x4") = b->msg[2];
    register seL4_Word x5 __asm__("x5") = b->msg[3];
    register seL4_Word x7 __asm__("x7") = number;
    __asm__ volatile("svc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
                     : "r"(x7)
                     : "memory");
    b->msg[0] = x2;
    b->msg[1] = x3;
    b->msg[2] = x4;
    b->msg[3] = x5;
    if (badge)
        *badge = x0;
    return (seL4_MessageInfo_t){{x1}};
}

static inline seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    return rt_syscall((seL4_Word)seL4_SysCall, dest, info, 0);
}
static inline void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    rt_syscall((seL4_Word)seL4_SysSend, dest, info, 0);
}
static inline void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    rt_syscall((seL4_Word)seL4_SysNBSend, dest, info, 0);
}
static inline seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *badge)
{
    return rt_syscall((seL4_Word)seL4_SysRecv, src, seL4_MessageInfo_new(0, 0, 0, 0), badge);
}
static inline seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *badge)
{
    return rt_syscall((seL4_Word)seL4_SysNBRecv, src, seL4_MessageInfo_new(0, 0, 0, 0), badge);
}
static inline void seL4_Reply(seL4_MessageInfo_t info) { rt_syscall((seL4_Word)seL4_SysReply, 0, info, 0); }
static inline seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t info, seL4_Word *badge)
{
    return rt_syscall((seL4_Word)seL4_SysReplyRecv, src, info, badge);
}
static inline void seL4_Signal(seL4_CPtr ntfn) { seL4_Send(ntfn, seL4_MessageInfo_new(0, 0, 0, 0)); }
static inline seL4_Word seL4_Wait(seL4_CPtr ntfn)
{
    seL4_Word badge = 0;
    seL4_Recv(ntfn, &badge);
    return badge;
}
static inline seL4_Word seL4_Poll(seL4_CPtr ntfn)
{
    seL4_Word badge = 0;
    seL4_NBRecv(ntfn, &badge);
    return badge;
}

/* An invocation: label, n MRs already set, n_caps extra caps already set; returns the error. */
static inline seL4_Error rt_invoke(seL4_CPtr cap, seL4_Word label, unsigned n_caps, unsigned n_mrs)
{
    seL4_MessageInfo_t r = seL4_Call(cap, seL4_MessageInfo_new(label, 0, n_caps, n_mrs));
    return (seL4_Error)seL4_MessageInfo_get_label(r);
}

static inline seL4_Error seL4_Untyped_Retype(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_CPtr root,
                                             seL4_Word node_index, seL4_Word node_depth, seL4_Word node_offset,
                                             seL4_Word num_objects)
{
    seL4_SetCap(0, root);
    seL4_SetMR(0, type);
    seL4_SetMR(1, size_bits);
    seL4_SetMR(2, node_index);
    seL4_SetMR(3, node_depth);
    seL4_SetMR(4, node_offset);
    seL4_SetMR(5, num_objects);
    return rt_invoke(ut, UntypedRetype, 1, 6);
}

static inline seL4_Error rt_cnode_op(seL4_Word label, seL4_CPtr root, seL4_Word index, seL4_Word depth,
                                     seL4_CPtr src_root, seL4_Word src_index, seL4_Word src_depth, seL4_Word a,
                                     seL4_Word b, unsigned n_mrs)
{
    seL4_SetCap(0, src_root);
    seL4_SetMR(0, index);
    seL4_SetMR(1, depth);
    seL4_SetMR(2, src_index);
    seL4_SetMR(3, src_depth);
    seL4_SetMR(4, a);
    seL4_SetMR(5, b);
    return rt_invoke(root, label, n_mrs > 2 ? 1 : 0, n_mrs);
}
static inline seL4_Error seL4_CNode_Copy(seL4_CPtr root, seL4_Word i, seL4_Word d, seL4_CPtr sr, seL4_Word si,
                                         seL4_Word sd, seL4_Word rights)
{
    return rt_cnode_op(CNodeCopy, root, i, d, sr, si, sd, rights, 0, 5);
}
static inline seL4_Error seL4_CNode_Mint(seL4_CPtr root, seL4_Word i, seL4_Word d, seL4_CPtr sr, seL4_Word si,
                                         seL4_Word sd, seL4_Word rights, seL4_Word badge)
{
    return rt_cnode_op(CNodeMint, root, i, d, sr, si, sd, rights, badge, 6);
}
static inline seL4_Error seL4_CNode_Move(seL4_CPtr root, seL4_Word i, seL4_Word d, seL4_CPtr sr, seL4_Word si,
                                         seL4_Word sd)
{
    return rt_cnode_op(CNodeMove, root, i, d, sr, si, sd, 0, 0, 4);
}
static inline seL4_Error seL4_CNode_Mutate(seL4_CPtr root, seL4_Word i, seL4_Word d, seL4_CPtr sr, seL4_Word si,
                                           seL4_Word sd, seL4_Word data)
{
    return rt_cnode_op(CNodeMutate, root, i, d, sr, si, sd, data, 0, 5);
}
static inline seL4_Error seL4_CNode_Delete(seL4_CPtr root, seL4_Word i, seL4_Word d)
{
    return rt_cnode_op(CNodeDelete, root, i, d, 0, 0, 0, 0, 0, 2);
}
static inline seL4_Error seL4_CNode_Revoke(seL4_CPtr root, seL4_Word i, seL4_Word d)
{
    return rt_cnode_op(CNodeRevoke, root, i, d, 0, 0, 0, 0, 0, 2);
}
static inline seL4_Error seL4_CNode_SaveCaller(seL4_CPtr root, seL4_Word i, seL4_Word d)
{
    return rt_cnode_op(CNodeSaveCaller, root, i, d, 0, 0, 0, 0, 0, 2);
}

static inline seL4_Error seL4_TCB_Configure(seL4_CPtr tcb, seL4_Word fault_ep, seL4_CPtr croot, seL4_Word cdata,
                                            seL4_CPtr vroot, seL4_Word vdata, seL4_Word buffer,
                                            seL4_CPtr buffer_frame)
{
    seL4_SetCap(0, croot);
    seL4_SetCap(1, vroot);
    seL4_SetCap(2, buffer_frame);
    seL4_SetMR(0, fault_ep);
    seL4_SetMR(1, cdata);
    seL4_SetMR(2, vdata);
    seL4_SetMR(3, buffer);
    return rt_invoke(tcb, TCBConfigure, 3, 4);
}
static inline seL4_Error seL4_TCB_SetPriority(seL4_CPtr tcb, seL4_CPtr authority, seL4_Word prio)
{
    seL4_SetCap(0, authority);
    seL4_SetMR(0, prio);
    return rt_invoke(tcb, TCBSetPriority, 1, 1);
}
static inline seL4_Error seL4_TCB_SetMCPriority(seL4_CPtr tcb, seL4_CPtr authority, seL4_Word mcp)
{
    seL4_SetCap(0, authority);
    seL4_SetMR(0, mcp);
    return rt_invoke(tcb, TCBSetMCPriority, 1, 1);
}
static inline seL4_Error seL4_TCB_Resume(seL4_CPtr tcb) { return rt_invoke(tcb, TCBResume, 0, 0); }
static inline seL4_Error seL4_TCB_Suspend(seL4_CPtr tcb) { return rt_invoke(tcb, TCBSuspend, 0, 0); }
/* WriteRegisters with pc, sp, spsr, x0 and (at index 34) tpidr_el0: the words of
 * seL4_UserContext in order; count = 35. */
static inline seL4_Error rt_tcb_start(seL4_CPtr tcb, seL4_Word pc, seL4_Word sp, seL4_Word arg, seL4_Word tls)
{
    seL4_SetMR(0, 1); /* resume */
    seL4_SetMR(1, 35);
    for (unsigned i = 2; i < 37; i++)
        seL4_SetMR(i, 0);
    seL4_SetMR(2, pc);
    seL4_SetMR(3, sp);
    seL4_SetMR(5, arg);
    seL4_SetMR(2 + 34, tls);
    return rt_invoke(tcb, TCBWriteRegisters, 0, 37);
}

/* ReadRegisters: the first count words of seL4_UserContext land in MR0.. */
static inline seL4_Error seL4_TCB_ReadRegisters(seL4_CPtr tcb, seL4_Word suspend, seL4_Word count)
{
    seL4_SetMR(0, suspend);
    seL4_SetMR(1, count);
    return rt_invoke(tcb, TCBReadRegisters, 0, 2);
}
/* SetFlags: the new flags come back in MR0. */
static inline seL4_Error seL4_TCB_SetFlags(seL4_CPtr tcb, seL4_Word clear, seL4_Word set)
{
    seL4_SetMR(0, clear);
    seL4_SetMR(1, set);
    return rt_invoke(tcb, TCBSetFlags, 0, 2);
}

static inline seL4_Error seL4_CNode_Rotate(seL4_CPtr root, seL4_Word di, seL4_Word dd, seL4_CPtr pr, seL4_Word pi,
                                           seL4_Word pd, seL4_Word pbadge, seL4_CPtr sr, seL4_Word si, seL4_Word sd,
                                           seL4_Word sbadge)
{
    seL4_SetCap(0, pr);
    seL4_SetCap(1, sr);
    seL4_SetMR(0, di);
    seL4_SetMR(1, dd);
    seL4_SetMR(2, pi);
    seL4_SetMR(3, pd);
    seL4_SetMR(4, si);
    seL4_SetMR(5, sd);
    seL4_SetMR(6, pbadge);
    seL4_SetMR(7, sbadge);
    return rt_invoke(root, CNodeRotate, 2, 8);
}
static inline seL4_Error seL4_CNode_CancelBadgedSends(seL4_CPtr root, seL4_Word i, seL4_Word d)
{
    return rt_cnode_op(CNodeCancelBadgedSends, root, i, d, 0, 0, 0, 0, 0, 2);
}
static inline seL4_Error seL4_TCB_SetTLSBase(seL4_CPtr tcb, seL4_Word base)
{
    seL4_SetMR(0, base);
    return rt_invoke(tcb, TCBSetTLSBase, 0, 1);
}
static inline seL4_Error seL4_TCB_SetSchedParams(seL4_CPtr tcb, seL4_CPtr authority, seL4_Word mcp, seL4_Word prio)
{
    seL4_SetCap(0, authority);
    seL4_SetMR(0, mcp);
    seL4_SetMR(1, prio);
    return rt_invoke(tcb, TCBSetSchedParams, 1, 2);
}

static inline seL4_Error seL4_TCB_BindNotification(seL4_CPtr tcb, seL4_CPtr ntfn)
{
    seL4_SetCap(0, ntfn);
    return rt_invoke(tcb, TCBBindNotification, 1, 0);
}
static inline seL4_Error seL4_TCB_UnbindNotification(seL4_CPtr tcb) { return rt_invoke(tcb, TCBUnbindNotification, 0, 0); }
static inline seL4_Error seL4_TCB_CopyRegisters(seL4_CPtr dest, seL4_CPtr src, seL4_Word suspend_source,
                                                seL4_Word resume_target, seL4_Word frame, seL4_Word integer)
{
    seL4_SetCap(0, src);
    seL4_SetMR(0, (suspend_source & 1) | (resume_target & 1) << 1 | (frame & 1) << 2 | (integer & 1) << 3);
    return rt_invoke(dest, TCBCopyRegisters, 1, 1);
}

static inline seL4_Error seL4_IRQControl_Get(seL4_CPtr control, seL4_Word irq, seL4_CPtr root, seL4_Word index,
                                             seL4_Word depth)
{
    seL4_SetCap(0, root);
    seL4_SetMR(0, irq);
    seL4_SetMR(1, index);
    seL4_SetMR(2, depth);
    return rt_invoke(control, IRQIssueIRQHandler, 1, 3);
}
/* GetTrigger (ARM): the same, with the line made level- (0) or edge-triggered (1). */
static inline seL4_Error seL4_IRQControl_GetTrigger(seL4_CPtr control, seL4_Word irq, seL4_Word trigger, seL4_CPtr root,
                                                    seL4_Word index, seL4_Word depth)
{
    seL4_SetCap(0, root);
    seL4_SetMR(0, irq);
    seL4_SetMR(1, trigger);
    seL4_SetMR(2, index);
    seL4_SetMR(3, depth);
    return rt_invoke(control, ARMIRQIssueIRQHandlerTrigger, 1, 4);
}
static inline seL4_Error seL4_IRQHandler_Ack(seL4_CPtr h) { return rt_invoke(h, IRQAckIRQ, 0, 0); }
static inline seL4_Error seL4_IRQHandler_SetNotification(seL4_CPtr h, seL4_CPtr ntfn)
{
    seL4_SetCap(0, ntfn);
    return rt_invoke(h, IRQSetIRQHandler, 1, 0);
}
static inline seL4_Error seL4_IRQHandler_Clear(seL4_CPtr h) { return rt_invoke(h, IRQClearIRQHandler, 0, 0); }

/* AArch64 memory management: ASIDs, page tables, frames, VSpace cache operations. */
static inline seL4_Error seL4_ARM_ASIDControl_MakePool(seL4_CPtr control, seL4_CPtr untyped, seL4_CPtr root,
                                                       seL4_Word index, seL4_Word depth)
{
    seL4_SetCap(0, untyped);
    seL4_SetCap(1, root);
    seL4_SetMR(0, index);
    seL4_SetMR(1, depth);
    return rt_invoke(control, ARMASIDControlMakePool, 2, 2);
}
static inline seL4_Error seL4_ARM_ASIDPool_Assign(seL4_CPtr pool, seL4_CPtr vspace)
{
    seL4_SetCap(0, vspace);
    return rt_invoke(pool, ARMASIDPoolAssign, 1, 0);
}
static inline seL4_Error seL4_ARM_PageTable_Map(seL4_CPtr table, seL4_CPtr vspace, seL4_Word vaddr, seL4_Word attr)
{
    seL4_SetCap(0, vspace);
    seL4_SetMR(0, vaddr);
    seL4_SetMR(1, attr);
    return rt_invoke(table, ARMPageTableMap, 1, 2);
}
static inline seL4_Error seL4_ARM_PageTable_Unmap(seL4_CPtr table) { return rt_invoke(table, ARMPageTableUnmap, 0, 0); }
static inline seL4_Error seL4_ARM_Page_Map(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_Word rights,
                                           seL4_Word attr)
{
    seL4_SetCap(0, vspace);
    seL4_SetMR(0, vaddr);
    seL4_SetMR(1, rights);
    seL4_SetMR(2, attr);
    return rt_invoke(frame, ARMPageMap, 1, 3);
}
static inline seL4_Error seL4_ARM_Page_Unmap(seL4_CPtr frame) { return rt_invoke(frame, ARMPageUnmap, 0, 0); }
/* Page_Clean_Data, _Invalidate_Data, _CleanInvalidate_Data, _Unify_Instruction (label) on
 * [start, end) inside the frame; VSpace_* (label) on user addresses [start, end). */
static inline seL4_Error rt_cache_op(seL4_CPtr cap, seL4_Word label, seL4_Word start, seL4_Word end)
{
    seL4_SetMR(0, start);
    seL4_SetMR(1, end);
    return rt_invoke(cap, label, 0, 2);
}
typedef struct seL4_ARM_Page_GetAddress {
    int error;
    seL4_Word paddr;
} seL4_ARM_Page_GetAddress_t;
static inline seL4_ARM_Page_GetAddress_t seL4_ARM_Page_GetAddress(seL4_CPtr frame)
{
    seL4_ARM_Page_GetAddress_t r;
    r.error = rt_invoke(frame, ARMPageGetAddress, 0, 0);
    r.paddr = seL4_GetMR(0);
    return r;
}

/* Atoll telemetry extension (kernel/include/uapi/atoll/invocation.h), on the Domain cap. */
static inline seL4_Error atoll_telemetry_read_thread(seL4_CPtr domain, seL4_CPtr tcb)
{
    seL4_SetCap(0, tcb);
    return rt_invoke(domain, AtollTelemetryReadThread, 1, 0);
}
static inline seL4_Error atoll_telemetry_read_endpoint(seL4_CPtr domain, seL4_CPtr ep)
{
    seL4_SetCap(0, ep);
    return rt_invoke(domain, AtollTelemetryReadEndpoint, 1, 0);
}
static inline seL4_Error atoll_telemetry_read_untyped(seL4_CPtr domain, seL4_CPtr untyped)
{
    seL4_SetCap(0, untyped);
    return rt_invoke(domain, AtollTelemetryReadUntyped, 1, 0);
}

/* DebugCapIdentify: seL4's cap tag of what cap names (0 = none). */
static inline seL4_Word seL4_DebugCapIdentify(seL4_CPtr cap)
{
    register seL4_Word x0 __asm__("x0") = cap;
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysDebugCapIdentify;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x7) : "x1", "x2", "x3", "x4", "x5", "memory");
    return x0;
}
