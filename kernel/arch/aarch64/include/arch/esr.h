/* ESR_EL1 (exception syndrome) fields, declared once with accessors. */
#pragma once

#include <kernel/types.h>

/*
 *  31      26 25 24                                              0
 * +----------+--+-------------------------------------------------+
 * |    EC    |IL|                     ISS                         |
 * +----------+--+-------------------------------------------------+
 *
 * ISS of data/instruction aborts:
 *  24                              11 10   9  8   7    6   5         0
 * +----------------------------------+---+--+--+-----+---+-----------+
 * |  (ISV, SAS, SRT, ... for loads)  |FnV|EA|CM|S1PTW|WnR| DFSC/IFSC |
 * +----------------------------------+---+--+--+-----+---+-----------+
 * ISS of SVC: imm16 in bits 15..0.
 */
typedef uint64_t esr_t;

enum esr_class {
    EC_UNKNOWN = 0x00,
    EC_WFX = 0x01,
    EC_FP_ACCESS = 0x07,
    EC_ILLEGAL_STATE = 0x0e,
    EC_SVC64 = 0x15,
    EC_HVC64 = 0x16,
    EC_SMC64 = 0x17,
    EC_SYSREG = 0x18,
    EC_IABT_LOWER = 0x20,
    EC_IABT_SAME = 0x21,
    EC_PC_ALIGN = 0x22,
    EC_DABT_LOWER = 0x24,
    EC_DABT_SAME = 0x25,
    EC_SP_ALIGN = 0x26,
    EC_FP_EXC64 = 0x2c,
    EC_SERROR = 0x2f,
    EC_BREAKPOINT_LOWER = 0x30,
    EC_BREAKPOINT_SAME = 0x31,
    EC_STEP_LOWER = 0x32,
    EC_STEP_SAME = 0x33,
    EC_WATCHPOINT_LOWER = 0x34,
    EC_WATCHPOINT_SAME = 0x35,
    EC_BRK64 = 0x3c,
};

static inline unsigned esr_ec(esr_t esr) { return (unsigned)((esr >> 26) & 0x3f); }
static inline unsigned esr_iss(esr_t esr) { return (unsigned)(esr & 0x1ffffff); }
static inline unsigned esr_abort_fsc(esr_t esr) { return (unsigned)(esr & 0x3f); }
static inline bool esr_abort_is_write(esr_t esr) { return (esr >> 6) & 1; }
static inline unsigned esr_svc_imm(esr_t esr) { return (unsigned)(esr & 0xffff); }

/* Human-readable name of an exception class ("unknown class" if we have none). */
const char *esr_class_name(unsigned ec);
/* Human-readable name of an abort's fault status code. */
const char *esr_fsc_name(unsigned fsc);
