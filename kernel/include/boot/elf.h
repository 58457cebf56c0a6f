/* ELF64 executable reader for the root task image (static AArch64 executables only). */
#pragma once

#include <kernel/types.h>

enum elf_error {
    ELF_OK = 0,
    ELF_TOO_SMALL,     /* shorter than an ELF header */
    ELF_BAD_MAGIC,     /* not \x7fELF */
    ELF_NOT_64BIT_LE,  /* not ELFCLASS64 little endian */
    ELF_NOT_AARCH64,   /* e_machine is not EM_AARCH64 */
    ELF_NOT_EXEC,      /* not ET_EXEC (static, non-PIE) */
    ELF_BAD_PHDRS,     /* program header table outside the file or wrong entry size */
    ELF_BAD_SEGMENT,   /* a PT_LOAD lies outside the file or user space, or filesz > memsz */
    ELF_NO_SEGMENTS,   /* nothing to load */
    ELF_BAD_ENTRY,     /* entry point not inside an executable segment */
};

/* "bad magic" etc.; never NULL. */
const char *elf_strerror(enum elf_error err);

struct elf_image {
    const uint8_t *file;
    word_t file_size;
    vaddr_t entry;
    vaddr_t vaddr_lo, vaddr_hi; /* span of all PT_LOAD segments [lo, hi) */
    unsigned phnum;
    word_t phoff;
};

#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_PF_R 4u

struct elf_segment {
    vaddr_t vaddr;
    word_t memsz;
    word_t filesz;
    word_t offset;
    uint32_t flags; /* ELF_PF_* */
};

/* Check the whole file (header, every PT_LOAD, entry) against `user_top`; ELF_OK and *img filled. */
enum elf_error elf_check(const void *file, word_t size, vaddr_t user_top, struct elf_image *img);
/* Next PT_LOAD segment after *iter (start with *iter = 0); false when there are no more. */
bool elf_next_load(const struct elf_image *img, unsigned *iter, struct elf_segment *seg);
/* ELF_PF_* of every PT_LOAD segment that touches the page at `page` (0: none). */
uint32_t elf_page_flags(const struct elf_image *img, vaddr_t page);
