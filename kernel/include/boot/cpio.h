/* cpio "newc" archive reader for the initrd (several concatenated archives allowed). */
#pragma once

#include <kernel/types.h>

enum cpio_error {
    CPIO_OK = 0,
    CPIO_NOT_FOUND,   /* no member of that name before the end of the last archive */
    CPIO_BAD_MAGIC,   /* a header does not start with 070701 / 070702 */
    CPIO_BAD_HEADER,  /* a header field is not hexadecimal or the name is not terminated */
    CPIO_TRUNCATED,   /* a header, name or file runs past the end of the initrd */
};

/* "member not found" etc.; never NULL. */
const char *cpio_strerror(enum cpio_error err);

struct cpio_file {
    const uint8_t *data;
    word_t size;
};

/* Find the first regular member called `name` (a leading "./" in the archive is ignored).
 * Returns CPIO_OK with *out filled, or the reason it could not. */
enum cpio_error cpio_find(const void *archive, word_t size, const char *name, struct cpio_file *out);
