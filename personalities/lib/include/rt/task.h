/* What a task knows about itself: the environment its root task hands over, found through
 * the IPC buffer's userData word (so it is per thread even where tasks share an address space). */
#pragma once

#include <rt/alloc.h>
#include <rt/service.h>
#include <stdint.h>

#define RT_NAME_MAX 16
#define RT_TASK_MAX_CONNS 4

/*
 * The CSpace of every task the root task builds (cptr N = slot N, 2^RT_TASK_CNODE_BITS slots).
 * The first free slot for the task's own allocator is RT_TASK_FIRST_FREE.
 */
#define RT_TASK_CNODE_BITS 8
enum rt_task_slot {
    RT_TASK_TCB = 1,
    RT_TASK_CNODE = 2,
    RT_TASK_FAULT_EP = 4,     /* the root task's endpoint, badged: faults of this task */
    RT_TASK_CLOCK_EP = 5,     /* the clock: sleep requests, badged with the task */
    RT_TASK_SLEEP_NTFN = 6,   /* signalled by the clock when a sleep ends */
    RT_TASK_CONSOLE_LOCK = 7, /* held while a whole frame goes out (tasks that write the line) */
    RT_TASK_SERVE_EP = 8,     /* the endpoint a service task receives on */
    RT_TASK_NOTIFY = 9,       /* the console owner with interrupts: a notification bound to its TCB
                               * and badged SVC_BADGE_NOTIFY (svc_serve hands signals to notified) */
    RT_TASK_ROOT_INPUT = 10,  /* the console owner (a service task): sends the root task's console
                               * input, lines and exec requests (root/monitor.c) */
    RT_TASK_DISCOVER = 11,    /* the root task's endpoint, badged: name -> endpoint discovery (svc_lookup) */
    RT_TASK_UNTYPED = 16,     /* .. 16 + RT_ALLOC_MAX_UNTYPED - 1: the budget left for its own allocations
                               * (child untypeds the root task revokes at a restart) */
    RT_TASK_CONN = 32,        /* .. 32 + RT_TASK_MAX_CONNS - 1: endpoints of the services used */
    RT_TASK_IRQ = 40,         /* .. 43: handlers of the interrupts it owns (env->irqs order) */
    RT_TASK_IRQ_NTFN = 44,    /* .. 47: the notification each of them signals (badge 1) */
    RT_TASK_FIRST_FREE = 48,
};

/* The console lock's word while task `id` holds it (the root task: RT_ROOT_ID). */
#define RT_CONSOLE_HOLDER(id) ((uint32_t)(id) + 1)
#define RT_ROOT_ID 0xffu

/* Task i's window of its own pages (root/system.h) lies at RT_TASK_WINDOW_BASE + i *
 * RT_TASK_WINDOW_SIZE, in its VSpace and the root task's; its ELF lies below. */
#define RT_TASK_WINDOW_BASE 0x10000000ul
#define RT_TASK_WINDOW_SIZE 0x200000ul

struct rt_env {
    char name[RT_NAME_MAX];
    uint32_t id;                      /* index in the root task's table; the badge of its caps */
    uint8_t console_channel;          /* frame channel of its console output */
    seL4_CPtr console_lock;           /* 0: the task never writes the line itself */
    volatile uint32_t *console_owner; /* the lock's word (lib/frame.c), shared with the root task */
    uint8_t console_text;             /* plain-text mode (atoll.console=text), not frames */
    uintptr_t uart_vaddr;             /* the console owner: the PL011's registers (uncached), 0: none */
    seL4_CPtr clock_ep, sleep_ntfn;   /* 0: no clock (the root task itself) */
    struct rt_alloc alloc;            /* its CSpace and memory budget */
    unsigned n_conns;
    struct svc_conn conns[RT_TASK_MAX_CONNS];
    /* Its state pages (zeroed at every start): linked services' and its service's state. */
    uintptr_t state_vaddr;
    size_t state_size, state_used;
    /* Devices it owns (docs/boot-config.md): the virtio-mmio window, and pages for DMA. */
    uintptr_t mmio_vaddr;             /* 0: none */
    size_t mmio_size;
    uintptr_t dma_vaddr;
    uint64_t dma_paddr;               /* physical address of dma_vaddr (contiguous) */
    size_t dma_size;
    unsigned n_irqs;                  /* interrupts it owns: irqs[k]'s handler is RT_TASK_IRQ + k, and it
                                       * signals RT_TASK_IRQ_NTFN + k (the line is enabled; Ack after each) */
    uint32_t irqs[4];
    /* A service task (its ELF serves one service): for whom (a client's badge is its index + 1). */
    uint8_t serving;
    unsigned n_clients;
    struct svc_client clients[SVC_MAX_CLIENTS];
};

/* The calling thread's environment (0 before the runtime or the root set it). */
static inline struct rt_env *rt_env(void) { return (struct rt_env *)rt_ipc_buffer()->userData; }
static inline void rt_set_env(struct rt_env *env) { rt_ipc_buffer()->userData = (seL4_Word)env; }

/* The connection to service `name` this task was given, or 0 if its configuration has none. */
struct svc_conn *rt_service(const char *name);

/*
 * Discovery (docs/boot-config.md, "Discovery"): ask the root task for the service `name` of
 * this task's configuration `uses`. For a service task the root task transfers a badged
 * endpoint cap into `slot` of this task's CNode (emptied first) and *conn becomes the
 * configured connection with its calls going through `slot`; for a linked service *conn is
 * the direct binding (the root answers "linked"). Returns 0, or seL4_FailedLookup (no service
 * of that name), seL4_IllegalOperation (a service not in its `uses`), seL4_InvalidArgument
 * (a name longer than 15 bytes, or a slot outside RT_TASK_FIRST_FREE..255).
 */
seL4_Word svc_lookup(const char *name, seL4_CPtr slot, struct svc_conn *conn);

/* size bytes of the task's state pages (16-byte aligned), or 0 when they are full. */
void *rt_task_state(size_t size);

/* A task's ELF starts here (lib/task0.S): it prepares the services linked into it, then runs
 * main(0) (a service's main calls rt_task_serve). A program's ELF declared a service, or the
 * reverse, says so on the system log and exits (a fault its supervisor reports). */
_Noreturn void rt_task_start(void);
/* A service task: its state from the state pages, then svc_serve on RT_TASK_SERVE_EP for the
 * clients of its environment. */
_Noreturn void rt_task_serve(const struct svc_impl *impl);

/* Sleep for ms milliseconds: the clock signals the task's notification (needs a clock). */
void rt_sleep_ms(uint64_t ms);
