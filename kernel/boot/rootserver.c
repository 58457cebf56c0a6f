/* Creating the root task: ELF from the initrd, its frames and page tables, bootinfo, TCB. */
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/vspace.h>
#include <atoll/bootinfo.h>
#include <boot/bootinfo.h>
#include <boot/bootmem.h>
#include <boot/cpio.h>
#include <boot/elf.h>
#include <boot/rootserver.h>
#include <kernel/config.h>
#include <kernel/panic.h>
#include <kernel/print.h>
#include <kernel/string.h>

/*
 * The root task's virtual layout follows seL4's:
 *
 *   ui_start .. ui_end      the ELF image (its PT_LOAD segments, page-rounded)
 *   ui_end                  bootinfo frame (4 KiB)
 *   ui_end + 4 KiB          extra bootinfo (the FDT chunk), extra_size bytes
 *   ... + extra_size        IPC buffer frame (4 KiB)
 *
 * CNode slots follow seL4's order of creation: the 16 fixed slots, then the image's
 * page tables (userImagePaging), the extra bootinfo frames, the image frames, the untypeds.
 * The root CNode has 2^12 slots and a guard of 52 zero bits, so cptr N is slot N.
 */
struct root_layout {
    vaddr_t ui_start, ui_end, bi, extra, ipc_buffer;
    word_t extra_size;
};

/* Frame rights for a page of the image: the union of the segments that touch it. */
static enum vm_rights page_rights(const struct elf_image *img, vaddr_t page)
{
    uint32_t flags = elf_page_flags(img, page);
    if (flags & ELF_PF_X)
        return (flags & ELF_PF_W) ? VM_USER_RWX : VM_USER_RX;
    return (flags & ELF_PF_W) ? VM_USER_RW : VM_USER_RO;
}

static paddr_t alloc_or_panic(word_t size, const char *what)
{
    paddr_ret_t r = bootmem_alloc(size, PAGE_SIZE);
    if (!r.ok)
        panic("root task: not enough memory for its %s (%lu bytes)", what, size);
    return r.paddr;
}

static paddr_ret_t alloc_table(void) { return bootmem_alloc_page(); }

static void map_or_panic(struct vspace *vs, vaddr_t va, paddr_t pa, enum vm_rights rights, unsigned *tables)
{
    enum map_error e = vspace_map_page(vs, va, pa, rights, alloc_table, tables);
    if (e != MAP_OK)
        panic("root task: cannot map 0x%lx (map error %u)", va, (unsigned)e);
}

static void find_image(const struct platform *p, struct elf_image *img)
{
    word_t initrd_size = p->initrd.end - p->initrd.start;
    if (!phys_is_mapped(p->initrd.start, initrd_size))
        panic("initrd 0x%lx-0x%lx is outside the RAM the kernel maps", p->initrd.start, p->initrd.end);

    struct cpio_file file;
    enum cpio_error ce = cpio_find(paddr_to_kva(p->initrd.start), initrd_size, ROOT_TASK_CPIO_MEMBER, &file);
    if (ce != CPIO_OK)
        panic("initrd: cannot find member \"%s\": %s", ROOT_TASK_CPIO_MEMBER, cpio_strerror(ce));
    enum elf_error ee = elf_check(file.data, file.size, USER_TOP, img);
    if (ee != ELF_OK)
        panic("root task: invalid ELF (%lu bytes): %s", file.size, elf_strerror(ee));
}

static struct root_layout plan_layout(const struct elf_image *img, word_t dtb_size)
{
    struct root_layout l;
    l.ui_start = ROUND_DOWN(img->vaddr_lo, PAGE_SIZE);
    l.ui_end = ROUND_UP(img->vaddr_hi, PAGE_SIZE);
    if (l.ui_end - l.ui_start > ROOT_TASK_MAX_IMAGE)
        panic("root task: image spans %lu bytes, more than the %lu we load", l.ui_end - l.ui_start,
              ROOT_TASK_MAX_IMAGE);
    l.bi = l.ui_end;
    l.extra = l.bi + seL4_BootInfoFrameSize;
    l.extra_size = bootinfo_extra_size(dtb_size);
    l.ipc_buffer = l.extra + l.extra_size;
    if (l.ipc_buffer + PAGE_SIZE > USER_TOP)
        panic("root task: image ends too close to the top of user space");
    return l;
}

