/* What the kernel learns about the machine from the DTB at boot. */
#pragma once

#include <boot/fdt.h>
#include <kernel/config.h>
#include <kernel/types.h>

enum gic_kind { GIC_NONE, GIC_V2, GIC_V3 };

struct platform {
    unsigned entry_el;
    paddr_t dtb_paddr;
    uint32_t dtb_size;                   /* totalsize: what the bootloader reserved */
    uint32_t dtb_used;                   /* bytes in use: what a packed copy needs */
    enum fdt_error dtb_error;            /* FDT_OK or why the DTB was rejected */

    struct phys_range memory[MAX_MEMORY_REGIONS];   /* /memory reg entries */
    unsigned n_memory;
    struct phys_range reserved[MAX_MEMORY_REGIONS]; /* /memreserve/ and /reserved-memory */
    unsigned n_reserved;

    bool has_initrd;
    struct phys_range initrd;            /* /chosen linux,initrd-start/-end */

    paddr_t uart_paddr;
    word_t uart_size;
    bool uart_from_dtb;

    enum gic_kind gic;
    paddr_t gicd_paddr, gicc_paddr;     /* distributor; GICv2 CPU interface */
    word_t gicd_size, gicc_size;
    paddr_t gicr_paddr;                 /* GICv3: the (first) redistributor region */
    word_t gicr_size;
    bool gic_from_dtb;

    unsigned vtimer_intid;               /* virtual timer PPI as a GIC INTID */
    bool timer_from_dtb;
};

extern struct platform boot_platform;

/* Fill *p from the DTB at dtb_paddr (runs with the MMU off). Problems are recorded in
 * p->dtb_error; device addresses fall back to QEMU virt's defaults. */
void platform_read(paddr_t dtb_paddr, unsigned entry_el, struct platform *p);
