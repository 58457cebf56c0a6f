/* Kernel test cases PAGEFAULT: threads in their own VSpaces, isolation, VM faults handled and resumed. */
#include "ktest_vspace.h"

/*
 * A child runs our text and rodata (mapped read-only into its new VSpace at the same
 * addresses), on its own stack and IPC buffer; it sees none of our data. Its argument packs
 * a value (bits 63..16) and the cptr of an endpoint it reports on (bits 15..0): report()
 * Calls it with one word, and our Reply lets the child go on.
 */
#define CHILD_STACK_VA 0x10000000ul
#define CHILD_IPC_VA 0x10001000ul
#define CHILD_DATA_VA 0x20000000ul /* where the cases map (or leave out) a page */
#define CHILD_PRIO 200
#define ARG(value, ep) (((seL4_Word)(value) << 16) | (ep))
#define ARG_EP(arg) ((arg) & 0xffff)
#define ARG_VALUE(arg) ((arg) >> 16)

extern char __data_start[]; /* personalities/lib/user.ld */

static seL4_CPtr start_child(void (*fn)(seL4_Word), seL4_Word arg, seL4_CPtr fault_ep, seL4_CPtr *vs_out)
{
    seL4_CPtr vs = new_vspace();
    if (!vs)
        return 0;
    if (rt_share_text(&ktest_alloc, bi, vs) != seL4_NoError)
        return 0;
    seL4_CPtr ipc = new_mapped_frame(vs, CHILD_IPC_VA, RW), tcb = make(seL4_TCBObject, 0);
    if (!ipc || !new_mapped_frame(vs, CHILD_STACK_VA, RW) || !tcb)
        return 0;
    if (seL4_TCB_Configure(tcb, fault_ep, ROOT, 0, vs, 0, CHILD_IPC_VA, ipc) != seL4_NoError ||
        seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, CHILD_PRIO) != seL4_NoError ||
        rt_tcb_start(tcb, (seL4_Word)fn, CHILD_STACK_VA + 4096, arg, CHILD_IPC_VA) != seL4_NoError)
        return 0;
    *vs_out = vs;
    return tcb;
}

static void report(seL4_CPtr ep, seL4_Word v)
{
    seL4_SetMR(0, v);
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
}

/* Wait for a report on ep; its word, or ~0 if something else came. */
static seL4_Word wait_report(seL4_CPtr ep)
{
    seL4_MessageInfo_t info = seL4_Recv(ep, 0);
    return seL4_MessageInfo_get_label(info) == 0 && seL4_MessageInfo_get_length(info) == 1 ? seL4_GetMR(0) : ~0ul;
}

/* Wait for a VMFault on fault_ep at addr; 1 if it came with prefetch flag and an ESR of
 * class ec (0x24 data abort, 0x20 instruction abort from EL0) whose fault status code is
 * fsc_base + level (translation 0x04, permission 0x0c) and whose WnR bit is wnr. */
static int wait_vm_fault(seL4_CPtr fault_ep, seL4_Word addr, seL4_Word prefetch, seL4_Word ec, seL4_Word fsc_base,
                         seL4_Word wnr)
{
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    seL4_Word fsr = seL4_GetMR(seL4_VMFault_FSR);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_VMFault &&
              seL4_MessageInfo_get_length(info) == seL4_VMFault_Length,
          "label %lu length %lu", seL4_MessageInfo_get_label(info), seL4_MessageInfo_get_length(info));
    CHECK(seL4_GetMR(seL4_VMFault_Addr) == addr && seL4_GetMR(seL4_VMFault_PrefetchFault) == prefetch,
          "addr 0x%lx prefetch %lu", seL4_GetMR(seL4_VMFault_Addr), seL4_GetMR(seL4_VMFault_PrefetchFault));
    CHECK((fsr >> 26) == ec && (fsr & 0x3c) == fsc_base && ((fsr >> 6) & 1) == (prefetch ? 0 : wnr),
          "FSR 0x%lx", fsr);
    return 1;
}

static void child_double(seL4_Word arg)
{
    volatile seL4_Word on_stack = ARG_VALUE(arg);
    report(ARG_EP(arg), on_stack * 2);
}

int pagefault_own_vspace(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), vs;
    seL4_CPtr t = start_child(child_double, ARG(21, ep), 0, &vs);
    CHECK(t, "no child");
    seL4_Word v = wait_report(ep);
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    CHECK(v == 42, "the child reported %lu", v);
    return 1;
}

static void child_read(seL4_Word arg)
{
    report(ARG_EP(arg), *(volatile seL4_Word *)ARG_VALUE(arg));
}

static volatile seL4_Word parent_secret = 0x5ec7e7;

