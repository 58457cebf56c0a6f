/* isolation: a task that reads another task's memory (the first task's environment, which
 * only that task and the root task map); in its own VSpace that is a VMFault its supervisor
 * reports. */
#include "../services/uart.h"
#include <rt/runtime.h>
#include <rt/task.h>

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    volatile const char *p = (const char *)RT_TASK_WINDOW_BASE;
    if (rt_env()->id == 0) {
        console_printf("isolation: FAIL it is the first task: declare another before it\n");
        return 1;
    }
    console_printf("isolation: reading the first task's memory at %p\n", (const void *)p);
    char c = *p;
    console_printf("isolation: FAIL read 0x%x from another task's memory\n", (unsigned)(unsigned char)c);
    return 1;
}
