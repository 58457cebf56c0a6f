/* GICv3 (QEMU virt,gic-version=3): distributor, the boot CPU's redistributor, and the CPU
 * interface through the ICC_* system registers. Affinity routing is on; every line is
 * Non-secure Group 1 so it arrives as an IRQ at EL1. Boot CPU only. */
#include <arch/machine.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include <boot/platform.h>
#include <kernel/panic.h>
#include "gic.h"

/* Distributor. */
#define GICD_IROUTER(n) (0x6000 + 8 * (n))
#define GICD_CTLR_RWP (1u << 31)
/* Bits 0, 1, 4: EnableGrp0/Grp1/ARE on a GIC with one security state (QEMU virt's),
 * EnableGrp1NS/Grp1A/ARE_NS in the Non-secure view of one with two. */
#define GICD_CTLR_ENABLE ((1u << 0) | (1u << 1) | (1u << 4))

/* Redistributor: RD_base frame, then the SGI_base frame 64 KiB above it. */
#define GICR_FRAME 0x10000ul
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_CTLR_RWP (1u << 3)
#define GICR_TYPER_VLPIS (1u << 1) /* GICv4: two more frames per redistributor */
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_ICFGR1 0x0c04 /* the PPIs' trigger fields */
#define GICR_ICPENDR0 0x0280
#define GICR_IPRIORITYR(n) (0x0400 + (n))

#define ICC_SRE_SRE (1u << 0)
#define INTID_SPURIOUS_FIRST 1020
#define SPI_FIRST 32
#define MAX_REDISTRIBUTORS 64 /* how far we look for ours in the first region */
#define RWP_SPINS 1000000

static volatile uint8_t *gicd, *gicr_sgi; /* distributor; our redistributor's SGI_base */


static void wait_clear(volatile uint8_t *base, unsigned off, uint32_t bits, const char *what)
{
    for (unsigned i = 0; i < RWP_SPINS; i++)
        if (!(mmio_rd32(base, off) & bits))
            return;
    panic("gicv3: %s did not complete", what);
}

