/* System call dispatch: seL4 numbering in x7 (API calls -1..-8, then the debug calls). */
#include <arch/machine.h>
#include <arch/mmu.h>
#include <atoll/bootinfo.h>
#include <atoll/ipcbuffer.h>
#include <atoll/syscall.h>
#include <kernel/config.h>
#include <kernel/fault.h>
#include <kernel/print.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>

/*
 * What exists so far (issue 1): no capabilities, so every capability lookup fails the
 * way it fails in seL4 for an empty slot: Call, Send, Recv, NBRecv and ReplyRecv raise
 * a CapFault; NBSend to an invalid cap is silently ignored and Reply without a reply
 * cap does nothing, as in seL4. Yield, DebugPutChar, DebugDumpScheduler, DebugHalt and
 * DebugNameThread (on the caller's own TCB) are implemented; anything else is an
 * UnknownSyscall fault.
 */

/* Address of the `svc` instruction (seL4's FaultIP for a system call). */
static word_t svc_address(const struct tcb *t) { return t->ctx.elr - 4; }

static void sys_yield(struct tcb *t)
{
    t->time_slice = TIME_SLICE_TICKS;
    sched_rotate(t);
}

/* DebugNameThread: x0 = TCB cptr, the NUL-terminated name in the IPC buffer's msg[]. */
static void sys_debug_name_thread(struct tcb *t)
{
    word_t cptr = t->ctx.x[0];
    /* Until CSpaces exist only the initial thread's own TCB slot can be named. */
    if (cptr != seL4_CapInitThreadTCB || !t->ipc_buffer_paddr) {
        fault_cap(t, svc_address(t), cptr, false);
        return;
    }
    const seL4_IPCBuffer *buf = paddr_to_kva(t->ipc_buffer_paddr);
    tcb_set_name(t, (const char *)buf->msg, sizeof(buf->msg));
}

void handle_syscall(struct tcb *t)
{
    sword_t number = (sword_t)t->ctx.x[7];

    switch (number) {
    case seL4_SysYield:
        sys_yield(t);
        return;
    case seL4_SysNBSend:
    case seL4_SysReply:
        return;
    case seL4_SysCall:
    case seL4_SysSend:
        fault_cap(t, svc_address(t), t->ctx.x[0], false);
        return;
    case seL4_SysRecv:
    case seL4_SysNBRecv:
    case seL4_SysReplyRecv:
        fault_cap(t, svc_address(t), t->ctx.x[0], true);
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
    case seL4_SysDebugNameThread:
        sys_debug_name_thread(t);
        return;
    default:
        fault_unknown_syscall(t, svc_address(t), (word_t)number);
        return;
    }
}
