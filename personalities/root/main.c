/* The root task: account for what bootinfo hands us, print the banner, then run the image's job. */
#include "root.h"
#include <rt/fmt.h>
#include <rt/bootinfo.h>
#include <rt/frame.h>
#include <rt/string.h>
#include <rt/runtime.h>
#include <rt/sel4.h>
#include <rt/sel4_ipc.h>
#include <rt/time.h>

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

/* The physical timer for rt_wait_until: a notification retyped from the first RAM untyped
 * with room and the timer's IRQ handler, in the last three slots of the empty region
 * (allocators take slots from its start: ROOT_TIMER_SLOTS). The interrupt signals through a
 * copy badged 1: this kernel drops a signal of badge 0 that finds no waiter, so an interrupt
 * between arming the timer and waiting would be lost and the sleeper would never wake.
 * Without a timer the task yields while it waits. */
static void root_take_timer(const seL4_BootInfo *bi)
{
    seL4_CPtr ntfn = bi->empty.end - 1, irq = bi->empty.end - 2, raw = bi->empty.end - 3;
    seL4_Error e = seL4_NotEnoughMemory;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start && e != seL4_NoError; i++)
        if (!bi->untypedList[i].isDevice)
            e = seL4_Untyped_Retype(bi->untyped.start + i, seL4_NotificationObject, 0, seL4_CapInitThreadCNode, 0, 0,
                                    raw, 1);
    if (e == seL4_NoError)
        e = seL4_CNode_Mint(seL4_CapInitThreadCNode, ntfn, 64, seL4_CapInitThreadCNode, raw, 64, seL4_AllRights, 1);
    if (e == seL4_NoError)
        e = rt_timer_init(seL4_CapIRQControl, seL4_CapInitThreadCNode, irq, ntfn);
    if (e != seL4_NoError) {
        char line[96];
        rt_snprintf(line, sizeof(line), "root: no timer (error %d): waits will spin\n", (int)e);
        frame_log(line);
    }
}

int main(const seL4_BootInfo *bi)
{
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "root");
    /* atoll.console=text: plain lines for a person at a terminal instead of frames. */
    char mode[8];
    if (rt_arg_value(rt_fdt_chosen_string(bi, "bootargs"), "atoll.console", mode, sizeof(mode)) &&
        strcmp(mode, "text") == 0)
        frame_set_text_mode(1);
    root_take_timer(bi);
    struct root_memory m = root_memory_from_bootinfo(bi);
    root_banner(bi, &m);
    return root_run(bi, &m);
}
