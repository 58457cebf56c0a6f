/* GIC drivers behind the gic_* interface of arch/machine.h (arch-private). */
#pragma once

#include <kernel/types.h>

struct platform;

/* Distributor registers, the same in GICv2 and GICv3. */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IGROUPR(n) (0x080 + 4 * (n))
#define GICD_ISENABLER(n) (0x100 + 4 * (n))
#define GICD_ICENABLER(n) (0x180 + 4 * (n))
#define GICD_ICPENDR(n) (0x280 + 4 * (n))
#define GICD_IPRIORITYR(n) (0x400 + (n))
#define GICD_ICFGR(n) (0x0c00 + 4 * (n)) /* 2 bits a line; the upper one set: edge-triggered */
/* Lines the distributor implements (GICD_TYPER.ITLinesNumber). */
#define GICD_LINES(typer) (32 * (((typer) & 0x1f) + 1))

static inline uint32_t mmio_rd32(volatile uint8_t *base, unsigned off) { return *(volatile uint32_t *)(base + off); }
static inline void mmio_wr32(volatile uint8_t *base, unsigned off, uint32_t v) { *(volatile uint32_t *)(base + off) = v; }

/* GIC priority given to every line, and the mask that lets all of them through. */
#define GIC_PRIO_DEFAULT 0xa0
#define GIC_PRIO_MASK_ALL_ALLOWED 0xf0

/* GICv3: distributor, the boot CPU's redistributor, system-register CPU interface. */
void gicv3_init(const struct platform *plat);
void gicv3_enable_irq(unsigned intid);
void gicv3_disable_irq(unsigned intid);
unsigned gicv3_ack(void);
void gicv3_eoi(unsigned intid);
void gicv3_set_trigger(unsigned intid, bool edge);

/* Set the edge bit of intid's 2-bit field in a GICD_ICFGR-style register bank at base. */
static inline void gic_icfgr_set(volatile uint8_t *base, unsigned off, unsigned intid, bool edge)
{
    uint32_t bit = 1u << (2 * (intid % 16) + 1), v = mmio_rd32(base, off);
    mmio_wr32(base, off, edge ? v | bit : v & ~bit);
}
