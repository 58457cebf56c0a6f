/* Read the machine description from the DTB: memory, reservations, initrd, UART, GIC, timer. */
#include <arch/memlayout.h>
#include <boot/fdt.h>
#include <boot/platform.h>
#include <kernel/string.h>

/* Runs with the MMU off (see mmu_early.c): no tables of pointers, no printing. */

struct platform boot_platform;

static void add_range(struct phys_range *r, unsigned *n, paddr_t start, word_t size)
{
    if (size == 0 || *n == MAX_MEMORY_REGIONS || start + size < start)
        return;
    r[*n].start = start;
    r[*n].end = start + size;
    (*n)++;
}

static void read_memory(const struct fdt *f, struct platform *p)
{
    int depth = 0;
    fdt_node_ret_t r = fdt_root(f);
    while (!r.err) {
        struct fdt_prop t;
        if (depth == 1 && fdt_get_prop(f, r.node, "device_type", &t) && t.len == 7 &&
            memcmp(t.data, "memory", 7) == 0) {
            paddr_t a;
            word_t s;
            for (unsigned i = 0; fdt_get_reg(f, r.node, i, &a, &s); i++)
                add_range(p->memory, &p->n_memory, a, s);
        }
        r = fdt_next_node(f, r.node, &depth);
    }
}

static void read_reservations(const struct fdt *f, struct platform *p)
{
    paddr_t a;
    word_t s;
    for (unsigned i = 0; fdt_memreserve(f, i, &a, &s); i++)
        add_range(p->reserved, &p->n_reserved, a, s);

    const char path[] = "/reserved-memory";
    fdt_node_ret_t rm = fdt_find_path(f, path, sizeof(path) - 1);
    if (rm.err)
        return;
    int depth = 0;
    fdt_node_ret_t r = fdt_next_node(f, rm.node, &depth);
    while (!r.err && depth >= 1) {
        if (depth == 1)
            for (unsigned i = 0; fdt_get_reg(f, r.node, i, &a, &s); i++)
                add_range(p->reserved, &p->n_reserved, a, s);
        r = fdt_next_node(f, r.node, &depth);
    }
}

/* stdout-path is "/path[:options]" or "alias[:options]"; returns the UART node if it names one. */
static fdt_node_ret_t stdout_node(const struct fdt *f, uint32_t chosen)
{
    struct fdt_prop sp;
    fdt_node_ret_t none = {FDT_ERR_NOT_FOUND, 0};
    if (!fdt_get_prop(f, chosen, "stdout-path", &sp) || sp.len == 0)
        return none;
    const char *s = (const char *)sp.data;
    size_t len = strnlen(s, sp.len);
    const char *colon = memchr(s, ':', len);
    if (colon)
        len = (size_t)(colon - s);
    if (len > 0 && s[0] != '/') {
        const char aliases[] = "/aliases";
        fdt_node_ret_t al = fdt_find_path(f, aliases, sizeof(aliases) - 1);
        char name[32];
        struct fdt_prop target;
        if (al.err || len >= sizeof(name))
            return none;
        memcpy(name, s, len);
        name[len] = '\0';
        if (!fdt_get_prop(f, al.node, name, &target))
            return none;
        s = (const char *)target.data;
        len = strnlen(s, target.len);
    }
    return fdt_find_path(f, s, len);
}

static void read_chosen(const struct fdt *f, struct platform *p)
{
    const char path[] = "/chosen";
    fdt_node_ret_t chosen = fdt_find_path(f, path, sizeof(path) - 1);
    if (chosen.err)
        return;
    struct fdt_prop ps, pe;
    uint64_t start, end;
    if (fdt_get_prop(f, chosen.node, "linux,initrd-start", &ps) &&
        fdt_get_prop(f, chosen.node, "linux,initrd-end", &pe) && fdt_prop_u64(&ps, &start) &&
        fdt_prop_u64(&pe, &end) && end > start) {
        p->has_initrd = true;
        p->initrd.start = start;
        p->initrd.end = end;
    }
    fdt_node_ret_t uart = stdout_node(f, chosen.node);
    if (!uart.err && fdt_is_compatible(f, uart.node, "arm,pl011") &&
        fdt_get_reg(f, uart.node, 0, &p->uart_paddr, &p->uart_size))
        p->uart_from_dtb = true;
}

static void read_devices(const struct fdt *f, struct platform *p)
{
    if (!p->uart_from_dtb) {
        fdt_node_ret_t uart = fdt_find_compatible(f, "arm,pl011");
        if (!uart.err && fdt_get_reg(f, uart.node, 0, &p->uart_paddr, &p->uart_size))
            p->uart_from_dtb = true;
    }

    fdt_node_ret_t gic = fdt_find_compatible(f, "arm,cortex-a15-gic");
    if (gic.err)
        gic = fdt_find_compatible(f, "arm,gic-400");
    if (!gic.err && fdt_get_reg(f, gic.node, 0, &p->gicd_paddr, &p->gicd_size) &&
        fdt_get_reg(f, gic.node, 1, &p->gicc_paddr, &p->gicc_size)) {
        p->gic = GIC_V2;
        p->gic_from_dtb = true;
    } else {
        /* reg = <distributor> <redistributor region> ...: only the first region is used. */
        gic = fdt_find_compatible(f, "arm,gic-v3");
        if (!gic.err && fdt_get_reg(f, gic.node, 0, &p->gicd_paddr, &p->gicd_size) &&
            fdt_get_reg(f, gic.node, 1, &p->gicr_paddr, &p->gicr_size)) {
            p->gic = GIC_V3;
            p->gic_from_dtb = true;
        }
    }

    /* interrupts = <type num flags> x 4: secure phys, non-secure phys, virtual, hyp. */
    fdt_node_ret_t timer = fdt_find_compatible(f, "arm,armv8-timer");
    struct fdt_prop irqs;
    if (!timer.err && fdt_get_prop(f, timer.node, "interrupts", &irqs) && irqs.len >= 36) {
        uint32_t type = (uint32_t)fdt_read_cells(irqs.data + 24, 1);
        uint32_t num = (uint32_t)fdt_read_cells(irqs.data + 28, 1);
        if (type == 1 && num < 16) { /* a PPI: INTID = 16 + num */
            p->vtimer_intid = 16 + num;
            p->timer_from_dtb = true;
        }
    }
}

void platform_read(paddr_t dtb_paddr, unsigned entry_el, struct platform *p)
{
    struct fdt f;

    p->entry_el = entry_el;
    p->dtb_paddr = dtb_paddr;
    p->uart_paddr = DEFAULT_UART_PADDR;
    p->uart_size = PAGE_SIZE;
    p->gic = GIC_V2;
    p->gicd_paddr = DEFAULT_GICD_PADDR;
    p->gicd_size = 0x10000;
    p->gicc_paddr = DEFAULT_GICC_PADDR;
    p->gicc_size = 0x10000;
    p->vtimer_intid = DEFAULT_VTIMER_INTID;

    p->dtb_error = fdt_open(&f, (const void *)(uintptr_t)dtb_paddr);
    if (p->dtb_error != FDT_OK)
        return;
    p->dtb_size = f.size;
    p->dtb_used = MIN(fdt_used_size(&f), f.size);
    fdt_node_ret_t root = fdt_root(&f);
    if (root.err) {
        p->dtb_error = root.err;
        return;
    }
    read_memory(&f, p);
    read_reservations(&f, p);
    read_chosen(&f, p);
    read_devices(&f, p);
}
