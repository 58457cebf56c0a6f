/* System call numbers (x7 at `svc #0`), numbered exactly as seL4 16.0.0 non-MCS. */
#pragma once

/*
 * seL4 numbers its syscalls from -1 downwards in the order of syscall.xml:
 * first the API calls, then the debug calls on the "unknown syscall" path.
 * Anything else is an UnknownSyscall fault for the calling thread.
 */
typedef enum {
    seL4_SysCall = -1,
    seL4_SysReplyRecv = -2,
    seL4_SysSend = -3,
    seL4_SysNBSend = -4,
    seL4_SysRecv = -5,
    seL4_SysReply = -6,
    seL4_SysYield = -7,
    seL4_SysNBRecv = -8,
    seL4_SysDebugPutChar = -9,
    seL4_SysDebugDumpScheduler = -10,
    seL4_SysDebugHalt = -11,
    seL4_SysDebugCapIdentify = -12,
    seL4_SysDebugSnapshot = -13,
    seL4_SysDebugNameThread = -14,
} seL4_Syscall_ID;

#define seL4_SyscallApiMin seL4_SysNBRecv
#define seL4_SyscallApiMax seL4_SysCall
