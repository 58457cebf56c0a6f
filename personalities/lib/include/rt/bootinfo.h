/* Reading seL4 bootinfo extras from user space: extra chunks and the device tree. */
#pragma once

#include <atoll/bootinfo.h>
#include <stddef.h>

/* The extra bootinfo chunk with this id (header skipped) and its size; NULL if absent. */
const void *rt_bootinfo_chunk(const seL4_BootInfo *bi, seL4_Word id, size_t *size);

/* A string property of /chosen in the DTB handed over in bootinfo (e.g. "bootargs");
 * NULL if there is no DTB, no such property, or it is not NUL-terminated. */
const char *rt_fdt_chosen_string(const seL4_BootInfo *bi, const char *name);

/* A number property of /chosen (one or two big-endian cells, e.g. "linux,initrd-start");
 * returns 0 if absent or of another size. */
int rt_fdt_chosen_u64(const seL4_BootInfo *bi, const char *name, uint64_t *out);

/* Value of `key=` in a space-separated argument string, copied into buf; NULL if absent. */
const char *rt_arg_value(const char *args, const char *key, char *buf, size_t size);
