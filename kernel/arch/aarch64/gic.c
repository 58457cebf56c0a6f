/* GICv2 interrupt controller: distributor and CPU interface, for the boot CPU. */
#include <arch/machine.h>
#include <arch/mmu.h>
#include <boot/platform.h>
#include <kernel/panic.h>

/* Distributor registers. */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER(n) (0x100 + 4 * (n))
#define GICD_ICENABLER(n) (0x180 + 4 * (n))
#define GICD_ICPENDR(n) (0x280 + 4 * (n))
#define GICD_IPRIORITYR(n) (0x400 + (n))
/* CPU interface registers. */
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_BPR 0x008
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010

#define GIC_PRIO_DEFAULT 0xa0
#define GIC_PRIO_MASK_ALL_ALLOWED 0xf0

static volatile uint8_t *gicd, *gicc; /* boot CPU only */

static inline uint32_t rd(volatile uint8_t *base, unsigned off) { return *(volatile uint32_t *)(base + off); }
static inline void wr(volatile uint8_t *base, unsigned off, uint32_t v) { *(volatile uint32_t *)(base + off) = v; }

void gic_init(const struct platform *plat)
{
    if (plat->gic != GIC_V2)
        panic("gic_init: only a GICv2 is supported so far (the DTB describes a GICv3)");
    gicd = (volatile uint8_t *)(uintptr_t)kernel_map_device(plat->gicd_paddr, MIN(plat->gicd_size, 0x10000ull));
    gicc = (volatile uint8_t *)(uintptr_t)kernel_map_device(plat->gicc_paddr, MIN(plat->gicc_size, 0x2000ull));
    kassert(gicd && gicc);

    unsigned lines = 32 * ((rd(gicd, GICD_TYPER) & 0x1f) + 1);
    wr(gicd, GICD_CTLR, 0);
    for (unsigned i = 0; i < lines / 32; i++) {
        wr(gicd, GICD_ICENABLER(i), 0xffffffffu);
        wr(gicd, GICD_ICPENDR(i), 0xffffffffu);
    }
    for (unsigned i = 0; i < lines; i++)
        *(volatile uint8_t *)(gicd + GICD_IPRIORITYR(i)) = GIC_PRIO_DEFAULT;
    wr(gicd, GICD_CTLR, 1);

    wr(gicc, GICC_PMR, GIC_PRIO_MASK_ALL_ALLOWED);
    wr(gicc, GICC_BPR, 0);
    wr(gicc, GICC_CTLR, 1);
}

void gic_enable_irq(unsigned intid) { wr(gicd, GICD_ISENABLER(intid / 32), 1u << (intid % 32)); }

void gic_disable_irq(unsigned intid) { wr(gicd, GICD_ICENABLER(intid / 32), 1u << (intid % 32)); }

unsigned gic_ack(void)
{
    unsigned intid = rd(gicc, GICC_IAR) & 0x3ff;
    return intid >= 1020 ? GIC_SPURIOUS : intid;
}

void gic_eoi(unsigned intid) { wr(gicc, GICC_EOIR, intid); }
