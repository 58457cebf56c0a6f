/* counter: a task that keeps counting (10 a second) and says so on its console once a second;
 * the supervision test watches it advance while another task is restarted. */
#include "../services/uart.h"
#include <rt/runtime.h>
#include <rt/task.h>

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    for (uint64_t n = 1;; n++) {
        rt_sleep_ms(100);
        if (n % 10 == 0)
            console_printf("counter %lu\n", n);
    }
}
