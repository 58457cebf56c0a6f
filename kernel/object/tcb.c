/* Thread control blocks: creation of user and idle threads, names, state names. */
#include <arch/sysreg.h>
#include <kernel/config.h>
#include <kernel/string.h>
#include <object/tcb.h>

extern char idle_thread_entry[];

static void tcb_clear(struct tcb *t)
{
    memset(t, 0, sizeof(*t));
    t->time_slice = TIME_SLICE_TICKS;
}

void tcb_set_name(struct tcb *t, const char *name, size_t max_len)
{
    size_t i;
    for (i = 0; i < max_len && i < TCB_NAME_LEN - 1 && name[i]; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == '-';
        t->name[i] = ok ? c : '_';
    }
    t->name[i] = '\0';
}

void tcb_init_user(struct tcb *t, const char *name, uint8_t prio, const struct vspace *vs, vaddr_t entry,
                   word_t arg0)
{
    tcb_clear(t);
    tcb_set_name(t, name, TCB_NAME_LEN);
    t->priority = prio;
    t->has_vspace = true;
    t->vspace = *vs;
    t->ctx.elr = entry;
    t->ctx.spsr = SPSR_MODE_EL0T; /* EL0, interrupts unmasked */
    t->ctx.x[0] = arg0;
    t->state = ThreadState_Running;
}

void tcb_init_idle(struct tcb *t)
{
    tcb_clear(t);
    tcb_set_name(t, "idle", TCB_NAME_LEN);
    t->ctx.elr = (word_t)(uintptr_t)idle_thread_entry;
    t->ctx.spsr = SPSR_MODE_EL1T; /* EL1 on SP_EL0, interrupts unmasked; uses no stack */
    t->state = ThreadState_IdleThreadState;
}

const char *thread_state_name(enum thread_state s)
{
    switch (s) {
    case ThreadState_Inactive: return "inactive";
    case ThreadState_Running: return "running";
    case ThreadState_Restart: return "restart";
    case ThreadState_BlockedOnReceive: return "blocked-on-receive";
    case ThreadState_BlockedOnSend: return "blocked-on-send";
    case ThreadState_BlockedOnReply: return "blocked-on-reply";
    case ThreadState_BlockedOnNotification: return "blocked-on-notification";
    case ThreadState_IdleThreadState: return "idle";
    }
    return "unknown";
}
