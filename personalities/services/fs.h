/* The fs service: files of a FAT32 volume on the blk service, by 8.3 name in the root directory. */
#pragma once

#include <rt/service.h>

#define FS_NAME_MAX 12 /* "NAME.EXT" in 8.3 form, at most 8 + 1 + 3 characters */

enum fs_op {
    FS_READ = 1,  /* w0 offset, w1 length (<= SVC_DATA_SIZE), w2-w3 name: -> w0 bytes read, data in the buffer */
    FS_WRITE = 2, /* w0 offset, w1 length, w2-w3 name: the buffer into the file (created, extended) -> w0 bytes */
    FS_SIZE = 3,  /* w2-w3 name -> w0 size */
};

enum fs_status {
    FS_ERR_NO_VOLUME = SVC_ERR_SERVICE + 0x20, /* no FAT32 volume (or no disk) */
    FS_ERR_NOT_FOUND,                          /* no such file */
    FS_ERR_BAD_NAME,                           /* not an 8.3 name */
    FS_ERR_FULL,                               /* no free cluster or directory entry */
    FS_ERR_IO,                                 /* the disk failed */
};

extern const struct svc_impl fs_service;

/* Client calls through c: bytes read or written in *n; the status is returned. */
seL4_Word fs_read(struct svc_conn *c, const char *name, uint64_t offset, void *buf, size_t len, size_t *n);
seL4_Word fs_write(struct svc_conn *c, const char *name, uint64_t offset, const void *buf, size_t len, size_t *n);
seL4_Word fs_size(struct svc_conn *c, const char *name, uint64_t *size);
