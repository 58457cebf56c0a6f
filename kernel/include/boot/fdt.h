/* Flattened device tree (DTB) reader: header validation, node walk, properties, reg. */
#pragma once

#include <kernel/types.h>

enum fdt_error {
    FDT_OK = 0,
    FDT_ERR_NULL,      /* no DTB pointer was passed */
    FDT_ERR_MAGIC,     /* header magic is not 0xd00dfeed */
    FDT_ERR_VERSION,   /* version we cannot read */
    FDT_ERR_SIZE,      /* totalsize too small or too large */
    FDT_ERR_LAYOUT,    /* a block lies outside totalsize */
    FDT_ERR_STRUCTURE, /* malformed structure block */
    FDT_ERR_NOT_FOUND, /* no such node or property */
};

/* "bad magic" etc.; never NULL. */
const char *fdt_strerror(enum fdt_error err);

#define FDT_MAX_SIZE (2u << 20) /* largest DTB we accept */

struct fdt {
    const uint8_t *blob;
    uint32_t size;
    uint32_t struct_off, struct_size;
    uint32_t strings_off, strings_size;
    uint32_t rsvmap_off;
};

/* A node is named by the offset of its FDT_BEGIN_NODE token in the structure block. */
typedef struct {
    enum fdt_error err;
    uint32_t node;
} fdt_node_ret_t;

struct fdt_prop {
    const uint8_t *data;
    uint32_t len;
};

/* Validate the header of the blob at `blob`; FDT_OK and *f filled, or the first problem. */
enum fdt_error fdt_open(struct fdt *f, const void *blob);
fdt_node_ret_t fdt_root(const struct fdt *f);
/* Next node in document order; *depth tracks nesting (root = 0). FDT_ERR_NOT_FOUND at the end. */
fdt_node_ret_t fdt_next_node(const struct fdt *f, uint32_t node, int *depth);
/* The node's name ("" for the root, "pl011@9000000" ...), or NULL if malformed. */
const char *fdt_node_name(const struct fdt *f, uint32_t node);
/* Find property `name` of `node`; false if absent or malformed. */
bool fdt_get_prop(const struct fdt *f, uint32_t node, const char *name, struct fdt_prop *out);
/* Node by absolute path ("/chosen", "/pl011@9000000"); a unit address may be omitted. */
fdt_node_ret_t fdt_find_path(const struct fdt *f, const char *path, size_t path_len);
/* First node whose "compatible" list holds `compat`. */
fdt_node_ret_t fdt_find_compatible(const struct fdt *f, const char *compat);
bool fdt_is_compatible(const struct fdt *f, uint32_t node, const char *compat);
fdt_node_ret_t fdt_parent(const struct fdt *f, uint32_t node);
/* reg entry `index` of `node`, decoded with its parent's #address-cells/#size-cells. */
bool fdt_get_reg(const struct fdt *f, uint32_t node, unsigned index, paddr_t *addr, word_t *size);
/* Entry `index` of the memory reservation block; false past the last one. */
bool fdt_memreserve(const struct fdt *f, unsigned index, paddr_t *addr, word_t *size);
/* Bytes of the blob actually used (header, reservations, structure, strings): the
 * totalsize a packed copy needs. */
uint32_t fdt_used_size(const struct fdt *f);
/* Big-endian cells: 1 or 2 cells as one number (more cells: the low 64 bits). */
uint64_t fdt_read_cells(const uint8_t *p, unsigned cells);
/* Property holding one number of 4 or 8 bytes. */
bool fdt_prop_u64(const struct fdt_prop *p, uint64_t *out);
