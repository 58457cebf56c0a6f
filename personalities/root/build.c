/*
 * Building the declared system: per task a CSpace, VSpace, TCB, fault endpoint, IPC buffer and
 * its memory budget; per service use a connection (an IPC endpoint badged for the client and a
 * shared channel page, or the service's handler linked into the user, whose ELF carries its
 * code). Each task runs its own ELF from the initrd (elfload.c); its memory (system.h) comes
 * out of its budget.
 */
#include "system.h"
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/runtime.h>
#include <rt/string.h>
#include <rt/vspace.h>

#define ROOT_CNODE seL4_CapInitThreadCNode
#define D RT_CNODE_DEPTH
#define TASK_CNODE_GUARD (64 - RT_TASK_CNODE_BITS) /* seL4_CNode_CapData: guard size, guard 0 */
#define PAGE 4096ul
#define RW (seL4_CanRead | seL4_CanWrite)

_Static_assert(sizeof(struct rt_env) <= PAGE, "a task's environment fits its page");

struct sys sys;
static unsigned n_channels;

int sys_error(const char *what, const char *name, seL4_Error err)
{
    char line[160];
    rt_snprintf(line, sizeof(line), "system: cannot build %s: %s failed (seL4 error %d)\n", name, what, (int)err);
    frame_log(line);
    return -1;
}

seL4_Error sys_start_task(struct sys_task *t)
{
    /* Fresh memory at every start: its ELF's data and bss, the environment as built, an
     * empty stack and state. */
    seL4_Error err = elf_load(t, t->elf_loaded);
    if (err != seL4_NoError)
        return err;
    t->elf_loaded = 1;
    memset((void *)t->window, 0, TASK_PAGES * PAGE);
    *t->env = t->env_init;
    seL4_IPCBuffer *buf = (seL4_IPCBuffer *)(t->window + TASK_PAGE_IPC * PAGE);
    buf->userData = (seL4_Word)t->env;
    return rt_tcb_start(t->tcb, t->entry, t->window + (TASK_PAGE_STACK + TASK_STACK_PAGES) * PAGE, 0, (seL4_Word)buf);
}

/* rt_map_frame's page tables and slots come from the allocator of the call in progress (the
 * root task builds one thing at a time). */
static struct rt_alloc *tables_from;

static seL4_CPtr next_slot(void) { return rt_slot_alloc(sys.alloc); }

static seL4_CPtr next_table(void)
{
    seL4_CPtr table;
    return rt_object_alloc(tables_from, seL4_ARM_PageTableObject, 0, &table) == seL4_NoError ? table : 0;
}

static const struct rt_vspace_alloc vspace_alloc = {next_slot, next_table};

seL4_Error sys_map(struct rt_alloc *tables, seL4_CPtr vspace, seL4_CPtr frame, seL4_Word vaddr, seL4_Word rights,
                   seL4_Word attr)
{
    tables_from = tables;
    return rt_map_frame(&vspace_alloc, vspace, frame, vaddr, rights, attr);
}

/* Map frame at vaddr in the task (a copy of the cap: a frame cap maps once); returns the copy. */
static seL4_Error map_into(struct sys_task *t, seL4_CPtr frame, seL4_Word vaddr, seL4_Word rights, seL4_CPtr *copy)
{
    seL4_CPtr c = rt_slot_alloc(sys.alloc);
    if (!c)
        return seL4_NotEnoughMemory;
    seL4_Error err = seL4_CNode_Copy(ROOT_CNODE, c, D, ROOT_CNODE, frame, D, seL4_AllRights);
    if (err == seL4_NoError)
        err = sys_map(&t->ta, t->vspace, c, vaddr, rights, seL4_ARM_Default_VMAttributes);
    if (copy)
        *copy = c;
    return err;
}

/* Its VSpace: its window read-write (also mapped in the root), its ELF's segments. */
static int build_space(struct sys_task *t, seL4_CPtr *ipc_frame)
{
    seL4_Error err;
    if ((err = rt_object_alloc(&t->ta, seL4_ARM_VSpaceObject, 0, &t->vspace)) ||
        (err = seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, t->vspace)))
        return sys_error("making its VSpace", t->cfg->name, err);
    t->window = TASK_WINDOW_BASE + t->index * TASK_WINDOW_SIZE;
    for (unsigned p = 0; p < TASK_PAGES; p++) {
        seL4_CPtr frame;
        seL4_Word va = t->window + p * PAGE;
        if ((err = rt_object_alloc(&t->ta, seL4_ARM_SmallPageObject, 0, &frame)) ||
            (err = sys_map(sys.alloc, seL4_CapInitThreadVSpace, frame, va, RW, seL4_ARM_Default_VMAttributes)) ||
            (err = map_into(t, frame, va, RW, p == TASK_PAGE_IPC ? ipc_frame : 0)))
            return sys_error("making its memory (budget too small?)", t->cfg->name, err);
    }
    t->env = (struct rt_env *)t->window;
    return elf_map(t);
}