int pagefault_isolation(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), fault_ep = make(seL4_EndpointObject, 0), vs;
    seL4_CPtr t = start_child(child_read, ARG(&parent_secret, ep), fault_ep, &vs);
    CHECK(t, "no child");
    int ok = wait_vm_fault(fault_ep, (seL4_Word)&parent_secret, 0, 0x24, 0x04, 0);
    seL4_Word ip = seL4_GetMR(seL4_VMFault_IP);
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    if (!ok)
        return 0; /* detail says why */
    CHECK(ip >= IMAGE_BASE && ip < (seL4_Word)__data_start, "fault IP 0x%lx", ip);
    return 1;
}

static void child_read_then_write(seL4_Word arg)
{
    volatile seL4_Word *p = (seL4_Word *)CHILD_DATA_VA;
    seL4_Word v = p[0];
    p[1] = v + 1;
    report(ARG_EP(arg), v);
}

/* The child faults on an empty address; we map a frame we share with it there and resume it. */
int pagefault_map_and_resume(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), fault_ep = make(seL4_EndpointObject, 0), vs;
    seL4_CPtr t = start_child(child_read_then_write, ARG(0, ep), fault_ep, &vs);
    CHECK(t, "no child");
    int ok = wait_vm_fault(fault_ep, CHILD_DATA_VA, 0, 0x24, 0x04, 0);
    seL4_CPtr f = new_mapped_frame(seL4_CapInitThreadVSpace, ROOT_VA(7), RW);
    volatile seL4_Word *ours = (seL4_Word *)ROOT_VA(7);
    if (ok && f) {
        ours[0] = 0x1234;
        ok = map_frame(vs, copy_cap(f, RW), CHILD_DATA_VA, RW, ATTR) == seL4_NoError;
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    seL4_Word v = ok ? wait_report(ep) : 0;
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    if (!ok || !f)
        return detail[0] ? 0 : (rt_snprintf(detail, sizeof(detail), "no frame, or mapping it failed"), 0);
    CHECK(v == 0x1234 && ours[1] == 0x1235, "child read 0x%lx, wrote 0x%lx", v, ours[1]);
    return 1;
}

static void child_jump(seL4_Word arg) { ((void (*)(void))ARG_VALUE(arg))(); }

int pagefault_prefetch(void)
{
    seL4_CPtr fault_ep = make(seL4_EndpointObject, 0), vs;
    seL4_CPtr t = start_child(child_jump, ARG(0x30000000ul, 0), fault_ep, &vs);
    CHECK(t, "no child");
    int ok = wait_vm_fault(fault_ep, 0x30000000ul, 1, 0x20, 0x04, 0);
    seL4_Word ip = seL4_GetMR(seL4_VMFault_IP);
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    if (!ok)
        return 0;
    CHECK(ip == 0x30000000ul, "fault IP 0x%lx", ip);
    return 1;
}

static void child_increment(seL4_Word arg)
{
    volatile seL4_Word *p = (seL4_Word *)CHILD_DATA_VA;
    seL4_Word v = p[0];
    p[0] = v + 1;
    report(ARG_EP(arg), p[0]);
}

