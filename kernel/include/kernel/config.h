/* Kernel build-time configuration (one place for every tunable). */
#pragma once

#define ATOLL_KERNEL_VERSION "0.1"
#define TIMER_TICK_MS 10         /* periodic tick */
#define TIME_SLICE_TICKS 5       /* ticks a thread runs before round-robin */
#define ROOT_CNODE_SIZE_BITS 12  /* seL4 default KernelRootCNodeSizeBits */
#define KERNEL_STACK_SIZE (16 * 1024)
#define MAX_MEMORY_REGIONS 16    /* RAM ranges / reserved ranges read from the DTB */
#define ROOT_TASK_NAME "root"
#define ROOT_TASK_CPIO_MEMBER "root"
#define ROOT_TASK_MAX_IMAGE (64ul << 20) /* largest root task image we load */
#define ROOT_ASID 1
