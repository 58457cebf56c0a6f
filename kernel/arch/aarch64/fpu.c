/* Lazy FP/SIMD switching: the registers belong to one thread at a time (the owner). */
#include <arch/fpu.h>
#include <arch/sysreg.h>
#include <object/tcb.h>

/* Boot CPU only. CPACR_EL1.FPEN: 0b01 traps EL0 FP/SIMD use, 0b11 allows it. */
#define CPACR_FPEN_TRAP_EL0 (1 << 20)
struct tcb *fpu_owner;
bool fpu_enabled = true; /* boot_main leaves CPACR at "no traps" */

void fpu_set_enabled(bool on)
{
    if (on == fpu_enabled)
        return;
    write_sysreg(cpacr_el1, on ? CPACR_FPEN_NOTRAP : CPACR_FPEN_TRAP_EL0);
    isb();
    fpu_enabled = on;
}

void fpu_release(const struct tcb *t)
{
    if (fpu_owner == t)
        fpu_owner = 0;
}

void fpu_take(struct tcb *t)
{
    fpu_set_enabled(true); /* the kernel itself never uses FP/SIMD (-mgeneral-regs-only) */
    if (fpu_owner)
        fpu_save(&fpu_owner->fpu);
    fpu_restore(&t->fpu);
    fpu_owner = t;
}

void fpu_disown(struct tcb *t)
{
    if (fpu_owner != t)
        return;
    fpu_set_enabled(true);
    fpu_save(&t->fpu);
    fpu_owner = 0;
}
