/*
 * selfalloc: allocates from its own memory budget, then faults on purpose (boot test
 * restart-reclaim, images/systems/selfalloc.conf). Each start retypes the same frames and
 * endpoints from its untypeds into its CSpace and says which slots they went to and what it
 * could not get; a restart must find its budget whole and its slots from RT_TASK_FIRST_FREE up
 * empty, so every run says the same. It waits long enough for telemetry to see its memory used.
 */
#include "../services/uart.h"
#include <rt/runtime.h>
#include <rt/task.h>

#define FRAMES 8
#define ENDPOINTS 4

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    struct rt_alloc *a = &rt_env()->alloc;
    seL4_CPtr first = 0, last = 0, cap;
    unsigned frames = 0, endpoints = 0;
    seL4_Error err = seL4_NoError;
    for (unsigned i = 0; i < FRAMES + ENDPOINTS; i++) {
        int frame = i < FRAMES;
        err = rt_object_alloc(a, frame ? seL4_ARM_SmallPageObject : seL4_EndpointObject, 0, &cap);
        if (err != seL4_NoError)
            break;
        first = first ? first : cap;
        last = cap;
        frame ? frames++ : endpoints++;
    }
    console_printf("selfalloc: %u frames, %u endpoints in slots %lu..%lu (error %d)\n", frames, endpoints, first,
                   last, (int)err);
    rt_sleep_ms(1500);
    volatile uintptr_t unmapped = 24;
    return *(volatile int *)unmapped; /* VMFault */
}