/* Copy (or mint, with a badge) a cap of the root task into slot of task t's CNode. */
static seL4_Error give(struct sys_task *t, seL4_CPtr slot, seL4_CPtr cap, seL4_Word rights, seL4_Word badge)
{
    if (badge)
        return seL4_CNode_Mint(t->cnode, slot, D, ROOT_CNODE, cap, D, rights, badge);
    return seL4_CNode_Copy(t->cnode, slot, D, ROOT_CNODE, cap, D, rights);
}

/* The task's memory budget as at most 4 power-of-two untypeds carved from the root's memory
 * (a budget that needs more is rounded down); its kernel objects come out of the first. */
static int carve_budget(struct sys_task *t, seL4_CPtr ut[4])
{
    uint64_t left = t->cfg->mem;
    t->n_untyped = 0;
    t->untyped_bytes = 0;
    for (int bits = 40; bits >= 12 && t->n_untyped < 4; bits--) {
        if (left < (1ull << bits))
            continue;
        seL4_Error err = rt_object_alloc(sys.alloc, seL4_UntypedObject, (seL4_Word)bits, &ut[t->n_untyped]);
        if (err != seL4_NoError)
            return sys_error("carving its memory budget", t->cfg->name, err);
        t->n_untyped++;
        t->untyped_bytes += 1ull << bits;
        left -= 1ull << bits;
        bits++; /* the same size may fit again */
    }
    return 0;
}

/* A notification signalled through an unbadged cap carries no bits: callers signal through a
 * copy of the cap badged 1 (replacing *cap). */
static seL4_Error badge_notification(seL4_CPtr *cap)
{
    seL4_CPtr badged = rt_slot_alloc(sys.alloc);
    if (!badged)
        return seL4_NotEnoughMemory;
    seL4_Error err = seL4_CNode_Mint(ROOT_CNODE, badged, D, ROOT_CNODE, *cap, D, seL4_AllRights, 1);
    if (err == seL4_NoError)
        *cap = badged;
    return err;
}

/* The console lock (lib/frame.c) for a task that writes the line: the notification's cap
 * and the page of its word. The root task records it (t->console): on a fault it frees the
 * lock if that task holds it, whatever the task's own environment says. */
static int grant_console(struct sys_task *t)
{
    seL4_Error err;
    if ((err = give(t, RT_TASK_CONSOLE_LOCK, sys.console_lock, seL4_AllRights, 0)) ||
        (err = map_into(t, sys.console_page, CONSOLE_LOCK_VADDR, RW, 0)))
        return sys_error("granting the console", t->cfg->name, err);
    t->console = 1;
    t->env->console_lock = RT_TASK_CONSOLE_LOCK;
    t->env->console_owner = (volatile uint32_t *)CONSOLE_LOCK_VADDR;
    return 0;
}

/* The console owner with interrupts (the uart task, for input): a notification from its
 * budget, bound to its TCB (it stays bound across restarts), given badged SVC_BADGE_NOTIFY so
 * svc_serve tells signals from calls; the uart points the PL011's line at it. */
static int bind_notification(struct sys_task *t)
{
    seL4_CPtr ntfn;
    seL4_Error err;
    if (!t->cfg->n_irqs || !(t->cfg->devices & CFG_DEVICE_CONSOLE))
        return 0;
    if ((err = rt_object_alloc(&t->ta, seL4_NotificationObject, 0, &ntfn)) ||
        (err = seL4_TCB_BindNotification(t->tcb, ntfn)) ||
        (err = give(t, RT_TASK_NOTIFY, ntfn, seL4_AllRights, SVC_BADGE_NOTIFY | 1)))
        return sys_error("binding its notification (budget too small?)", t->cfg->name, err);
    return 0;
}

