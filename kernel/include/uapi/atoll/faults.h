/* seL4 fault labels and message-register layouts (AArch64), as delivered to fault handlers. */
#pragma once

typedef enum {
    seL4_Fault_NullFault = 0,
    seL4_Fault_CapFault = 1,
    seL4_Fault_UnknownSyscall = 2,
    seL4_Fault_UserException = 3,
    seL4_Fault_VMFault = 5,
} seL4_FaultType;

/* VMFault message: IP, Addr (FAR), PrefetchFault (1 = instruction fetch), FSR (ESR). */
enum { seL4_VMFault_IP, seL4_VMFault_Addr, seL4_VMFault_PrefetchFault, seL4_VMFault_FSR,
       seL4_VMFault_Length };

/* UserException message: FaultIP, SP, SPSR, Number (ESR), Code. */
enum { seL4_UserException_FaultIP, seL4_UserException_SP, seL4_UserException_SPSR,
       seL4_UserException_Number, seL4_UserException_Code, seL4_UserException_Length };

/* UnknownSyscall message: X0-X7, FaultIP (address of the svc), SP, LR (= ELR), SPSR, Syscall. */
enum { seL4_UnknownSyscall_X0, seL4_UnknownSyscall_X1, seL4_UnknownSyscall_X2,
       seL4_UnknownSyscall_X3, seL4_UnknownSyscall_X4, seL4_UnknownSyscall_X5,
       seL4_UnknownSyscall_X6, seL4_UnknownSyscall_X7, seL4_UnknownSyscall_FaultIP,
       seL4_UnknownSyscall_SP, seL4_UnknownSyscall_LR, seL4_UnknownSyscall_SPSR,
       seL4_UnknownSyscall_Syscall, seL4_UnknownSyscall_Length };

/* CapFault message: IP, Addr (cptr), InRecvPhase, LookupFailureType, then the failure detail. */
enum { seL4_CapFault_IP, seL4_CapFault_Addr, seL4_CapFault_InRecvPhase,
       seL4_CapFault_LookupFailureType, seL4_CapFault_BitsLeft,
       seL4_CapFault_DepthMismatch_BitsFound, seL4_CapFault_GuardMismatch_GuardFound =
           seL4_CapFault_DepthMismatch_BitsFound,
       seL4_CapFault_GuardMismatch_BitsFound };
