/*
 * The blk service: virtio-blk over virtio-mmio (legacy version 1, as QEMU's default, or
 * version 2), one request at a time on queue 0. The transports are the mmio window the root
 * task maps into the task that owns `virtio-mmio`; DMA goes through the task's physically
 * contiguous DMA pages (rt_env: dma_vaddr/dma_paddr). It sleeps on the transport's interrupt
 * if the task owns it (irqs=, QEMU virt: transport i is INTID 48 + i), else it polls.
 */
#include "blk.h"
#include <rt/string.h>
#include <rt/task.h>

#define MMIO_MAGIC 0x000
#define MMIO_VERSION 0x004
#define MMIO_DEVICE_ID 0x008
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES 0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_GUEST_PAGE_SIZE 0x028 /* legacy */
#define MMIO_QUEUE_SEL 0x030
#define MMIO_QUEUE_NUM_MAX 0x034
#define MMIO_QUEUE_NUM 0x038
#define MMIO_QUEUE_ALIGN 0x03c /* legacy */
#define MMIO_QUEUE_PFN 0x040   /* legacy */
#define MMIO_QUEUE_READY 0x044
#define MMIO_QUEUE_NOTIFY 0x050
#define MMIO_INTERRUPT_STATUS 0x060
#define MMIO_INTERRUPT_ACK 0x064
#define MMIO_STATUS 0x070
#define MMIO_QUEUE_DESC 0x080
#define MMIO_QUEUE_DRIVER 0x090
#define MMIO_QUEUE_DEVICE 0x0a0
#define MMIO_CONFIG 0x100 /* virtio-blk: capacity, 64 bits */
#define MMIO_TRANSPORT_SIZE 0x200
#define MMIO_FIRST_INTID 48 /* QEMU virt: SPI 16 + transport index */

#define VIRTIO_MAGIC 0x74726976u
#define VIRTIO_ID_BLOCK 2
#define STATUS_ACK 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define DESC_NEXT 1
#define DESC_WRITE 2
#define REQ_IN 0
#define REQ_OUT 1
#define QUEUE_SIZE 8
#define PAGE 4096

/* DMA pages: 0-1 the legacy vring (used ring on the second page), 2 request header and
 * status, 3-4 data. */
#define DMA_HEADER (2 * PAGE)
#define DMA_STATUS (2 * PAGE + 16)
#define DMA_DATA (3 * PAGE)
#define DMA_NEEDED (5 * PAGE)

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
struct avail {
    uint16_t flags, idx, ring[QUEUE_SIZE];
};
struct used {
    uint16_t flags, idx;
    struct {
        uint32_t id, len;
    } ring[QUEUE_SIZE];
};
struct request {
    uint32_t type, reserved;
    uint64_t sector;
};

struct blk {
    volatile uint8_t *regs; /* 0: no device */
    uint8_t *dma;
    uint64_t dma_paddr;
    uint64_t capacity;
    uint16_t last_used;
    seL4_CPtr irq, irq_ntfn; /* the transport's interrupt handler and notification; 0: poll */
};

static uint32_t rd(struct blk *b, unsigned off) { return *(volatile uint32_t *)(b->regs + off); }
static void wr(struct blk *b, unsigned off, uint32_t v) { *(volatile uint32_t *)(b->regs + off) = v; }