static int build_task(struct sys_task *t)
{
    const struct cfg_entry *c = t->cfg;
    seL4_CPtr ut[4], raw_cnode;
    seL4_Error err;
    if (carve_budget(t, ut))
        return -1;
    rt_alloc_init(&t->ta, ROOT_CNODE, 0, 0);
    t->ta.slot_source = sys.alloc;
    for (unsigned i = 0; i < t->n_untyped; i++)
        rt_alloc_add_untyped(&t->ta, ut[i]);
    if ((err = rt_object_alloc(&t->ta, seL4_TCBObject, 0, &t->tcb)) ||
        (err = rt_object_alloc(&t->ta, seL4_CapTableObject, RT_TASK_CNODE_BITS, &raw_cnode)) ||
        (err = rt_object_alloc(&t->ta, seL4_NotificationObject, 0, &t->sleep_ntfn)) ||
        (err = badge_notification(&t->sleep_ntfn)))
        return sys_error("making its TCB, CNode and notification (budget too small?)", c->name, err);
    t->cnode = rt_slot_alloc(sys.alloc);
    if ((err = seL4_CNode_Mint(ROOT_CNODE, t->cnode, D, ROOT_CNODE, raw_cnode, D, seL4_AllRights, TASK_CNODE_GUARD)))
        return sys_error("guarding its CNode", c->name, err);
    if ((err = give(t, RT_TASK_TCB, t->tcb, seL4_AllRights, 0)) ||
        (err = give(t, RT_TASK_CNODE, t->cnode, seL4_AllRights, 0)) ||
        (err = give(t, RT_TASK_FAULT_EP, sys.root_ep, seL4_CanWrite | seL4_CanGrant | seL4_CanGrantReply,
                    BADGE_FAULT | t->index)) ||
        (err = give(t, RT_TASK_CLOCK_EP, sys.clock_ep, seL4_CanWrite, t->index + 1)) ||
        (err = give(t, RT_TASK_DISCOVER, sys.root_ep, seL4_CanWrite | seL4_CanGrant, BADGE_LOOKUP | t->index)) ||
        (err = give(t, RT_TASK_SLEEP_NTFN, t->sleep_ntfn, seL4_CanRead, 0)))
        return sys_error("filling its CSpace", c->name, err);
    if (build_space(t, &t->ipc_frame) || devices_grant(t, c, c->devices, t->env) || irqs_grant(t, c, t->env) ||
        ((c->devices & CFG_DEVICE_CONSOLE) && grant_console(t)))
        return -1;
    if (c->kind == CFG_SERVICE && bind_notification(t))
        return -1;
    /* The console owner passes the root task's console input on (monitor.c). */
    if (c->kind == CFG_SERVICE && (c->devices & CFG_DEVICE_CONSOLE) &&
        (err = give(t, RT_TASK_ROOT_INPUT, sys.root_ep, seL4_CanWrite, BADGE_INPUT)))
        return sys_error("granting the root console's input", c->name, err);

    struct rt_env *env = t->env;
    rt_strlcpy(env->name, c->name, sizeof(env->name));
    env->id = t->index;
    env->console_channel = (uint8_t)(FRAME_CHANNEL_CONSOLE_FIRST + t->index);
    env->console_text = (uint8_t)frame_text_mode();
    env->clock_ep = RT_TASK_CLOCK_EP;
    env->sleep_ntfn = RT_TASK_SLEEP_NTFN;
    env->state_vaddr = t->window + TASK_PAGE_STATE * PAGE;
    env->state_size = TASK_STATE_PAGES * PAGE;
    if (c->kind == CFG_SERVICE) {
        seL4_CPtr ep;
        if ((err = rt_object_alloc(sys.alloc, seL4_EndpointObject, 0, &ep)) ||
            (err = give(t, RT_TASK_SERVE_EP, ep, seL4_AllRights, 0)))
            return sys_error("making its endpoint", c->name, err);
        env->serving = 1;
        t->serve_ep = ep; /* the root mints its clients' caps from it */
    }
    return 0;
}

/* What the root task left of the budget goes to the task as child untypeds: from each budget
 * untyped's watermark to its end, in aligned power-of-two pieces (at most RT_ALLOC_MAX_UNTYPED,
 * a rest that does not fit stays unused). The root keeps the budget untypeds: revoking the
 * pieces (sys_reclaim) frees everything the task made, and a restart finds its budget whole. */
