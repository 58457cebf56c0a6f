/*
 * The fs service: FAT32 (Microsoft's FAT specification: BPB, FAT of 28-bit entries, 32-byte
 * directory entries) on 512-byte sectors read through the blk service, whichever binding
 * that has. Files live in the root directory and are named in 8.3 form; long names are
 * skipped. Writes extend files cluster by cluster and update every FAT copy. A small sector
cache (written through) serves repeated reads.
 */
#include "fs.h"
#include "blk.h"
#include <rt/string.h>
#include <rt/task.h>

#define SECTOR BLK_SECTOR
#define FAT_EOC 0x0ffffff8u
#define FAT_MASK 0x0fffffffu
#define ATTR_LFN 0x0f
#define ATTR_VOLUME 0x08
#define DIRENT 32
#define CACHE_SECTORS 32

struct fs {
    int mounted;
    uint32_t sec_per_clus, num_fats, fat_size, root_clus, total_clusters;
    uint64_t fat_start, data_start;
    uint8_t sec[SECTOR]; /* scratch sector */
    /* Sector cache, direct-mapped by LBA, written through: repeated reads of a file, its
     * directory and FAT sectors do not go to the disk again. */
    uint64_t cache_lba[CACHE_SECTORS]; /* lba + 1; 0 = empty */
    uint8_t cache[CACHE_SECTORS][SECTOR];
};

static struct svc_conn *blk(void) { return rt_service("blk"); }

/* count sectors from lba into dst, from the cache or (the whole run) from the disk. */
static seL4_Word sector_read(struct fs *f, uint64_t lba, unsigned count, uint8_t *dst)
{
    unsigned hit = 0;
    while (hit < count && f->cache_lba[(lba + hit) % CACHE_SECTORS] == lba + hit + 1)
        hit++;
    if (hit < count) {
        seL4_Word st = blk_read(blk(), lba, count, dst);
        if (st != SVC_OK)
            return st;
        for (unsigned i = 0; i < count; i++) {
            f->cache_lba[(lba + i) % CACHE_SECTORS] = lba + i + 1;
            memcpy(f->cache[(lba + i) % CACHE_SECTORS], dst + i * SECTOR, SECTOR);
        }
        return SVC_OK;
    }
    for (unsigned i = 0; i < count; i++)
        memcpy(dst + i * SECTOR, f->cache[(lba + i) % CACHE_SECTORS], SECTOR);
    return SVC_OK;
}

static seL4_Word sector_write(struct fs *f, uint64_t lba, const uint8_t *src)
{
    seL4_Word st = blk_write(blk(), lba, 1, src);
    f->cache_lba[lba % CACHE_SECTORS] = st == SVC_OK ? lba + 1 : 0;
    if (st == SVC_OK)
        memcpy(f->cache[lba % CACHE_SECTORS], src, SECTOR);
    return st;
}

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v), put16(p + 2, v >> 16); }

static seL4_Word fs_init(void *state)
{
    struct fs *f = state;
    if (sector_read(f, 0, 1, f->sec) != SVC_OK)
        return SVC_OK; /* no disk: every call answers FS_ERR_NO_VOLUME */
    uint8_t *b = f->sec;
    uint32_t reserved = le16(b + 14), total = le16(b + 19) ? le16(b + 19) : le32(b + 32);
    f->sec_per_clus = b[13];
    f->num_fats = b[16];
    f->fat_size = le32(b + 36);
    f->root_clus = le32(b + 44);
    if (le16(b + 11) != SECTOR || f->sec_per_clus == 0 || f->num_fats == 0 || le16(b + 22) != 0 ||
        f->fat_size == 0 || b[510] != 0x55 || b[511] != 0xaa)
        return SVC_OK; /* not FAT32 */
    f->fat_start = reserved;
    f->data_start = reserved + (uint64_t)f->num_fats * f->fat_size;
    f->total_clusters = (uint32_t)((total - f->data_start) / f->sec_per_clus);
    f->mounted = 1;
    return SVC_OK;
}

