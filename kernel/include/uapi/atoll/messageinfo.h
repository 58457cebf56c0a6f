/* seL4_MessageInfo: the 64-bit message tag carried in x1, declared once with accessors. */
#pragma once

#include <atoll/types.h>

/*
 *  63                                   12 11     9 8      7 6        0
 * +---------------------------------------+--------+--------+----------+
 * |               label (52)              | capsUn-| extra- |  length  |
 * |                                       | wrapped| Caps(2)|   (7)    |
 * +---------------------------------------+--------+--------+----------+
 */
typedef struct seL4_MessageInfo {
    seL4_Word words[1];
} seL4_MessageInfo_t;

#define seL4_MsgMaxLength 120
#define seL4_MsgMaxExtraCaps 3
#define seL4_FastMessageRegisters 4

#define SEL4_MI_LENGTH_SHIFT 0
#define SEL4_MI_LENGTH_BITS 7
#define SEL4_MI_EXTRACAPS_SHIFT 7
#define SEL4_MI_EXTRACAPS_BITS 2
#define SEL4_MI_UNWRAPPED_SHIFT 9
#define SEL4_MI_UNWRAPPED_BITS 3
#define SEL4_MI_LABEL_SHIFT 12
#define SEL4_MI_LABEL_BITS 52

static inline seL4_Word seL4_MI_field(seL4_MessageInfo_t mi, unsigned shift, unsigned bits)
{
    return (mi.words[0] >> shift) & ((1ul << bits) - 1);
}

static inline seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Word label, seL4_Word capsUnwrapped,
                                                      seL4_Word extraCaps, seL4_Word length)
{
    seL4_MessageInfo_t mi;
    mi.words[0] = ((label & ((1ul << SEL4_MI_LABEL_BITS) - 1)) << SEL4_MI_LABEL_SHIFT) |
                  ((capsUnwrapped & 0x7ul) << SEL4_MI_UNWRAPPED_SHIFT) |
                  ((extraCaps & 0x3ul) << SEL4_MI_EXTRACAPS_SHIFT) |
                  ((length & 0x7ful) << SEL4_MI_LENGTH_SHIFT);
    return mi;
}

static inline seL4_Word seL4_MessageInfo_get_label(seL4_MessageInfo_t mi)
{
    return seL4_MI_field(mi, SEL4_MI_LABEL_SHIFT, SEL4_MI_LABEL_BITS);
}

static inline seL4_Word seL4_MessageInfo_get_capsUnwrapped(seL4_MessageInfo_t mi)
{
    return seL4_MI_field(mi, SEL4_MI_UNWRAPPED_SHIFT, SEL4_MI_UNWRAPPED_BITS);
}

static inline seL4_Word seL4_MessageInfo_get_extraCaps(seL4_MessageInfo_t mi)
{
    return seL4_MI_field(mi, SEL4_MI_EXTRACAPS_SHIFT, SEL4_MI_EXTRACAPS_BITS);
}

static inline seL4_Word seL4_MessageInfo_get_length(seL4_MessageInfo_t mi)
{
    return seL4_MI_field(mi, SEL4_MI_LENGTH_SHIFT, SEL4_MI_LENGTH_BITS);
}
