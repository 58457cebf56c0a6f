/* The services built into this image, by name: what a boot configuration's elf= may name. */
#include "blk.h"
#include "fs.h"
#include "uart.h"
#include <rt/string.h>

static const struct svc_impl *const services[] = {&uart_service, &blk_service, &fs_service};

const struct svc_impl *svc_find(const char *name)
{
    for (unsigned i = 0; i < sizeof(services) / sizeof(services[0]); i++)
        if (strcmp(services[i]->name, name) == 0)
            return services[i];
    return 0;
}
