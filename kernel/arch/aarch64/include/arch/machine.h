/* CPU-level primitives: halting, entry EL, interrupt controller and timer interfaces. */
#pragma once

#include <arch/sysreg.h>
#include <kernel/types.h>

NORETURN void arch_halt(void);
/* Kernel entry from a thread (vectors.S): registers saved in ks_cur_thread, kind ENTRY_*. */
NORETURN void c_handle_thread_entry(unsigned kind);

/* The GIC (v2 or v3, as the DTB says). */
struct platform;
void gic_init(const struct platform *plat);
void gic_enable_irq(unsigned intid);
/* Level- (false) or edge-triggered (true); for a masked line (IRQControl_GetTrigger). SGIs
 * are always edge-triggered; a PPI's setting may not take (the GIC defines which can). */
void gic_set_trigger(unsigned intid, bool edge);
void gic_disable_irq(unsigned intid);
/* Acknowledge the pending interrupt; returns its INTID, or GIC_SPURIOUS. */
unsigned gic_ack(void);
void gic_eoi(unsigned intid);
#define GIC_SPURIOUS 1023u
/* An interrupt waits for the CPU (ISR_EL1.I; the kernel runs with IRQs masked): long
 * operations stop at such a point and their system call runs again (preemption). */
#define ISR_EL1_I (1u << 7)
static inline bool arch_irq_pending(void) { return read_sysreg(isr_el1) & ISR_EL1_I; }

/* ARM generic timer (EL1 virtual timer) driving the periodic tick. */
void timer_init(const struct platform *plat);
unsigned timer_intid(void);
void timer_rearm(void);
uint64_t timer_counter_freq(void);
