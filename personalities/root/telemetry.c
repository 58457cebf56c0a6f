/* Demo job of the root task: one telemetry record (frame-format v1, channel 1) every second. */
#include "root.h"
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/time.h>

int root_run(const seL4_BootInfo *bi, const struct root_memory *m)
{
    (void)bi;
    char record[FRAME_MAX_PAYLOAD];
    uint64_t freq = rt_counter_freq();
    uint64_t start = rt_counter();
    uint64_t mem_budget = m->free_bytes + m->used_bytes;

    for (uint64_t seq = 0;; seq++) {
        uint64_t uptime_ms = rt_ticks_to_ms(rt_counter() - start);
        int n = rt_snprintf(record, sizeof(record),
                            "atoll-telemetry 1 seq=%lu uptime_ms=%lu\n"
                            "task name=root kind=root state=running prio=%u mem_used=%lu mem_budget=%lu\n",
                            seq, uptime_ms, (unsigned)seL4_MaxPrio, m->used_bytes, mem_budget);
        if (n > 0 && (unsigned)n < sizeof(record))
            frame_write(FRAME_CHANNEL_TELEMETRY, record, (size_t)n);
        rt_wait_until(start + (seq + 1) * freq);
    }
}
