/* isolation: a task that reads the root task's memory (the image's .data, which only the root
 * task maps); in its own VSpace that is a VMFault its supervisor reports. */
#include "../services/uart.h"
#include "programs.h"

extern char __data_start[]; /* user.ld */

int isolation_main(void)
{
    console_printf("isolation: reading the root task's data at %p\n", (void *)__data_start);
    volatile const char *p = __data_start;
    char c = *p;
    console_printf("isolation: FAIL read 0x%x from the root task's memory\n", (unsigned)(unsigned char)c);
    return 1;
}