static int give_budget(struct sys_task *t)
{
    seL4_Error err;
    rt_alloc_init(&t->env->alloc, RT_TASK_CNODE, RT_TASK_FIRST_FREE, 1u << RT_TASK_CNODE_BITS);
    t->n_own = 0;
    t->own_bytes = 0;
    for (unsigned i = 0; i < t->n_untyped; i++) {
        if ((err = atoll_telemetry_read_untyped(seL4_CapDomain, t->ta.untyped[i])))
            return sys_error("reading its budget", t->cfg->name, err);
        uint64_t at = seL4_GetMR(0), size = seL4_GetMR(1);
        while (size - at >= PAGE && t->n_own < RT_ALLOC_MAX_UNTYPED) {
            unsigned bits = 12;
            while (!(at & ((1ull << (bits + 1)) - 1)) && at + (1ull << (bits + 1)) <= size)
                bits++;
            seL4_CPtr piece = rt_slot_alloc(sys.alloc), slot = RT_TASK_UNTYPED + t->n_own;
            if (!piece)
                return sys_error("giving its budget", t->cfg->name, seL4_NotEnoughMemory);
            if ((err = seL4_Untyped_Retype(t->ta.untyped[i], seL4_UntypedObject, bits, ROOT_CNODE, 0, 0, piece, 1)) ||
                (err = seL4_CNode_Move(t->cnode, slot, D, ROOT_CNODE, piece, D)))
                return sys_error("giving its budget", t->cfg->name, err);
            rt_slot_free(sys.alloc, piece);
            rt_alloc_add_untyped(&t->env->alloc, slot);
            t->own_slot[t->n_own++] = slot;
            t->own_bytes += 1ull << bits;
            at += 1ull << bits;
        }
    }
    return 0;
}

void sys_reclaim(struct sys_task *t)
{
    for (unsigned i = 0; i < t->n_own; i++)
        seL4_CNode_Revoke(t->cnode, t->own_slot[i], D);
    for (seL4_CPtr s = RT_TASK_FIRST_FREE; s < (1u << RT_TASK_CNODE_BITS); s++)
        seL4_CNode_Delete(t->cnode, s, D);
    for (unsigned i = 0; i < sys.n_links; i++)
        if (sys.links[i].client == t->index)
            sys.links[i].found_slot = 0;
}

/* After its connections: the rest of its budget goes into its CSpace, its TCB gets its spaces. */
static int finish_task(struct sys_task *t)
{
    seL4_Error err;
    if (give_budget(t))
        return -1;
    if ((err = seL4_TCB_Configure(t->tcb, RT_TASK_FAULT_EP, t->cnode, 0, t->vspace, 0,
                                  t->window + TASK_PAGE_IPC * PAGE, t->ipc_frame)) ||
        (err = seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, t->cfg->prio)))
        return sys_error("configuring its TCB", t->cfg->name, err);
    seL4_DebugNameThread(t->tcb, t->cfg->name);
    t->env_init = *t->env;
    t->state = TS_RUNNING; /* started next (system.c) */
    return 0;
}

static int find_conn(struct rt_env *env, const char *service)
{
    for (unsigned i = 0; i < env->n_conns; i++)
        if (strcmp(env->conns[i].service, service) == 0)
            return (int)i;
    return -1;
}

/* Give task u a connection to every service entry e uses; a linked service brings its own
 * uses along (they run in u too). */
static int connect_uses(struct sys_task *u, const struct cfg_entry *e)
{
    struct rt_env *env = u->env;
    for (unsigned k = 0; k < e->n_uses; k++) {
        unsigned s = e->uses[k];
        const struct cfg_entry *svc = &sys.cfg.e[s];
        if (find_conn(env, svc->name) >= 0)
            continue;
        if (env->n_conns == RT_TASK_MAX_CONNS)
            return sys_error("connecting its services (too many)", u->cfg->name, seL4_RangeError);
        unsigned ci = env->n_conns++;
        struct svc_conn *conn = &env->conns[ci];
        memset(conn, 0, sizeof(*conn));
        rt_strlcpy(conn->service, svc->name, sizeof(conn->service));
        rt_strlcpy(conn->self.name, u->cfg->name, sizeof(conn->self.name));
        conn->self.console_channel = env->console_channel;
        /* Its channel page: the root's memory, mapped in the client (and the server below). */
        seL4_CPtr frame;
        seL4_Word va = CHANNEL_BASE + n_channels++ * PAGE;
        seL4_Error err;
        if ((err = rt_object_alloc(sys.alloc, seL4_ARM_SmallPageObject, 0, &frame)) ||
            (err = map_into(u, frame, va, RW, 0)))
            return sys_error("making a channel", u->cfg->name, err);
        conn->self.data = (uint8_t *)va;
        if (svc->placement == CFG_LINKED) {
            conn->binding = SVC_DIRECT; /* the task finds its code and state (rt_task_start) */
            rt_strlcpy(conn->elf, svc->elf, sizeof(conn->elf));
            if (connect_uses(u, svc))
                return -1;
        } else {
            struct sys_task *st = &sys.t[sys.task_of[s]];
            if ((err = map_into(st, frame, va, RW, 0)))
                return sys_error("sharing a channel", svc->name, err);
            struct rt_env *senv = st->env;
            if (senv->n_clients == SVC_MAX_CLIENTS)
                return sys_error("connecting a client (too many)", svc->name, seL4_RangeError);
            senv->clients[senv->n_clients] = conn->self;
            struct sys_link *l = &sys.links[sys.n_links++];
            *l = (struct sys_link){u->index, st->index, RT_TASK_CONN + ci, ++senv->n_clients, 0};
            conn->binding = SVC_IPC;
            conn->ep = l->client_slot;
            sys_link_redirect(l, 1);
        }
    }
    return 0;
}

