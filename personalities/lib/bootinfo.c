/* Reading seL4 bootinfo extras from user space: extra chunks, /chosen of the DTB, arguments. */
#include <rt/bootinfo.h>
#include <rt/string.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u

const void *rt_bootinfo_chunk(const seL4_BootInfo *bi, seL4_Word id, size_t *size)
{
    const uint8_t *extra = (const uint8_t *)bi + seL4_BootInfoFrameSize;
    seL4_Word off = 0;
    while (off + sizeof(seL4_BootInfoHeader) <= bi->extraLen) {
        const seL4_BootInfoHeader *h = (const void *)(extra + off);
        if (h->len < sizeof(*h) || h->len > bi->extraLen - off)
            return 0;
        if (h->id == id) {
            *size = h->len - sizeof(*h);
            return h + 1;
        }
        off += (h->len + 7) & ~(seL4_Word)7;
    }
    return 0;
}

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static size_t bounded_strlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

/* The value of property `name` of /chosen and its length; 0 if absent or malformed. */
static const uint8_t *chosen_prop(const seL4_BootInfo *bi, const char *name, uint32_t *prop_len)
{
    size_t size;
    const uint8_t *fdt = rt_bootinfo_chunk(bi, SEL4_BOOTINFO_HEADER_FDT, &size);
    if (!fdt || size < 40 || be32(fdt) != FDT_MAGIC)
        return 0;
    uint32_t off_struct = be32(fdt + 8), off_strings = be32(fdt + 12);
    uint32_t size_strings = be32(fdt + 32), size_struct = be32(fdt + 36);
    if (off_struct > size || size_struct > size - off_struct || off_strings > size ||
        size_strings > size - off_strings)
        return 0;

    const uint8_t *s = fdt + off_struct;
    uint32_t off = 0;
    int depth = 0;
    int in_chosen = 0;
    while (off + 4 <= size_struct) {
        uint32_t tok = be32(s + off);
        off += 4;
        if (tok == FDT_BEGIN_NODE) {
            const char *node = (const char *)s + off;
            size_t n = bounded_strlen(node, size_struct - off);
            if (n == size_struct - off)
                return 0;
            depth++;
            in_chosen = depth == 2 && n == 6 && memcmp(node, "chosen", 6) == 0;
            off += (uint32_t)((n + 4) & ~(size_t)3);
        } else if (tok == FDT_END_NODE) {
            depth--;
            in_chosen = 0;
        } else if (tok == FDT_PROP) {
            if (off + 8 > size_struct)
                return 0;
            uint32_t len = be32(s + off), nameoff = be32(s + off + 4);
            off += 8;
            if (len > size_struct - off)
                return 0;
            if (in_chosen && nameoff < size_strings) {
                const char *pname = (const char *)fdt + off_strings + nameoff;
                size_t max = size_strings - nameoff;
                const char *value = (const char *)s + off;
                if (bounded_strlen(pname, max) < max && strlen(pname) == strlen(name) &&
                    memcmp(pname, name, strlen(name)) == 0) {
                    *prop_len = len;
                    return (const uint8_t *)value;
                }
            }
            off += (len + 3) & ~3u;
        } else if (tok != FDT_NOP) {
            return 0;
        }
    }
    return 0;
}

const char *rt_fdt_chosen_string(const seL4_BootInfo *bi, const char *name)
{
    uint32_t len = 0;
    const char *value = (const char *)chosen_prop(bi, name, &len);
    return value && len > 0 && value[len - 1] == '\0' ? value : 0;
}

int rt_fdt_chosen_u64(const seL4_BootInfo *bi, const char *name, uint64_t *out)
{
    uint32_t len = 0;
    const uint8_t *value = chosen_prop(bi, name, &len);
    if (!value || (len != 4 && len != 8))
        return 0;
    *out = len == 4 ? be32(value) : (uint64_t)be32(value) << 32 | be32(value + 4);
    return 1;
}

const char *rt_arg_value(const char *args, const char *key, char *buf, size_t size)
{
    size_t klen = strlen(key);
    if (!args || size == 0)
        return 0;
    for (const char *p = args; *p;) {
        while (*p == ' ')
            p++;
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        if ((size_t)(end - p) > klen && memcmp(p, key, klen) == 0 && p[klen] == '=') {
            size_t n = (size_t)(end - p) - klen - 1;
            if (n >= size)
                n = size - 1;
            memcpy(buf, p + klen + 1, n);
            buf[n] = '\0';
            return buf;
        }
        p = end;
    }
    return 0;
}
