/*
 * A task's ELF, the initrd's member bin/NAME: checked with the kernel's ELF reader, its
 * segments mapped page by page into the task's VSpace with their permissions (text read and
 * execute, rodata read, data and bss read-write, never write and execute), the pages from the
 * task's budget. The root task maps the same pages in the task's window (system.h) to fill
 * them: all at the first start, the writable ones again at each restart.
 */
#include "system.h"
#include <boot/elf.h>
#include <rt/fmt.h>
#include <rt/runtime.h>
#include <rt/string.h>

#define PAGE 4096ul
#define ELF_MAX_SPAN (TASK_WINDOW_SIZE - TASK_ELF_OFFSET)

void elf_member(const char *elf, char *member, size_t size) { rt_snprintf(member, size, "bin/%s", elf); }

/* The ELF's file and its checked image; CFG_ELF_OK, or why not. */
static enum cfg_elf_status find_elf(const char *elf, const void **file, size_t *size, struct elf_image *img,
                                    const char **why)
{
    char member[CFG_NAME_MAX + 8], reason[96];
    elf_member(elf, member, sizeof(member));
    if (initrd_member(member, file, size, reason, sizeof(reason)))
        return CFG_ELF_MISSING;
    enum elf_error e = elf_check(*file, *size, TASK_WINDOW_BASE, img);
    if (e != ELF_OK) {
        *why = elf_strerror(e);
        return CFG_ELF_INVALID;
    }
    if (ROUND_UP(img->vaddr_hi, PAGE) - ROUND_DOWN(img->vaddr_lo, PAGE) > ELF_MAX_SPAN) {
        *why = "its segments span more than 1984 KiB";
        return CFG_ELF_INVALID;
    }
    return CFG_ELF_OK;
}

enum cfg_elf_status elf_loadable(const char *elf, const char **why)
{
    const void *file;
    size_t size;
    struct elf_image img;
    return find_elf(elf, &file, &size, &img, why);
}

static seL4_Error map_page(struct sys_task *t, vaddr_t va, uint32_t flags, seL4_Word root_va)
{
    seL4_CPtr frame, copy = rt_slot_alloc(sys.alloc);
    seL4_Word rights = (flags & ELF_PF_W) ? seL4_CanRead | seL4_CanWrite : seL4_CanRead;
    seL4_Word attr = seL4_ARM_Default_VMAttributes | ((flags & ELF_PF_X) ? 0 : seL4_ARM_ExecuteNever);
    seL4_Error err;
    if (!copy)
        return seL4_NotEnoughMemory;
    if ((err = rt_object_alloc(&t->ta, seL4_ARM_SmallPageObject, 0, &frame)) ||
        (err = sys_map(sys.alloc, seL4_CapInitThreadVSpace, frame, root_va, seL4_CanRead | seL4_CanWrite,
                       seL4_ARM_Default_VMAttributes)) ||
        (err = seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, RT_CNODE_DEPTH, seL4_CapInitThreadCNode, frame,
                               RT_CNODE_DEPTH, seL4_AllRights)))
        return err;
    return sys_map(&t->ta, t->vspace, copy, va, rights, attr);
}

int elf_map(struct sys_task *t)
{
    struct elf_image img;
    const char *why = "";
    if (find_elf(t->cfg->elf, &t->elf, &t->elf_size, &img, &why) != CFG_ELF_OK)
        return sys_error("finding its ELF", t->cfg->name, seL4_FailedLookup);
    vaddr_t lo = ROUND_DOWN(img.vaddr_lo, PAGE);
    for (vaddr_t va = lo; va < img.vaddr_hi; va += PAGE) {
        uint32_t flags = elf_page_flags(&img, va);
        seL4_Error err = flags ? map_page(t, va, flags, t->window + TASK_ELF_OFFSET + (va - lo)) : seL4_NoError;
        if (err != seL4_NoError)
            return sys_error("mapping its ELF (budget too small?)", t->cfg->name, err);
    }
    t->entry = img.entry;
    return 0;
}

seL4_Error elf_load(struct sys_task *t, int writable_only)
{
    struct elf_image img;
    if (elf_check(t->elf, t->elf_size, TASK_WINDOW_BASE, &img) != ELF_OK)
        return seL4_InvalidArgument; /* checked when the configuration was loaded */
    vaddr_t lo = ROUND_DOWN(img.vaddr_lo, PAGE);
    for (vaddr_t va = lo; va < img.vaddr_hi; va += PAGE) {
        uint32_t flags = elf_page_flags(&img, va);
        if (!flags || (writable_only && !(flags & ELF_PF_W)))
            continue;
        uint8_t *page = (uint8_t *)(t->window + TASK_ELF_OFFSET + (va - lo));
        memset(page, 0, PAGE);
        struct elf_segment s;
        unsigned it = 0;
        while (elf_next_load(&img, &it, &s)) {
            vaddr_t from = MAX(s.vaddr, va), to = MIN(s.vaddr + s.filesz, va + PAGE);
            if (from < to)
                memcpy(page + (from - va), img.file + s.offset + (from - s.vaddr), to - from);
        }
        /* What the root task wrote through its data cache, the task may fetch as instructions. */
        if (flags & ELF_PF_X) {
            seL4_Error err = rt_cache_op(t->vspace, ARMVSpaceUnify_Instruction, va, va + PAGE);
            if (err != seL4_NoError)
                return err;
        }
    }
    return seL4_NoError;
}
