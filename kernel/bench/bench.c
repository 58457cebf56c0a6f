/* IPC benchmark root task: Call + ReplyRecv round trips, timed with the virtual counter. */
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/runtime.h>
#include <rt/sel4_ipc.h>
#include <rt/time.h>
#include <rt/vspace.h>

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
static uint8_t server2_stack[8192] __attribute__((aligned(16)));
static uint8_t waiter_stack[8192] __attribute__((aligned(16)));
static uint8_t faulter_stack[8192] __attribute__((aligned(16)));
static seL4_IPCBuffer server_buffer __attribute__((aligned(4096)));
static seL4_IPCBuffer server2_buffer __attribute__((aligned(4096)));
static seL4_IPCBuffer waiter_buffer, faulter_buffer;
static volatile uint64_t fault_samples[SAMPLES];
static volatile int faulter_done;

static void server(seL4_Word ep)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (;;)
        info = seL4_ReplyRecv(ep, info, &badge);
}

static void waiter(seL4_Word ntfn)
{
    for (;;)
        seL4_Wait(ntfn);
}

/* The same, timing each signal one way as sel4bench does: from the counter read just before
 * the signaller's svc to the read just after our Wait returns. */
static volatile uint64_t signal_stamp, one_way_sum;
static void timed_waiter(seL4_Word ntfn)
{
    for (;;) {
        seL4_Wait(ntfn);
        uint64_t now = rt_counter();
        one_way_sum += now - signal_stamp;
    }
}

/* Takes SAMPLES x ROUNDS UnknownSyscall faults, timing each batch itself. */
static void faulter(seL4_Word unused)
{
    (void)unused;
    uint64_t freq = rt_counter_freq();
    for (unsigned s = 0; s < SAMPLES; s++) {
        uint64_t t0 = rt_counter();
        for (unsigned i = 0; i < ROUNDS; i++) {
            register seL4_Word x7 __asm__("x7") = (seL4_Word)-100;
            __asm__ volatile("svc #0" : : "r"(x7) : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "memory");
        }
        fault_samples[s] = (rt_counter() - t0) * 1000000000ull / freq;
    }
    faulter_done = 1;
    for (;;) { /* a last fault with syscall -101 tells the handler we are done */
        register seL4_Word x7 __asm__("x7") = (seL4_Word)-101;
        __asm__ volatile("svc #0" : : "r"(x7) : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "memory");
    }
}

/* Where rt_map_frame gets slots and page tables for image_vspace. */
static seL4_CPtr bench_ut, *bench_slot;
static seL4_CPtr new_slot(void) { return (*bench_slot)++; }
static seL4_CPtr new_page_table(void)
{
    seL4_CPtr pt = new_slot();
    return seL4_Untyped_Retype(bench_ut, seL4_ARM_PageTableObject, 0, ROOT, 0, 0, pt, 1) ? 0 : pt;
}

/* A second VSpace (its own ASID) holding the image's frames, through copies of their caps, at
 * the same addresses: a thread in it runs our code on the same memory, but every switch to or
 * from it changes TTBR0. The page tables it needs come from ut into slots from *slot. */
static seL4_CPtr image_vspace(seL4_CPtr ut, seL4_CPtr *slot)
{
    static const struct rt_vspace_alloc alloc = {new_slot, new_page_table};
    bench_ut = ut;
    bench_slot = slot;
    seL4_CPtr vs = (*slot)++;
    if (seL4_Untyped_Retype(ut, seL4_ARM_VSpaceObject, 0, ROOT, 0, 0, vs, 1) ||
        seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs))
        return 0;
    for (seL4_CPtr f = bi->userImageFrames.start; f < bi->userImageFrames.end; f++) {
        seL4_CPtr copy = (*slot)++;
        seL4_Word va = IMAGE_BASE + ((f - bi->userImageFrames.start) << 12);
        if (seL4_CNode_Copy(ROOT, copy, 64, ROOT, f, 64, seL4_AllRights) ||
            rt_map_frame(&alloc, vs, copy, va, seL4_AllRights, seL4_ARM_Default_VMAttributes))
            return 0;
    }
    return vs;
}

/* SAMPLES x ROUNDS empty Calls to ep (a server answers each with ReplyRecv). */
static void time_calls(seL4_CPtr ep, uint64_t *samples)
{
    seL4_MessageInfo_t empty = seL4_MessageInfo_new(0, 0, 0, 0);
    uint64_t freq = rt_counter_freq();
    for (unsigned i = 0; i < 100; i++) /* warm up */
        seL4_Call(ep, empty);
    for (unsigned s = 0; s < SAMPLES; s++) {
        uint64_t t0 = rt_counter();
        for (unsigned i = 0; i < ROUNDS; i++)
            seL4_Call(ep, empty);
        samples[s] = (rt_counter() - t0) * 1000000000ull / freq; /* ns = instructions under icount 0 */
    }
}

/* Whether we may use FP/SIMD (TCB_SetFlags fpuDisabled clear). Only report() does (rt_snprintf,
 * a variadic function, saves q0-q7), and it leaves it off again: an FP/SIMD owner would make
 * every switch to a thread that is not turn EL0's FP/SIMD trap on and off (about 13
 * instructions a switch), and as in sel4bench no thread measured here uses FP/SIMD. */
static void fp_simd(int allowed)
{
    seL4_TCB_SetFlags(seL4_CapInitThreadTCB, allowed ? seL4_TCBFlag_fpuDisabled : 0,
                      allowed ? 0 : seL4_TCBFlag_fpuDisabled);
}

static void fail(const char *what)
{
    fp_simd(1);
    char line[96];
    rt_snprintf(line, sizeof(line), "bench: FAIL %s\n", what);
    frame_log(line);
    fp_simd(0);
}

