/*
 * discover: finds its services at run time (svc_lookup, docs/boot-config.md "Discovery")
 * rather than through its configured connections. It prints "discover: PASS|FAIL name"
 * lines, then "discover: N passed, N failed", then looks uart up afresh every 200 ms and
 * writes through what it found; after uart's restart it says "discover: recovered after N
 * failed calls (last status 0x...)".
 */
#include "../services/fs.h"
#include "../services/uart.h"
#include <rt/fmt.h>
#include <rt/runtime.h>
#include <rt/string.h>
#include <rt/task.h>

#define SLOT 60 /* in its CSpace's free part, above what its allocator hands out first */

static unsigned passed, failed;

static void report(const char *name, int ok, seL4_Word status)
{
    ok ? passed++ : failed++;
    console_printf("discover: %s %s (status 0x%lx)\n", ok ? "PASS" : "FAIL", name, status);
}

static seL4_Word say_via(struct svc_conn *uart, const char *text)
{
    return uart_write(uart, text, strlen(text));
}

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    struct svc_conn uart, fs;
    seL4_Word st = svc_lookup("uart", SLOT, &uart);
    report("lookup-uart", st == seL4_NoError && uart.binding == SVC_IPC && uart.ep == SLOT, st);
    if (st == seL4_NoError) {
        st = say_via(&uart, "discover: written through the discovered uart\n");
        report("call-uart", st == SVC_OK, st);
    }
    st = svc_lookup("fs", SLOT + 1, &fs);
    report("lookup-linked-fs", st == seL4_NoError && fs.binding == SVC_DIRECT, st);
    if (st == seL4_NoError) {
        char buf[64];
        size_t n = 0;
        st = fs_read(&fs, "HELLO.TXT", 0, buf, sizeof(buf), &n);
        report("call-fs", st == SVC_OK && n == 24 && memcmp(buf, "hello from a FAT32 disk\n", 24) == 0, st);
    }
    struct svc_conn none;
    st = svc_lookup("nfs", SLOT + 2, &none);
    report("lookup-unknown", st == seL4_FailedLookup, st);
    st = svc_lookup("counter", SLOT + 2, &none); /* a task, not a service */
    report("lookup-task", st == seL4_FailedLookup, st);
    st = svc_lookup("blk", SLOT + 2, &none); /* declared, but fs's, not in its own uses */
    report("lookup-not-used", st == seL4_IllegalOperation, st);
    st = svc_lookup("uart", 3, &none);
    report("lookup-bad-slot", st == seL4_InvalidArgument, st);
    console_printf("discover: %u passed, %u failed\n", passed, failed);

    uint64_t failed_calls = 0, last = 0;
    for (uint64_t n = 1;; n++) {
        rt_sleep_ms(200);
        st = svc_lookup("uart", SLOT, &uart);
        if (st == seL4_NoError) {
            char line[64];
            rt_snprintf(line, sizeof(line), "discover: tick %lu\n", n);
            st = say_via(&uart, line);
        }
        if (st != SVC_OK) {
            failed_calls++;
            last = st;
        } else if (failed_calls) {
            console_printf("discover: recovered after %lu failed calls (last status 0x%lx)\n", failed_calls, last);
            failed_calls = 0;
        }
    }
}
