/* seL4 system call wrappers (svc #0, number in x7), over the kernel's uapi headers. */
#pragma once

#include <atoll/bootinfo.h>
#include <atoll/syscall.h>
#include <atoll/types.h>

/*
 * Register use matches libsel4 on AArch64: x0..x5 may come back changed for the calls
 * that can carry a message, so they are outputs here even where unused.
 */
static inline void seL4_DebugPutChar(char c)
{
    register seL4_Word x0 __asm__("x0") = (seL4_Word)(unsigned char)c;
    register seL4_Word x1 __asm__("x1") = 0;
    register seL4_Word x2 __asm__("x2") = 0;
    register seL4_Word x3 __asm__("x3") = 0;
    register seL4_Word x4 __asm__("x4") = 0;
    register seL4_Word x5 __asm__("x5") = 0;
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysDebugPutChar;
    __asm__ volatile("svc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
                     : "r"(x7)
                     : "memory");
}

static inline void seL4_Yield(void)
{
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysYield;
    __asm__ volatile("svc #0" : : "r"(x7) : "memory");
}

static inline void seL4_DebugHalt(void)
{
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysDebugHalt;
    __asm__ volatile("svc #0" : : "r"(x7) : "memory");
}

static inline void seL4_DebugDumpScheduler(void)
{
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysDebugDumpScheduler;
    __asm__ volatile("svc #0" : : "r"(x7) : "memory");
}

/* The IPC buffer of the calling thread (set by the runtime from bootinfo). */
seL4_IPCBuffer *seL4_GetIPCBuffer(void);

/* Name a thread for kernel reports (the name travels in the IPC buffer, as in libsel4). */
void seL4_DebugNameThread(seL4_CPtr tcb, const char *name);
