/* Time from the ARM generic timer: the virtual counter, and sleeping on the EL1 physical
 * timer, which the kernel exports to EL0 (as seL4's KernelArmExportPTMRUser). */
#pragma once

#include <atoll/errors.h>
#include <atoll/types.h>
#include <stdint.h>

/* The physical timer's interrupt: PPI 14 of `arm,armv8-timer` (non-secure EL1) on QEMU virt. */
#define RT_TIMER_INTID 30

uint64_t rt_counter(void);       /* CNTVCT_EL0 */
uint64_t rt_counter_freq(void);  /* CNTFRQ_EL0, ticks per second */
/* Counter ticks as milliseconds (no overflow for centuries at common frequencies). */
uint64_t rt_ticks_to_ms(uint64_t ticks);

/* Program the physical timer to raise RT_TIMER_INTID in ticks counter ticks (at most 2^31-1
 * at a time), or stop it (its interrupt is level-triggered: stop it before an Ack). */
void rt_timer_arm(uint64_t ticks);
void rt_timer_stop(void);

/* Take the physical timer for this task: IRQControl_Get of RT_TIMER_INTID into irq_slot of
 * cnode (depth 64), bound to ntfn. Afterwards rt_wait_until blocks on ntfn. Returns the
 * kernel's error (e.g. RevokeFirst if another task has the timer). */
seL4_Error rt_timer_init(seL4_CPtr irq_control, seL4_CPtr cnode, seL4_CPtr irq_slot, seL4_CPtr ntfn);
/* Sleep until the counter reaches deadline: on the timer's notification once rt_timer_init
 * succeeded, else by yielding (a task without a timer spins). */
void rt_wait_until(uint64_t deadline);
