/* seL4_IPCBuffer: the per-thread 1 KiB message buffer shared with the kernel. */
#pragma once

#include <atoll/messageinfo.h>

#define seL4_IPCBufferSizeBits 10

typedef struct seL4_IPCBuffer_ {
    seL4_MessageInfo_t tag;                       /* offset 0 */
    seL4_Word msg[seL4_MsgMaxLength];             /* offset 8: msg[0..3] shadow x2-x5 */
    seL4_Word userData;                           /* offset 968 */
    seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps]; /* offset 976 */
    seL4_CPtr receiveCNode;                       /* offset 1000 */
    seL4_CPtr receiveIndex;                       /* offset 1008 */
    seL4_Word receiveDepth;                       /* offset 1016 */
} __attribute__((__aligned__(sizeof(seL4_Word)))) seL4_IPCBuffer;

_Static_assert(sizeof(seL4_IPCBuffer) == (1u << seL4_IPCBufferSizeBits), "seL4_IPCBuffer is 1 KiB");
