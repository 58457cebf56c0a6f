/* The blk service: a virtio-blk disk (virtio-mmio transport) in 512-byte sectors. */
#pragma once

#include <rt/service.h>

#define BLK_SECTOR 512
#define BLK_MAX_SECTORS (SVC_DATA_SIZE / BLK_SECTOR) /* per call: one channel buffer */

enum blk_op {
    BLK_INFO = 1,  /* -> w0 capacity in sectors */
    BLK_READ = 2,  /* w0 sector, w1 count: the sectors into the channel buffer */
    BLK_WRITE = 3, /* w0 sector, w1 count: the channel buffer onto the disk */
};

enum blk_status {
    BLK_ERR_NO_DEVICE = SVC_ERR_SERVICE + 0x10, /* no virtio-blk transport was found */
    BLK_ERR_IO,                                 /* the device answered with an error */
};

extern const struct svc_impl blk_service;

/* Read or write count sectors at sector through c, from/to buf; returns the status. */
seL4_Word blk_read(struct svc_conn *c, uint64_t sector, unsigned count, void *buf);
seL4_Word blk_write(struct svc_conn *c, uint64_t sector, unsigned count, const void *buf);
