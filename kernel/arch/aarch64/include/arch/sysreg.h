/* AArch64 system-register access and barriers, plus the register bit values the kernel sets. */
#pragma once

#ifndef __ASSEMBLER__
#include <kernel/types.h>

#define read_sysreg(reg)                                        \
    ({                                                          \
        uint64_t v_;                                            \
        __asm__ volatile("mrs %0, " #reg : "=r"(v_));           \
        v_;                                                     \
    })
#define write_sysreg(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(v)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }
#endif

/* SCTLR_EL1 (ARMv8.0): RES1 bits 11, 20, 22, 23, 28, 29. */
#define SCTLR_EL1_RES1 0x30d00800
#define SCTLR_M (1 << 0)      /* MMU on */
#define SCTLR_C (1 << 2)      /* data cache */
#define SCTLR_SA (1 << 3)     /* SP alignment check, EL1 */
#define SCTLR_SA0 (1 << 4)    /* SP alignment check, EL0 */
#define SCTLR_I (1 << 12)     /* instruction cache */
#define SCTLR_DZE (1 << 14)   /* EL0 may use DC ZVA */
#define SCTLR_UCT (1 << 15)   /* EL0 may read CTR_EL0 */
#define SCTLR_UCI (1 << 26)   /* EL0 may do DC CVAU / IC IVAU */

/* HCR_EL2.RW: EL1 runs AArch64. */
#define HCR_EL2_RW (1 << 31)
/* CNTHCTL_EL2: EL1 may use the physical counter and timer. */
#define CNTHCTL_EL1PCTEN (1 << 0)
#define CNTHCTL_EL1PCEN (1 << 1)
/* CPTR_EL2 with no traps (RES1 bits 0-7, 9, 12-13). */
#define CPTR_EL2_NOTRAP 0x33ff
/* ICC_SRE_EL2: system-register GICv3 interface at EL2, and EL1 may use ICC_SRE_EL1. */
#define ICC_SRE_EL2_SRE (1 << 0)
#define ICC_SRE_EL2_ENABLE (1 << 3)
/* SPSR for "EL1h, D A I F masked". */
#define SPSR_EL1H_MASKED 0x3c5

/* CNTKCTL_EL1: EL0 reads CNTPCT_EL0 (EL0PCTEN), CNTVCT_EL0 and CNTFRQ_EL0 (EL0VCTEN), and
 * uses the EL1 physical timer CNTP_*_EL0 (EL0PTEN). */
#define CNTKCTL_EL0PCTEN (1 << 0)
#define CNTKCTL_EL0VCTEN (1 << 1)
#define CNTKCTL_EL0PTEN (1 << 9)
/* CPACR_EL1.FPEN = 0b11: no FP/SIMD traps at EL0 or EL1. */
#define CPACR_FPEN_NOTRAP (3 << 20)

/* SPSR_EL1 mode field and mask bits. */
#define SPSR_MODE_EL0T 0x0
#define SPSR_MODE_EL1T 0x4
#define SPSR_MODE_EL1H 0x5
#define SPSR_MODE_MASK 0xf
#define SPSR_F (1 << 6)
#define SPSR_I (1 << 7)
#define SPSR_A (1 << 8)
#define SPSR_D (1 << 9)
