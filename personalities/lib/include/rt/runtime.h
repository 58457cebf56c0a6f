/* The user runtime: program entry (crt0) state and the main() every task provides. */
#pragma once

#include <atoll/bootinfo.h>

/* The task's main: bi is the seL4 bootinfo (root task) the kernel passed in x0. */
int main(const seL4_BootInfo *bi);

/* Bootinfo the task was started with, or 0. */
const seL4_BootInfo *rt_bootinfo(void);

/* The cap of the image frame (root task: bootinfo's userImageFrames) holding addr. */
seL4_CPtr rt_image_frame_cap(const void *addr);

/* Stop the task for good (there is no exit system call in seL4): the root task suspends
 * itself, another task faults on the null cap for its supervisor to see. */
_Noreturn void rt_exit(int code);
