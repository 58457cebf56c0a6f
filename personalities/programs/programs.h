/* Programs built into this image, by name: what a boot configuration's elf= may name besides
 * the services. A program finds its environment with rt_env() and has no global variables:
 * its VSpace maps only the image's text and rodata and its own pages (root/system.h). */
#pragma once

struct program {
    const char *name;
    int (*main)(void);
};

/* The program called name, or 0. */
const struct program *program_find(const char *name);

int svctest_main(void);
int counter_main(void);
int isolation_main(void);
int fsbench_main(void);
