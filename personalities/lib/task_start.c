/* The start of a task the root task built from an ELF (lib/task0.S): its linked services
 * prepared in its own image, then its main, or its service's receive loop. */
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/runtime.h>
#include <rt/string.h>
#include <rt/task.h>

/* Defined by a service's ELF (services/serve.c): what it serves; absent in a program's. */
extern const struct svc_impl *const rt_task_serves __attribute__((weak));

void *rt_task_state(size_t size)
{
    struct rt_env *env = rt_env();
    size = (size + 15) & ~(size_t)15;
    if (env->state_used + size > env->state_size)
        return 0;
    void *p = (void *)(env->state_vaddr + env->state_used);
    env->state_used += size;
    return p;
}

static void say(const char *fmt, const char *a, const char *b)
{
    char line[128];
    rt_snprintf(line, sizeof(line), fmt, rt_env()->name, a, b);
    frame_log(line);
}

/* The services linked into this task: their code is this image's (svc_find by their ELF
 * name), their state comes from the state pages, last connection first: a linked service's
 * own uses are connected after it and must be ready when it starts. One that cannot start
 * (not in this image, state too large, its init failed) answers SVC_ERR_UNAVAILABLE. */
static void init_linked(struct rt_env *env)
{
    for (unsigned i = env->n_conns; i-- > 0;) {
        struct svc_conn *c = &env->conns[i];
        if (c->binding != SVC_DIRECT)
            continue;
        c->impl = svc_find(c->elf);
        c->state = c->impl ? rt_task_state(c->impl->state_size) : 0;
        if (!c->state || (c->impl->init && c->impl->init(c->state) != SVC_OK)) {
            say("%s: cannot start its linked service %s (ELF %s)\n", c->service, c->elf);
            c->binding = 0;
        }
    }
}

_Noreturn void rt_task_start(void)
{
    struct rt_env *env = rt_env();
    int service_elf = &rt_task_serves != 0;
    if (service_elf != (env->serving != 0)) {
        say("%s: its ELF is %s, but it was declared a %s\n", service_elf ? "a service's" : "a program's",
            env->serving ? "service" : "task");
        rt_exit(1);
    }
    init_linked(env);
    rt_exit(main(0));
}

_Noreturn void rt_task_serve(const struct svc_impl *impl)
{
    struct rt_env *env = rt_env();
    void *state = rt_task_state(impl->state_size);
    if (!state || (impl->init && impl->init(state) != SVC_OK)) {
        say("%s: cannot start its service %s (%s)\n", impl->name, state ? "its init failed" : "state too large");
        rt_exit(1);
    }
    svc_serve(impl, state, RT_TASK_SERVE_EP, env->clients, env->n_clients);
}
