/* seL4 16.0.0 invocation labels (non-MCS, AArch64, no hypervisor/SMMU/HW debug) and object types. */
#pragma once

enum invocation_label {
    InvalidInvocation = 0,
    UntypedRetype = 1,
    TCBReadRegisters, TCBWriteRegisters, TCBCopyRegisters, TCBConfigure, TCBSetPriority,
    TCBSetMCPriority, TCBSetSchedParams, TCBSetIPCBuffer, TCBSetSpace, TCBSuspend, TCBResume,
    TCBBindNotification, TCBUnbindNotification, TCBSetTLSBase, TCBSetFlags,
    CNodeRevoke = 17,
    CNodeDelete, CNodeCancelBadgedSends, CNodeCopy, CNodeMint, CNodeMove, CNodeMutate, CNodeRotate,
    CNodeSaveCaller = 25,
    IRQIssueIRQHandler = 26,
    IRQAckIRQ, IRQSetIRQHandler, IRQClearIRQHandler,
    DomainSetSet = 30,
    ARMVSpaceClean_Data = 33,
    ARMVSpaceInvalidate_Data, ARMVSpaceCleanInvalidate_Data, ARMVSpaceUnify_Instruction,
    ARMSMCCall = 37,
    ARMPageTableMap = 38,
    ARMPageTableUnmap,
    ARMPageMap = 40,
    ARMPageUnmap, ARMPageClean_Data, ARMPageInvalidate_Data, ARMPageCleanInvalidate_Data,
    ARMPageUnify_Instruction, ARMPageGetAddress,
    ARMASIDControlMakePool = 47,
    ARMASIDPoolAssign = 48,
    ARMIRQIssueIRQHandlerTrigger = 49,
    ARMIRQIssueSGISignal = 50,
};

typedef enum {
    seL4_UntypedObject = 0,
    seL4_TCBObject = 1,
    seL4_EndpointObject = 2,
    seL4_NotificationObject = 3,
    seL4_CapTableObject = 4,
    seL4_ARM_HugePageObject = 5,
    seL4_ARM_VSpaceObject = 6,
    seL4_ARM_SmallPageObject = 7,
    seL4_ARM_LargePageObject = 8,
    seL4_ARM_PageTableObject = 9,
    seL4_ObjectTypeCount
} seL4_ObjectType;

#define seL4_TCBBits 11
#define seL4_EndpointBits 4
#define seL4_NotificationBits 5
#define seL4_SlotBits 5
#define seL4_RetypeFanOutLimit 256

/* Paging objects (AArch64, 4 KiB granule, 48-bit user addresses, 4 levels). */
#define seL4_PageTableBits 12
#define seL4_PageTableIndexBits 9
#define seL4_VSpaceBits 12
#define seL4_LargePageBits 21
#define seL4_HugePageBits 30
#define seL4_ASIDPoolBits 12
#define seL4_NumASIDPoolsBits 7
#define seL4_ASIDPoolIndexBits 9

/* seL4_ARM_VMAttributes of Page_Map (bit 1, ParityEnabled, is accepted and ignored). */
#define seL4_ARM_PageCacheable 0x1ul
#define seL4_ARM_ParityEnabled 0x2ul
#define seL4_ARM_Default_VMAttributes 0x3ul
#define seL4_ARM_ExecuteNever 0x4ul

/* seL4_CapRights_t: bit 0 Write, 1 Read, 2 Grant, 3 GrantReply. */
#define seL4_AllRights 0xful
#define seL4_CanWrite 0x1ul
#define seL4_CanRead 0x2ul
#define seL4_CanGrant 0x4ul
#define seL4_CanGrantReply 0x8ul

/* TCB_SetFlags bits. Upstream defines only fpuDisabled (bit 0); Atoll adds foreignABI at a
 * bit upstream leaves undefined: every `svc` of the thread becomes an UnknownSyscall fault
 * whatever x7 holds, and the fault message gains MR13 = x8 (length 14). */
#define seL4_TCBFlag_fpuDisabled (1ul << 0)
#define seL4_TCBFlag_atollForeignABI (1ul << 32)
#define seL4_TCBFlag_MASK (seL4_TCBFlag_fpuDisabled | seL4_TCBFlag_atollForeignABI)

/* Atoll telemetry extension: invocations of the root task's Domain cap (slot 11, of which
 * there is one) at labels far above upstream's. ReadThread: extra cap 0 a TCB; MR0..4 =
 * system calls, messages sent, messages received, faults, timer ticks it was running.
 * ReadUntyped: extra cap 0 an untyped; MR0 = bytes used (free index), MR1 = size.
 * ReadEndpoint: extra cap 0 an endpoint (any rights); MR0 = messages sent through it. */
#define AtollTelemetryReadThread 0xa7010ul
#define AtollTelemetryReadUntyped 0xa7011ul
#define AtollTelemetryReadEndpoint 0xa7012ul
#define AtollTelemetryThreadWords 5

/* Number of seL4_UserContext words on aarch64 (pc, sp, spsr, x0-x30, tpidr_el0, tpidrro_el0). */
#define seL4_UserContextWords 36