static uint64_t cluster_lba(const struct fs *f, uint32_t c) { return f->data_start + (uint64_t)(c - 2) * f->sec_per_clus; }

static seL4_Word fat_get(struct fs *f, uint32_t c, uint32_t *next)
{
    seL4_Word st = sector_read(f, f->fat_start + c / (SECTOR / 4), 1, f->sec);
    *next = le32(f->sec + (c % (SECTOR / 4)) * 4) & FAT_MASK;
    return st == SVC_OK ? SVC_OK : FS_ERR_IO;
}

static seL4_Word fat_set(struct fs *f, uint32_t c, uint32_t v)
{
    for (uint32_t copy = 0; copy < f->num_fats; copy++) {
        uint64_t lba = f->fat_start + (uint64_t)copy * f->fat_size + c / (SECTOR / 4);
        if (sector_read(f, lba, 1, f->sec) != SVC_OK)
            return FS_ERR_IO;
        uint8_t *e = f->sec + (c % (SECTOR / 4)) * 4;
        put32(e, (le32(e) & ~FAT_MASK) | (v & FAT_MASK));
        if (sector_write(f, lba, f->sec) != SVC_OK)
            return FS_ERR_IO;
    }
    return SVC_OK;
}

/* A free cluster, marked end of chain; FS_ERR_FULL if none. */
static seL4_Word cluster_alloc(struct fs *f, uint32_t *out)
{
    for (uint32_t c = 2; c < f->total_clusters + 2; c++) {
        uint32_t v;
        if (fat_get(f, c, &v) != SVC_OK)
            return FS_ERR_IO;
        if (v == 0) {
            *out = c;
            return fat_set(f, c, FAT_EOC);
        }
    }
    return FS_ERR_FULL;
}

