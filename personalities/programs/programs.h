/* Programs built into this image, by name: what a boot configuration's elf= may name besides
 * the services. A program finds its environment with rt_env() and keeps no global state
 * (until tasks get their own address spaces, every task shares this image's .data). */
#pragma once

struct program {
    const char *name;
    int (*main)(void);
};

/* The program called name, or 0. */
const struct program *program_find(const char *name);

int svctest_main(void);
int counter_main(void);
