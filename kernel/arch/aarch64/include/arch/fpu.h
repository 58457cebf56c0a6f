/* Per-thread FP/SIMD state, switched lazily: EL0 traps on first use after a thread switch. */
#pragma once

/* struct fpu_state: q0-q31 (16 bytes each), then FPSR, FPCR. */
#define FPU_STATE_FPSR (32 * 16)
#define FPU_STATE_SIZE (FPU_STATE_FPSR + 16)

#ifndef __ASSEMBLER__
#include <kernel/types.h>

struct fpu_state {
    uint64_t q[32][2];
    uint64_t fpsr, fpcr;
} ALIGNED(16);
_Static_assert(sizeof(struct fpu_state) == FPU_STATE_SIZE, "fpu.S layout");

void fpu_save(struct fpu_state *s);
void fpu_restore(const struct fpu_state *s);

struct tcb;
/* The thread whose state the FP/SIMD registers hold (0: none), and whether EL0 may use them
 * without a trap (CPACR_EL1.FPEN as last written). Boot CPU only; fpu.c writes them. */
extern struct tcb *fpu_owner;
extern bool fpu_enabled;
/* Write CPACR_EL1.FPEN: trap EL0's FP/SIMD use (off) or not (on). */
void fpu_set_enabled(bool on);
/* Before returning to t: let it use FP/SIMD directly if its state is loaded, else trap
 * (inline: every return to a thread, the fastpath's included, runs it). */
static inline void fpu_prepare(const struct tcb *t)
{
    bool own = t == fpu_owner;
    if (own != fpu_enabled)
        fpu_set_enabled(own);
}
/* The FP/SIMD access trap from t: save the owner's registers, load t's, stop trapping. */
void fpu_take(struct tcb *t);
/* t is being destroyed: it no longer owns the registers (nothing is saved). */
void fpu_release(const struct tcb *t);
/* t may no longer use FP/SIMD (fpuDisabled): its registers are saved if loaded, and no thread
 * owns them, so its next use traps. */
void fpu_disown(struct tcb *t);
#endif
