/*
 * Supervision: the root task's loop. A task's fault arrives on the root endpoint (badge =
 * BADGE_FAULT | task); the task is restarted after its backoff (doubling each time) until its
 * restart limit, then stays stopped. Clients of a service task that is down are never left
 * hanging: a call in flight is completed with SVC_ERR_RESTARTING (or SVC_ERR_STOPPED), and
 * their endpoint cap points at the root task, which answers the same, until the service is back.
 */
#include "system.h"
#include <rt/bootinfo.h>
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/string.h>
#include <rt/time.h>

#define UNMAPPED_PC 0xdead0000ul

static uint64_t kill_at;         /* atoll.kill=NAME@MS: fault that task on purpose (tests) */
static int kill_task = -1;

static seL4_Word down_status(const struct sys_task *t)
{
    return t->state == TS_STOPPED ? SVC_ERR_STOPPED : SVC_ERR_RESTARTING;
}

static void describe_fault(struct sys_task *t, seL4_MessageInfo_t info)
{
    seL4_Word label = seL4_MessageInfo_get_label(info);
    switch (label) {
    case seL4_Fault_VMFault:
        rt_snprintf(t->last_fault, sizeof(t->last_fault), "VMFault pc=0x%lx addr=0x%lx", seL4_GetMR(0),
                    seL4_GetMR(1));
        break;
    case seL4_Fault_CapFault:
        rt_snprintf(t->last_fault, sizeof(t->last_fault), "CapFault pc=0x%lx cptr=0x%lx", seL4_GetMR(0),
                    seL4_GetMR(1));
        break;
    case seL4_Fault_UnknownSyscall:
        rt_snprintf(t->last_fault, sizeof(t->last_fault), "UnknownSyscall pc=0x%lx", seL4_GetMR(8));
        break;
    case seL4_Fault_UserException:
        rt_snprintf(t->last_fault, sizeof(t->last_fault), "UserException pc=0x%lx", seL4_GetMR(0));
        break;
    default:
        rt_snprintf(t->last_fault, sizeof(t->last_fault), "fault %lu", label);
    }
}

/* A client blocked in a Call through the link's slot gets `status` as the reply. */
static void fail_call_in_flight(const struct sys_link *l, seL4_Word status)
{
    seL4_CPtr tcb = sys.t[l->client].tcb;
    seL4_Word regs[seL4_UserContextWords];
    if (seL4_TCB_ReadRegisters(tcb, 0, seL4_UserContextWords) != seL4_NoError)
        return;
    for (unsigned i = 0; i < seL4_UserContextWords; i++)
        regs[i] = seL4_GetMR(i);
    /* seL4_UserContext: pc, sp, spsr, x0..x8, ...: x0 = 3, x1 = 4, x2..x5 = 5..8, x7 = 10.
     * A thread still inside `svc` for this Call has x7 = Call and x0 = the cptr (a finished
     * Call leaves the reply's badge, 0, in x0). */
    if (regs[10] != (seL4_Word)seL4_SysCall || !regs[3] || (regs[3] != l->client_slot && regs[3] != l->found_slot))
        return;
    seL4_TCB_Suspend(tcb);
    regs[3] = 0;
    regs[4] = seL4_MessageInfo_new(status, 0, 0, SVC_WORDS).words[0];
    for (unsigned i = 5; i <= 8; i++)
        regs[i] = 0;
    seL4_SetMR(0, 1); /* resume */
    seL4_SetMR(1, seL4_UserContextWords);
    for (unsigned i = 0; i < seL4_UserContextWords; i++)
        seL4_SetMR(2 + i, regs[i]);
    rt_invoke(tcb, TCBWriteRegisters, 0, 2 + seL4_UserContextWords);
}

static void arm_wakeup(void)
{
    uint64_t next = kill_at;
    for (unsigned i = 0; i < sys.n; i++)
        if (sys.t[i].state == TS_RESTARTING && (!next || sys.t[i].restart_at < next))
            next = sys.t[i].restart_at;
    clock_wake_root_at(next);
}

/* A stopped task may hold the console lock: free it if, and only if, this task holds it (the
 * lock's word says so; the task's own environment is not to be believed), and wake the
 * writers in case it took a wake-up with it. Returns what to add to the log line. */
