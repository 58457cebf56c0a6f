/*
 * The system monitor on the root task's console (docs/boot-config.md, "The monitor"): the
 * console owner sends each line typed at the root console, or each exec request, here. A line
 * is answered on the system channel; an exec request with id N is answered on the exec channel
 * (FRAME_CHANNEL_EXEC) by "N out TEXT" frames and one "N exit CODE" frame.
 */
#include "../services/uart.h"
#include "system.h"
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/string.h>
#include <stdarg.h>

#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_UNKNOWN 127

static uint64_t root_used, root_budget;

/* The reply being written: text collected into frames of at most FRAME_MAX_PAYLOAD bytes. */
struct reply {
    seL4_Word exec_id; /* 0: a plain line, answered on the system channel */
    char buf[FRAME_MAX_PAYLOAD];
    size_t len, head; /* head: bytes of "N out " at the start of buf */
};

static void reply_flush(struct reply *r)
{
    if (r->len == r->head)
        return;
    if (r->exec_id)
        frame_write(FRAME_CHANNEL_EXEC, r->buf, r->len);
    else
        frame_write_as(FRAME_CHANNEL_SYSTEM, "monitor", r->buf, r->len);
    r->len = r->head;
}

static void reply_start(struct reply *r, seL4_Word exec_id)
{
    r->exec_id = exec_id;
    r->head = exec_id ? (size_t)rt_snprintf(r->buf, sizeof(r->buf), "%lu out ", exec_id) : 0;
    r->len = r->head;
}

static void say(struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct reply *r, const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    int n = rt_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
    if (r->len + len > sizeof(r->buf))
        reply_flush(r);
    memcpy(r->buf + r->len, line, len);
    r->len += len;
}

static void reply_exit(struct reply *r, int code)
{
    reply_flush(r);
    if (!r->exec_id)
        return;
    char line[40];
    int n = rt_snprintf(line, sizeof(line), "%lu exit %d", r->exec_id, code);
    frame_write(FRAME_CHANNEL_EXEC, line, (size_t)n);
}

static int cmd_help(struct reply *r, const char *arg)
{
    (void)arg;
    say(r, "commands:\n");
    say(r, "  tasks            every task: state, priority, memory used and budget, restarts\n");
    say(r, "  mem              memory of the root task, the tasks and what is left\n");
    say(r, "  restart <task>   restart a task now\n");
    say(r, "  echo <text>      print text\n");
    say(r, "  help             this list\n");
    return EXIT_OK;
}

static int cmd_echo(struct reply *r, const char *arg)
{
    say(r, "%s\n", arg);
    return EXIT_OK;
}

static int cmd_tasks(struct reply *r, const char *arg)
{
    (void)arg;
    say(r, "%-15s %-10s %4s %10s %10s %8s\n", "NAME", "STATE", "PRIO", "MEM_USED", "MEM_BUDGET", "RESTARTS");
    say(r, "%-15s %-10s %4u %10lu %10lu %8u\n", "root", "running", (unsigned)seL4_MaxPrio, root_used, root_budget,
        0u);
    for (unsigned i = 0; i < sys.n; i++) {
        const struct sys_task *t = &sys.t[i];
        say(r, "%-15s %-10s %4u %10lu %10lu %8lu\n", t->cfg->name, task_state_name(t->state), t->cfg->prio,
            task_memory_used(t), t->untyped_bytes, t->restarts);
    }
    return EXIT_OK;
}

static int cmd_mem(struct reply *r, const char *arg)
{
    (void)arg;
    uint64_t used = 0, budgets = 0;
    for (unsigned i = 0; i < sys.n; i++) {
        used += task_memory_used(&sys.t[i]);
        budgets += sys.t[i].untyped_bytes;
    }
    uint64_t free = root_budget - root_used;
    say(r, "total %lu bytes\n", root_budget);
    say(r, "root used %lu bytes\n", root_used);
    say(r, "tasks used %lu of %lu bytes budgeted\n", used, budgets);
    say(r, "unbudgeted %lu bytes\n", free > budgets ? free - budgets : 0);
    return EXIT_OK;
}

static int cmd_restart(struct reply *r, const char *arg)
{
    if (!*arg) {
        say(r, "usage: restart <task>\n");
        return EXIT_USAGE;
    }
    for (unsigned i = 0; i < sys.n; i++) {
        if (strcmp(sys.t[i].cfg->name, arg) != 0)
            continue;
        supervise_restart_now(&sys.t[i]);
        say(r, "%s %s\n", arg, sys.t[i].state == TS_RUNNING ? "restarted" : "could not be restarted; stopped");
        return sys.t[i].state == TS_RUNNING ? EXIT_OK : EXIT_FAILED;
    }
    say(r, "no task named '%s'\n", arg);
    return EXIT_FAILED;
}

static const struct command {
    const char *name;
    int (*run)(struct reply *r, const char *arg);
} commands[] = {
    {"help", cmd_help}, {"echo", cmd_echo}, {"tasks", cmd_tasks}, {"mem", cmd_mem}, {"restart", cmd_restart},
};

/* Run one command line; returns its exit code. */
static int run(struct reply *r, char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
        line[--n] = '\0';
    if (!n)
        return EXIT_OK;
    char *arg = line;
    while (*arg && *arg != ' ' && *arg != '\t')
        arg++;
    if (*arg) {
        *arg++ = '\0';
        while (*arg == ' ' || *arg == '\t')
            arg++;
    }
    for (unsigned i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(commands[i].name, line) == 0)
            return commands[i].run(r, arg);
    say(r, "unknown command '%s' (try help)\n", line);
    return EXIT_UNKNOWN;
}

void monitor_init(uint64_t used, uint64_t budget)
{
    root_used = used;
    root_budget = budget;
}

void monitor_input(seL4_MessageInfo_t info)
{
    static struct reply r;
    char line[UART_ROOT_LINE_MAX + 1];
    seL4_Word words = seL4_MessageInfo_get_length(info);
    if (seL4_MessageInfo_get_label(info) != UART_ROOT_INPUT || words < UART_ROOT_HEADER_WORDS)
        return;
    seL4_Word exec_id = seL4_GetMR(0), len = seL4_GetMR(1), cut = seL4_GetMR(2);
    if (len > UART_ROOT_LINE_MAX || len > (words - UART_ROOT_HEADER_WORDS) * sizeof(seL4_Word))
        return;
    for (seL4_Word i = 0; i * sizeof(seL4_Word) < len; i++) {
        seL4_Word w = seL4_GetMR(UART_ROOT_HEADER_WORDS + i);
        memcpy(line + i * sizeof(seL4_Word), &w, len - i * sizeof(seL4_Word) < 8 ? len - i * sizeof(seL4_Word) : 8);
    }
    line[len] = '\0';
    for (seL4_Word i = 0; i < len; i++)
        if (line[i] == '\0' || line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    reply_start(&r, exec_id);
    if (cut) {
        say(&r, "command longer than %d bytes\n", UART_ROOT_LINE_MAX);
        reply_exit(&r, EXIT_USAGE);
        return;
    }
    reply_exit(&r, run(&r, line));
}
