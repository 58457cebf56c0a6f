/* The interrupt controller: GICv2 (distributor + memory-mapped CPU interface, QEMU virt's
 * default) here, GICv3 in gicv3.c; the DTB decides which. Boot CPU only. */
#include <arch/machine.h>
#include <arch/mmu.h>
#include <boot/platform.h>
#include <kernel/panic.h>
#include "gic.h"

/* GICv2 CPU interface registers. */
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_BPR 0x008
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010

static volatile uint8_t *gicd, *gicc;
static bool v3;

void gic_init(const struct platform *plat)
{
    v3 = plat->gic == GIC_V3;
    if (v3) {
        gicv3_init(plat);
        return;
    }
    gicd = (volatile uint8_t *)(uintptr_t)kernel_map_device(plat->gicd_paddr, MIN(plat->gicd_size, 0x10000ull));
    gicc = (volatile uint8_t *)(uintptr_t)kernel_map_device(plat->gicc_paddr, MIN(plat->gicc_size, 0x2000ull));
    kassert(gicd && gicc);

    unsigned lines = GICD_LINES(mmio_rd32(gicd, GICD_TYPER));
    mmio_wr32(gicd, GICD_CTLR, 0);
    for (unsigned i = 0; i < lines / 32; i++) {
        mmio_wr32(gicd, GICD_ICENABLER(i), 0xffffffffu);
        mmio_wr32(gicd, GICD_ICPENDR(i), 0xffffffffu);
    }
    for (unsigned i = 0; i < lines; i++)
        *(volatile uint8_t *)(gicd + GICD_IPRIORITYR(i)) = GIC_PRIO_DEFAULT;
    mmio_wr32(gicd, GICD_CTLR, 1);

    mmio_wr32(gicc, GICC_PMR, GIC_PRIO_MASK_ALL_ALLOWED);
    mmio_wr32(gicc, GICC_BPR, 0);
    mmio_wr32(gicc, GICC_CTLR, 1);
}

void gic_enable_irq(unsigned intid)
{
    if (v3)
        gicv3_enable_irq(intid);
    else
        mmio_wr32(gicd, GICD_ISENABLER(intid / 32), 1u << (intid % 32));
}

void gic_disable_irq(unsigned intid)
{
    if (v3)
        gicv3_disable_irq(intid);
    else
        mmio_wr32(gicd, GICD_ICENABLER(intid / 32), 1u << (intid % 32));
}

void gic_set_trigger(unsigned intid, bool edge)
{
    if (intid < 16)
        return; /* SGIs are always edge-triggered */
    if (v3)
        gicv3_set_trigger(intid, edge);
    else
        gic_icfgr_set(gicd, GICD_ICFGR(intid / 16), intid, edge);
}

unsigned gic_ack(void)
{
    if (v3)
        return gicv3_ack();
    unsigned intid = mmio_rd32(gicc, GICC_IAR) & 0x3ff;
    return intid >= 1020 ? GIC_SPURIOUS : intid;
}

void gic_eoi(unsigned intid)
{
    if (v3)
        gicv3_eoi(intid);
    else
        mmio_wr32(gicc, GICC_EOIR, intid);
}