/* Set up the first virtio-blk transport; SVC_OK, or BLK_ERR_NO_DEVICE (calls then fail). */
static seL4_Word blk_init(void *state)
{
    struct blk *b = state;
    struct rt_env *env = rt_env();
    if (!env->mmio_vaddr || env->dma_size < DMA_NEEDED)
        return SVC_OK; /* no device granted: every call answers BLK_ERR_NO_DEVICE */
    for (size_t off = 0; off + MMIO_TRANSPORT_SIZE <= env->mmio_size; off += MMIO_TRANSPORT_SIZE) {
        b->regs = (volatile uint8_t *)env->mmio_vaddr + off;
        if (rd(b, MMIO_MAGIC) == VIRTIO_MAGIC && rd(b, MMIO_DEVICE_ID) == VIRTIO_ID_BLOCK)
            break;
        b->regs = 0;
    }
    if (!b->regs)
        return SVC_OK;
    unsigned intid = MMIO_FIRST_INTID + (unsigned)(((uintptr_t)b->regs - env->mmio_vaddr) / MMIO_TRANSPORT_SIZE);
    for (unsigned k = 0; k < env->n_irqs; k++)
        if (env->irqs[k] == intid) {
            b->irq = RT_TASK_IRQ + k;
            b->irq_ntfn = RT_TASK_IRQ_NTFN + k;
            seL4_IRQHandler_Ack(b->irq); /* masked if it fired before a restart */
        }
    b->dma = (uint8_t *)env->dma_vaddr;
    b->dma_paddr = env->dma_paddr;
    memset(b->dma, 0, DMA_NEEDED);
    uint32_t version = rd(b, MMIO_VERSION);
    wr(b, MMIO_STATUS, 0);
    wr(b, MMIO_STATUS, STATUS_ACK | STATUS_DRIVER);
    if (version >= 2) { /* VIRTIO_F_VERSION_1 (feature bit 32), nothing else */
        wr(b, MMIO_DRIVER_FEATURES_SEL, 1);
        wr(b, MMIO_DRIVER_FEATURES, 1);
        wr(b, MMIO_DRIVER_FEATURES_SEL, 0);
        wr(b, MMIO_DRIVER_FEATURES, 0);
        wr(b, MMIO_STATUS, STATUS_ACK | STATUS_DRIVER | STATUS_FEATURES_OK);
        if (!(rd(b, MMIO_STATUS) & STATUS_FEATURES_OK)) {
            b->regs = 0;
            return SVC_OK;
        }
    } else {
        wr(b, MMIO_DRIVER_FEATURES, 0);
        wr(b, MMIO_GUEST_PAGE_SIZE, PAGE);
    }
    wr(b, MMIO_QUEUE_SEL, 0);
    if (rd(b, MMIO_QUEUE_NUM_MAX) < QUEUE_SIZE) {
        b->regs = 0;
        return SVC_OK;
    }
    wr(b, MMIO_QUEUE_NUM, QUEUE_SIZE);
    if (version >= 2) {
        wr(b, MMIO_QUEUE_DESC, (uint32_t)b->dma_paddr);
        wr(b, MMIO_QUEUE_DESC + 4, (uint32_t)(b->dma_paddr >> 32));
        wr(b, MMIO_QUEUE_DRIVER, (uint32_t)(b->dma_paddr + sizeof(struct desc) * QUEUE_SIZE));
        wr(b, MMIO_QUEUE_DRIVER + 4, (uint32_t)((b->dma_paddr + sizeof(struct desc) * QUEUE_SIZE) >> 32));
        wr(b, MMIO_QUEUE_DEVICE, (uint32_t)(b->dma_paddr + PAGE));
        wr(b, MMIO_QUEUE_DEVICE + 4, (uint32_t)((b->dma_paddr + PAGE) >> 32));
        wr(b, MMIO_QUEUE_READY, 1);
    } else {
        wr(b, MMIO_QUEUE_ALIGN, PAGE);
        wr(b, MMIO_QUEUE_PFN, (uint32_t)(b->dma_paddr / PAGE));
    }
    wr(b, MMIO_STATUS, rd(b, MMIO_STATUS) | STATUS_DRIVER_OK);
    b->capacity = rd(b, MMIO_CONFIG) | (uint64_t)rd(b, MMIO_CONFIG + 4) << 32;
    return SVC_OK;
}

