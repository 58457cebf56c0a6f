/* The table of built-in programs. */
#include "programs.h"
#include <rt/string.h>

static const struct program programs[] = {
    {"svctest", svctest_main},
    {"counter", counter_main},
    {"isolation", isolation_main},
    {"fsbench", fsbench_main},
};

const struct program *program_find(const char *name)
{
    for (unsigned i = 0; i < sizeof(programs) / sizeof(programs[0]); i++)
        if (strcmp(programs[i].name, name) == 0)
            return &programs[i];
    return 0;
}
