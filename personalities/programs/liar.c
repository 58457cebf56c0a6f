/*
 * liar: a task without the console that claims, in its own environment, to have the
 * console lock, then faults while another task holds the lock (boot test console-lock). The
 * supervisor goes by its own record and the lock's word, so it leaves the lock alone.
 */
#include <rt/runtime.h>
#include <rt/task.h>
#include <rt/time.h>

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    rt_sleep_ms(300);
    rt_env()->console_lock = RT_TASK_CONSOLE_LOCK;
    volatile uintptr_t unmapped = 32;
    return *(volatile int *)unmapped; /* VMFault */
}
