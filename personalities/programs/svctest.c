/*
 * svctest: the service test program. It runs unchanged whatever the split: its services may
 * be linked into it or be tasks of their own. It prints "svctest: PASS|FAIL name" lines on its
 * console, then "svctest: N passed, N failed", then keeps writing a tick line every 200 ms and
 * reports calls that failed (a restarted service) once the console works again.
 */
#include "../services/uart.h"
#include "programs.h"
#include <rt/fmt.h>
#include <rt/string.h>
#include <rt/task.h>

struct results {
    unsigned passed, failed;
};

static void report(struct results *r, const char *name, int ok, seL4_Word status)
{
    if (ok)
        r->passed++;
    else
        r->failed++;
    if (ok)
        console_printf("svctest: PASS %s\n", name);
    else
        console_printf("svctest: FAIL %s: status 0x%lx\n", name, status);
}

static void test_console(struct results *r)
{
    seL4_Word st = console_printf("svctest: hello on the console of %s\n", rt_env()->name);
    report(r, "console-write", st == SVC_OK, st);

    /* More than one frame's worth in one call: the service splits it into whole frames. */
    char big[1500];
    memset(big, 'x', sizeof(big));
    big[sizeof(big) - 1] = '\n';
    st = uart_write(rt_service("uart"), big, sizeof(big));
    report(r, "console-write-long", st == SVC_OK, st);

    st = uart_write(rt_service("uart"), big, SVC_DATA_SIZE + 1);
    report(r, "console-write-too-long", st == SVC_ERR_BAD_ARG, st);

    struct svc_msg m = {0x77, {0, 0, 0, 0}};
    st = svc_call(rt_service("uart"), &m);
    report(r, "console-bad-op", st == SVC_ERR_BAD_OP, st);
}

int svctest_main(void)
{
    struct results r = {0, 0};
    test_console(&r);
    console_printf("svctest: %u passed, %u failed\n", r.passed, r.failed);

    uint64_t failed_calls = 0;
    seL4_Word last_error = SVC_OK;
    for (uint64_t tick = 1;; tick++) {
        rt_sleep_ms(200);
        seL4_Word st = console_printf("svctest: tick %lu\n", tick);
        if (st != SVC_OK) {
            failed_calls++;
            last_error = st;
        } else if (failed_calls) {
            console_printf("svctest: recovered after %lu failed calls (last status 0x%lx)\n", failed_calls,
                           last_error);
            failed_calls = 0;
        }
    }
}
