/* The ELF of a service's own task: serves SERVICE (this file is built once per service, with
 * -DSERVICE=NAME_service); the other services' code is linked in for the ones it uses linked. */
#include "blk.h"
#include "fs.h"
#include "uart.h"
#include <rt/runtime.h>
#include <rt/task.h>

const struct svc_impl *const rt_task_serves = &SERVICE;

int main(const seL4_BootInfo *bi) __attribute__((noreturn));
int main(const seL4_BootInfo *bi)
{
    (void)bi;
    rt_task_serve(&SERVICE);
}