static const char *release_console(const struct sys_task *t)
{
    const char *held = "";
    if (t->console) {
        uint32_t holder = RT_CONSOLE_HOLDER(t->index);
        if (__atomic_compare_exchange_n(sys.console_owner, &holder, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
            held = " holding the console lock";
        seL4_Signal(sys.console_lock);
    }
    return held;
}

static void on_fault(struct sys_task *t, seL4_MessageInfo_t info)
{
    char line[200];
    describe_fault(t, info);
    t->faults++;
    const char *held = release_console(t);
    const struct cfg_entry *c = t->cfg;
    if (c->restart == CFG_RESTART_ALWAYS && t->restarts < c->restart_limit) {
        uint64_t delay_ms = (uint64_t)c->backoff_ms << (t->restarts < 16 ? t->restarts : 16);
        t->state = TS_RESTARTING;
        t->restart_at = rt_counter() + delay_ms * rt_counter_freq() / 1000;
        rt_snprintf(line, sizeof(line), "supervisor: %s faulted (%s)%s; restart %lu of %u in %lu ms\n", c->name,
                    t->last_fault, held, t->restarts + 1, c->restart_limit, delay_ms);
    } else {
        t->state = TS_STOPPED;
        seL4_TCB_Suspend(t->tcb);
        rt_snprintf(line, sizeof(line), "supervisor: %s faulted (%s)%s; stopped after %lu restarts\n", c->name,
                    t->last_fault, held, t->restarts);
    }
    frame_log(line);
    for (unsigned i = 0; i < sys.n_links; i++) {
        const struct sys_link *l = &sys.links[i];
        if (l->service != t->index)
            continue;
        sys_link_redirect(l, 0);
        fail_call_in_flight(l, down_status(t));
    }
    arm_wakeup();
}

/* The clients of service t lose it: their caps point at the root task, a call in flight fails. */
static void links_down(const struct sys_task *t)
{
    for (unsigned i = 0; i < sys.n_links; i++) {
        const struct sys_link *l = &sys.links[i];
        if (l->service != t->index)
            continue;
        sys_link_redirect(l, 0);
        fail_call_in_flight(l, SVC_ERR_RESTARTING);
    }
}

static void links_up(const struct sys_task *t)
{
    for (unsigned k = 0; k < sys.n_links; k++)
        if (sys.links[k].service == t->index)
            sys_link_redirect(&sys.links[k], 1);
}

void supervise_restart_now(struct sys_task *t)
{
    char line[160];
    seL4_TCB_Suspend(t->tcb);
    release_console(t);
    links_down(t);
    sys_reclaim(t);
    if (sys_start_task(t) != seL4_NoError) {
        t->state = TS_STOPPED;
        rt_snprintf(line, sizeof(line), "supervisor: cannot restart %s; stopped\n", t->cfg->name);
    } else {
        t->restarts++;
        t->state = TS_RUNNING;
        t->restart_at = 0;
        links_up(t);
        rt_snprintf(line, sizeof(line), "supervisor: restarted %s on request (%lu restarts)\n", t->cfg->name,
                    t->restarts);
    }
    frame_log(line);
    arm_wakeup();
}

static void restart_due(void)
{
    uint64_t now = rt_counter();
    char line[160];
    if (kill_at && now >= kill_at) {
        kill_at = 0;
        struct sys_task *t = &sys.t[kill_task];
        rt_snprintf(line, sizeof(line), "supervisor: faulting %s on purpose (atoll.kill)\n", t->cfg->name);
        frame_log(line);
        seL4_TCB_Suspend(t->tcb);
        rt_tcb_start(t->tcb, UNMAPPED_PC, 0, 0, 0);
    }
    for (unsigned i = 0; i < sys.n; i++) {
        struct sys_task *t = &sys.t[i];
        if (t->state != TS_RESTARTING || now < t->restart_at)
            continue;
        seL4_TCB_Suspend(t->tcb);
        sys_reclaim(t);
        if (sys_start_task(t) != seL4_NoError) {
            t->state = TS_STOPPED;
            continue;
        }
        t->restarts++;
        t->state = TS_RUNNING;
        t->restart_at = 0;
        links_up(t);
        rt_snprintf(line, sizeof(line), "supervisor: restarted %s (%lu of %u)\n", t->cfg->name, t->restarts,
                    t->cfg->restart_limit);
        frame_log(line);
    }
    arm_wakeup();
}

/* atoll.kill=NAME@MS in the kernel command line: fault task NAME MS after start. */
static void parse_kill(const seL4_BootInfo *bi, uint64_t start)
{
    char arg[32];
    if (!rt_arg_value(rt_fdt_chosen_string(bi, "bootargs"), "atoll.kill", arg, sizeof(arg)))
        return;
    char *at = arg;
    while (*at && *at != '@')
        at++;
    if (!*at)
        return;
    *at++ = '\0';
    uint64_t ms = 0;
    for (; *at >= '0' && *at <= '9'; at++)
        ms = ms * 10 + (uint64_t)(*at - '0');
    for (unsigned i = 0; i < sys.n; i++)
        if (strcmp(sys.t[i].cfg->name, arg) == 0)
            kill_task = (int)i;
    if (kill_task >= 0)
        kill_at = start + ms * rt_counter_freq() / 1000;
}

_Noreturn void supervise(const seL4_BootInfo *bi, uint64_t root_used, uint64_t root_budget)
{
    uint64_t start = rt_counter(), seq = 0;
    parse_kill(bi, start);
    monitor_init(root_used, root_budget);
    arm_wakeup();
    for (;;) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_Recv(sys.root_ep, &badge);
        if (badge & BADGE_FAULT) {
            unsigned i = (unsigned)(badge & 0xff);
            if (i < sys.n)
                on_fault(&sys.t[i], info);
        } else if (badge & BADGE_INPUT) {
            monitor_input(info);
        } else if (badge & BADGE_LOOKUP) {
            unsigned i = (unsigned)(badge & 0xff);
            if (i < sys.n)
                discovery_answer(&sys.t[i], info);
        } else if (badge & BADGE_DEAD) {
            unsigned i = (unsigned)(badge & 0xff);
            seL4_Reply(seL4_MessageInfo_new(i < sys.n ? down_status(&sys.t[i]) : SVC_ERR_STOPPED, 0, 0, 0));
        } else {
            if (badge & BADGE_WAKE)
                restart_due();
            if (badge & BADGE_TICK)
                telemetry_emit(seq++, rt_ticks_to_ms(rt_counter() - start), root_used, root_budget);
        }
    }
}
