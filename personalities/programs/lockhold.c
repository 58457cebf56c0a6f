/*
 * lockhold: owns the console and holds its lock across a fault (boot test console-lock,
 * images/systems/console-lock.conf). It holds the lock for a second, writing a frame when it
 * takes it and one before it lets go (meanwhile `liar` faults: the supervisor must not free
 * the lock under it, so nothing else reaches the line in between); then it takes the lock
 * again and faults holding it: the supervisor must free it, or its own log stops.
 */
#include <rt/frame.h>
#include <rt/runtime.h>
#include <rt/string.h>
#include <rt/task.h>

static void say(const char *text) { frame_write_held(rt_env()->console_channel, text, strlen(text)); }

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    rt_console_lock();
    say("lockhold: holding the console lock\n");
    rt_sleep_ms(1000);
    say("lockhold: letting go of the console lock\n");
    rt_console_unlock();
    rt_sleep_ms(200);
    rt_console_lock();
    say("lockhold: holding the console lock, then faulting\n");
    volatile uintptr_t unmapped = 16;
    return *(volatile int *)unmapped; /* VMFault */
}