/* GICR_TYPER's affinity (bits 63:32) is Aff3.Aff2.Aff1.Aff0 of the CPU it serves. */
static uint32_t my_affinity(void)
{
    uint64_t mpidr = read_sysreg(mpidr_el1);
    return (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
}

/* The boot CPU's redistributor: map each RD_base page in turn until GICR_TYPER names us. */
static volatile uint8_t *find_redistributor(const struct platform *plat)
{
    paddr_t pa = plat->gicr_paddr;
    for (unsigned i = 0; i < MAX_REDISTRIBUTORS && pa + 2 * GICR_FRAME <= plat->gicr_paddr + plat->gicr_size; i++) {
        volatile uint8_t *rd_base = (volatile uint8_t *)(uintptr_t)kernel_map_device(pa, PAGE_SIZE);
        kassert(rd_base);
        uint64_t typer = *(volatile uint64_t *)(rd_base + GICR_TYPER);
        if ((uint32_t)(typer >> 32) == my_affinity()) {
            volatile uint8_t *sgi = (volatile uint8_t *)(uintptr_t)kernel_map_device(pa + GICR_FRAME, GICR_FRAME);
            kassert(sgi);
            /* Wake it: the CPU interface only gets interrupts once the redistributor is awake. */
            mmio_wr32(rd_base, GICR_WAKER, mmio_rd32(rd_base, GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
            wait_clear(rd_base, GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP, "redistributor wake-up");
            return sgi;
        }
        if (typer & GICR_TYPER_LAST)
            break;
        pa += (typer & GICR_TYPER_VLPIS ? 4 : 2) * GICR_FRAME;
    }
    panic("gicv3: no redistributor for this CPU (affinity 0x%x) in 0x%lx+0x%lx", my_affinity(), plat->gicr_paddr,
          plat->gicr_size);
}

void gicv3_init(const struct platform *plat)
{
    gicd = (volatile uint8_t *)(uintptr_t)kernel_map_device(plat->gicd_paddr, MIN(plat->gicd_size, 0x10000ull));
    kassert(gicd);

    /* Distributor: off, every SPI disabled, cleared, Group 1, default priority, routed to us. */
    unsigned lines = GICD_LINES(mmio_rd32(gicd, GICD_TYPER));
    mmio_wr32(gicd, GICD_CTLR, 0);
    wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP, "distributor disable");
    uint64_t mpidr = read_sysreg(mpidr_el1);
    for (unsigned i = SPI_FIRST / 32; i < lines / 32; i++) {
        mmio_wr32(gicd, GICD_ICENABLER(i), 0xffffffffu);
        mmio_wr32(gicd, GICD_ICPENDR(i), 0xffffffffu);
        mmio_wr32(gicd, GICD_IGROUPR(i), 0xffffffffu);
    }
    for (unsigned i = SPI_FIRST; i < lines; i++) {
        *(volatile uint8_t *)(gicd + GICD_IPRIORITYR(i)) = GIC_PRIO_DEFAULT;
        *(volatile uint64_t *)(gicd + GICD_IROUTER(i)) = mpidr & 0xff00ffffffull; /* Aff3, Aff2..0 */
    }
    wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP, "distributor setup");
    mmio_wr32(gicd, GICD_CTLR, GICD_CTLR_ENABLE);
    wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP, "distributor enable");

    /* Redistributor: the SGIs and PPIs (the timer among them) of this CPU. */
    gicr_sgi = find_redistributor(plat);
    mmio_wr32(gicr_sgi, GICR_ICENABLER0, 0xffffffffu);
    mmio_wr32(gicr_sgi, GICR_ICPENDR0, 0xffffffffu);
    mmio_wr32(gicr_sgi, GICR_IGROUPR0, 0xffffffffu);
    for (unsigned i = 0; i < SPI_FIRST; i++)
        *(volatile uint8_t *)(gicr_sgi + GICR_IPRIORITYR(i)) = GIC_PRIO_DEFAULT;
    wait_clear(gicr_sgi - GICR_FRAME, GICR_CTLR, GICR_CTLR_RWP, "redistributor setup");

    /* CPU interface: system registers on, all priorities through, EOI also deactivates. */
    write_sysreg(icc_sre_el1, read_sysreg(icc_sre_el1) | ICC_SRE_SRE);
    isb();
    if (!(read_sysreg(icc_sre_el1) & ICC_SRE_SRE))
        panic("gicv3: the system-register CPU interface cannot be enabled (ICC_SRE_EL1.SRE is 0)");
    write_sysreg(icc_pmr_el1, GIC_PRIO_MASK_ALL_ALLOWED);
    write_sysreg(icc_bpr1_el1, 0);
    write_sysreg(icc_ctlr_el1, 0);
    write_sysreg(icc_igrpen1_el1, 1);
    isb();
}

void gicv3_enable_irq(unsigned intid)
{
    if (intid < SPI_FIRST)
        mmio_wr32(gicr_sgi, GICR_ISENABLER0, 1u << intid);
    else
        mmio_wr32(gicd, GICD_ISENABLER(intid / 32), 1u << (intid % 32));
}

void gicv3_disable_irq(unsigned intid)
{
    if (intid < SPI_FIRST)
        mmio_wr32(gicr_sgi, GICR_ICENABLER0, 1u << intid);
    else
        mmio_wr32(gicd, GICD_ICENABLER(intid / 32), 1u << (intid % 32));
}

void gicv3_set_trigger(unsigned intid, bool edge)
{
    if (intid < SPI_FIRST)
        gic_icfgr_set(gicr_sgi, GICR_ICFGR1, intid, edge); /* a PPI: implementation defined */
    else
        gic_icfgr_set(gicd, GICD_ICFGR(intid / 16), intid, edge);
}

unsigned gicv3_ack(void)
{
    unsigned intid = (unsigned)(read_sysreg(icc_iar1_el1) & 0xffffff);
    return intid >= INTID_SPURIOUS_FIRST ? GIC_SPURIOUS : intid;
}

void gicv3_eoi(unsigned intid)
{
    write_sysreg(icc_eoir1_el1, intid);
    isb();
}
