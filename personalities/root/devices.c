/*
 * Devices the root task grants: the virtio-mmio transports of QEMU's virt machine (32 of
 * 0x200 bytes from 0x0a000000, hw/arm/virt.c) mapped into the owning task, with physically
 * contiguous pages for DMA from its budget. The serial line is granted as the console lock
 * (build.c): the kernel keeps the PL011 itself.
 */
#include "system.h"
#include <rt/runtime.h>

#define VIRTIO_MMIO_PADDR 0x0a000000ul
#define VIRTIO_MMIO_PAGES 4
#define DMA_BITS 15 /* 8 pages */
#define PAGE 4096ul

/* The frames of [paddr, paddr + n pages) from the device untyped that holds them, into
 * consecutive root slots from *first. Carving skips what lies before paddr. */
static seL4_Error device_frames(seL4_Word paddr, unsigned n, seL4_CPtr *first)
{
    const seL4_BootInfo *bi = rt_bootinfo();
    for (seL4_CPtr s = bi->untyped.start; s < bi->untyped.end; s++) {
        const seL4_UntypedDesc *u = &bi->untypedList[s - bi->untyped.start];
        seL4_Word size = 1ul << u->sizeBits;
        if (!u->isDevice || paddr < u->paddr || paddr + n * PAGE > u->paddr + size)
            continue;
        seL4_Word off = paddr - u->paddr;
        seL4_Error err;
        for (int bit = u->sizeBits - 1; bit >= 12; bit--) {
            if (!(off & (1ul << bit)))
                continue;
            seL4_CPtr skip = rt_slot_alloc(sys.alloc);
            if ((err = seL4_Untyped_Retype(s, seL4_UntypedObject, (seL4_Word)bit, seL4_CapInitThreadCNode, 0, 0, skip, 1)))
                return err;
        }
        for (unsigned i = 0; i < n; i++) {
            seL4_CPtr slot = rt_slot_alloc(sys.alloc);
            if (i == 0)
                *first = slot;
            else if (slot != *first + i)
                return seL4_NotEnoughMemory; /* the slots must be consecutive */
            if ((err = seL4_Untyped_Retype(s, seL4_ARM_SmallPageObject, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1)))
                return err;
        }
        return seL4_NoError;
    }
    return seL4_FailedLookup;
}

int devices_grant(struct sys_task *t, uint32_t devices, struct rt_env *env)
{
    if (!(devices & CFG_DEVICE_VIRTIO_MMIO))
        return 0;
    seL4_CPtr first, dma_ut, frame;
    seL4_Error err = device_frames(VIRTIO_MMIO_PADDR, VIRTIO_MMIO_PAGES, &first);
    for (unsigned i = 0; err == seL4_NoError && i < VIRTIO_MMIO_PAGES; i++)
        err = rt_map_page(&t->ta, t->vspace, first + i, TASK_MMIO_VADDR + i * PAGE, seL4_CanRead | seL4_CanWrite, 0);
    if (err != seL4_NoError)
        return sys_error("mapping the virtio-mmio transports", t->cfg->name, err);
    /* DMA: an untyped of 2^DMA_BITS from its budget, cut into pages in address order. */
    struct rt_alloc dma;
    if ((err = rt_object_alloc(&t->ta, seL4_UntypedObject, DMA_BITS, &dma_ut)))
        return sys_error("making DMA memory (budget too small?)", t->cfg->name, err);
    rt_alloc_init(&dma, seL4_CapInitThreadCNode, 0, 0);
    dma.slot_source = sys.alloc;
    rt_alloc_add_untyped(&dma, dma_ut);
    for (unsigned i = 0; i < (1u << DMA_BITS) / PAGE; i++) {
        if ((err = rt_object_alloc(&dma, seL4_ARM_SmallPageObject, 0, &frame)) ||
            (err = rt_map_page(&t->ta, t->vspace, frame, TASK_DMA_VADDR + i * PAGE, seL4_CanRead | seL4_CanWrite,
                               seL4_ARM_Default_VMAttributes)))
            return sys_error("mapping DMA memory", t->cfg->name, err);
        if (i == 0) {
            seL4_ARM_Page_GetAddress_t a = seL4_ARM_Page_GetAddress(frame);
            if (a.error)
                return sys_error("finding DMA memory's address", t->cfg->name, (seL4_Error)a.error);
            env->dma_paddr = a.paddr;
        }
    }
    env->mmio_vaddr = TASK_MMIO_VADDR;
    env->mmio_size = VIRTIO_MMIO_PAGES * PAGE;
    env->dma_vaddr = TASK_DMA_VADDR;
    env->dma_size = 1ul << DMA_BITS;
    return 0;
}
