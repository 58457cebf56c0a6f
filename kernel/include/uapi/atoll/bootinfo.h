/* seL4_BootInfo: what the kernel hands the root task in x0, and the initial CNode slots. */
#pragma once

#include <atoll/ipcbuffer.h>
#include <atoll/types.h>

/* Fixed slots of the root task's CNode (seL4_NumInitialCaps = 16). */
enum seL4_RootCNodeCapSlots {
    seL4_CapNull = 0,
    seL4_CapInitThreadTCB = 1,
    seL4_CapInitThreadCNode = 2,
    seL4_CapInitThreadVSpace = 3,
    seL4_CapIRQControl = 4,
    seL4_CapASIDControl = 5,
    seL4_CapInitThreadASIDPool = 6,
    seL4_CapIOPortControl = 7,
    seL4_CapIOSpace = 8,
    seL4_CapBootInfoFrame = 9,
    seL4_CapInitThreadIPCBuffer = 10,
    seL4_CapDomain = 11,
    seL4_CapSMMUSIDControl = 12,
    seL4_CapSMMUCBControl = 13,
    seL4_CapInitThreadSC = 14,
    seL4_CapSMC = 15,
    seL4_NumInitialCaps = 16
};

#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#define seL4_MinUntypedBits 4
#define seL4_MaxUntypedBits 47
#define seL4_BootInfoFrameBits 12
#define seL4_BootInfoFrameSize (1ul << seL4_BootInfoFrameBits)

typedef struct seL4_SlotRegion {
    seL4_SlotPos start; /* first slot of the region */
    seL4_SlotPos end;   /* first slot after the region */
} seL4_SlotRegion;

typedef struct seL4_UntypedDesc {
    seL4_Word paddr;
    seL4_Uint8 sizeBits;
    seL4_Uint8 isDevice;
    seL4_Uint8 padding[sizeof(seL4_Word) - 2 * sizeof(seL4_Uint8)];
} seL4_UntypedDesc;

typedef struct seL4_BootInfo {
    seL4_Word extraLen;          /* bytes of extra bootinfo after the first 4 KiB */
    seL4_NodeId nodeID;
    seL4_Word numNodes;
    seL4_Word numIOPTLevels;
    seL4_IPCBuffer *ipcBuffer;   /* virtual address of the root task's IPC buffer */
    seL4_SlotRegion empty;
    seL4_SlotRegion sharedFrames;
    seL4_SlotRegion userImageFrames;
    seL4_SlotRegion userImagePaging;
    seL4_SlotRegion ioSpaceCaps;
    seL4_SlotRegion extraBIPages;
    seL4_Word initThreadCNodeSizeBits;
    seL4_Domain initThreadDomain;
    seL4_SlotRegion untyped;
    seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} seL4_BootInfo;

_Static_assert(sizeof(seL4_BootInfo) <= seL4_BootInfoFrameSize, "bootinfo fits its frame");

/* Extra bootinfo chunks start 4 KiB after the bootinfo, each behind this header. */
typedef struct seL4_BootInfoHeader {
    seL4_Word id;
    seL4_Word len; /* bytes of the chunk, header included */
} seL4_BootInfoHeader;

enum {
    SEL4_BOOTINFO_HEADER_PADDING = 0,
    SEL4_BOOTINFO_HEADER_X86_VBE = 1,
    SEL4_BOOTINFO_HEADER_X86_MBMMAP = 2,
    SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP = 3,
    SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER = 4,
    SEL4_BOOTINFO_HEADER_X86_TSC_FREQ = 5,
    SEL4_BOOTINFO_HEADER_FDT = 6,
};
