/*
 * fsbench: the cost of reading 4 KiB through fs, wherever fs and blk are placed. Under
 * `qemu-system-aarch64 -icount shift=0` one instruction is 1 ns of virtual time, so counter
 * ticks * (1e9 / CNTFRQ) per read are the guest instructions one read costs (the fs and blk
 * work, the virtio request, and the IPC when they are tasks). personalities/bench/fs-bench.sh
 * runs it linked and split and prints both and the ratio.
 */
#include "../services/fs.h"
#include "../services/uart.h"
#include <rt/runtime.h>
#include <rt/task.h>
#include <rt/time.h>

#define SAMPLES 16
#define ROUNDS 16
#define READ_SIZE 4096

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    struct svc_conn *fs = rt_service("fs");
    static const char *const placement[] = {"none", "linked", "split"};
    const char *where = placement[fs ? fs->binding : 0];
    uint8_t buf[READ_SIZE];
    uint64_t samples[SAMPLES], freq = rt_counter_freq();
    size_t n;
    seL4_Word st = fs_read(fs, "DATA.BIN", 0, buf, sizeof(buf), &n); /* warm-up */
    if (st != SVC_OK || n != READ_SIZE) {
        console_printf("fsbench: FAIL read: status 0x%lx, %zu bytes\n", st, n);
        return 1;
    }
    for (unsigned s = 0; s < SAMPLES; s++) {
        uint64_t t0 = rt_counter();
        for (unsigned r = 0; r < ROUNDS; r++)
            fs_read(fs, "DATA.BIN", 0, buf, sizeof(buf), &n);
        samples[s] = (rt_counter() - t0) * 1000000000ull / freq / ROUNDS;
    }
    for (unsigned i = 1; i < SAMPLES; i++) /* insertion sort: the median is in the middle */
        for (unsigned j = i; j > 0 && samples[j - 1] > samples[j]; j--) {
            uint64_t x = samples[j];
            samples[j] = samples[j - 1];
            samples[j - 1] = x;
        }
    console_printf("fsbench: read 4 KiB through fs, %s: %lu instructions (median of %u x %u; min %lu, max %lu)\n",
                   where, samples[SAMPLES / 2], SAMPLES, ROUNDS, samples[0], samples[SAMPLES - 1]);
    console_printf("fsbench: done\n");
    return 0;
}
