/* cpio "newc" archive reader: bounds-checked, handles concatenated archives and padding. */
#include <boot/cpio.h>
#include <kernel/string.h>

/*
 * newc header: 6-byte magic "070701" (or "070702", with checksums), then 13 fields of
 * 8 ASCII hex digits: ino mode uid gid nlink mtime filesize devmajor devminor
 * rdevmajor rdevminor namesize check. The name (namesize bytes, NUL included) follows,
 * padded so header + name is a multiple of 4; the data follows, padded to 4.
 * The member "TRAILER!!!" ends one archive; another archive may follow after NUL padding
 * (this is how the node agent appends the boot configuration).
 */
#define CPIO_HEADER_SIZE 110
#define CPIO_FIELD_MODE 1
#define CPIO_FIELD_FILESIZE 6
#define CPIO_FIELD_NAMESIZE 11
#define CPIO_MODE_TYPE_MASK 0170000u
#define CPIO_MODE_REGULAR 0100000u

const char *cpio_strerror(enum cpio_error err)
{
    switch (err) {
    case CPIO_OK: return "ok";
    case CPIO_NOT_FOUND: return "member not found";
    case CPIO_BAD_MAGIC: return "bad header magic (not a newc cpio archive)";
    case CPIO_BAD_HEADER: return "malformed header";
    case CPIO_TRUNCATED: return "archive truncated";
    }
    return "unknown error";
}

/* Field `index` as a number; false if it is not 8 hex digits. */
static bool hex_field(const uint8_t *hdr, unsigned index, uint32_t *out)
{
    const uint8_t *p = hdr + 6 + 8 * index;
    uint32_t v = 0;
    for (unsigned i = 0; i < 8; i++) {
        uint8_t c = p[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return false;
        v = (v << 4) | d;
    }
    *out = v;
    return true;
}

static bool is_magic(const uint8_t *p)
{
    return memcmp(p, "07070", 5) == 0 && (p[5] == '1' || p[5] == '2');
}

enum cpio_error cpio_find(const void *archive, word_t size, const char *name, struct cpio_file *out)
{
    const uint8_t *base = archive;
    word_t off = 0;
    bool after_trailer = false;

    if (name[0] == '.' && name[1] == '/')
        name += 2;
    while (off < size) {
        if (after_trailer) {
            /* Between archives: skip NUL padding; anything else that is not a header ends the search. */
            if (base[off] == 0) {
                off++;
                continue;
            }
            if (size - off < CPIO_HEADER_SIZE || !is_magic(base + off))
                return CPIO_NOT_FOUND;
            after_trailer = false;
        }
        if (size - off < CPIO_HEADER_SIZE)
            return CPIO_TRUNCATED;
        const uint8_t *hdr = base + off;
        if (!is_magic(hdr))
            return CPIO_BAD_MAGIC;
        uint32_t mode, filesize, namesize;
        if (!hex_field(hdr, CPIO_FIELD_MODE, &mode) || !hex_field(hdr, CPIO_FIELD_FILESIZE, &filesize) ||
            !hex_field(hdr, CPIO_FIELD_NAMESIZE, &namesize) || namesize == 0)
            return CPIO_BAD_HEADER;
        if (size - off - CPIO_HEADER_SIZE < namesize)
            return CPIO_TRUNCATED;
        const char *member = (const char *)hdr + CPIO_HEADER_SIZE;
        if (member[namesize - 1] != '\0')
            return CPIO_BAD_HEADER;
        word_t data_off = ROUND_UP(off + CPIO_HEADER_SIZE + namesize, 4);
        if (data_off > size || size - data_off < filesize)
            return CPIO_TRUNCATED;

        if (strcmp(member, "TRAILER!!!") == 0) {
            after_trailer = true;
        } else {
            if (member[0] == '.' && member[1] == '/')
                member += 2;
            if ((mode & CPIO_MODE_TYPE_MASK) == CPIO_MODE_REGULAR && strcmp(member, name) == 0) {
                out->data = base + data_off;
                out->size = filesize;
                return CPIO_OK;
            }
        }
        off = ROUND_UP(data_off + filesize, 4);
    }
    return CPIO_NOT_FOUND;
}
