/* A task's view of its environment: its service connections and sleeping on the clock. */
#include <rt/string.h>
#include <rt/task.h>
#include <rt/time.h>

struct svc_conn *rt_service(const char *name)
{
    struct rt_env *env = rt_env();
    if (!env)
        return 0;
    for (unsigned i = 0; i < env->n_conns; i++)
        if (strcmp(env->conns[i].service, name) == 0)
            return &env->conns[i];
    return 0;
}

seL4_Word svc_lookup(const char *name, seL4_CPtr slot, struct svc_conn *conn)
{
    seL4_Word words[2] = {0, 0};
    size_t len = strlen(name);
    struct svc_conn *configured = rt_service(name);
    if (len >= sizeof(words))
        return seL4_InvalidArgument;
    memcpy(words, name, len);
    seL4_IPCBuffer *buf = rt_ipc_buffer();
    buf->receiveCNode = RT_TASK_CNODE;
    buf->receiveIndex = slot;
    buf->receiveDepth = RT_CNODE_DEPTH;
    seL4_SetMR(0, words[0]);
    seL4_SetMR(1, words[1]);
    seL4_SetMR(2, slot);
    seL4_MessageInfo_t r = seL4_Call(RT_TASK_DISCOVER, seL4_MessageInfo_new(SVC_LOOKUP, 0, 0, 3));
    buf->receiveCNode = 0;
    seL4_Word status = seL4_MessageInfo_get_label(r), binding = seL4_GetMR(0);
    if (status != seL4_NoError)
        return status;
    if (!configured || (binding == SVC_IPC && seL4_MessageInfo_get_extraCaps(r) != 1))
        return seL4_FailedLookup;
    *conn = *configured;
    if (binding == SVC_IPC)
        conn->ep = slot;
    conn->calls = conn->errors = 0;
    return seL4_NoError;
}

void rt_sleep_ms(uint64_t ms)
{
    struct rt_env *env = rt_env();
    uint64_t deadline = rt_counter() + ms * rt_counter_freq() / 1000;
    if (!env || !env->clock_ep) {
        rt_wait_until(deadline);
        return;
    }
    /* The clock takes the deadline (badge = this task) and signals our notification. */
    seL4_SetMR(0, deadline);
    seL4_Send(env->clock_ep, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Wait(env->sleep_ntfn);
}
