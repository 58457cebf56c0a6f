/* IPC benchmark root task: Call + ReplyRecv round trips, timed with the virtual counter. */
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/runtime.h>
#include <rt/sel4_ipc.h>
#include <rt/time.h>

/*
 * Run under `qemu-system-aarch64 -icount shift=0` (kernel/bench/run.sh): each guest
 * instruction is 1 ns of virtual time, so counter ticks * (1e9 / CNTFRQ) / ROUNDS is the
 * instructions one round trip costs, user loop included, as in REFERENCE.md's line
 * "Call + ReplyRecv round trip as a user loop measures it".
 */
#define IMAGE_BASE 0x400000ul
#define ROUNDS 1000
#define SAMPLES 16
#define ROOT seL4_CapInitThreadCNode

static const seL4_BootInfo *bi;
static uint8_t server_stack[8192] __attribute__((aligned(16)));
static seL4_IPCBuffer server_buffer __attribute__((aligned(4096)));

static void server(seL4_Word ep)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (;;)
        info = seL4_ReplyRecv(ep, info, &badge);
}

static void fail(const char *what)
{
    char line[96];
    rt_snprintf(line, sizeof(line), "bench: FAIL %s\n", what);
    frame_log(line);
}

static void sort(uint64_t *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && v[j] < v[j - 1]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

int main(const seL4_BootInfo *boot_info)
{
    bi = boot_info;
    __asm__ volatile("msr tpidr_el0, %0" : : "r"(bi->ipcBuffer));
    seL4_CPtr ut = 0, slot = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start && !ut; i++)
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 16)
            ut = bi->untyped.start + i;
    seL4_CPtr ep = slot++, tcb = slot++;
    if (!ut || seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, ep, 1) ||
        seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, tcb, 1)) {
        fail("retype");
        return 1;
    }
    seL4_CPtr frame = bi->userImageFrames.start + (((seL4_Word)&server_buffer - IMAGE_BASE) >> 12);
    if (seL4_TCB_Configure(tcb, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)&server_buffer, frame) ||
        seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 255) ||
        rt_tcb_start(tcb, (seL4_Word)server, (seL4_Word)&server_stack[sizeof(server_stack)], ep,
                     (seL4_Word)&server_buffer)) {
        fail("server thread");
        return 1;
    }
    seL4_MessageInfo_t empty = seL4_MessageInfo_new(0, 0, 0, 0);
    for (unsigned i = 0; i < 100; i++) /* warm up */
        seL4_Call(ep, empty);

    uint64_t freq = rt_counter_freq(), samples[SAMPLES];
    for (unsigned s = 0; s < SAMPLES; s++) {
        uint64_t t0 = rt_counter();
        for (unsigned i = 0; i < ROUNDS; i++)
            seL4_Call(ep, empty);
        uint64_t t1 = rt_counter();
        samples[s] = (t1 - t0) * 1000000000ull / freq; /* ns = instructions under icount 0 */
    }
    sort(samples, SAMPLES);
    uint64_t median = (samples[SAMPLES / 2 - 1] + samples[SAMPLES / 2]) / 2;
    char line[200];
    rt_snprintf(line, sizeof(line),
                "bench: call-replyrecv-roundtrip same-address-space 0 words: %lu.%02lu instructions "
                "(median of %u x %u; min %lu, max %lu per %u)\n",
                median / ROUNDS, (median % ROUNDS) / 10, SAMPLES, ROUNDS, samples[0], samples[SAMPLES - 1], ROUNDS);
    frame_log(line);
    frame_log("bench: done\n");
    return 0;
}
