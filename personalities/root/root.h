/* The root task's pieces: the banner/accounting shared by the demo and the boot test. */
#pragma once

#include <atoll/bootinfo.h>
#include <stdint.h>

/* What the root task holds and may hold, computed from bootinfo. */
struct root_memory {
    uint64_t untyped_regions;
    uint64_t device_regions;
    uint64_t free_bytes;   /* sum of non-device untypeds */
    uint64_t used_bytes;   /* frames it holds: image (incl. stack), bootinfo, extra bootinfo, IPC buffer */
};

/* Slots at the end of bootinfo's empty region that main.c keeps for the timer. */
#define ROOT_TIMER_SLOTS 3

struct root_memory root_memory_from_bootinfo(const seL4_BootInfo *bi);
/* Print the banner on the system channel. */
void root_banner(const seL4_BootInfo *bi, const struct root_memory *m);
/* What the image does after the banner (telemetry.c in the demo, boottest.c in the test). */
int root_run(const seL4_BootInfo *bi, const struct root_memory *m);
