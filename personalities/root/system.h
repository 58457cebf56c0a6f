/* The system the root task builds from the boot configuration, and the bookkeeping it supervises. */
#pragma once

#include "config.h"
#include <rt/task.h>

#define SYS_MAX_TASKS CFG_MAX_ENTRIES

/*
 * Every task has its own VSpace: its ELF (the initrd's bin/NAME: segments at their addresses,
 * below TASK_WINDOW_BASE, with their permissions), and a window of its own pages, at the same
 * address in the root task's VSpace (which fills them in) and in the task's:
 *
 *   window + 0          its struct rt_env
 *   window + 4 KiB      its IPC buffer
 *   window + 8 KiB      its stack (16 KiB)
 *   window + 24 KiB     service and linked-service state (32 KiB)
 *   window + 64 KiB     (root task only) its ELF's pages, to load them
 *
 * Channel buffers (one page per connection) sit at CHANNEL_BASE + 4 KiB * n, mapped in the
 * client and, for an IPC connection, in the server. Nothing else of the root task is mapped.
 * All of it comes out of the task's budget but the channel pages.
 */
#define TASK_WINDOW_BASE RT_TASK_WINDOW_BASE
#define TASK_WINDOW_SIZE RT_TASK_WINDOW_SIZE
#define TASK_ELF_OFFSET 0x10000ul
#define CHANNEL_BASE 0x20000000ul
/* The console lock's word (lib/frame.c), in the root task and every task that writes the line:
 * the last page of the channels' 2 MiB, so it needs no page table of its own. */
#define CONSOLE_LOCK_VADDR (CHANNEL_BASE + 0x1ff000ul)
_Static_assert(SYS_MAX_TASKS * CFG_MAX_USES * 4096ul <= 0x1ff000ul, "the channels end below the console lock");
/* A task owning virtio-mmio: the transports (uncached) and its DMA pages (devices.c). */
#define TASK_MMIO_VADDR 0x30000000ul
#define TASK_DMA_VADDR 0x30100000ul
/* The console owner (a service task): the PL011's registers, uncached. */
#define TASK_UART_VADDR 0x30200000ul
enum task_page {
    TASK_PAGE_ENV = 0,
    TASK_PAGE_IPC = 1,
    TASK_PAGE_STACK = 2,
    TASK_STACK_PAGES = 4,
    TASK_PAGE_STATE = 6,
    TASK_STATE_PAGES = 8,
    TASK_PAGES = 14,
};

/* Badges on the root task's endpoint and notification (docs/boot-config.md, supervision). */
#define BADGE_FAULT (1ul << 60)   /* | task index: a fault of that task */
#define BADGE_DEAD (1ul << 61)    /* | service index: a call to a service that is down */
#define BADGE_INPUT (1ul << 59)   /* the root task's console input, from the console owner */
#define BADGE_LOOKUP (1ul << 58)  /* | task index: a discovery request of that task (svc_lookup) */
#define BADGE_TICK (1ul << 0)     /* notification: the telemetry second */
#define BADGE_WAKE (1ul << 1)     /* notification: a restart is due */

enum task_state { TS_RUNNING = 1, TS_FAULTED, TS_RESTARTING, TS_STOPPED };

/* A connection of a client task to a service task, as the root task must repair it. */
struct sys_link {
    unsigned client, service; /* task indices */
    seL4_CPtr client_slot;    /* cptr of the endpoint in the client's CSpace */
    seL4_Word badge;          /* the client's badge at the service */
    seL4_CPtr found_slot;     /* the slot its last discovery of the service went to, 0: none */
};

struct sys_task {
    const struct cfg_entry *cfg;
    unsigned index;
    enum task_state state;
    struct rt_env *env;            /* what the task sees (rt_env()), in its window */
    struct rt_env env_init;        /* the environment as built: copied in at every (re)start */
    uintptr_t window;
    int console;                   /* granted the console lock (its word is mapped in the task) */
    int elf_loaded;                /* its ELF's pages filled once: a restart refills the writable */
    seL4_CPtr vspace, ipc_frame;   /* ipc_frame: the IPC buffer page's cap mapped in the task */
    struct rt_alloc ta;            /* objects from its budget, caps in the root's CSpace */
    seL4_CPtr tcb, cnode;          /* in the root task's CSpace */
    seL4_CPtr sleep_ntfn;          /* root's copy, for the clock */
    seL4_CPtr serve_ep;            /* a service task's endpoint (root's copy), else 0 */
    unsigned n_untyped;            /* its budget: t->ta.untyped[0..n_untyped), kept by the root */
    uint64_t untyped_bytes;        /* the budget actually given (sum of powers of two) */
    unsigned n_own;                /* what the root left of it, for the task's own allocations: */
    seL4_CPtr own_slot[RT_ALLOC_MAX_UNTYPED]; /* child untypeds in the task's CNode (RT_TASK_UNTYPED..) */
    uint64_t own_bytes;            /* their total size */
    seL4_Word entry;               /* its ELF's entry point */
    const void *elf;               /* its ELF in the initrd */
    size_t elf_size;
    uint64_t faults, restarts;
    uint64_t restart_at;           /* counter value; 0 = none due */
    char last_fault[96];
};

