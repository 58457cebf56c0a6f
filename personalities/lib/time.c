/* Time from the ARM generic timer's virtual counter, readable at EL0 (CNTKCTL_EL1.EL0VCTEN). */
#include <rt/time.h>

uint64_t rt_counter(void)
{
    uint64_t v;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
    return v;
}

uint64_t rt_counter_freq(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return v;
}

uint64_t rt_ticks_to_ms(uint64_t ticks)
{
    uint64_t freq = rt_counter_freq();
    if (freq == 0)
        return 0;
    return (ticks / freq) * 1000 + (ticks % freq) * 1000 / freq;
}

void rt_wait_until(uint64_t deadline)
{
    while (rt_counter() < deadline)
        __asm__ volatile("wfi" ::: "memory");
}
