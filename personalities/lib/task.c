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