/* "NAME.EXT" (w2, w3 of a message) as the 11 bytes of a directory entry. */
static int short_name(const seL4_Word w[2], uint8_t out[11])
{
    char name[FS_NAME_MAX + 1];
    memcpy(name, w, FS_NAME_MAX);
    name[FS_NAME_MAX] = '\0';
    memset(out, ' ', 11);
    unsigned i = 0, n = 0;
    for (; name[i] && name[i] != '.'; i++, n++) {
        char c = name[i];
        if (n == 8 || c == ' ' || (unsigned char)c < 0x21 || (unsigned char)c > 0x7e)
            return 0;
        out[n] = (uint8_t)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    if (n == 0)
        return 0;
    if (name[i] == '.')
        for (i++, n = 8; name[i]; i++, n++) {
            char c = name[i];
            if (n == 11 || c == '.' || (unsigned char)c < 0x21 || (unsigned char)c > 0x7e)
                return 0;
            out[n] = (uint8_t)(c >= 'a' && c <= 'z' ? c - 32 : c);
        }
    return 1;
}

/* Where a file's entry is: the sector holding it and its offset there. */
struct dirent_at {
    uint64_t lba;
    unsigned off;
};

/* Find name in the root directory (*at); with `create`, the first free entry if absent.
 * SVC_OK (found or made), FS_ERR_NOT_FOUND, FS_ERR_FULL or FS_ERR_IO. */
static seL4_Word dir_find(struct fs *f, const uint8_t name[11], int create, struct dirent_at *at)
{
    struct dirent_at free_at = {0, 0};
    uint32_t c = f->root_clus;
    for (unsigned hops = 0; c >= 2 && c < FAT_EOC && hops < f->total_clusters; hops++) {
        for (uint32_t s = 0; s < f->sec_per_clus; s++) {
            uint64_t lba = cluster_lba(f, c) + s;
            if (sector_read(f, lba, 1, f->sec) != SVC_OK)
                return FS_ERR_IO;
            for (unsigned off = 0; off < SECTOR; off += DIRENT) {
                uint8_t *e = f->sec + off;
                if ((e[0] == 0 || e[0] == 0xe5) && !free_at.lba)
                    free_at = (struct dirent_at){lba, off};
                if (e[0] == 0)
                    goto end;
                if (e[0] == 0xe5 || e[11] == ATTR_LFN || (e[11] & ATTR_VOLUME))
                    continue;
                if (memcmp(e, name, 11) == 0) {
                    *at = (struct dirent_at){lba, off};
                    return SVC_OK;
                }
            }
        }
        if (fat_get(f, c, &c) != SVC_OK)
            return FS_ERR_IO;
    }
end:
    if (!create)
        return FS_ERR_NOT_FOUND;
    if (!free_at.lba)
        return FS_ERR_FULL; /* (the root directory is not grown) */
    if (sector_read(f, free_at.lba, 1, f->sec) != SVC_OK)
        return FS_ERR_IO;
    uint8_t *e = f->sec + free_at.off;
    memset(e, 0, DIRENT);
    memcpy(e, name, 11);
    e[11] = 0x20; /* archive */
    *at = free_at;
    return sector_write(f, free_at.lba, f->sec) == SVC_OK ? SVC_OK : FS_ERR_IO;
}

/* The entry's first cluster and size (f->sec then holds its sector). */
static seL4_Word dirent_read(struct fs *f, struct dirent_at at, uint32_t *first, uint32_t *size)
{
    if (sector_read(f, at.lba, 1, f->sec) != SVC_OK)
        return FS_ERR_IO;
    const uint8_t *e = f->sec + at.off;
    *first = (uint32_t)le16(e + 20) << 16 | le16(e + 26);
    *size = le32(e + 28);
    return SVC_OK;
}

static seL4_Word dirent_write(struct fs *f, struct dirent_at at, uint32_t first, uint32_t size)
{
    if (sector_read(f, at.lba, 1, f->sec) != SVC_OK)
        return FS_ERR_IO;
    uint8_t *e = f->sec + at.off;
    put16(e + 20, first >> 16);
    put16(e + 26, first);
    put32(e + 28, size);
    return sector_write(f, at.lba, f->sec) == SVC_OK ? SVC_OK : FS_ERR_IO;
}

/* Copy len bytes at offset of the chain from first between the file and data (write: to the
 * file, growing the chain; *first is set if the file had no cluster). */
static seL4_Word file_io(struct fs *f, uint32_t *first, uint64_t offset, uint8_t *data, size_t len, int write)
{
    uint32_t clus_bytes = f->sec_per_clus * SECTOR, c = *first, prev = 0;
    seL4_Word st;
    if (!c && write) {
        if ((st = cluster_alloc(f, &c)) != SVC_OK)
            return st;
        *first = c;
    }
    for (uint64_t skip = offset / clus_bytes; skip; skip--) {
        prev = c;
        if ((st = fat_get(f, prev, &c)) != SVC_OK)
            return st;
        if (c >= FAT_EOC && write) {
            if ((st = cluster_alloc(f, &c)) != SVC_OK || (st = fat_set(f, prev, c)) != SVC_OK)
                return st;
        }
        if (c < 2 || c >= FAT_EOC)
            return FS_ERR_IO;
    }
    size_t done = 0;
    uint64_t pos = offset % clus_bytes;
    while (done < len) {
        uint64_t lba = cluster_lba(f, c) + pos / SECTOR;
        unsigned in = (unsigned)(pos % SECTOR), n = SECTOR - in;
        if (n > len - done)
            n = (unsigned)(len - done);
        if (write) {
            if (n < SECTOR && sector_read(f, lba, 1, f->sec) != SVC_OK)
                return FS_ERR_IO;
            memcpy(f->sec + in, data + done, n);
            if (sector_write(f, lba, f->sec) != SVC_OK)
                return FS_ERR_IO;
        } else if (in == 0 && n == SECTOR && len - done >= SECTOR) {
            /* whole sectors to the end of the cluster in one call */
            unsigned k = (unsigned)((clus_bytes - pos) / SECTOR);
            if (k > (len - done) / SECTOR)
                k = (unsigned)((len - done) / SECTOR);
            if (k > BLK_MAX_SECTORS)
                k = BLK_MAX_SECTORS;
            if (sector_read(f, lba, k, data + done) != SVC_OK)
                return FS_ERR_IO;
            n = k * SECTOR;
        } else {
            if (sector_read(f, lba, 1, f->sec) != SVC_OK)
                return FS_ERR_IO;
            memcpy(data + done, f->sec + in, n);
        }
        done += n;
        pos += n;
        if (pos == clus_bytes && done < len) {
            pos = 0;
            prev = c;
            if ((st = fat_get(f, prev, &c)) != SVC_OK)
                return st;
            if (c >= FAT_EOC && write && ((st = cluster_alloc(f, &c)) != SVC_OK || (st = fat_set(f, prev, c)) != SVC_OK))
                return st;
            if (c < 2 || c >= FAT_EOC)
                return FS_ERR_IO;
        }
    }
    return SVC_OK;
}

static void fs_handle(void *state, const struct svc_client *client, struct svc_msg *msg)
{
    struct fs *f = state;
    uint64_t offset = msg->w[0];
    size_t len = msg->w[1];
    uint8_t name[11];
    struct dirent_at at;
    uint32_t first, size;
    seL4_Word op = msg->op;
    msg->w[0] = 0;
    if (!f->mounted) {
        msg->op = FS_ERR_NO_VOLUME;
        return;
    }
    if (op != FS_READ && op != FS_WRITE && op != FS_SIZE) {
        msg->op = SVC_ERR_BAD_OP;
        return;
    }
    if (!short_name(&msg->w[2], name)) {
        msg->op = FS_ERR_BAD_NAME;
        return;
    }
    if (len > SVC_DATA_SIZE || offset > 0xffffffffull - len) {
        msg->op = SVC_ERR_BAD_ARG;
        return;
    }
    if ((msg->op = dir_find(f, name, op == FS_WRITE, &at)) != SVC_OK ||
        (msg->op = dirent_read(f, at, &first, &size)) != SVC_OK)
        return;
    if (op == FS_SIZE) {
        msg->w[0] = size;
        return;
    }
    if (op == FS_READ) {
        if (offset >= size)
            len = 0;
        else if (len > size - offset)
            len = size - offset;
        if (len && (msg->op = file_io(f, &first, offset, client->data, len, 0)) != SVC_OK)
            return;
        msg->w[0] = len;
        return;
    }
    uint32_t had = first;
    if (len && (msg->op = file_io(f, &first, offset, client->data, len, 1)) != SVC_OK)
        return;
    if ((first != had || offset + len > size) &&
        (msg->op = dirent_write(f, at, first, offset + len > size ? (uint32_t)(offset + len) : size)) != SVC_OK)
        return;
    msg->w[0] = len;
}

const struct svc_impl fs_service = {"fs", sizeof(struct fs), fs_init, fs_handle, 0};

static seL4_Word fs_call(struct svc_conn *c, seL4_Word op, const char *name, uint64_t offset, size_t len, seL4_Word *out)
{
    if (!c)
        return SVC_ERR_UNAVAILABLE;
    if (strlen(name) > FS_NAME_MAX)
        return FS_ERR_BAD_NAME;
    struct svc_msg m = {op, {offset, len, 0, 0}};
    memcpy(&m.w[2], name, strlen(name));
    seL4_Word st = svc_call(c, &m);
    *out = m.w[0];
    return st;
}

seL4_Word fs_read(struct svc_conn *c, const char *name, uint64_t offset, void *buf, size_t len, size_t *n)
{
    seL4_Word got = 0, st = fs_call(c, FS_READ, name, offset, len, &got);
    if (st == SVC_OK)
        memcpy(buf, c->self.data, got);
    *n = got;
    return st;
}

seL4_Word fs_write(struct svc_conn *c, const char *name, uint64_t offset, const void *buf, size_t len, size_t *n)
{
    if (c && len <= SVC_DATA_SIZE)
        memcpy(c->self.data, buf, len);
    seL4_Word done = 0, st = fs_call(c, FS_WRITE, name, offset, len, &done);
    *n = done;
    return st;
}

seL4_Word fs_size(struct svc_conn *c, const char *name, uint64_t *size)
{
    return fs_call(c, FS_SIZE, name, 0, 0, size);
}
