/* Thread control blocks: creation of user and idle threads, names, state names. */
#include <arch/sysreg.h>
#include <kernel/config.h>
#include <kernel/string.h>
#include <atoll/invocation.h>
#include <atoll/ipcbuffer.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>
#include <object/cdt.h>
#include <object/cnode.h>
#include <object/endpoint.h>
#include <object/tcb.h>

_Static_assert(sizeof(struct tcb) <= 2048, "a TCB fits seL4_TCBBits = 11");

extern char idle_thread_entry[];

static void tcb_clear(struct tcb *t)
{
    memset(t, 0, sizeof(*t));
    t->time_slice = TIME_SLICE_TICKS;
}

void tcb_set_name(struct tcb *t, const char *name, size_t max_len)
{
    size_t i;
    for (i = 0; i < max_len && i < TCB_NAME_LEN - 1 && name[i]; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == '-';
        t->name[i] = ok ? c : '_';
    }
    t->name[i] = '\0';
}

void tcb_init_user(struct tcb *t, const char *name, uint8_t prio, const struct vspace *vs, vaddr_t entry,
                   word_t arg0)
{
    tcb_clear(t);
    tcb_set_name(t, name, TCB_NAME_LEN);
    t->priority = prio;
    t->has_vspace = true;
    t->vspace = *vs;
    t->ctx.elr = entry;
    t->ctx.spsr = SPSR_MODE_EL0T; /* EL0, interrupts unmasked */
    t->ctx.x[0] = arg0;
    t->state = ThreadState_Running;
}

void tcb_init_new(struct tcb *t)
{
    tcb_clear(t);
    tcb_set_name(t, "thread", TCB_NAME_LEN);
    t->ctx.spsr = SPSR_MODE_EL0T;
    t->state = ThreadState_Inactive;
}

void tcb_init_idle(struct tcb *t)
{
    tcb_clear(t);
    tcb_set_name(t, "idle", TCB_NAME_LEN);
    t->ctx.elr = (word_t)(uintptr_t)idle_thread_entry;
    t->ctx.spsr = SPSR_MODE_EL1T; /* EL1 on SP_EL0, interrupts unmasked; uses no stack */
    t->state = ThreadState_IdleThreadState;
}

const char *thread_state_name(enum thread_state s)
{
    switch (s) {
    case ThreadState_Inactive: return "inactive";
    case ThreadState_Running: return "running";
    case ThreadState_Restart: return "restart";
    case ThreadState_BlockedOnReceive: return "blocked-on-receive";
    case ThreadState_BlockedOnSend: return "blocked-on-send";
    case ThreadState_BlockedOnReply: return "blocked-on-reply";
    case ThreadState_BlockedOnNotification: return "blocked-on-notification";
    case ThreadState_IdleThreadState: return "idle";
    }
    return "unknown";
}

/* ---- TCB invocations ------------------------------------------------------------------ */

/* seL4_UserContext order (aarch64): pc, sp, spsr, x0-x8, x16-x18, x29, x30, x9-x15, x19-x28,
 * tpidr_el0, tpidrro_el0. Indices >= 0 are x registers; the rest are named below. */
enum { REG_PC = -1, REG_SP = -2, REG_SPSR = -3, REG_TPIDR = -4, REG_TPIDRRO = -5 };
static const int8_t user_context_order[seL4_UserContextWords] = {
    REG_PC, REG_SP, REG_SPSR, 0,  1,  2,  3,  4,  5,  6,  7,  8,  16, 17, 18, 29, 30, 9,
    10,     11,     12,       13, 14, 15, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, REG_TPIDR, REG_TPIDRRO,
};

static word_t read_user_register(const struct tcb *t, int reg)
{
    switch (reg) {
    case REG_PC: return t->ctx.elr;
    case REG_SP: return t->ctx.sp_el0;
    case REG_SPSR: return t->ctx.spsr;
    case REG_TPIDR: return t->ctx.tpidr_el0;
    case REG_TPIDRRO: return 0;
    default: return t->ctx.x[reg];
    }
}

static void write_user_register(struct tcb *t, int reg, word_t v)
{
    switch (reg) {
    case REG_PC: t->ctx.elr = v; break;
    case REG_SP: t->ctx.sp_el0 = v; break;
    case REG_SPSR: t->ctx.spsr = (v & 0xf0000000ul) | SPSR_MODE_EL0T; break; /* flags only */
    case REG_TPIDR: t->ctx.tpidr_el0 = v; break;
    case REG_TPIDRRO: break; /* not kept */
    default: t->ctx.x[reg] = v; break;
    }
}

/* restart(): out of any queue, runnable from its saved PC. */
static void tcb_restart(struct tcb *t)
{
    if (t->state == ThreadState_Inactive || t->state == ThreadState_BlockedOnReply) {
        ipc_cancel(t);
        t->state = ThreadState_Restart;
        t->fault.type = seL4_Fault_NullFault;
        sched_enqueue(t);
    }
}

