/* Names for exception classes and abort status codes, for fault and panic reports. */
#include <arch/esr.h>

const char *esr_class_name(unsigned ec)
{
    switch (ec) {
    case EC_UNKNOWN: return "unknown reason / undefined instruction";
    case EC_WFX: return "trapped WFI/WFE";
    case EC_FP_ACCESS: return "FP/SIMD access";
    case EC_ILLEGAL_STATE: return "illegal execution state";
    case EC_SVC64: return "SVC (AArch64)";
    case EC_HVC64: return "HVC (AArch64)";
    case EC_SMC64: return "SMC (AArch64)";
    case EC_SYSREG: return "trapped MSR/MRS/system instruction";
    case EC_IABT_LOWER: return "instruction abort from a lower EL";
    case EC_IABT_SAME: return "instruction abort at the same EL";
    case EC_PC_ALIGN: return "PC alignment fault";
    case EC_DABT_LOWER: return "data abort from a lower EL";
    case EC_DABT_SAME: return "data abort at the same EL";
    case EC_SP_ALIGN: return "SP alignment fault";
    case EC_FP_EXC64: return "FP exception (AArch64)";
    case EC_SERROR: return "SError interrupt";
    case EC_BREAKPOINT_LOWER: case EC_BREAKPOINT_SAME: return "breakpoint";
    case EC_STEP_LOWER: case EC_STEP_SAME: return "software step";
    case EC_WATCHPOINT_LOWER: case EC_WATCHPOINT_SAME: return "watchpoint";
    case EC_BRK64: return "BRK instruction";
    }
    return "unknown class";
}

const char *esr_fsc_name(unsigned fsc)
{
    switch (fsc & 0x3c) {
    case 0x00: return "address size fault";
    case 0x04: return "translation fault";
    case 0x08: return "access flag fault";
    case 0x0c: return "permission fault";
    }
    if (fsc == 0x10)
        return "synchronous external abort";
    if (fsc == 0x21)
        return "alignment fault";
    return "other fault";
}