/* One request, waited for; SVC_OK or BLK_ERR_IO. */
static seL4_Word transfer(struct blk *b, uint32_t type, uint64_t sector, uint32_t bytes)
{
    struct desc *d = (struct desc *)b->dma;
    struct avail *avail = (struct avail *)(b->dma + sizeof(struct desc) * QUEUE_SIZE);
    volatile struct used *used = (volatile struct used *)(b->dma + PAGE);
    struct request *req = (struct request *)(b->dma + DMA_HEADER);
    volatile uint8_t *status = b->dma + DMA_STATUS;
    *req = (struct request){type, 0, sector};
    *status = 0xff;
    d[0] = (struct desc){b->dma_paddr + DMA_HEADER, sizeof(*req), DESC_NEXT, 1};
    d[1] = (struct desc){b->dma_paddr + DMA_DATA, bytes, (uint16_t)(DESC_NEXT | (type == REQ_IN ? DESC_WRITE : 0)), 2};
    d[2] = (struct desc){b->dma_paddr + DMA_STATUS, 1, DESC_WRITE, 0};
    avail->ring[avail->idx % QUEUE_SIZE] = 0;
    __asm__ volatile("dmb sy" ::: "memory");
    avail->idx++;
    __asm__ volatile("dmb sy" ::: "memory");
    wr(b, MMIO_QUEUE_NOTIFY, 0);
    /* A completion signals the notification even when it comes before the wait; one seen
     * early leaves a signal that only makes the next wait look again. */
    while (used->idx == b->last_used) {
        if (b->irq_ntfn)
            seL4_Wait(b->irq_ntfn);
        else
            seL4_Yield();
    }
    b->last_used = used->idx;
    wr(b, MMIO_INTERRUPT_ACK, rd(b, MMIO_INTERRUPT_STATUS));
    if (b->irq)
        seL4_IRQHandler_Ack(b->irq);
    return *status == 0 ? SVC_OK : BLK_ERR_IO;
}

static void blk_handle(void *state, const struct svc_client *client, struct svc_msg *msg)
{
    struct blk *b = state;
    uint64_t sector = msg->w[0], count = msg->w[1];
    if (!b->regs) {
        msg->op = BLK_ERR_NO_DEVICE;
        return;
    }
    switch (msg->op) {
    case BLK_INFO:
        msg->w[0] = b->capacity;
        msg->op = SVC_OK;
        return;
    case BLK_READ:
    case BLK_WRITE:
        if (count == 0 || count > BLK_MAX_SECTORS || sector >= b->capacity || count > b->capacity - sector) {
            msg->op = SVC_ERR_BAD_ARG;
            return;
        }
        if (msg->op == BLK_WRITE)
            memcpy(b->dma + DMA_DATA, client->data, count * BLK_SECTOR);
    {
        int read = msg->op == BLK_READ;
        msg->op = transfer(b, read ? REQ_IN : REQ_OUT, sector, (uint32_t)(count * BLK_SECTOR));
        if (msg->op == SVC_OK && read)
            memcpy(client->data, b->dma + DMA_DATA, count * BLK_SECTOR);
        return;
    }
    default:
        msg->op = SVC_ERR_BAD_OP;
    }
}

const struct svc_impl blk_service = {"blk", sizeof(struct blk), blk_init, blk_handle, 0};

static seL4_Word blk_call(struct svc_conn *c, seL4_Word op, uint64_t sector, unsigned count)
{
    if (!c)
        return SVC_ERR_UNAVAILABLE;
    struct svc_msg m = {op, {sector, count, 0, 0}};
    return svc_call(c, &m);
}

seL4_Word blk_read(struct svc_conn *c, uint64_t sector, unsigned count, void *buf)
{
    seL4_Word st = blk_call(c, BLK_READ, sector, count);
    if (st == SVC_OK)
        memcpy(buf, c->self.data, count * BLK_SECTOR);
    return st;
}

seL4_Word blk_write(struct svc_conn *c, uint64_t sector, unsigned count, const void *buf)
{
    if (!c || count > BLK_MAX_SECTORS)
        return c ? SVC_ERR_BAD_ARG : SVC_ERR_UNAVAILABLE;
    memcpy(c->self.data, buf, count * BLK_SECTOR);
    return blk_call(c, BLK_WRITE, sector, count);
}
