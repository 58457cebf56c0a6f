/* ARM generic timer: the EL1 virtual timer (CNTV) drives the kernel's periodic tick. */
#include <arch/machine.h>
#include <arch/sysreg.h>
#include <boot/platform.h>
#include <kernel/config.h>
#include <kernel/panic.h>

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK (1u << 1)

static uint64_t tick_period;   /* counter ticks per kernel tick */
static uint64_t next_deadline; /* CNTV_CVAL of the next tick */
static unsigned vtimer_intid;

uint64_t timer_counter_freq(void) { return read_sysreg(cntfrq_el0); }

unsigned timer_intid(void) { return vtimer_intid; }

void timer_init(const struct platform *plat)
{
    uint64_t freq = timer_counter_freq();
    if (freq == 0)
        panic("timer_init: CNTFRQ_EL0 is 0 (firmware did not set the counter frequency)");
    tick_period = freq * TIMER_TICK_MS / 1000;
    vtimer_intid = plat->vtimer_intid;

    /* EL0 reads the counters (time without a system call) and owns the EL1 physical timer,
     * as seL4 with KernelArmExportPCNTUser and KernelArmExportPTMRUser: the kernel ticks on the
     * virtual timer, and user space gets the physical timer's PPI through IRQControl_Get
     * (INTID 30 on QEMU virt) to sleep on a notification. It starts disabled. */
    write_sysreg(cntkctl_el1, CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN | CNTKCTL_EL0PTEN);
    write_sysreg(cntp_ctl_el0, 0);

    isb();
    next_deadline = read_sysreg(cntvct_el0) + tick_period;
    write_sysreg(cntv_cval_el0, next_deadline);
    write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
    isb();
    gic_enable_irq(vtimer_intid);
}

/* Program the next tick; skips ticks that were missed rather than firing them in a burst. */
void timer_rearm(void)
{
    isb();
    uint64_t now = read_sysreg(cntvct_el0);
    next_deadline += tick_period;
    if (next_deadline <= now)
        next_deadline = now + tick_period;
    write_sysreg(cntv_cval_el0, next_deadline);
    isb();
}
