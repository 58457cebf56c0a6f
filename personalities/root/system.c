/* Demo/system job of the root task: load the boot configuration, build the system, supervise it. */
#include "root.h"
#include "system.h"
#include <rt/bootinfo.h>
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/string.h>
#include <rt/time.h>

/* The systems built into the image (images/systems/NAME.conf, see the Makefile's systems.S). */
struct builtin_system {
    const char *name;
    const char *start, *end;
};
extern const struct builtin_system builtin_systems[];

static struct rt_env root_env;

/* The configuration text: atoll.system=NAME picks a built-in one ("demo" by default). */
static const struct builtin_system *choose_system(const seL4_BootInfo *bi, char *name, size_t size)
{
    if (!rt_arg_value(rt_fdt_chosen_string(bi, "bootargs"), "atoll.system", name, size))
        rt_strlcpy(name, "demo", size);
    for (const struct builtin_system *s = builtin_systems; s->name; s++)
        if (strcmp(s->name, name) == 0)
            return s;
    return 0;
}

static void add_untypeds(struct rt_alloc *a, const seL4_BootInfo *bi)
{
    /* The largest RAM untypeds first: the budgets are carved from them. */
    for (unsigned bits = 47; bits >= 12; bits--)
        for (seL4_CPtr s = bi->untyped.start; s < bi->untyped.end; s++) {
            const seL4_UntypedDesc *u = &bi->untypedList[s - bi->untyped.start];
            if (!u->isDevice && u->sizeBits == bits && !rt_alloc_add_untyped(a, s))
                return;
        }
}

static _Noreturn void reject(const char *source, const struct cfg_error *err, const struct root_memory *m)
{
    char line[256];
    rt_snprintf(line, sizeof(line), "boot config %s rejected: %s\n", source, err->message);
    frame_log(line);
    uint64_t start = rt_counter(), freq = rt_counter_freq();
    for (uint64_t seq = 0;; seq++) {
        telemetry_emit_rejected(seq, rt_ticks_to_ms(rt_counter() - start), err->code, m->used_bytes,
                                m->used_bytes + m->free_bytes);
        rt_wait_until(start + (seq + 1) * freq);
    }
}

int root_run(const seL4_BootInfo *bi, const struct root_memory *m)
{
    char line[256], name[32], source[48];
    rt_strlcpy(root_env.name, "root", sizeof(root_env.name));
    root_env.console_text = (uint8_t)frame_text_mode();
    rt_set_env(&root_env);
    rt_alloc_init(&root_env.alloc, seL4_CapInitThreadCNode, bi->empty.start, bi->empty.end - ROOT_TIMER_SLOTS);
    add_untypeds(&root_env.alloc, bi);

    /* The configuration: the initrd's "config" member (what the node agent appends), else
     * the built-in system atoll.system names. */
    sys.alloc = &root_env.alloc;
    const char *text;
    size_t len;
    char why[96];
    struct cfg_error err;
    if (initrd_config(&text, &len, why, sizeof(why)) == 0) {
        rt_strlcpy(source, "initrd:config", sizeof(source));
    } else {
        const struct builtin_system *s = choose_system(bi, name, sizeof(name));
        rt_snprintf(source, sizeof(source), "builtin:%s", name);
        if (!s) {
            err.code = "missing-config";
            rt_snprintf(err.message, sizeof(err.message), "no built-in system named '%s' (and %s)", name, why);
            reject(source, &err, m);
        }
        text = s->start;
        len = (size_t)(s->end - s->start);
    }
    if (config_load(text, len, m->free_bytes, elf_loadable, &sys.cfg, &err))
        reject(source, &err, m);
    if (sys_build(&root_env.alloc)) {
        err.code = "build-failed";
        rt_strlcpy(err.message, "the system could not be built (see above)", sizeof(err.message));
        reject(source, &err, m);
    }
    seL4_CPtr tick = rt_slot_alloc(&root_env.alloc), wake = rt_slot_alloc(&root_env.alloc);
    if (seL4_CNode_Mint(seL4_CapInitThreadCNode, tick, RT_CNODE_DEPTH, seL4_CapInitThreadCNode, sys.root_ntfn,
                        RT_CNODE_DEPTH, seL4_CanWrite, BADGE_TICK) ||
        seL4_CNode_Mint(seL4_CapInitThreadCNode, wake, RT_CNODE_DEPTH, seL4_CapInitThreadCNode, sys.root_ntfn,
                        RT_CNODE_DEPTH, seL4_CanWrite, BADGE_WAKE) ||
        clock_start(&root_env.alloc, tick, wake)) {
        err.code = "build-failed";
        rt_strlcpy(err.message, "the clock could not be started", sizeof(err.message));
        reject(source, &err, m);
    }
    size_t n = (size_t)rt_snprintf(line, sizeof(line), "system: %s accepted:", source);
    for (unsigned i = 0; i < sys.cfg.n && n < sizeof(line); i++) {
        const struct cfg_entry *e = &sys.cfg.e[i];
        n += (size_t)rt_snprintf(line + n, sizeof(line) - n, " %s(%s%s)", e->name,
                                 e->kind == CFG_TASK ? "task" : "service",
                                 e->kind == CFG_TASK ? "" : e->placement == CFG_LINKED ? ", linked" : ", own task");
    }
    if (n < sizeof(line) - 1)
        line[n++] = '\n', line[n] = '\0';
    frame_log(line);
    for (unsigned i = 0; i < sys.n; i++) {
        seL4_Error e = sys_start_task(&sys.t[i]);
        if (e != seL4_NoError) {
            rt_snprintf(line, sizeof(line), "system: cannot start %s (seL4 error %d)\n", sys.t[i].cfg->name, (int)e);
            frame_log(line);
        }
    }
    supervise(bi, m->used_bytes, m->used_bytes + m->free_bytes);
}
