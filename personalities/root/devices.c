/*
 * Devices the root task grants: the virtio-mmio transports of QEMU's virt machine (32 of
 * 0x200 bytes from 0x0a000000, hw/arm/virt.c) mapped into the owning task, with physically
 * contiguous pages for DMA from its budget; the PL011's page to the console owner (the kernel
 * keeps writing its own text through its own mapping; receive belongs to the owner). The lock
 * on the line is granted in build.c.
 */
#include "../services/uart.h"
#include "system.h"
#include <rt/fmt.h>
#include <rt/runtime.h>

#define VIRTIO_MMIO_PADDR 0x0a000000ul
#define VIRTIO_MMIO_PAGES 4
#define DMA_BITS 15 /* 8 pages */
#define PAGE 4096ul

/* How far into each bootinfo untyped the root task has carved: device memory is handed out
 * in address order, each page once. */
static seL4_Word carved[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];

/* Advance untyped s (at carved[i]) to offset off by retyping the largest aligned blocks between. */
static seL4_Error carve_to(seL4_CPtr s, unsigned i, seL4_Word off)
{
    while (carved[i] < off) {
        int bit = 12;
        while (bit < 47 && !(carved[i] & (1ul << bit)) && carved[i] + (2ul << bit) <= off)
            bit++;
        seL4_CPtr skip = rt_slot_alloc(sys.alloc);
        seL4_Error err = seL4_Untyped_Retype(s, seL4_UntypedObject, (seL4_Word)bit, seL4_CapInitThreadCNode, 0, 0, skip, 1);
        if (err)
            return err;
        carved[i] += 1ul << bit;
    }
    return seL4_NoError;
}

seL4_Error device_map(seL4_Word paddr, unsigned pages, seL4_CPtr vspace, struct rt_alloc *tables, seL4_Word vaddr)
{
    const seL4_BootInfo *bi = rt_bootinfo();
    for (unsigned p = 0; p < pages; p++) {
        seL4_Word pa = paddr + p * PAGE;
        seL4_Error err = seL4_FailedLookup;
        for (seL4_CPtr s = bi->untyped.start; s < bi->untyped.end; s++) {
            unsigned i = (unsigned)(s - bi->untyped.start);
            const seL4_UntypedDesc *u = &bi->untypedList[i];
            if (!u->isDevice || pa < u->paddr || pa - u->paddr >= (1ul << u->sizeBits))
                continue;
            seL4_Word off = pa - u->paddr;
            seL4_CPtr frame = rt_slot_alloc(sys.alloc);
            if (carved[i] > off)
                return seL4_RevokeFirst; /* that page was handed out already */
            if ((err = carve_to(s, i, off)) ||
                (err = seL4_Untyped_Retype(s, seL4_ARM_SmallPageObject, 0, seL4_CapInitThreadCNode, 0, 0, frame, 1)))
                return err;
            carved[i] = off + PAGE;
            err = sys_map(tables, vspace, frame, vaddr + p * PAGE, seL4_CanRead | seL4_CanWrite, 0);
            break;
        }
        if (err)
            return err;
    }
    return seL4_NoError;
}

int irqs_grant(struct sys_task *t, const struct cfg_entry *owner, struct rt_env *env)
{
    for (unsigned k = 0; k < owner->n_irqs; k++) {
        unsigned n = env->n_irqs;
        if (n == sizeof(env->irqs) / sizeof(env->irqs[0]))
            return sys_error("granting interrupts (more than 4)", t->cfg->name, seL4_RangeError);
        /* The handler (made in the root task's CSpace, set, then moved to the task), and a
         * notification from its budget that the line signals, badged 1 (a signal of badge 0
         * that finds no waiter would be lost). */
        seL4_CPtr handler = rt_slot_alloc(sys.alloc), ntfn, badged = rt_slot_alloc(sys.alloc);
        seL4_Error err = handler && badged ? seL4_NoError : seL4_NotEnoughMemory;
        if (!err)
            err = seL4_IRQControl_Get(seL4_CapIRQControl, owner->irqs[k], seL4_CapInitThreadCNode, handler,
                                      RT_CNODE_DEPTH);
        if (!err && !(err = rt_object_alloc(&t->ta, seL4_NotificationObject, 0, &ntfn)) &&
            !(err = seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, RT_CNODE_DEPTH, seL4_CapInitThreadCNode, ntfn,
                                    RT_CNODE_DEPTH, seL4_AllRights, 1)) &&
            !(err = seL4_IRQHandler_SetNotification(handler, badged)) &&
            !(err = seL4_CNode_Copy(t->cnode, RT_TASK_IRQ_NTFN + n, RT_CNODE_DEPTH, seL4_CapInitThreadCNode, badged,
                                    RT_CNODE_DEPTH, seL4_AllRights)))
            err = seL4_CNode_Move(t->cnode, RT_TASK_IRQ + n, RT_CNODE_DEPTH, seL4_CapInitThreadCNode, handler,
                                  RT_CNODE_DEPTH);
        if (err != seL4_NoError) {
            char what[48];
            rt_snprintf(what, sizeof(what), "granting irq %u", owner->irqs[k]);
            return sys_error(what, t->cfg->name, err);
        }
        env->irqs[env->n_irqs++] = owner->irqs[k];
    }
    return 0;
}

int devices_grant(struct sys_task *t, const struct cfg_entry *owner, uint32_t devices, struct rt_env *env)
{
    seL4_Error err;
    /* The PL011's registers only for an owner that takes its interrupt: input is the reason. */
    int input = 0;
    for (unsigned k = 0; k < owner->n_irqs; k++)
        input |= owner->irqs[k] == UART_PL011_IRQ;
    if ((devices & CFG_DEVICE_CONSOLE) && input && !env->uart_vaddr) {
        if ((err = device_map(UART_PL011_PADDR, 1, t->vspace, &t->ta, TASK_UART_VADDR)))
            return sys_error("mapping the PL011", t->cfg->name, err);
        env->uart_vaddr = TASK_UART_VADDR;
    }
    if (!(devices & CFG_DEVICE_VIRTIO_MMIO))
        return 0;
    seL4_CPtr dma_ut, frame;
    err = device_map(VIRTIO_MMIO_PADDR, VIRTIO_MMIO_PAGES, t->vspace, &t->ta, TASK_MMIO_VADDR);
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
            (err = sys_map(&t->ta, t->vspace, frame, TASK_DMA_VADDR + i * PAGE, seL4_CanRead | seL4_CanWrite,
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
