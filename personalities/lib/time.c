/* Time from the ARM generic timer: counters readable at EL0 (CNTKCTL_EL1.EL0VCTEN), sleeping
 * on the EL1 physical timer, whose registers the kernel lets EL0 program (EL0PTEN). */
#include <rt/sel4_ipc.h>
#include <rt/time.h>

#define CNTP_CTL_ENABLE 1 /* IMASK clear: the timer's condition raises the PPI */
#define CNTP_TVAL_MAX 0x7fffffffull /* TVAL is a signed 32-bit down-counter */

static seL4_CPtr timer_irq, timer_ntfn; /* 0 until rt_timer_init; one thread per task sleeps */

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

void rt_timer_arm(uint64_t ticks)
{
    uint64_t tval = ticks < CNTP_TVAL_MAX ? ticks : CNTP_TVAL_MAX;
    __asm__ volatile("msr cntp_tval_el0, %0; msr cntp_ctl_el0, %1; isb" ::"r"(tval), "r"((uint64_t)CNTP_CTL_ENABLE)
                     : "memory");
}

void rt_timer_stop(void) { __asm__ volatile("msr cntp_ctl_el0, xzr; isb" ::: "memory"); }

seL4_Error rt_timer_init(seL4_CPtr irq_control, seL4_CPtr cnode, seL4_CPtr irq_slot, seL4_CPtr ntfn)
{
    rt_timer_stop();
    seL4_Error e = seL4_IRQControl_Get(irq_control, RT_TIMER_INTID, cnode, irq_slot, 64);
    if (e == seL4_NoError)
        e = seL4_IRQHandler_SetNotification(irq_slot, ntfn);
    if (e == seL4_NoError) {
        timer_irq = irq_slot;
        timer_ntfn = ntfn;
    }
    return e;
}

void rt_wait_until(uint64_t deadline)
{
    for (uint64_t now; (now = rt_counter()) < deadline;) {
        if (!timer_ntfn) {
            seL4_Yield();
            continue;
        }
        rt_timer_arm(deadline - now);
        seL4_Wait(timer_ntfn);
        rt_timer_stop(); /* the PPI is level-triggered: drop it before the Ack unmasks it */
        seL4_IRQHandler_Ack(timer_irq);
    }
}
