/* User ABI base types shared by the kernel and user space (seL4 names, AArch64 sizes). */
#pragma once

#include <stdint.h>

typedef uint64_t seL4_Word;
typedef int64_t seL4_Int64;
typedef uint8_t seL4_Uint8;
typedef uint16_t seL4_Uint16;
typedef uint32_t seL4_Uint32;
typedef uint64_t seL4_Uint64;
typedef seL4_Word seL4_CPtr;
typedef seL4_Word seL4_NodeId;
typedef seL4_Word seL4_Domain;
typedef seL4_Word seL4_SlotPos;

#define seL4_WordBits 64
#define seL4_PageBits 12
#define seL4_PageSize (1ul << seL4_PageBits)
#define seL4_MinPrio 0
#define seL4_MaxPrio 255
#define seL4_NumPriorities 256
