/* Invocations: the decoded message of a Call/Send on a capability, and typed seL4 errors. */
#pragma once

#include <atoll/errors.h>
#include <object/cap.h>
#include <object/tcb.h>

/* A failed capability lookup in seL4's terms (type seL4_NoFailure when it succeeded). */
struct lookup_fault {
    seL4_LookupFailureType type;
    word_t bits_left;   /* MissingCapability, DepthMismatch, GuardMismatch */
    word_t bits_found;  /* DepthMismatch, GuardMismatch */
    word_t guard_found; /* GuardMismatch */
};

/* An seL4 error and the message registers that describe it (errors.h, api.tex). */
struct syscall_error {
    seL4_Error type;
    unsigned n_mrs;
    word_t mr[5];
};

static inline struct syscall_error no_error(void) { return (struct syscall_error){seL4_NoError, 0, {0}}; }
static inline struct syscall_error error_plain(seL4_Error e) { return (struct syscall_error){e, 0, {0}}; }
static inline struct syscall_error error_invalid_argument(word_t index)
{
    return (struct syscall_error){seL4_InvalidArgument, 1, {index}};
}
static inline struct syscall_error error_invalid_capability(word_t index)
{
    return (struct syscall_error){seL4_InvalidCapability, 1, {index}};
}
static inline struct syscall_error error_range(word_t min, word_t max)
{
    return (struct syscall_error){seL4_RangeError, 2, {min, max}};
}
static inline struct syscall_error error_not_enough_memory(word_t bytes_left)
{
    return (struct syscall_error){seL4_NotEnoughMemory, 1, {bytes_left}};
}
/* FailedLookup: MR0 = 1 if the source lookup failed, MR1 = failure type, then its detail. */
struct syscall_error error_failed_lookup(bool is_source, struct lookup_fault f);

#define MAX_EXTRA_CAPS 3

/* One invocation, read from the caller's registers and IPC buffer before decoding. */
struct invocation {
    struct tcb *caller;
    struct cte *slot;  /* the invoked capability's slot */
    struct cap cap;    /* the invoked capability */
    word_t label;
    word_t length;     /* message registers, clamped to what the caller can supply */
    unsigned n_extra;
    struct cte *extra[MAX_EXTRA_CAPS]; /* slots of the caps passed along */
    bool is_call;
    bool is_blocking;  /* Call and Send block; NBSend does not */
    bool blocked;      /* set by an invocation that handed the caller to IPC */
    bool preempted;    /* set by a long invocation stopped for an interrupt: it runs again */
    unsigned reply_length; /* MRs a successful invocation wrote into the caller's message */
};

/* A thread's IPC buffer in the kernel's view, or NULL if it has none. */
struct seL4_IPCBuffer_;
struct seL4_IPCBuffer_ *thread_ipc_buffer(const struct tcb *t);

/* Message register i of the invocation (x2-x5, then the IPC buffer); 0 beyond the buffer. */
word_t inv_mr(const struct invocation *inv, unsigned i);
/* Message register i of any thread (x2-x5, then its IPC buffer), for reading and writing. */
word_t thread_get_mr(const struct tcb *t, unsigned i);
void thread_set_mr(struct tcb *t, unsigned i, word_t v);
/* Number of message registers a thread can carry (4 without an IPC buffer). */
unsigned thread_max_mrs(const struct tcb *t);

/* The kernel's reply to a Call: label, MRs, badge 0 (replyFromKernel). */
void reply_from_kernel(struct tcb *t, const struct syscall_error *e);

/* Handle Call/Send/NBSend on cptr: look up, decode, invoke, reply. */
void handle_invocation(struct tcb *t, bool is_call, bool is_blocking);