static void tcb_suspend(struct tcb *t)
{
    ipc_cancel(t);
    t->state = ThreadState_Inactive;
    sched_dequeue(t);
}

void tcb_finalise(struct tcb *t)
{
    if (t->bound_ntfn) {
        t->bound_ntfn->bound = 0;
        t->bound_ntfn = 0;
    }
    tcb_suspend(t);
    ipc_drop_reply_cap(t);
    fpu_release(t);
    sched_unregister(t);
}

void tcb_forget_vspace(paddr_t root)
{
    for (struct tcb *t = sched_threads(); t; t = t->all_next)
        if (t->has_vspace && t->vspace.root == root)
            t->has_vspace = false;
}

void tcb_vtable_deleted(const struct cte *slot)
{
    for (struct tcb *t = sched_threads(); t; t = t->all_next)
        if (slot == &t->slots[TCB_VTABLE])
            t->has_vspace = false;
}

static void tcb_set_priority(struct tcb *t, uint8_t prio)
{
    bool queued = t->queued;
    sched_dequeue(t);
    t->priority = prio;
    if (queued)
        sched_enqueue(t);
}

static struct tcb *tcb_of(struct cap c) { return paddr_to_kva(cap_get_ptr(c)); }

/* An IPC buffer at vaddr in the frame of frame_slot: 2^10-aligned; 0 = none. *copy is the
 * frame cap the TCB's buffer slot will hold. Checks in seL4's order (deriveCap, then
 * checkValidIPCBuffer): the cap, a RAM frame (IllegalOperation), the alignment. */
static struct syscall_error check_ipc_buffer(word_t vaddr, const struct cte *frame_slot, struct cap *copy)
{
    if (vaddr == 0)
        return no_error();
    struct syscall_error e;
    *copy = cdt_derive(frame_slot, frame_slot->cap, &e);
    if (e.type != seL4_NoError)
        return e;
    if (cap_get_type(*copy) != cap_frame || cap_frame_is_device(*copy))
        return error_plain(seL4_IllegalOperation);
    if (vaddr & MASK(seL4_IPCBufferSizeBits))
        return error_plain(seL4_AlignmentError);
    return no_error();
}

/* The buffer slot holds a copy of the frame cap, so the frame lives while the kernel may
 * write messages into it. */
static void set_ipc_buffer(struct tcb *t, word_t vaddr, struct cte *frame_slot, struct cap copy)
{
    cte_delete(&t->slots[TCB_BUFFER]); /* a frame cap: never a long walk */
    t->ipc_buffer_vaddr = vaddr;
    t->ipc_buffer_paddr = 0;
    if (vaddr) {
        cdt_insert_derived(frame_slot, &t->slots[TCB_BUFFER], copy);
        t->ipc_buffer_paddr = cap_get_ptr(copy) + (vaddr & MASK(cap_frame_size_bits(copy)));
    }
}

/* The new CSpace root goes into the TCB's CTable slot as a copy of the cap in croot_slot,
 * the VSpace into its VTable slot as a copy of the cap in vroot_slot (so neither object goes
 * while the thread uses it). As in seL4, replacing a root whose last cap is that slot (a
 * long-running delete) is IllegalOperation: the old CSpace must be deleted first, not under
 * the thread; a VSpace is never long-running (its deletion frees its ASID and nothing else). */
static struct syscall_error decode_space(struct tcb *t, const struct cte *croot_slot, word_t cdata,
                                         const struct cte *vroot_slot, struct cap *new_croot, struct cap *new_vroot)
{
    struct cap croot = croot_slot->cap;
    if (cdata != 0)
        croot = cap_update_data(false, cdata, croot);
    if (cap_get_type(croot) != cap_cnode)
        return error_plain(seL4_IllegalOperation);
    struct syscall_error e;
    croot = cdt_derive(croot_slot, croot, &e);
    if (e.type != seL4_NoError)
        return e;
    struct cap vroot = vroot_slot->cap;
    if (cap_get_type(vroot) != cap_vspace || cap_vspace_asid(vroot) == 0)
        return error_plain(seL4_IllegalOperation); /* a VSpace without an ASID cannot run */
    vroot = cdt_derive(vroot_slot, vroot, &e);
    if (e.type != seL4_NoError)
        return e;
    if (cap_get_type(t->cspace_root) == cap_cnode && cdt_is_final(&t->slots[TCB_CTABLE]))
        return error_plain(seL4_IllegalOperation);
    *new_croot = croot;
    *new_vroot = vroot;
    return no_error();
}

