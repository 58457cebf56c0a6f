/* The initrd's members the root task reads: the boot configuration the node agent appends
 * ("config") and the ELFs of the tasks ("bin/NAME"). The root task maps the initrd (kept
 * whole as device memory) once and reads it with the kernel's cpio reader. */
#include "system.h"
#include <boot/cpio.h>
#include <rt/bootinfo.h>
#include <rt/fmt.h>
#include <rt/runtime.h>
#include <rt/string.h>

#define ROOT_INITRD_VADDR 0x40000000ul /* in the root task's VSpace */
#define PAGE 4096ul

static const uint8_t *initrd;  /* mapped, or 0 */
static size_t initrd_size;

/* Map the initrd once; 0, or -1 with the reason in why. */
static int initrd_map(char *why, size_t why_size)
{
    static char failed[64];
    if (initrd)
        return 0;
    if (failed[0]) {
        rt_strlcpy(why, failed, why_size);
        return -1;
    }
    const seL4_BootInfo *bi = rt_bootinfo();
    uint64_t start, end;
    if (!rt_fdt_chosen_u64(bi, "linux,initrd-start", &start) || !rt_fdt_chosen_u64(bi, "linux,initrd-end", &end) ||
        end <= start) {
        rt_strlcpy(failed, "no initrd in the DTB", sizeof(failed));
    } else {
        uint64_t first = start & ~(PAGE - 1);
        unsigned pages = (unsigned)((end - first + PAGE - 1) / PAGE);
        seL4_Error err = device_map(first, pages, seL4_CapInitThreadVSpace, sys.alloc, ROOT_INITRD_VADDR);
        if (err == seL4_NoError) {
            initrd = (const uint8_t *)(ROOT_INITRD_VADDR + (start - first));
            initrd_size = end - start;
            return 0;
        }
        rt_snprintf(failed, sizeof(failed), "cannot map the initrd (seL4 error %d)", (int)err);
    }
    rt_strlcpy(why, failed, why_size);
    return -1;
}

int initrd_member(const char *name, const void **data, size_t *size, char *why, size_t why_size)
{
    if (initrd_map(why, why_size))
        return -1;
    struct cpio_file f;
    enum cpio_error e = cpio_find(initrd, initrd_size, name, &f);
    if (e != CPIO_OK) {
        rt_snprintf(why, why_size, "initrd: %s", cpio_strerror(e));
        return -1;
    }
    *data = f.data;
    *size = f.size;
    return 0;
}

int initrd_config(const char **text, size_t *len, char *why, size_t why_size)
{
    const void *data;
    if (initrd_member("config", &data, len, why, why_size))
        return -1;
    *text = data;
    return 0;
}
