/*
 * A service: one interface, two bindings. The client side of every interface builds a
 * struct svc_msg and calls svc_call(); the connection decides whether that is a direct
 * function call into the service's handler (the service is linked into the caller) or
 * an IPC Call to the service's task. Bulk data travels in the connection's channel
 * buffer: the caller's own memory when linked, a buffer shared with the server when not.
 * The server side is one handler; svc_serve() is its receive-decode-reply loop.
 */
#pragma once

#include <rt/sel4_ipc.h>
#include <stddef.h>
#include <stdint.h>

#define SVC_MAX_CLIENTS 8
#define SVC_WORDS 4
#define SVC_DATA_SIZE 4096 /* bytes of one connection's channel buffer */

/* Status of a call (the reply's label); services add their own from SVC_ERR_SERVICE up. */
enum svc_status {
    SVC_OK = 0,
    SVC_ERR_RESTARTING = 0x5e01, /* the server task faulted; it is being restarted: retry */
    SVC_ERR_STOPPED = 0x5e02,    /* the server task faulted past its restart limit */
    SVC_ERR_BAD_OP = 0x5e03,     /* the service has no such operation */
    SVC_ERR_BAD_ARG = 0x5e04,    /* an argument is out of range (e.g. longer than the buffer) */
    SVC_ERR_UNAVAILABLE = 0x5e05,/* the task has no connection to that service */
    SVC_ERR_SERVICE = 0x5e10,
    SVC_LOOKUP = 0x5e20,         /* a discovery request to the root task (svc_lookup, rt/task.h) */
};

/* A request (op, w[]) and, after the call, its reply (status in op, results in w[]). */
struct svc_msg {
    seL4_Word op;
    seL4_Word w[SVC_WORDS];
};

/* Who is calling: what the service may know of its client. */
struct svc_client {
    char name[16];
    uint8_t console_channel;
    uint8_t *data; /* the client's channel buffer, SVC_DATA_SIZE bytes */
};

struct svc_impl {
    const char *name;
    size_t state_size;
    /* Prepare a fresh state (zeroed memory of state_size bytes); returns SVC_OK or an error. */
    seL4_Word (*init)(void *state);
    /* Do msg->op for client; set msg->op to the status and msg->w[] to the results. */
    void (*handle)(void *state, const struct svc_client *client, struct svc_msg *msg);
    /* A service task's notification (RT_TASK_NOTIFY: its interrupts) was signalled with bits;
     * 0 if the service takes none. Runs in the task's loop between messages. */
    void (*notified)(void *state, const struct svc_client *clients, unsigned n_clients, seL4_Word bits);
};

/* The badge of a service task's bound notification: a wake-up with it set is a signal, not a
 * message (client badges are small). */
#define SVC_BADGE_NOTIFY (1ul << 63)

enum svc_binding { SVC_DIRECT = 1, SVC_IPC = 2 };

struct svc_conn {
    char service[16];
    enum svc_binding binding;
    char elf[16];                /* direct: the linked service's ELF name (its code in this image) */
    seL4_CPtr ep;                /* IPC: the server's endpoint, badged for this client */
    const struct svc_impl *impl; /* direct: the linked copy and its state (set by the task) */
    void *state;
    struct svc_client self;      /* the caller as the service sees it; self.data is the buffer */
    uint64_t calls, errors;
};

/* Call msg->op through c's binding; returns the status (also left in msg->op). */
seL4_Word svc_call(struct svc_conn *c, struct svc_msg *msg);

/* Serve impl on ep forever: receive, decode, do it, reply. The badge of a message is the
 * index + 1 of its client in clients[]; an unknown badge is answered SVC_ERR_BAD_ARG. */
_Noreturn void svc_serve(const struct svc_impl *impl, void *state, seL4_CPtr ep, const struct svc_client *clients,
                         unsigned n_clients);

/* The registry of services built into this image, by name (0 if unknown). */
const struct svc_impl *svc_find(const char *name);
