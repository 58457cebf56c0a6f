/*
 * svctest: the service test program. It runs unchanged whatever the split: its services may
 * be linked into it or be tasks of their own. It prints "svctest: PASS|FAIL name" lines on its
 * console, then "svctest: N passed, N failed", then keeps writing a tick line every 200 ms and
 * reports calls that failed (a restarted service) once the console works again.
 */
#include "../services/fs.h"
#include "../services/uart.h"
#include <rt/runtime.h>
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

/* DATA.BIN (images/Makefile) is lines "%07d\n" of 0, 1, 2, ...: byte p is in line p / 8. */
static int data_matches(const char *buf, size_t len, uint64_t offset)
{
    for (size_t i = 0; i < len; i += 8) {
        char want[16];
        rt_snprintf(want, sizeof(want), "%07lu\n", (offset + i) / 8);
        if (memcmp(buf + i, want, 8) != 0)
            return 0;
    }
    return 1;
}

static void test_fs(struct results *r)
{
    struct svc_conn *fs = rt_service("fs");
    static const char hello[] = "hello from a FAT32 disk\n";
    char buf[4096];
    size_t n = 0;
    seL4_Word st = fs_read(fs, "HELLO.TXT", 0, buf, sizeof(buf), &n);
    report(r, "fs-read", st == SVC_OK && n == sizeof(hello) - 1 && memcmp(buf, hello, n) == 0, st);

    st = fs_read(fs, "DATA.BIN", 4096, buf, 4096, &n);
    report(r, "fs-read-4k", st == SVC_OK && n == 4096 && data_matches(buf, n, 4096), st);

    st = fs_read(fs, "DATA.BIN", 1000, buf, 100, &n); /* across sectors, not aligned */
    report(r, "fs-read-unaligned", st == SVC_OK && n == 100 && memcmp(buf, "0000125\n", 8) == 0, st);

    st = fs_read(fs, "NOPE.TXT", 0, buf, 16, &n);
    report(r, "fs-missing", st == FS_ERR_NOT_FOUND, st);

    char line[64];
    int len = rt_snprintf(line, sizeof(line), "written by %s through fs\n", rt_env()->name);
    st = fs_write(fs, "OUT.TXT", 0, line, (size_t)len, &n);
    report(r, "fs-write", st == SVC_OK && n == (size_t)len, st);

    /* Past one cluster: a second write extends the file. */
    memset(buf, 'z', sizeof(buf));
    st = fs_write(fs, "OUT.TXT", (uint64_t)len, buf, 1000, &n);
    uint64_t size = 0;
    seL4_Word st2 = fs_size(fs, "OUT.TXT", &size);
    report(r, "fs-write-extend", st == SVC_OK && st2 == SVC_OK && size == (uint64_t)len + 1000, st ? st : st2);

    st = fs_read(fs, "OUT.TXT", 0, buf, (size_t)len, &n);
    report(r, "fs-read-back", st == SVC_OK && n == (size_t)len && memcmp(buf, line, n) == 0, st);
}

/* Its memory budget runs out: an error for it, nothing for anyone else (the console and fs
 * calls after this still work). The TCBs it makes are never started. */
static void test_budget(struct results *r)
{
    struct rt_env *env = rt_env();
    seL4_CPtr obj;
    seL4_Error err = seL4_NoError;
    unsigned made = 0;
    while (made < 1000 && (err = rt_object_alloc(&env->alloc, seL4_TCBObject, 0, &obj)) == seL4_NoError)
        made++;
    report(r, "budget-exhausted", made > 0 && err == seL4_NotEnoughMemory, err);
}

int main(const seL4_BootInfo *bi)
{
    (void)bi;
    struct results r = {0, 0};
    test_console(&r);
    test_budget(&r);
    if (rt_service("fs"))
        test_fs(&r);
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