/* Write-only maps a page EL0 cannot touch; the handler widens the rights fault by fault. */
int pagefault_rights(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), fault_ep = make(seL4_EndpointObject, 0);
    seL4_CPtr f = new_mapped_frame(seL4_CapInitThreadVSpace, ROOT_VA(8), RW), theirs = copy_cap(f, RW), vs;
    CHECK(f && theirs, "no frame");
    volatile seL4_Word *ours = (seL4_Word *)ROOT_VA(8);
    ours[0] = 0x99;
    /* the child (lower priority) runs once we wait: its page is in place by then */
    seL4_CPtr t = start_child(child_increment, ARG(0, ep), fault_ep, &vs);
    CHECK(t, "no child");
    CHECK_ERR(map_frame(vs, theirs, CHILD_DATA_VA, seL4_CanWrite, ATTR), seL4_NoError);
    int ok = wait_vm_fault(fault_ep, CHILD_DATA_VA, 0, 0x24, 0x0c, 0);
    if (ok) {
        ok = seL4_ARM_Page_Map(theirs, vs, CHILD_DATA_VA, seL4_CanRead, ATTR) == seL4_NoError;
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    ok = ok && wait_vm_fault(fault_ep, CHILD_DATA_VA, 0, 0x24, 0x0c, 1);
    if (ok) {
        ok = seL4_ARM_Page_Map(theirs, vs, CHILD_DATA_VA, RW, ATTR) == seL4_NoError;
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    seL4_Word v = ok ? wait_report(ep) : 0;
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    if (!ok)
        return detail[0] ? 0 : (rt_snprintf(detail, sizeof(detail), "remapping failed"), 0);
    CHECK(v == 0x9a && ours[0] == 0x9a, "child saw 0x%lx, we see 0x%lx", v, ours[0]);
    return 1;
}

/* Reads its page, unmaps it itself (the arg's value is the frame cap), reads again: the
 * second read must fault even though the first filled the TLB and the child never left its
 * address space in between (an ASID change would hide a missing TLB invalidation). */
static void child_unmap_own_page(seL4_Word arg)
{
    volatile seL4_Word *p = (seL4_Word *)CHILD_DATA_VA;
    seL4_Word first = *p;
    seL4_ARM_Page_Unmap(ARG_VALUE(arg));
    seL4_Word second = *p;
    report(ARG_EP(arg), first + second);
}

int pagefault_unmap_flushes_tlb(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), fault_ep = make(seL4_EndpointObject, 0), vs;
    seL4_CPtr f = new_mapped_frame(seL4_CapInitThreadVSpace, ROOT_VA(9), RW), theirs = copy_cap(f, seL4_CanRead);
    CHECK(f && theirs, "no frame");
    *(volatile seL4_Word *)ROOT_VA(9) = 5;
    seL4_CPtr t = start_child(child_unmap_own_page, ARG(theirs, ep), fault_ep, &vs);
    CHECK(t, "no child");
    CHECK_ERR(map_frame(vs, theirs, CHILD_DATA_VA, seL4_CanRead, ATTR), seL4_NoError);
    int ok = wait_vm_fault(fault_ep, CHILD_DATA_VA, 0, 0x24, 0x04, 0);
    seL4_Word sum = 0;
    if (ok && seL4_ARM_Page_Map(theirs, vs, CHILD_DATA_VA, seL4_CanRead, ATTR) == seL4_NoError) {
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
        sum = wait_report(ep);
    }
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    if (!ok)
        return 0;
    CHECK(sum == 10, "the child read %lu in all", sum);
    return 1;
}

static void child_report_forever(seL4_Word arg)
{
    for (;;)
        report(ARG_EP(arg), 1);
}

/* Revoking the VSpace cap under a running child deletes the copy in its TCB's VTable slot
 * (a child of that cap), which leaves it no address space: its next instruction fetch faults. */
int pagefault_vspace_deleted(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), fault_ep = make(seL4_EndpointObject, 0), vs;
    seL4_CPtr t = start_child(child_report_forever, ARG(0, ep), fault_ep, &vs);
    CHECK(t, "no child");
    int ok = wait_report(ep) == 1;
    if (ok) {
        ok = seL4_CNode_Revoke(ROOT, vs, DEPTH) == seL4_NoError && seL4_CNode_Delete(ROOT, vs, DEPTH) == seL4_NoError;
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    seL4_Word ip = seL4_GetMR(seL4_VMFault_IP), prefetch = seL4_GetMR(seL4_VMFault_PrefetchFault);
    CHECK_ERR(seL4_TCB_Suspend(t), seL4_NoError);
    CHECK(ok, "no first report, or the revoke or delete failed");
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_VMFault && prefetch == 1 && ip >= IMAGE_BASE &&
              ip < (seL4_Word)__data_start,
          "label %lu prefetch %lu ip 0x%lx", seL4_MessageInfo_get_label(info), prefetch, ip);
    return 1;
}

/* As in seL4 the TCB holds a copy of its VSpace cap (the VTable slot): deleting every cap
 * the parent has to the VSpace leaves the child running in it; deleting the child's TCB
 * then deletes the last cap (the VSpace is finalised in the TCB's slot walk) safely. */
int pagefault_vspace_in_tcb(void)
{
    seL4_CPtr ep = make(seL4_EndpointObject, 0), fault_ep = make(seL4_EndpointObject, 0), vs;
    seL4_CPtr t = start_child(child_report_forever, ARG(0, ep), fault_ep, &vs);
    CHECK(t, "no child");
    CHECK(wait_report(ep) == 1, "no first report");
    CHECK_ERR(seL4_CNode_Delete(ROOT, vs, DEPTH), seL4_NoError);
    CHECK(seL4_DebugCapIdentify(vs) == 0, "the slot still holds a cap");
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(wait_report(ep) == 1, "the child stopped running when its VSpace cap was deleted");
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(wait_report(ep) == 1, "no third report");
    CHECK_ERR(seL4_CNode_Delete(ROOT, t, DEPTH), seL4_NoError); /* the TCB, and with it the VSpace */
    CHECK(new_vspace(), "no new VSpace after the delete");
    return 1;
}
