/* Boot-test job of the root task: check a few kernel services, then fault on purpose. */
#include "root.h"
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/sel4.h>
#include <rt/time.h>

/* The kernel test script (kernel/tests/boot-test.sh) reads these lines and the kernel's. */
#define UNMAPPED_ADDRESS 0xdead0000ul

static int failures;

static void report(const char *name, int ok, const char *detail)
{
    char line[160];
    rt_snprintf(line, sizeof(line), "boottest: %s %s%s%s\n", ok ? "PASS" : "FAIL", name,
                detail[0] ? ": " : "", detail);
    frame_log(line);
    failures += !ok;
}

static void test_bootinfo(const seL4_BootInfo *bi, const struct root_memory *m)
{
    int ok = bi->nodeID == 0 && bi->numNodes == 1 && bi->ipcBuffer != 0 &&
             bi->initThreadCNodeSizeBits == 12 && bi->userImageFrames.end > bi->userImageFrames.start &&
             bi->untyped.end > bi->untyped.start && m->free_bytes > 0 && bi->extraLen > 0;
    report("bootinfo", ok, ok ? "" : "fields missing");
}

static void test_fdt_chunk(const seL4_BootInfo *bi)
{
    const seL4_BootInfoHeader *h = (const void *)((const char *)bi + seL4_BootInfoFrameSize);
    const unsigned char *dtb = (const unsigned char *)(h + 1);
    int ok = h->id == SEL4_BOOTINFO_HEADER_FDT && dtb[0] == 0xd0 && dtb[1] == 0x0d && dtb[2] == 0xfe &&
             dtb[3] == 0xed;
    report("extra-bootinfo-fdt", ok, ok ? "" : "no FDT chunk at bootinfo + 4 KiB");
}

static void test_yield(void)
{
    for (int i = 0; i < 10; i++)
        seL4_Yield();
    report("yield", 1, "");
}

static void test_timer_tick_wakes_wfi(void)
{
    uint64_t freq = rt_counter_freq();
    uint64_t t0 = rt_counter();
    rt_wait_until(t0 + freq / 20); /* 50 ms: needs several kernel ticks to end the wfi's */
    uint64_t waited = rt_counter() - t0;
    char detail[64];
    rt_snprintf(detail, sizeof(detail), "waited %lu ms", rt_ticks_to_ms(waited));
    report("timer-wfi", freq != 0 && waited >= freq / 20, detail);
}

static void test_ipc_buffer_writable(const seL4_BootInfo *bi)
{
    bi->ipcBuffer->userData = 0x1234;
    report("ipc-buffer", bi->ipcBuffer->userData == 0x1234, "");
}

int root_run(const seL4_BootInfo *bi, const struct root_memory *m)
{
    test_bootinfo(bi, m);
    test_fdt_chunk(bi);
    test_ipc_buffer_writable(bi);
    test_yield();
    test_timer_tick_wakes_wfi();

    char line[96];
    rt_snprintf(line, sizeof(line), "boottest: %d failed; now reading unmapped address 0x%lx\n", failures,
                UNMAPPED_ADDRESS);
    frame_log(line);
    volatile const uint64_t *bad = (volatile const uint64_t *)UNMAPPED_ADDRESS;
    uint64_t v = *bad; /* the kernel must stop this task with a VMFault and stay alive */
    rt_snprintf(line, sizeof(line), "boottest: FAIL still running after the bad read (0x%lx)\n", v);
    frame_log(line);
    return 1;
}
