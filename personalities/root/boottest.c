/* Boot-test job of the root task: check a few kernel services, then end the way the test asks. */
#include "root.h"
#include <rt/bootinfo.h>
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
    uint32_t total = (uint32_t)dtb[4] << 24 | (uint32_t)dtb[5] << 16 | (uint32_t)dtb[6] << 8 | dtb[7];
    int ok = h->id == SEL4_BOOTINFO_HEADER_FDT && dtb[0] == 0xd0 && dtb[1] == 0x0d && dtb[2] == 0xfe &&
             dtb[3] == 0xed && total == h->len - sizeof(*h);
    report("extra-bootinfo-fdt", ok, ok ? "" : "no packed FDT chunk at bootinfo + 4 KiB");
}

static void test_yield(void)
{
    for (int i = 0; i < 10; i++)
        seL4_Yield();
    report("yield", 1, "");
}

static void test_timer_wait(void)
{
    uint64_t freq = rt_counter_freq();
    uint64_t t0 = rt_counter();
    rt_wait_until(t0 + freq / 20); /* 50 ms on the physical timer's notification */
    uint64_t waited = rt_counter() - t0;
    char detail[64];
    rt_snprintf(detail, sizeof(detail), "waited %lu ms", rt_ticks_to_ms(waited));
    report("timer-wait", freq != 0 && waited >= freq / 20, detail);
}

static void test_ipc_buffer_writable(const seL4_BootInfo *bi)
{
    /* userData holds the task's environment (rt/task.h): put it back before reporting. */
    seL4_Word env = bi->ipcBuffer->userData;
    bi->ipcBuffer->userData = 0x1234;
    int ok = bi->ipcBuffer->userData == 0x1234;
    bi->ipcBuffer->userData = env;
    report("ipc-buffer", ok, "");
}

/*
 * How the test ends: the kernel must stop the task with the right fault and stay alive.
 * Chosen by `atoll.boottest=<name>` in the kernel command line (QEMU -append), which
 * reaches us as /chosen/bootargs in the DTB the kernel hands over in bootinfo.
 */
static void end_read_unmapped(void)
{
    volatile const uint64_t *bad = (volatile const uint64_t *)UNMAPPED_ADDRESS;
    (void)*bad;
}

static void end_exec_unmapped(void)
{
    void (*bad)(void) = (void (*)(void))UNMAPPED_ADDRESS;
    bad();
}

/* Text is mapped read-only + executable: writing it is a permission fault. */
static void end_write_code(void)
{
    volatile uint32_t *code = (volatile uint32_t *)(uintptr_t)end_write_code;
    *code = 0;
}

static void end_undefined_instruction(void) { __asm__ volatile("udf #0"); }

static void end_unknown_syscall(void)
{
    register seL4_Word x7 __asm__("x7") = (seL4_Word)-100;
    __asm__ volatile("svc #0" : : "r"(x7) : "x0", "x1", "x2", "x3", "x4", "x5", "memory");
}

/* Recv on slot 42 (an untyped, not an endpoint): a CapFault in the receive phase. */
static void end_recv_on_untyped(void)
{
    register seL4_Word x0 __asm__("x0") = 42;
    register seL4_Word x7 __asm__("x7") = (seL4_Word)seL4_SysRecv;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x7) : "x1", "x2", "x3", "x4", "x5", "memory");
}

static void end_debug_halt(void) { seL4_DebugHalt(); }

static const struct {
    const char *name;
    void (*run)(void);
} endings[] = {
    {"vmfault-read", end_read_unmapped},
    {"vmfault-exec", end_exec_unmapped},
    {"write-code", end_write_code},
    {"undefined-instruction", end_undefined_instruction},
    {"unknown-syscall", end_unknown_syscall},
    {"capfault", end_recv_on_untyped},
    {"debug-halt", end_debug_halt},
};

static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int root_run(const seL4_BootInfo *bi, const struct root_memory *m)
{
    test_bootinfo(bi, m);
    test_fdt_chunk(bi);
    test_ipc_buffer_writable(bi);
    test_yield();
    test_timer_wait();

    char choice[32];
    const char *ending = rt_arg_value(rt_fdt_chosen_string(bi, "bootargs"), "atoll.boottest", choice,
                                      sizeof(choice));
    if (!ending)
        ending = endings[0].name;
    char line[128];
    for (unsigned i = 0; i < sizeof(endings) / sizeof(endings[0]); i++) {
        if (!same(ending, endings[i].name))
            continue;
        rt_snprintf(line, sizeof(line), "boottest: %d failed; ending with %s\n", failures, ending);
        frame_log(line);
        endings[i].run();
        rt_snprintf(line, sizeof(line), "boottest: FAIL still running after %s\n", ending);
        frame_log(line);
        return 1;
    }
    rt_snprintf(line, sizeof(line), "boottest: FAIL unknown ending %s\n", ending);
    frame_log(line);
    return 1;
}
