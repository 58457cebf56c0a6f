/*
 * lockhold: owns the console and holds its lock across a fault (boot test console-lock,
 * images/systems/console-lock.conf). It holds the lock for a second, writing a frame when it
 * takes it and one before it lets go (meanwhile `liar` faults: the supervisor must not free
 * the lock under it, so nothing else reaches the line in between); then it takes the lock
 * again and faults holding it: the supervisor must free it, or its own log stops. Each run
 * first says what its data and bss hold, and changes them before it faults: a restart loads
 * them afresh from its ELF.
 */
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/runtime.h>
#include <rt/string.h>
#include <rt/task.h>

static volatile int data_word = 7; /* .data */
static volatile int bss_word;      /* .bss */

static void say(const char *text) { frame_write_held(rt_env()->console_channel, text, strlen(text)); }

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    char line[64];
    rt_snprintf(line, sizeof(line), "lockhold: data %d, bss %d\n", data_word, bss_word);
    rt_console_lock();
    say(line);
    data_word = 8;
    bss_word = 9;
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
