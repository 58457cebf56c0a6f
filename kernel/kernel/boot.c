/* Kernel boot in the high half: console, platform report, interrupts, root task, first switch. */
#include <arch/machine.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include <atoll/bootinfo.h>
#include <boot/bootinfo.h>
#include <boot/bootmem.h>
#include <boot/platform.h>
#include <boot/rootserver.h>
#include <drivers/pl011.h>
#include <kernel/config.h>
#include <kernel/panic.h>
#include <kernel/print.h>
#include <kernel/sched.h>
#include <object/cdt.h>
#include <object/irq.h>

#define DEVICE_PA_BITS 40 /* device untypeds cover physical addresses below 1 TiB */


static void console_init(const struct platform *p)
{
    vaddr_t uart = kernel_map_device(p->uart_paddr, p->uart_size ? MIN(p->uart_size, PAGE_SIZE) : PAGE_SIZE);
    if (!uart)
        return; /* no console: nothing to say it with */
    pl011_init(uart);
    console_set_putc(pl011_putc);
}

static void report_platform(const struct platform *p)
{
    kprintf("dtb: 0x%lx (%u bytes, %u in use)\n", p->dtb_paddr, p->dtb_size, p->dtb_used);
    kprintf("uart: pl011 at 0x%lx (%s)\n", p->uart_paddr, p->uart_from_dtb ? "from DTB" : "default");
    if (p->n_memory == 0)
        panic("the DTB describes no memory (no /memory node with reg)");
    for (unsigned i = 0; i < p->n_memory; i++) {
        const struct phys_range *m = &p->memory[i];
        kprintf("memory: 0x%lx-0x%lx (%lu MiB)\n", m->start, m->end, (m->end - m->start) / MiB);
    }
    for (unsigned i = 0; i < p->n_reserved; i++)
        kprintf("reserved: 0x%lx-0x%lx\n", p->reserved[i].start, p->reserved[i].end);
    if (!p->has_initrd)
        panic("no initrd (/chosen has no linux,initrd-start/-end): the root task lives there");
    kprintf("initrd: 0x%lx-0x%lx (%lu bytes)\n", p->initrd.start, p->initrd.end,
            p->initrd.end - p->initrd.start);
    if (p->gic == GIC_V3)
        kprintf("gic: v3, distributor 0x%lx, redistributors 0x%lx (%s)\n", p->gicd_paddr, p->gicr_paddr,
                p->gic_from_dtb ? "from DTB" : "default");
    else
        kprintf("gic: v2, distributor 0x%lx, cpu interface 0x%lx (%s)\n", p->gicd_paddr, p->gicc_paddr,
                p->gic_from_dtb ? "from DTB" : "default");
}

static void hand_out_untypeds(const struct platform *p, seL4_BootInfo *bi)
{
    const struct phys_range *free;
    unsigned n = bootmem_regions(&free);
    word_t ram = 0;
    unsigned device = 0;

    bootinfo_add_device_untypeds(bi, p, DEVICE_PA_BITS);
    device = (unsigned)(bi->untyped.end - bi->untyped.start);
    for (unsigned i = 0; i < n; i++)
        if (bootinfo_add_untyped_range(bi, free[i].start, free[i].end, false))
            ram += free[i].end - free[i].start;
    bootinfo_finish(bi);
    kprintf("untyped: %lu regions (%u device, %lu RAM), %lu bytes of free RAM, slots %lu-%lu\n",
            bi->untyped.end - bi->untyped.start, device, bi->untyped.end - bi->untyped.start - device, ram,
            bi->untyped.start, bi->untyped.end);
}

/* Called once from head.S at the link address, interrupts masked, on the kernel stack. */
NORETURN void boot_main(paddr_t dtb_paddr, paddr_t load_paddr, unsigned entry_el)
{
    struct platform *p = &boot_platform;

    mmu_drop_identity_map();
    console_init(p);
    kprintf("\nAtoll kernel %s (aarch64) booting, entered at EL%u%s\n", ATOLL_KERNEL_VERSION, entry_el,
            entry_el == 2 ? ", dropped to EL1" : "");
    kprintf("kernel: loaded at 0x%lx, linked at 0x%lx\n", load_paddr, KIMAGE_BASE);
    if (p->dtb_error != FDT_OK)
        panic("bad DTB at 0x%lx: %s", dtb_paddr, fdt_strerror(p->dtb_error));
    report_platform(p);

    write_sysreg(cpacr_el1, CPACR_FPEN_NOTRAP); /* FP/SIMD at EL0; arch/aarch64/fpu.c switches it lazily */
    isb();
    gic_init(p);
    timer_init(p);
    kprintf("timer: virtual timer INTID %u (%s), %lu Hz, tick %u ms\n", timer_intid(),
            p->timer_from_dtb ? "from DTB" : "default", timer_counter_freq(), TIMER_TICK_MS);

    irq_reserve(timer_intid());
    bootmem_init(p);
    sched_init();
    struct tcb *root_tcb;
    seL4_BootInfo *bi = rootserver_create(p, &root_tcb);
    hand_out_untypeds(p, bi);
    cdt_boot(root_tcb);
    sched_register(root_tcb);
    sched_enqueue(root_tcb);
    kprintf("kernel: starting root task\n");
    schedule();
    activate_current();
}