static void set_space(struct tcb *t, word_t fault_ep, struct cte *croot_slot, struct cap croot,
                      struct cte *vroot_slot, struct cap vroot)
{
    t->fault_ep = fault_ep;
    cte_delete(&t->slots[TCB_CTABLE]); /* not the last cap to the old root (decode_space checked) */
    cdt_insert_derived(croot_slot, &t->slots[TCB_CTABLE], croot);
    cte_delete(&t->slots[TCB_VTABLE]); /* a VSpace cap: never a long walk */
    cdt_insert_derived(vroot_slot, &t->slots[TCB_VTABLE], vroot);
    t->has_vspace = true;
    t->vspace = vspace_of(cap_get_ptr(vroot), cap_vspace_asid(vroot));
}

static struct syscall_error decode_write_registers(struct invocation *inv, struct tcb *t)
{
    if (inv->length < 2)
        return error_plain(seL4_TruncatedMessage);
    word_t flags = inv_mr(inv, 0), count = inv_mr(inv, 1);
    if (inv->length - 2 < count)
        return error_plain(seL4_TruncatedMessage);
    if (t == inv->caller)
        return error_plain(seL4_IllegalOperation);
    count = MIN(count, ARRAY_SIZE(user_context_order));
    for (word_t i = 0; i < count; i++)
        write_user_register(t, user_context_order[i], inv_mr(inv, (unsigned)(2 + i)));
    if (flags & 1)
        tcb_restart(t);
    return no_error();
}

static struct syscall_error decode_read_registers(struct invocation *inv, struct tcb *t)
{
    if (inv->length < 2)
        return error_plain(seL4_TruncatedMessage);
    word_t flags = inv_mr(inv, 0), count = inv_mr(inv, 1);
    if (count < 1 || count > seL4_UserContextWords)
        return error_range(1, seL4_UserContextWords);
    if (t == inv->caller)
        return error_plain(seL4_IllegalOperation);
    if (flags & 1)
        tcb_suspend(t);
    for (word_t i = 0; i < count; i++)
        thread_set_mr(inv->caller, (unsigned)i, read_user_register(t, user_context_order[i]));
    inv->reply_length = (unsigned)MIN(count, (word_t)thread_max_mrs(inv->caller));
    return no_error();
}

static struct syscall_error decode_set_tls_base(struct invocation *inv, struct tcb *t)
{
    if (inv->length < 1)
        return error_plain(seL4_TruncatedMessage);
    t->ctx.tpidr_el0 = inv_mr(inv, 0);
    return no_error();
}

