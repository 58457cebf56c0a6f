/*
 * Telemetry records (docs/telemetry.md): one a second, a line per task from the kernel's
 * counters (Domain-cap read-out) and the root task's bookkeeping, a line per service endpoint
 * and per linked service, and the totals. A record longer than one frame is continued in
 * further records with the same seq and part=2, 3, ...
 */
#include "system.h"
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/string.h>

#define MS_PER_TICK 10 /* the kernel's timer tick */

struct record {
    char buf[FRAME_MAX_PAYLOAD];
    size_t len;
    unsigned part;
    uint64_t seq, uptime_ms;
};

static void record_start(struct record *r)
{
    r->part++;
    int n = r->part == 1 ? rt_snprintf(r->buf, sizeof(r->buf), "atoll-telemetry 1 seq=%lu uptime_ms=%lu\n", r->seq,
                                       r->uptime_ms)
                         : rt_snprintf(r->buf, sizeof(r->buf), "atoll-telemetry 1 seq=%lu uptime_ms=%lu part=%u\n",
                                       r->seq, r->uptime_ms, r->part);
    r->len = (size_t)n;
}

static void record_flush(struct record *r) { frame_write(FRAME_CHANNEL_TELEMETRY, r->buf, r->len); }

/* Append a line; a line that does not fit starts the next part. */
static void record_line(struct record *r, const char *line)
{
    size_t n = strlen(line);
    if (r->len + n > sizeof(r->buf)) {
        record_flush(r);
        record_start(r);
    }
    if (r->len + n <= sizeof(r->buf)) {
        memcpy(r->buf + r->len, line, n);
        r->len += n;
    }
}

struct counters {
    uint64_t syscalls, sent, received, faults, ticks;
};

static struct counters read_thread(seL4_CPtr tcb)
{
    struct counters c = {0, 0, 0, 0, 0};
    if (atoll_telemetry_read_thread(seL4_CapDomain, tcb) == seL4_NoError)
        c = (struct counters){seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3), seL4_GetMR(4)};
    return c;
}

/* Bytes of the task's budget in use: all the root task did not give it for its own allocations
 * (its TCB, CNode, VSpace, page tables, window and ELF pages, device tables, alignment) plus the
 * watermark of each untyped it was given (what it has retyped; 0 again after a restart). Those
 * are moved back for a moment to be read (untyped caps cannot be copied); the root task runs
 * above every task, so nothing sees the gap. */
uint64_t task_memory_used(const struct sys_task *t)
{
    static seL4_CPtr scratch;
    uint64_t used = t->untyped_bytes - t->own_bytes;
    if (!scratch && !(scratch = rt_slot_alloc(sys.alloc)))
        return 0;
    for (unsigned i = 0; i < t->n_own; i++) {
        if (seL4_CNode_Move(seL4_CapInitThreadCNode, scratch, RT_CNODE_DEPTH, t->cnode, t->own_slot[i],
                            RT_CNODE_DEPTH) != seL4_NoError)
            continue;
        if (atoll_telemetry_read_untyped(seL4_CapDomain, scratch) == seL4_NoError)
            used += seL4_GetMR(0);
        seL4_CNode_Move(t->cnode, t->own_slot[i], RT_CNODE_DEPTH, seL4_CapInitThreadCNode, scratch,
                        RT_CNODE_DEPTH);
    }
    return used;
}

const char *task_state_name(enum task_state s)
{
    switch (s) {
    case TS_RUNNING: return "running";
    case TS_FAULTED: return "faulted";
    case TS_RESTARTING: return "restarting";
    case TS_STOPPED: return "stopped";
    }
    return "running";
}

static void task_line(struct record *r, const char *name, const char *kind, const char *state, unsigned prio,
                      uint64_t used, uint64_t budget, struct counters c, uint64_t faults, uint64_t restarts)
{
    char line[256];
    rt_snprintf(line, sizeof(line),
                "task name=%s kind=%s state=%s prio=%u mem_used=%lu mem_budget=%lu cpu_ms=%lu syscalls=%lu "
                "ipc_sent=%lu ipc_recv=%lu faults=%lu restarts=%lu\n",
                name, kind, state, prio, used, budget, c.ticks * MS_PER_TICK, c.syscalls, c.sent, c.received, faults,
                restarts);
    record_line(r, line);
}

