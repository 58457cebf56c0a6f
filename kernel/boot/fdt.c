/* Flattened device tree reader: every access is bounds-checked against the header. */
#include <boot/fdt.h>
#include <kernel/string.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define FDT_HEADER_SIZE 40u
#define FDT_MAX_DEPTH 32

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

uint64_t fdt_read_cells(const uint8_t *p, unsigned cells)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < cells; i++)
        v = (v << 32) | be32(p + 4 * i);
    return v;
}

bool fdt_prop_u64(const struct fdt_prop *p, uint64_t *out)
{
    if (p->len == 4 || p->len == 8) {
        *out = fdt_read_cells(p->data, p->len / 4);
        return true;
    }
    return false;
}

const char *fdt_strerror(enum fdt_error err)
{
    switch (err) {
    case FDT_OK: return "ok";
    case FDT_ERR_NULL: return "no DTB address (x0 = 0)";
    case FDT_ERR_MAGIC: return "bad magic (not a flattened device tree)";
    case FDT_ERR_VERSION: return "unsupported version";
    case FDT_ERR_SIZE: return "bad total size";
    case FDT_ERR_LAYOUT: return "blocks outside the blob";
    case FDT_ERR_STRUCTURE: return "malformed structure block";
    case FDT_ERR_NOT_FOUND: return "not found";
    }
    return "unknown error";
}

enum fdt_error fdt_open(struct fdt *f, const void *blob)
{
    const uint8_t *b = blob;
    if (!b)
        return FDT_ERR_NULL;
    if (be32(b) != FDT_MAGIC)
        return FDT_ERR_MAGIC;
    uint32_t total = be32(b + 4), off_struct = be32(b + 8), off_strings = be32(b + 12);
    uint32_t off_rsv = be32(b + 16), version = be32(b + 20), last_comp = be32(b + 24);
    uint32_t size_strings = be32(b + 32), size_struct = be32(b + 36);
    if (version < 17 || last_comp > 17)
        return FDT_ERR_VERSION;
    if (total < FDT_HEADER_SIZE || total > FDT_MAX_SIZE)
        return FDT_ERR_SIZE;
    if (off_struct > total || size_struct > total - off_struct || off_strings > total ||
        size_strings > total - off_strings || off_rsv > total || (off_struct & 3) || (off_rsv & 7) ||
        (size_struct & 3))
        return FDT_ERR_LAYOUT;
    f->blob = b;
    f->size = total;
    f->struct_off = off_struct;
    f->struct_size = size_struct;
    f->strings_off = off_strings;
    f->strings_size = size_strings;
    f->rsvmap_off = off_rsv;
    return FDT_OK;
}

/* Token at structure offset off, or FDT_END if out of bounds. */
static uint32_t token_at(const struct fdt *f, uint32_t off)
{
    if (off > f->struct_size || f->struct_size - off < 4)
        return FDT_END;
    return be32(f->blob + f->struct_off + off);
}

/* Length of the NUL-terminated string at structure offset off in *len; false if it runs
 * past the structure block. */
static bool struct_strlen(const struct fdt *f, uint32_t off, uint32_t *len)
{
    if (off >= f->struct_size)
        return false;
    size_t n = strnlen((const char *)f->blob + f->struct_off + off, f->struct_size - off);
    *len = (uint32_t)n;
    return n < f->struct_size - off;
}

/* Offset just past the token at off (a whole node header or property), or 0 if malformed. */
static uint32_t skip_token(const struct fdt *f, uint32_t off)
{
    uint32_t tok = token_at(f, off);
    if (tok == FDT_BEGIN_NODE) {
        uint32_t n;
        return struct_strlen(f, off + 4, &n) ? (uint32_t)ROUND_UP(off + 4 + n + 1, 4) : 0;
    }
    if (tok == FDT_PROP) {
        if (f->struct_size - off < 12)
            return 0;
        uint32_t len = be32(f->blob + f->struct_off + off + 4);
        if (len > f->struct_size - off - 12)
            return 0;
        return (uint32_t)ROUND_UP(off + 12 + len, 4);
    }
    if (tok == FDT_NOP || tok == FDT_END_NODE)
        return off + 4;
    return 0;
}