/* Caps for the image's page tables in seL4's order (userImagePaging): every level-1 table,
 * then level 2, then level 3, each in address order, with the base of the span it maps. */
static void provide_table_caps(struct cte *slots, seL4_SlotRegion region, const struct vspace *vs)
{
    seL4_SlotPos next = region.start;
    for (unsigned want = 1; want <= 3; want++) {
        const pte_t *l0 = paddr_to_kva(vs->root);
        for (unsigned i0 = 0; i0 < PTES_PER_TABLE; i0++) {
            if (!pte_is_table(l0[i0]))
                continue;
            vaddr_t va0 = (vaddr_t)i0 << (PAGE_BITS + 3 * PT_INDEX_BITS);
            if (want == 1) {
                slots[next++].cap = cap_page_table_new(pte_address(l0[i0]), vs->asid, va0);
                continue;
            }
            const pte_t *l1 = paddr_to_kva(pte_address(l0[i0]));
            for (unsigned i1 = 0; i1 < PTES_PER_TABLE; i1++) {
                if (!pte_is_table(l1[i1]))
                    continue;
                vaddr_t va1 = va0 | ((vaddr_t)i1 << (PAGE_BITS + 2 * PT_INDEX_BITS));
                if (want == 2) {
                    slots[next++].cap = cap_page_table_new(pte_address(l1[i1]), vs->asid, va1);
                    continue;
                }
                const pte_t *l2 = paddr_to_kva(pte_address(l1[i1]));
                for (unsigned i2 = 0; i2 < PTES_PER_TABLE; i2++)
                    if (pte_is_table(l2[i2]))
                        slots[next++].cap = cap_page_table_new(
                            pte_address(l2[i2]), vs->asid, va1 | ((vaddr_t)i2 << (PAGE_BITS + PT_INDEX_BITS)));
            }
        }
    }
    kassert(next == region.end);
}

static word_t cap_rights_of(enum vm_rights r)
{
    return (r == VM_USER_RW || r == VM_USER_RWX) ? (CAP_RIGHT_READ | CAP_RIGHT_WRITE) : CAP_RIGHT_READ;
}

/* A 4 KiB RAM frame of the root task, mapped at va in its VSpace (ASID 1). */
static struct cap frame_cap(paddr_t pa, word_t rights, vaddr_t va)
{
    return cap_frame_new(pa, PAGE_BITS, rights, false, ROOT_ASID, va);
}

