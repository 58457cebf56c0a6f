/* System call dispatch: seL4 numbering in x7 (API calls -1..-8, then the debug calls). */
#include <arch/machine.h>
#include <arch/mmu.h>
#include <atoll/bootinfo.h>
#include <atoll/invocation.h>
#include <atoll/ipcbuffer.h>
#include <atoll/syscall.h>
#include <kernel/config.h>
#include <kernel/fault.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/print.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <object/cnode.h>

/* Address of the `svc` instruction (seL4's FaultIP for a system call). */
static word_t svc_address(const struct tcb *t) { return t->ctx.elr - 4; }

static void sys_yield(struct tcb *t)
{
    t->time_slice = TIME_SLICE_TICKS;
    sched_rotate(t);
}

/* DebugNameThread: x0 = TCB cptr, the NUL-terminated name in the caller's IPC buffer's msg[].
 * seL4 halts on a bad cap; we give the caller a CapFault instead. */
static void sys_debug_name_thread(struct tcb *t)
{
    word_t cptr = t->ctx.x[0];
    resolve_ret_t r = cspace_lookup_slot(t, cptr);
    if (r.fault.type != seL4_NoFailure || cap_get_type(r.slot->cap) != cap_thread || !t->ipc_buffer_paddr) {
        fault_cap(t, svc_address(t), cptr, false,
                  r.fault.type != seL4_NoFailure ? r.fault
                                                 : (struct lookup_fault){seL4_MissingCapability, 0, 0, 0});
        return;
    }
    const seL4_IPCBuffer *buf = paddr_to_kva(t->ipc_buffer_paddr);
    tcb_set_name(paddr_to_kva(cap_get_ptr(r.slot->cap)), (const char *)buf->msg, sizeof(buf->msg));
}

void handle_syscall(struct tcb *t)
{
    sword_t number = (sword_t)t->ctx.x[7];
    t->stats.syscalls++;
    if (t->flags & seL4_TCBFlag_atollForeignABI) {
        /* a foreign-ABI thread (e.g. Linux): no svc is an seL4 call, whatever x7 holds */
        fault_unknown_syscall(t, svc_address(t), (word_t)number);
        return;
    }

    switch (number) {
    case seL4_SysCall:
        handle_invocation(t, true, true);
        return;
    case seL4_SysSend:
        handle_invocation(t, false, true);
        return;
    case seL4_SysNBSend:
        handle_invocation(t, false, false);
        return;
    case seL4_SysRecv:
        ipc_handle_recv(t, true);
        return;
    case seL4_SysNBRecv:
        ipc_handle_recv(t, false);
        return;
    case seL4_SysReply:
        ipc_reply(t);
        return;
    case seL4_SysReplyRecv:
        ipc_reply(t);
        ipc_handle_recv(t, true);
        return;
    case seL4_SysYield:
        sys_yield(t);
        return;
    case seL4_SysDebugPutChar:
        console_putc_user((uint8_t)t->ctx.x[0]);
        return;
    case seL4_SysDebugDumpScheduler:
        sched_dump();
        return;
    case seL4_SysDebugHalt:
        kprintf("kernel: halted by DebugHalt from task %s\n", t->name);
        arch_halt();
    case seL4_SysDebugCapIdentify: {
        /* x0 = cptr -> x0 = seL4's cap tag (0 for an empty slot or a failed lookup) */
        resolve_ret_t r = cspace_lookup_slot(t, t->ctx.x[0]);
        t->ctx.x[0] = r.fault.type == seL4_NoFailure ? cap_sel4_tag(r.slot->cap) : 0;
        return;
    }
    case seL4_SysDebugNameThread:
        sys_debug_name_thread(t);
        return;
    default:
        fault_unknown_syscall(t, svc_address(t), (word_t)number);
        return;
    }
}