fdt_node_ret_t fdt_root(const struct fdt *f)
{
    uint32_t off = 0;
    while (token_at(f, off) == FDT_NOP)
        off += 4;
    if (token_at(f, off) != FDT_BEGIN_NODE)
        return (fdt_node_ret_t){FDT_ERR_STRUCTURE, 0};
    return (fdt_node_ret_t){FDT_OK, off};
}

fdt_node_ret_t fdt_next_node(const struct fdt *f, uint32_t node, int *depth)
{
    uint32_t off = skip_token(f, node);
    if (!off)
        return (fdt_node_ret_t){FDT_ERR_STRUCTURE, 0};
    (*depth)++;
    for (;;) {
        uint32_t tok = token_at(f, off);
        if (tok == FDT_BEGIN_NODE)
            return (fdt_node_ret_t){FDT_OK, off};
        if (tok == FDT_END)
            return (fdt_node_ret_t){FDT_ERR_NOT_FOUND, 0};
        if (tok == FDT_END_NODE && --(*depth) < 0)
            return (fdt_node_ret_t){FDT_ERR_NOT_FOUND, 0};
        off = skip_token(f, off);
        if (!off)
            return (fdt_node_ret_t){FDT_ERR_STRUCTURE, 0};
    }
}

const char *fdt_node_name(const struct fdt *f, uint32_t node)
{
    uint32_t n;
    if (token_at(f, node) != FDT_BEGIN_NODE || !struct_strlen(f, node + 4, &n))
        return 0;
    return (const char *)f->blob + f->struct_off + node + 4;
}

bool fdt_get_prop(const struct fdt *f, uint32_t node, const char *name, struct fdt_prop *out)
{
    uint32_t off = skip_token(f, node);
    while (off) {
        uint32_t tok = token_at(f, off);
        if (tok == FDT_PROP) {
            const uint8_t *p = f->blob + f->struct_off + off;
            uint32_t len = be32(p + 4), nameoff = be32(p + 8);
            if (nameoff < f->strings_size) {
                const char *pname = (const char *)f->blob + f->strings_off + nameoff;
                size_t max = f->strings_size - nameoff;
                size_t n = strnlen(pname, max);
                if (n < max && strcmp(pname, name) == 0) {
                    out->data = p + 12;
                    out->len = len;
                    return true;
                }
            }
        } else if (tok != FDT_NOP) {
            return false; /* properties come before child nodes */
        }
        off = skip_token(f, off);
    }
    return false;
}

/* Does node name `name` match path component [c, c+len)? "memory" matches "memory@40000000". */
static bool name_matches(const char *name, const char *c, size_t len)
{
    if (strncmp(name, c, len) != 0)
        return false;
    return name[len] == '\0' || (name[len] == '@' && memchr(c, '@', len) == 0);
}

fdt_node_ret_t fdt_find_path(const struct fdt *f, const char *path, size_t path_len)
{
    fdt_node_ret_t r = fdt_root(f);
    if (r.err || path_len == 0 || path[0] != '/')
        return (fdt_node_ret_t){r.err ? r.err : FDT_ERR_NOT_FOUND, 0};
    size_t pos = 1;
    int depth = 0, want = 1;
    while (pos < path_len) {
        size_t len = 0;
        while (pos + len < path_len && path[pos + len] != '/')
            len++;
        if (len == 0) {
            pos++;
            continue;
        }
        for (;;) {
            r = fdt_next_node(f, r.node, &depth);
            if (r.err || depth < want)
                return (fdt_node_ret_t){r.err ? r.err : FDT_ERR_NOT_FOUND, 0};
            const char *name = fdt_node_name(f, r.node);
            if (depth == want && name && name_matches(name, path + pos, len))
                break;
        }
        want++;
        pos += len;
    }
    return r;
}