seL4_Error sys_link_cap(const struct sys_link *l, seL4_CPtr cnode, seL4_CPtr slot, int up)
{
    seL4_CNode_Delete(cnode, slot, D);
    if (up)
        return seL4_CNode_Mint(cnode, slot, D, ROOT_CNODE, sys.t[l->service].serve_ep, D,
                               seL4_CanWrite | seL4_CanGrantReply, l->badge);
    return seL4_CNode_Mint(cnode, slot, D, ROOT_CNODE, sys.root_ep, D, seL4_CanWrite | seL4_CanGrantReply,
                           BADGE_DEAD | l->service);
}

void sys_link_redirect(const struct sys_link *l, int up)
{
    struct sys_task *c = &sys.t[l->client];
    sys_link_cap(l, c->cnode, l->client_slot, up);
    if (l->found_slot)
        sys_link_cap(l, c->cnode, l->found_slot, up);
}

int sys_build(struct rt_alloc *root_alloc)
{
    seL4_Error err;
    sys.alloc = root_alloc;
    if ((err = rt_object_alloc(root_alloc, seL4_EndpointObject, 0, &sys.root_ep)) ||
        (err = rt_object_alloc(root_alloc, seL4_NotificationObject, 0, &sys.root_ntfn)) ||
        (err = rt_object_alloc(root_alloc, seL4_NotificationObject, 0, &sys.console_lock)) ||
        (err = badge_notification(&sys.console_lock)) ||
        (err = rt_object_alloc(root_alloc, seL4_ARM_SmallPageObject, 0, &sys.console_page)) ||
        (err = sys_map(root_alloc, seL4_CapInitThreadVSpace, sys.console_page, CONSOLE_LOCK_VADDR, RW,
                       seL4_ARM_Default_VMAttributes)) ||
        (err = rt_object_alloc(root_alloc, seL4_EndpointObject, 0, &sys.clock_ep)) ||
        (err = seL4_TCB_BindNotification(seL4_CapInitThreadTCB, sys.root_ntfn)))
        return sys_error("making the root task's endpoints", "root", err);
    /* The console lock starts free (its word 0); from now on the root task takes it too. */
    sys.console_owner = (volatile uint32_t *)CONSOLE_LOCK_VADDR;
    rt_env()->id = RT_ROOT_ID;
    rt_env()->console_lock = sys.console_lock;
    rt_env()->console_owner = sys.console_owner;

    sys.n = 0;
    for (unsigned i = 0; i < sys.cfg.n; i++) {
        sys.task_of[i] = -1;
        if (sys.cfg.e[i].placement != CFG_OWN_TASK)
            continue;
        struct sys_task *t = &sys.t[sys.n];
        memset(t, 0, sizeof(*t));
        t->cfg = &sys.cfg.e[i];
        t->index = sys.n;
        sys.task_of[i] = (int)sys.n++;
        if (build_task(t))
            return -1;
    }
    for (unsigned i = 0; i < sys.n; i++) {
        struct sys_task *t = &sys.t[i];
        if (connect_uses(t, t->cfg))
            return -1;
        /* A task that links a device-owning service owns its devices. */
        for (unsigned k = 0; k < t->env->n_conns; k++) {
            const struct svc_conn *conn = &t->env->conns[k];
            for (unsigned s = 0; conn->binding == SVC_DIRECT && s < sys.cfg.n; s++) {
                const struct cfg_entry *svc = &sys.cfg.e[s];
                if (strcmp(svc->name, conn->service) != 0)
                    continue;
                if ((svc->devices & CFG_DEVICE_CONSOLE) && !t->console && grant_console(t))
                    return -1;
                if (devices_grant(t, svc, svc->devices, t->env) || irqs_grant(t, svc, t->env))
                    return -1;
                /* A linked console owner with input passes the root console's lines on too. */
                seL4_Error err;
                if (t->env->uart_vaddr &&
                    (err = give(t, RT_TASK_ROOT_INPUT, sys.root_ep, seL4_CanWrite, BADGE_INPUT)))
                    return sys_error("granting the root console's input", t->cfg->name, err);
            }
        }
    }
    for (unsigned i = 0; i < sys.n; i++)
        if (finish_task(&sys.t[i]))
            return -1;
    return 0;
}
