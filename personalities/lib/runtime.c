/* The user runtime: start-up from crt0, bootinfo and IPC buffer access, task exit. */
#include <rt/runtime.h>
#include <rt/sel4.h>
#include <rt/sel4_ipc.h>
#include <rt/string.h>

static const seL4_BootInfo *boot_info;
static seL4_IPCBuffer *ipc_buffer;

const seL4_BootInfo *rt_bootinfo(void) { return boot_info; }

extern char __image_start[]; /* user.ld */

seL4_CPtr rt_image_frame_cap(const void *addr)
{
    return boot_info->userImageFrames.start + (((seL4_Word)addr - (seL4_Word)__image_start) >> 12);
}

seL4_IPCBuffer *seL4_GetIPCBuffer(void) { return ipc_buffer; }

void seL4_DebugNameThread(seL4_CPtr tcb, const char *name)
{
    seL4_IPCBuffer *buf = seL4_GetIPCBuffer();
    size_t n = strlen(name);
    if (!buf)
        return;
    if (n >= sizeof(buf->msg))
        n = sizeof(buf->msg) - 1;
    memcpy(buf->msg, name, n);
    ((char *)buf->msg)[n] = '\0';
    register seL4_Word x0 __asm__("x0") = tcb;
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysDebugNameThread;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x7) : "x1", "x2", "x3", "x4", "x5", "memory");
}

_Noreturn void rt_exit(int code)
{
    (void)code;
    /* The root task suspends itself; another task has no cap to its TCB, so it waits on
     * the null cap: a CapFault its supervisor sees (EL0 `wfi` is a fault too, as in seL4). */
    if (boot_info)
        seL4_TCB_Suspend(seL4_CapInitThreadTCB);
    for (;;)
        seL4_Wait(0);
}

_Noreturn void rt_start(const seL4_BootInfo *bi);

_Noreturn void rt_start(const seL4_BootInfo *bi)
{
    boot_info = bi;
    ipc_buffer = bi ? bi->ipcBuffer : 0;
    rt_exit(main(bi));
}