/* The header and the root task's line; returns the root task's counters. */
static struct counters record_begin(struct record *r, uint64_t seq, uint64_t uptime_ms, uint64_t root_used,
                                    uint64_t root_budget)
{
    r->part = 0;
    r->seq = seq;
    r->uptime_ms = uptime_ms;
    record_start(r);
    struct counters c = read_thread(seL4_CapInitThreadTCB);
    task_line(r, "root", "root", "running", seL4_MaxPrio, root_used, root_budget, c, 0, 0);
    return c;
}

void telemetry_emit(uint64_t seq, uint64_t uptime_ms, uint64_t root_used, uint64_t root_budget)
{
    static struct record r;
    char line[256];
    struct counters total = record_begin(&r, seq, uptime_ms, root_used, root_budget);
    uint64_t faults = 0, restarts = 0, used_all = root_used;
    for (unsigned i = 0; i < sys.n; i++) {
        const struct sys_task *t = &sys.t[i];
        struct counters c = read_thread(t->tcb);
        uint64_t used = task_memory_used(t);
        task_line(&r, t->cfg->name, t->cfg->kind == CFG_SERVICE ? "service" : "program", task_state_name(t->state),
                  t->cfg->prio, used, t->untyped_bytes, c, t->faults, t->restarts);
        total.syscalls += c.syscalls;
        total.sent += c.sent;
        total.received += c.received;
        total.ticks += c.ticks;
        faults += t->faults;
        restarts += t->restarts;
        used_all += used;
    }
    /* An endpoint per service task: its clients, and the messages sent through it (kernel count). */
    for (unsigned i = 0; i < sys.n; i++) {
        const struct sys_task *t = &sys.t[i];
        if (!t->serve_ep)
            continue;
        char clients[128] = "";
        size_t n = 0;
        for (unsigned k = 0; k < sys.n_links; k++)
            if (sys.links[k].service == i)
                n += (size_t)rt_snprintf(clients + n, sizeof(clients) - n, "%s%s", n ? "," : "",
                                         sys.t[sys.links[k].client].cfg->name);
        seL4_Word messages = atoll_telemetry_read_endpoint(seL4_CapDomain, t->serve_ep) == seL4_NoError
                                 ? seL4_GetMR(0)
                                 : 0;
        rt_snprintf(line, sizeof(line), "endpoint name=%s server=%s clients=%s messages=%lu\n", t->cfg->name,
                    t->cfg->name, n ? clients : "-", messages);
        record_line(&r, line);
    }
    /* A linked service: which task it runs in, and the calls made to it there. */
    for (unsigned i = 0; i < sys.n; i++)
        for (unsigned k = 0; k < sys.t[i].env->n_conns; k++) {
            const struct svc_conn *c = &sys.t[i].env->conns[k];
            if (c->binding != SVC_DIRECT)
                continue;
            rt_snprintf(line, sizeof(line), "linked name=%s user=%s calls=%lu errors=%lu\n", c->service,
                        sys.t[i].cfg->name, c->calls, c->errors);
            record_line(&r, line);
        }
    rt_snprintf(line, sizeof(line),
                "total tasks=%u cpu_ms=%lu syscalls=%lu ipc_sent=%lu ipc_recv=%lu faults=%lu restarts=%lu "
                "mem_used=%lu\n",
                sys.n + 1, total.ticks * MS_PER_TICK, total.syscalls, total.sent, total.received, faults, restarts,
                used_all);
    record_line(&r, line);
    record_flush(&r);
}

void telemetry_emit_rejected(uint64_t seq, uint64_t uptime_ms, const char *code, uint64_t root_used,
                             uint64_t root_budget)
{
    static struct record r;
    char line[96];
    record_begin(&r, seq, uptime_ms, root_used, root_budget);
    rt_snprintf(line, sizeof(line), "config state=rejected error=%s\n", code);
    record_line(&r, line);
    record_flush(&r);
}
