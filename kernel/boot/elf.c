/* ELF64 executable reader: validates the root task image before anything is loaded. */
#include <boot/elf.h>
#include <kernel/string.h>

/* Field offsets of Elf64_Ehdr and Elf64_Phdr (read byte-wise: the file may be unaligned). */
#define EH_CLASS 4
#define EH_DATA 5
#define EH_TYPE 16
#define EH_MACHINE 18
#define EH_ENTRY 24
#define EH_PHOFF 32
#define EH_PHENTSIZE 54
#define EH_PHNUM 56
#define EHDR_SIZE 64
#define PH_TYPE 0
#define PH_FLAGS 4
#define PH_OFFSET 8
#define PH_VADDR 16
#define PH_FILESZ 32
#define PH_MEMSZ 40
#define PHDR_SIZE 56
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_AARCH64 183
#define PT_LOAD 1

static uint64_t le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = bytes; i > 0; i--)
        v = (v << 8) | p[i - 1];
    return v;
}

const char *elf_strerror(enum elf_error err)
{
    switch (err) {
    case ELF_OK: return "ok";
    case ELF_TOO_SMALL: return "file too small for an ELF header";
    case ELF_BAD_MAGIC: return "bad magic (not an ELF file)";
    case ELF_NOT_64BIT_LE: return "not a 64-bit little-endian ELF";
    case ELF_NOT_AARCH64: return "not an AArch64 ELF";
    case ELF_NOT_EXEC: return "not a static executable (ET_EXEC)";
    case ELF_BAD_PHDRS: return "program headers outside the file";
    case ELF_BAD_SEGMENT: return "a loadable segment is outside the file or user space";
    case ELF_NO_SEGMENTS: return "no loadable segments";
    case ELF_BAD_ENTRY: return "entry point is not in an executable segment";
    }
    return "unknown error";
}

static void read_segment(const struct elf_image *img, unsigned i, uint32_t *type, struct elf_segment *s)
{
    const uint8_t *ph = img->file + img->phoff + (word_t)i * PHDR_SIZE;
    *type = (uint32_t)le(ph + PH_TYPE, 4);
    s->flags = (uint32_t)le(ph + PH_FLAGS, 4);
    s->offset = le(ph + PH_OFFSET, 8);
    s->vaddr = le(ph + PH_VADDR, 8);
    s->filesz = le(ph + PH_FILESZ, 8);
    s->memsz = le(ph + PH_MEMSZ, 8);
}

bool elf_next_load(const struct elf_image *img, unsigned *iter, struct elf_segment *seg)
{
    while (*iter < img->phnum) {
        uint32_t type;
        read_segment(img, (*iter)++, &type, seg);
        if (type == PT_LOAD && seg->memsz > 0)
            return true;
    }
    return false;
}

uint32_t elf_page_flags(const struct elf_image *img, vaddr_t page)
{
    struct elf_segment s;
    unsigned it = 0;
    uint32_t flags = 0;
    while (elf_next_load(img, &it, &s))
        if (s.vaddr < page + PAGE_SIZE && page < s.vaddr + s.memsz)
            flags |= s.flags;
    return flags;
}

enum elf_error elf_check(const void *file, word_t size, vaddr_t user_top, struct elf_image *img)
{
    const uint8_t *f = file;
    if (size < EHDR_SIZE)
        return ELF_TOO_SMALL;
    if (memcmp(f, "\177ELF", 4) != 0)
        return ELF_BAD_MAGIC;
    if (f[EH_CLASS] != ELFCLASS64 || f[EH_DATA] != ELFDATA2LSB)
        return ELF_NOT_64BIT_LE;
    if (le(f + EH_MACHINE, 2) != EM_AARCH64)
        return ELF_NOT_AARCH64;
    if (le(f + EH_TYPE, 2) != ET_EXEC)
        return ELF_NOT_EXEC;

    img->file = f;
    img->file_size = size;
    img->entry = le(f + EH_ENTRY, 8);
    img->phoff = le(f + EH_PHOFF, 8);
    img->phnum = (unsigned)le(f + EH_PHNUM, 2);
    if (le(f + EH_PHENTSIZE, 2) != PHDR_SIZE || img->phoff > size ||
        (size - img->phoff) / PHDR_SIZE < img->phnum)
        return ELF_BAD_PHDRS;

    struct elf_segment s;
    unsigned it = 0, loads = 0;
    bool entry_ok = false;
    img->vaddr_lo = ~0ull;
    img->vaddr_hi = 0;
    while (elf_next_load(img, &it, &s)) {
        if (s.filesz > s.memsz || s.offset > size || size - s.offset < s.filesz ||
            s.vaddr >= user_top || user_top - s.vaddr < s.memsz || s.vaddr < PAGE_SIZE)
            return ELF_BAD_SEGMENT;
        img->vaddr_lo = MIN(img->vaddr_lo, s.vaddr);
        img->vaddr_hi = MAX(img->vaddr_hi, s.vaddr + s.memsz);
        if ((s.flags & ELF_PF_X) && img->entry >= s.vaddr && img->entry < s.vaddr + s.memsz)
            entry_ok = true;
        loads++;
    }
    if (loads == 0)
        return ELF_NO_SEGMENTS;
    if (!entry_ok)
        return ELF_BAD_ENTRY;
    return ELF_OK;
}
