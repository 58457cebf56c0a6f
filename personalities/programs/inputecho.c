/* inputecho: reads its console input (the uart's per-channel delivery) and says each line back
 * on its console as "inputecho: got LINE"; the monitor test sends it a line. */
#include "../services/uart.h"
#include <rt/runtime.h>
#include <rt/task.h>

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    char line[128];
    size_t len = 0;
    console_printf("inputecho: ready\n");
    for (;;) {
        char buf[64];
        size_t got = 0;
        if (uart_read(rt_service("uart"), buf, sizeof(buf), &got) != SVC_OK || got == 0) {
            rt_sleep_ms(20);
            continue;
        }
        for (size_t i = 0; i < got; i++) {
            if (buf[i] == '\n' || len == sizeof(line) - 1) {
                line[len] = '\0';
                console_printf("inputecho: got %s\n", line);
                len = 0;
            } else if (buf[i] != '\r') {
                line[len++] = buf[i];
            }
        }
    }
}