bool fdt_is_compatible(const struct fdt *f, uint32_t node, const char *compat)
{
    struct fdt_prop p;
    if (!fdt_get_prop(f, node, "compatible", &p))
        return false;
    size_t want = strlen(compat);
    for (uint32_t i = 0; i < p.len;) {
        size_t n = strnlen((const char *)p.data + i, p.len - i);
        if (n == want && memcmp(p.data + i, compat, n) == 0)
            return true;
        i += (uint32_t)n + 1;
    }
    return false;
}

fdt_node_ret_t fdt_find_compatible(const struct fdt *f, const char *compat)
{
    int depth = 0;
    fdt_node_ret_t r = fdt_root(f);
    while (!r.err) {
        if (fdt_is_compatible(f, r.node, compat))
            return r;
        r = fdt_next_node(f, r.node, &depth);
    }
    return r;
}

fdt_node_ret_t fdt_parent(const struct fdt *f, uint32_t node)
{
    uint32_t stack[FDT_MAX_DEPTH];
    int depth = 0;
    fdt_node_ret_t r = fdt_root(f);
    while (!r.err) {
        if (depth >= FDT_MAX_DEPTH)
            return (fdt_node_ret_t){FDT_ERR_STRUCTURE, 0};
        stack[depth] = r.node;
        if (r.node == node)
            return depth == 0 ? (fdt_node_ret_t){FDT_ERR_NOT_FOUND, 0}
                              : (fdt_node_ret_t){FDT_OK, stack[depth - 1]};
        r = fdt_next_node(f, r.node, &depth);
    }
    return r;
}

static unsigned cells_prop(const struct fdt *f, uint32_t node, const char *name, unsigned dflt)
{
    struct fdt_prop p;
    if (fdt_get_prop(f, node, name, &p) && p.len == 4)
        return be32(p.data);
    return dflt;
}

bool fdt_get_reg(const struct fdt *f, uint32_t node, unsigned index, paddr_t *addr, word_t *size)
{
    fdt_node_ret_t parent = fdt_parent(f, node);
    struct fdt_prop p;
    if (parent.err || !fdt_get_prop(f, node, "reg", &p))
        return false;
    unsigned ac = cells_prop(f, parent.node, "#address-cells", 2);
    unsigned sc = cells_prop(f, parent.node, "#size-cells", 1);
    if (ac < 1 || ac > 2 || sc > 2)
        return false;
    uint32_t entry = 4 * (ac + sc);
    if ((uint64_t)(index + 1) * entry > p.len)
        return false;
    *addr = fdt_read_cells(p.data + index * entry, ac);
    *size = sc ? fdt_read_cells(p.data + index * entry + 4 * ac, sc) : 0;
    return true;
}

uint32_t fdt_used_size(const struct fdt *f)
{
    uint64_t end = FDT_HEADER_SIZE, rsv = f->rsvmap_off;
    while (rsv + 16 <= f->size && fdt_read_cells(f->blob + rsv + 8, 2) != 0)
        rsv += 16;
    end = MAX(end, MIN(rsv + 16, (uint64_t)f->size));
    end = MAX(end, (uint64_t)f->struct_off + f->struct_size);
    end = MAX(end, (uint64_t)f->strings_off + f->strings_size);
    return (uint32_t)ROUND_UP(end, 8);
}

bool fdt_memreserve(const struct fdt *f, unsigned index, paddr_t *addr, word_t *size)
{
    uint64_t off = (uint64_t)f->rsvmap_off + 16ull * index;
    if (off + 16 > f->size)
        return false;
    *addr = fdt_read_cells(f->blob + off, 2);
    *size = fdt_read_cells(f->blob + off + 8, 2);
    return *size != 0;
}