static void sort(uint64_t *v, unsigned n);

static void report(const char *what, uint64_t *samples)
{
    fp_simd(1);
    sort(samples, SAMPLES);
    uint64_t median = (samples[SAMPLES / 2 - 1] + samples[SAMPLES / 2]) / 2;
    char line[200];
    rt_snprintf(line, sizeof(line), "bench: %s: %lu.%02lu instructions (median of %u x %u; min %lu, max %lu per %u)\n",
                what, median / ROUNDS, (median % ROUNDS) / 10, SAMPLES, ROUNDS, samples[0], samples[SAMPLES - 1],
                ROUNDS);
    frame_log(line);
    fp_simd(0);
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
    fp_simd(0);
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
    uint64_t freq = rt_counter_freq(), samples[SAMPLES];
    time_calls(ep, samples);
    report("call-replyrecv-roundtrip same-address-space 0 words", samples);

    /* the same with the server in its own VSpace (and ASID) */
    seL4_CPtr ep2 = slot++, tcb2 = slot++, vs2 = image_vspace(ut, &slot);
    if (!vs2 || seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, ep2, 1) ||
        seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, tcb2, 1) ||
        seL4_TCB_Configure(tcb2, 0, ROOT, 0, vs2, 0, (seL4_Word)&server2_buffer,
                           bi->userImageFrames.start + (((seL4_Word)&server2_buffer - IMAGE_BASE) >> 12)) ||
        seL4_TCB_SetPriority(tcb2, seL4_CapInitThreadTCB, 255) ||
        rt_tcb_start(tcb2, (seL4_Word)server, (seL4_Word)&server2_stack[sizeof(server2_stack)], ep2,
                     (seL4_Word)&server2_buffer)) {
        fail("server in its own VSpace");
        return 1;
    }
    time_calls(ep2, samples);
    report("call-replyrecv-roundtrip different-address-spaces 0 words", samples);

    /* notification: signal a higher-priority thread waiting on it (it runs, waits again) */
    seL4_CPtr ntfn = slot++, waiter_tcb = slot++;
    if (seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, ROOT, 0, 0, ntfn, 1) ||
        seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, waiter_tcb, 1) ||
        seL4_TCB_Configure(waiter_tcb, 0, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)&waiter_buffer, frame) ||
        seL4_TCB_SetPriority(waiter_tcb, seL4_CapInitThreadTCB, 255) ||
        seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 254) ||
        rt_tcb_start(waiter_tcb, (seL4_Word)waiter, (seL4_Word)&waiter_stack[sizeof(waiter_stack)], ntfn,
                     (seL4_Word)&waiter_buffer)) {
        fail("waiter thread");
        return 1;
    }
    for (unsigned s = 0; s < SAMPLES; s++) {
        uint64_t t0 = rt_counter();
        for (unsigned i = 0; i < ROUNDS; i++)
            seL4_Signal(ntfn);
        samples[s] = (rt_counter() - t0) * 1000000000ull / freq;
    }
    seL4_TCB_Suspend(waiter_tcb);
    report("notification signal to a higher-priority waiter, and its wait again", samples);

    /* one way, minus the cost of reading the counter (two reads back to back), as sel4bench */
    uint64_t overhead = 0;
    for (unsigned i = 0; i < ROUNDS; i++) {
        uint64_t a = rt_counter();
        overhead += rt_counter() - a;
    }
    if (rt_tcb_start(waiter_tcb, (seL4_Word)timed_waiter, (seL4_Word)&waiter_stack[sizeof(waiter_stack)], ntfn,
                     (seL4_Word)&waiter_buffer)) {
        fail("timed waiter");
        return 1;
    }
    for (unsigned s = 0; s < SAMPLES; s++) {
        one_way_sum = 0;
        for (unsigned i = 0; i < ROUNDS; i++) {
            signal_stamp = rt_counter();
            seL4_Signal(ntfn);
        }
        samples[s] = (one_way_sum - overhead) * 1000000000ull / freq;
    }
    seL4_TCB_Suspend(waiter_tcb);
    report("notification signal to a higher-priority waiter, one way", samples);

    /* UnknownSyscall fault round trip: a thread's svc faults to us, we reply past the svc */
    seL4_CPtr fault_ep = slot++, faulter_tcb = slot++;
    if (seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, fault_ep, 1) ||
        seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, faulter_tcb, 1) ||
        seL4_TCB_Configure(faulter_tcb, fault_ep, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)&faulter_buffer,
                           frame) ||
        seL4_TCB_SetPriority(faulter_tcb, seL4_CapInitThreadTCB, 254) ||
        rt_tcb_start(faulter_tcb, (seL4_Word)faulter, (seL4_Word)&faulter_stack[sizeof(faulter_stack)], 0,
                     (seL4_Word)&faulter_buffer)) {
        fail("faulter thread");
        return 1;
    }
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    while (seL4_MessageInfo_get_label(info) == seL4_Fault_UnknownSyscall &&
           seL4_GetMR(seL4_UnknownSyscall_Syscall) != (seL4_Word)-101) {
        seL4_SetMR(seL4_UnknownSyscall_FaultIP, seL4_GetMR(seL4_UnknownSyscall_FaultIP) + 4);
        info = seL4_ReplyRecv(fault_ep, seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_FaultIP + 1), 0);
    }
    if (!faulter_done) {
        fail("fault message");
        return 1;
    }
    for (unsigned s = 0; s < SAMPLES; s++)
        samples[s] = fault_samples[s];
    report("unknown-syscall fault round trip (fault, handler reply with 9 MRs)", samples);
    frame_log("bench: done\n");
    return 0;
}