seL4_BootInfo *rootserver_create(const struct platform *p, struct tcb **tcb_out)
{
    struct elf_image img;
    find_image(p, &img);
    struct root_layout l = plan_layout(&img, p->dtb_used);
    word_t image_pages = (l.ui_end - l.ui_start) >> PAGE_BITS;
    word_t extra_pages = l.extra_size >> PAGE_BITS;
    unsigned tables = 0;

    struct tcb *t = paddr_to_kva(alloc_or_panic(PAGE_SIZE, "TCB"));
    paddr_t cnode = alloc_or_panic(BIT(ROOT_CNODE_SIZE_BITS + SLOT_BITS), "root CNode");
    struct cte *slots = paddr_to_kva(cnode);
    struct vspace vs = vspace_of(alloc_or_panic(PAGE_SIZE, "top-level page table"), ROOT_ASID);
    paddr_t image = alloc_or_panic(l.ui_end - l.ui_start, "image");
    paddr_t bi_frame = alloc_or_panic(PAGE_SIZE, "bootinfo frame");
    paddr_t extra = alloc_or_panic(l.extra_size, "extra bootinfo");
    paddr_t ipc_buffer = alloc_or_panic(PAGE_SIZE, "IPC buffer");
    struct asid_pool *pool = paddr_to_kva(alloc_or_panic(PAGE_SIZE, "ASID pool"));

    /* Copy the segments; the frames are zeroed, so .bss needs nothing more. */
    uint8_t *image_kva = paddr_to_kva(image);
    struct elf_segment s;
    unsigned it = 0;
    while (elf_next_load(&img, &it, &s))
        memcpy(image_kva + (s.vaddr - l.ui_start), img.file + s.offset, s.filesz);
    cache_sync_icache(image_kva, l.ui_end - l.ui_start);

    for (word_t i = 0; i < image_pages; i++) {
        vaddr_t va = l.ui_start + (i << PAGE_BITS);
        map_or_panic(&vs, va, image + (i << PAGE_BITS), page_rights(&img, va), &tables);
    }
    map_or_panic(&vs, l.bi, bi_frame, VM_USER_RW, &tables);
    for (word_t i = 0; i < extra_pages; i++)
        map_or_panic(&vs, l.extra + (i << PAGE_BITS), extra + (i << PAGE_BITS), VM_USER_RW, &tables);
    map_or_panic(&vs, l.ipc_buffer, ipc_buffer, VM_USER_RW, &tables);

    seL4_BootInfo *bi = paddr_to_kva(bi_frame);
    bootinfo_init(bi, l.ipc_buffer, slots);
    bi->userImagePaging = bootinfo_take_slots(tables);
    bi->extraBIPages = bootinfo_take_slots((unsigned)extra_pages);
    bi->userImageFrames = bootinfo_take_slots((unsigned)image_pages);

    struct cap root_cnode = cap_cnode_new(cnode, ROOT_CNODE_SIZE_BITS, 64 - ROOT_CNODE_SIZE_BITS, 0);
    slots[seL4_CapInitThreadTCB].cap = cap_thread_new(kva_to_paddr(t));
    slots[seL4_CapInitThreadCNode].cap = root_cnode;
    slots[seL4_CapInitThreadVSpace].cap = cap_vspace_new(vs.root, vs.asid);
    slots[seL4_CapIRQControl].cap = cap_simple_new(cap_irq_control);
    slots[seL4_CapASIDControl].cap = cap_simple_new(cap_asid_control);
    slots[seL4_CapInitThreadASIDPool].cap = cap_asid_pool_new(kva_to_paddr(pool), 0);
    slots[seL4_CapBootInfoFrame].cap = frame_cap(bi_frame, CAP_RIGHT_READ | CAP_RIGHT_WRITE, l.bi);
    slots[seL4_CapInitThreadIPCBuffer].cap = frame_cap(ipc_buffer, CAP_RIGHT_READ | CAP_RIGHT_WRITE, l.ipc_buffer);
    slots[seL4_CapDomain].cap = cap_simple_new(cap_domain);
    provide_table_caps(slots, bi->userImagePaging, &vs);
    for (word_t i = 0; i < extra_pages; i++)
        slots[bi->extraBIPages.start + i].cap =
            frame_cap(extra + (i << PAGE_BITS), CAP_RIGHT_READ | CAP_RIGHT_WRITE, l.extra + (i << PAGE_BITS));
    for (word_t i = 0; i < image_pages; i++) {
        vaddr_t va = l.ui_start + (i << PAGE_BITS);
        slots[bi->userImageFrames.start + i].cap =
            frame_cap(image + (i << PAGE_BITS), cap_rights_of(page_rights(&img, va)), va);
    }
    /* pool 0 serves ASIDs 0-511; the root task's VSpace is ASID 1 (0 is never assigned) */
    pool->vspace[ASID_LOW(ROOT_ASID)] = vs.root;
    asid_table[ASID_HIGH(ROOT_ASID)] = pool;
    bi->extraLen = bootinfo_write_extra(paddr_to_kva(extra), l.extra_size, paddr_to_kva(p->dtb_paddr),
                                        p->dtb_used);

    tcb_init_user(t, ROOT_TASK_NAME, seL4_MaxPrio, &vs, img.entry, l.bi);
    t->ipc_buffer_vaddr = l.ipc_buffer;
    t->ipc_buffer_paddr = ipc_buffer;
    t->cspace_root = root_cnode;
    t->mcp = seL4_MaxPrio;
    *tcb_out = t;

    kprintf("root task: entry 0x%lx, %lu frames, image 0x%lx-0x%lx at phys 0x%lx\n", img.entry,
            image_pages, l.ui_start, l.ui_end, image);
    kprintf("root task: bootinfo at 0x%lx, extra bootinfo %lu bytes (DTB %u bytes), IPC buffer at 0x%lx, "
            "%u page tables, ASID %u\n",
            l.bi, l.extra_size, p->dtb_used, l.ipc_buffer, tables, (unsigned)vs.asid);
    return bi;
}
