/* The root task: account for what bootinfo hands us, print the banner, then run the image's job. */
#include "root.h"
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/runtime.h>
#include <rt/sel4.h>

#define ROOT_VERSION "0.1"

struct root_memory root_memory_from_bootinfo(const seL4_BootInfo *bi)
{
    struct root_memory m = {0, 0, 0, 0};
    m.untyped_regions = bi->untyped.end - bi->untyped.start;
    for (uint64_t i = 0; i < m.untyped_regions && i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->isDevice)
            m.device_regions++;
        else
            m.free_bytes += 1ull << u->sizeBits;
    }
    uint64_t frames = (bi->userImageFrames.end - bi->userImageFrames.start) +
                      (bi->extraBIPages.end - bi->extraBIPages.start) + 1 /* bootinfo */ +
                      1 /* IPC buffer */;
    m.used_bytes = frames * seL4_PageSize;
    return m;
}

void root_banner(const seL4_BootInfo *bi, const struct root_memory *m)
{
    char line[256];
    rt_snprintf(line, sizeof(line),
                "Atoll root task %s: bootinfo at %p, %lu untyped regions (%lu device), %lu bytes free\n",
                ROOT_VERSION, (const void *)bi, m->untyped_regions, m->device_regions, m->free_bytes);
    frame_log(line);
}

int main(const seL4_BootInfo *bi)
{
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "root");
    struct root_memory m = root_memory_from_bootinfo(bi);
    root_banner(bi, &m);
    return root_run(bi, &m);
}