struct sys {
    struct boot_config cfg;
    unsigned n;                    /* own tasks (services linked into a user are not tasks) */
    struct sys_task t[SYS_MAX_TASKS];
    int task_of[CFG_MAX_ENTRIES];  /* config entry -> task index, -1 if linked */
    unsigned n_links;
    struct sys_link links[SYS_MAX_TASKS * CFG_MAX_USES];
    seL4_CPtr root_ep, root_ntfn, console_lock, clock_ep;
    seL4_CPtr console_page;        /* the console lock's word lives in it */
    volatile uint32_t *console_owner;
    struct rt_alloc *alloc;        /* the root task's own slots and memory */
};

extern struct sys sys;

/* Report a failed step of building a task on the system log; returns -1. */
int sys_error(const char *what, const char *name, seL4_Error err);
/* Map frame at vaddr in vspace (rt_map_frame), the page tables it lacks from `tables`. */
seL4_Error sys_map(struct rt_alloc *tables, seL4_CPtr vspace, seL4_CPtr frame, seL4_Word vaddr, seL4_Word rights,
                   seL4_Word attr);
/* Map [paddr, + pages) of device memory (bootinfo's device untypeds; each page once) at vaddr
 * in vspace, page tables from `tables`. Returns the kernel's error of the failed step. */
seL4_Error device_map(seL4_Word paddr, unsigned pages, seL4_CPtr vspace, struct rt_alloc *tables, seL4_Word vaddr);
/* Map the devices (enum cfg_device) of owner (t's own entry, or a service linked into t) into
 * task t and describe them in env; 0 or -1 (logged). */
int devices_grant(struct sys_task *t, const struct cfg_entry *owner, uint32_t devices, struct rt_env *env);

/* The text of the initrd's "config" member; -1 with the reason in why if there is none. */
int initrd_config(const char **text, size_t *len, char *why, size_t why_size);
/* The initrd's member `name`; -1 with the reason in why if there is none. */
int initrd_member(const char *name, const void **data, size_t *size, char *why, size_t why_size);

/* The initrd member of the ELF called elf: "bin/ELF". */
void elf_member(const char *elf, char *member, size_t size);
/* Whether the ELF called elf is in the initrd and loadable (config_load's check). */
enum cfg_elf_status elf_loadable(const char *elf, const char **why);
/* Map task t's ELF (t->elf) into its VSpace: every page of its segments from its budget, with
 * the segments' permissions, and its entry point; 0, or -1 logged. */
int elf_map(struct sys_task *t);
/* Fill t's ELF pages from the file: all of them (first), or the writable ones (a restart:
 * data afresh, bss zeroed). The task is not running. Returns the kernel's error, if any. */
seL4_Error elf_load(struct sys_task *t, int writable_only);

/* Give task t the handlers of owner's interrupts (owner: t's entry or a service linked into it). */
int irqs_grant(struct sys_task *t, const struct cfg_entry *owner, struct rt_env *env);

/* Build every task of sys.cfg and start them. Returns 0, or -1 with a message logged. */
int sys_build(struct rt_alloc *root_alloc);
/* (Re)start task t at its entry with a fresh stack. */
seL4_Error sys_start_task(struct sys_task *t);
/* Before a restart: task t's own allocations are given back (its child untypeds revoked) and
 * its CSpace from RT_TASK_FIRST_FREE up emptied; its discovered slots are forgotten. */
void sys_reclaim(struct sys_task *t);
/* Point a client's connection at its service (up) or at the root's dead-service answer (down):
 * its configured slot and the slot it last discovered the service into. */
void sys_link_redirect(const struct sys_link *l, int up);
/* Put the link's cap, as sys_link_redirect would (up or down), into slot of cnode (emptied first). */
seL4_Error sys_link_cap(const struct sys_link *l, seL4_CPtr cnode, seL4_CPtr slot, int up);

/* The clock: a lowest-priority thread of the root task that ends sleeps (rt_sleep_ms) and wakes
 * the root task each second and when a restart is due. */
int clock_start(struct rt_alloc *a, seL4_CPtr tick_ntfn, seL4_CPtr wake_ntfn);
void clock_wake_root_at(uint64_t deadline);
void clock_arm_task(unsigned task, seL4_CPtr ntfn);

/* Discovery: answer the lookup of task t just received (its words in the IPC buffer). */
void discovery_answer(struct sys_task *t, seL4_MessageInfo_t info);

/* Supervision: the root task's loop (faults, dead-service calls, ticks, restarts). */
_Noreturn void supervise(const seL4_BootInfo *bi, uint64_t root_used, uint64_t root_budget);

/* Restart task t now, as its supervisor would after a fault (the monitor's `restart`). */
void supervise_restart_now(struct sys_task *t);

/* The monitor on the root task's console (monitor.c): run the line of a UART_ROOT_INPUT
 * message just received (its words in the IPC buffer). */
void monitor_init(uint64_t root_used, uint64_t root_budget);
void monitor_input(seL4_MessageInfo_t info);

/* Bytes task t has taken from its budget (kernel read-out); its state as telemetry names it. */
uint64_t task_memory_used(const struct sys_task *t);
const char *task_state_name(enum task_state s);

/* One telemetry record (several frames if it does not fit one). */
void telemetry_emit(uint64_t seq, uint64_t uptime_ms, uint64_t root_used, uint64_t root_budget);
/* The record that says a configuration was rejected and why. */
void telemetry_emit_rejected(uint64_t seq, uint64_t uptime_ms, const char *code, uint64_t root_used,
                             uint64_t root_budget);