/* SetSchedParams (non-MCS): MR0 = MCP, MR1 = priority, both bounded by the authority's MCP. */
static struct syscall_error decode_set_sched_params(struct invocation *inv, struct tcb *t)
{
    if (inv->length < 2 || inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    word_t mcp = inv_mr(inv, 0), prio = inv_mr(inv, 1);
    struct cap auth = inv->extra[0]->cap;
    if (cap_get_type(auth) != cap_thread)
        return error_invalid_capability(1);
    word_t limit = tcb_of(auth)->mcp;
    if (mcp > limit || prio > limit)
        return error_range(seL4_MinPrio, limit);
    t->mcp = (uint8_t)mcp;
    tcb_set_priority(t, (uint8_t)prio);
    return no_error();
}

/* BindNotification: the TCB must be unbound, the notification unbound, without waiters and
 * the cap must allow receiving. */
static struct syscall_error decode_bind_notification(struct invocation *inv, struct tcb *t)
{
    if (inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    if (t->bound_ntfn)
        return error_plain(seL4_IllegalOperation);
    struct cap c = inv->extra[0]->cap;
    if (cap_get_type(c) != cap_notification)
        return error_invalid_capability(1);
    struct notification *n = paddr_to_kva(cap_get_ptr(c));
    if (!(cap_rights(c) & CAP_RIGHT_READ) || n->bound || n->queue.head)
        return error_plain(seL4_IllegalOperation);
    n->bound = t;
    t->bound_ntfn = n;
    return no_error();
}

static struct syscall_error decode_unbind_notification(struct tcb *t)
{
    if (!t->bound_ntfn)
        return error_plain(seL4_IllegalOperation);
    t->bound_ntfn->bound = 0;
    t->bound_ntfn = 0;
    return no_error();
}

static struct syscall_error decode_set_flags(struct invocation *inv, struct tcb *t)
{
    if (inv->length < 2)
        return error_plain(seL4_TruncatedMessage);
    t->flags = ((t->flags & ~inv_mr(inv, 0)) | inv_mr(inv, 1)) & seL4_TCBFlag_MASK;
    if (t->flags & seL4_TCBFlag_fpuDisabled)
        fpu_disown(t);
    thread_set_mr(inv->caller, 0, t->flags);
    inv->reply_length = 1;
    return no_error();
}

/* CopyRegisters: MR0 bit 0 suspend source, 1 resume target, 2 copy the frame registers (the
 * first 17 words of seL4_UserContext), 3 copy the other integer registers; extra cap 0 is
 * the source TCB. */
#define N_FRAME_REGISTERS 17
static struct syscall_error decode_copy_registers(struct invocation *inv, struct tcb *t)
{
    if (inv->length < 1 || inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    struct cap src_cap = inv->extra[0]->cap;
    if (cap_get_type(src_cap) != cap_thread)
        return error_invalid_capability(1);
    word_t flags = inv_mr(inv, 0);
    struct tcb *src = tcb_of(src_cap);
    if (flags & 1)
        tcb_suspend(src);
    for (unsigned i = 0; i < seL4_UserContextWords; i++) {
        bool frame = i < N_FRAME_REGISTERS;
        if ((frame && (flags & 4)) || (!frame && (flags & 8)))
            write_user_register(t, user_context_order[i], read_user_register(src, user_context_order[i]));
    }
    if (flags & 2)
        tcb_restart(t);
    return no_error();
}

static struct syscall_error decode_set_priority(struct invocation *inv, struct tcb *t, bool mcp)
{
    if (inv->length < 1 || inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    word_t prio = inv_mr(inv, 0);
    struct cap auth = inv->extra[0]->cap;
    if (cap_get_type(auth) != cap_thread)
        return error_invalid_capability(1);
    word_t limit = tcb_of(auth)->mcp;
    if (prio > limit)
        return error_range(seL4_MinPrio, limit);
    if (mcp)
        t->mcp = (uint8_t)prio;
    else
        tcb_set_priority(t, (uint8_t)prio);
    return no_error();
}

static struct syscall_error decode_configure(struct invocation *inv, struct tcb *t)
{
    if (inv->length < 4 || inv->n_extra < 3)
        return error_plain(seL4_TruncatedMessage);
    word_t fault_ep = inv_mr(inv, 0), cdata = inv_mr(inv, 1), buffer = inv_mr(inv, 3);
    struct cap croot, vroot, frame;
    struct syscall_error e = decode_space(t, inv->extra[0], cdata, inv->extra[1], &croot, &vroot);
    if (e.type == seL4_NoError)
        e = check_ipc_buffer(buffer, inv->extra[2], &frame);
    if (e.type != seL4_NoError)
        return e;
    set_space(t, fault_ep, inv->extra[0], croot, inv->extra[1], vroot);
    set_ipc_buffer(t, buffer, inv->extra[2], frame);
    return no_error();
}

static struct syscall_error decode_set_space(struct invocation *inv, struct tcb *t)
{
    if (inv->length < 3 || inv->n_extra < 2)
        return error_plain(seL4_TruncatedMessage);
    struct cap croot, vroot;
    struct syscall_error e = decode_space(t, inv->extra[0], inv_mr(inv, 1), inv->extra[1], &croot, &vroot);
    if (e.type != seL4_NoError)
        return e;
    set_space(t, inv_mr(inv, 0), inv->extra[0], croot, inv->extra[1], vroot);
    return no_error();
}

static struct syscall_error decode_set_ipc_buffer(struct invocation *inv, struct tcb *t)
{
    if (inv->length < 1 || inv->n_extra < 1)
        return error_plain(seL4_TruncatedMessage);
    word_t buffer = inv_mr(inv, 0);
    struct cap frame;
    struct syscall_error e = check_ipc_buffer(buffer, inv->extra[0], &frame);
    if (e.type != seL4_NoError)
        return e;
    set_ipc_buffer(t, buffer, inv->extra[0], frame);
    return no_error();
}

struct syscall_error tcb_invoke(struct invocation *inv)
{
    struct tcb *t = tcb_of(inv->cap);
    switch (inv->label) {
    case TCBReadRegisters: return decode_read_registers(inv, t);
    case TCBWriteRegisters: return decode_write_registers(inv, t);
    case TCBCopyRegisters: return decode_copy_registers(inv, t);
    case TCBSetFlags: return decode_set_flags(inv, t);
    case TCBSetTLSBase: return decode_set_tls_base(inv, t);
    case TCBBindNotification: return decode_bind_notification(inv, t);
    case TCBUnbindNotification: return decode_unbind_notification(t);
    case TCBSetSchedParams: return decode_set_sched_params(inv, t);
    case TCBConfigure: return decode_configure(inv, t);
    case TCBSetPriority: return decode_set_priority(inv, t, false);
    case TCBSetMCPriority: return decode_set_priority(inv, t, true);
    case TCBSetIPCBuffer: return decode_set_ipc_buffer(inv, t);
    case TCBSetSpace: return decode_set_space(inv, t);
    case TCBSuspend:
        tcb_suspend(t);
        return no_error();
    case TCBResume:
        tcb_restart(t);
        return no_error();
    default:
        return error_plain(seL4_IllegalOperation);
    }
}
