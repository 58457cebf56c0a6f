/* The boot configuration the node agent appends to the initrd as the cpio member "config":
 * the root task maps the initrd (kept whole as device memory) and reads it with the kernel's
 * cpio reader. */
#include "system.h"
#include <boot/cpio.h>
#include <rt/bootinfo.h>
#include <rt/fmt.h>
#include <rt/runtime.h>
#include <rt/string.h>

#define ROOT_INITRD_VADDR 0x40000000ul /* in the root task's VSpace */
#define PAGE 4096ul

int initrd_config(const char **text, size_t *len, char *why, size_t why_size)
{
    const seL4_BootInfo *bi = rt_bootinfo();
    uint64_t start, end;
    if (!rt_fdt_chosen_u64(bi, "linux,initrd-start", &start) || !rt_fdt_chosen_u64(bi, "linux,initrd-end", &end) ||
        end <= start) {
        rt_strlcpy(why, "no initrd in the DTB", why_size);
        return -1;
    }
    uint64_t first = start & ~(PAGE - 1);
    unsigned pages = (unsigned)((end - first + PAGE - 1) / PAGE);
    seL4_Error err = device_map(first, pages, seL4_CapInitThreadVSpace, sys.alloc, ROOT_INITRD_VADDR);
    if (err != seL4_NoError) {
        rt_snprintf(why, why_size, "cannot map the initrd (seL4 error %d)", (int)err);
        return -1;
    }
    struct cpio_file f;
    enum cpio_error e = cpio_find((const void *)(ROOT_INITRD_VADDR + (start - first)), end - start, "config", &f);
    if (e != CPIO_OK) {
        rt_snprintf(why, why_size, "initrd: %s", cpio_strerror(e));
        return -1;
    }
    *text = (const char *)f.data;
    *len = f.size;
    return 0;
}
