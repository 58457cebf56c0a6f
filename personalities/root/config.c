/* Boot configuration parser and checker: every problem is a message naming the line or the entry. */
#include "config.h"
#include <rt/fmt.h>
#include <rt/string.h>
#include <stdarg.h>

#define HEADER "atoll-boot-config 1"
#define MAX_LINE 256
#define PRIO_MAX 254 /* 255 is the root task's */

struct cursor {
    const char *p, *end;
    unsigned line;
};

static int fail(struct cfg_error *err, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct cfg_error *err, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    rt_vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return -1;
}

/* One token of the line: [start, end) up to the next space. */
struct token {
    const char *s;
    size_t len;
};

static int token_is(struct token t, const char *word) { return strlen(word) == t.len && memcmp(t.s, word, t.len) == 0; }

static int valid_name(struct token t)
{
    if (t.len == 0 || t.len >= CFG_NAME_MAX)
        return 0;
    for (size_t i = 0; i < t.len; i++) {
        char c = t.s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.'))
            return 0;
    }
    return 1;
}

static void copy_token(char *dst, struct token t)
{
    memcpy(dst, t.s, t.len);
    dst[t.len] = '\0';
}

/* A decimal number with an optional K or M suffix (x 1024, x 1024 * 1024); -1 if not one. */
static int parse_number(struct token t, uint64_t max, uint64_t *out)
{
    uint64_t v = 0, scale = 1;
    size_t n = t.len;
    if (n && (t.s[n - 1] == 'K' || t.s[n - 1] == 'M'))
        scale = t.s[--n] == 'K' ? 1024 : 1024 * 1024;
    if (n == 0 || n > 12)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (t.s[i] < '0' || t.s[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(t.s[i] - '0');
    }
    v *= scale;
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

static int find(const struct boot_config *cfg, const char *name)
{
    for (unsigned i = 0; i < cfg->n; i++)
        if (strcmp(cfg->e[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* key=value of an entry line; returns 0 or fills err. */
static int set_field(struct cfg_entry *e, struct token key, struct token val, unsigned line, struct cfg_error *err)
{
    char k[24], v[MAX_LINE];
    if (key.len >= sizeof(k))
        key.len = sizeof(k) - 1;
    copy_token(k, key);
    copy_token(v, val);
    uint64_t n;
    if (token_is(key, "elf")) {
        if (!valid_name(val))
            return fail(err, "bad-value", "line %u: elf '%s' is not a name", line, v);
        copy_token(e->elf, val);
    } else if (token_is(key, "prio")) {
        if (parse_number(val, PRIO_MAX, &n))
            return fail(err, "bad-value", "line %u: prio '%s' is not 0..254", line, v);
        e->prio = (uint8_t)n;
    } else if (token_is(key, "mem")) {
        if (parse_number(val, 1ull << 40, &n) || n < 4096)
            return fail(err, "bad-value", "line %u: mem '%s' is not a size of at least 4K", line, v);
        e->mem = n;
    } else if (token_is(key, "placement")) {
        if (token_is(val, "task"))
            e->placement = CFG_OWN_TASK;
        else if (token_is(val, "linked"))
            e->placement = CFG_LINKED;
        else
            return fail(err, "bad-value", "line %u: placement '%s' is neither task nor linked", line, v);
    } else if (token_is(key, "restart")) {
        if (token_is(val, "never"))
            e->restart = CFG_RESTART_NEVER;
        else if (token_is(val, "always"))
            e->restart = CFG_RESTART_ALWAYS;
        else
            return fail(err, "bad-value", "line %u: restart '%s' is neither never nor always", line, v);
    } else if (token_is(key, "restart_limit") || token_is(key, "backoff_ms")) {
        if (parse_number(val, 1000000, &n))
            return fail(err, "bad-value", "line %u: %s '%s' is not a number 0..1000000", line, k, v);
        if (token_is(key, "restart_limit"))
            e->restart_limit = (uint32_t)n;
        else
            e->backoff_ms = (uint32_t)n;
    } else if (token_is(key, "uses") || token_is(key, "devices") || token_is(key, "irqs")) {
        const char *p = val.s, *end = val.s + val.len;
        while (p < end) {
            struct token item = {p, 0};
            while (p < end && *p != ',')
                p++, item.len++;
            p += p < end;
            char it[MAX_LINE];
            copy_token(it, item);
            if (token_is(key, "uses")) {
                if (!valid_name(item) || e->n_uses == CFG_MAX_USES)
                    return fail(err, "bad-value", "line %u: uses '%s': a name, at most 4 services", line, it);
                copy_token(e->use_names[e->n_uses++], item);
            } else if (token_is(key, "devices")) {
                if (token_is(item, "console"))
                    e->devices |= CFG_DEVICE_CONSOLE;
                else if (token_is(item, "virtio-mmio"))
                    e->devices |= CFG_DEVICE_VIRTIO_MMIO;
                else
                    return fail(err, "unknown-device", "line %u: unknown device '%s' (console, virtio-mmio)", line, it);
            } else {
                if (parse_number(item, 1019, &n) || e->n_irqs == CFG_MAX_IRQS)
                    return fail(err, "bad-value", "line %u: irq '%s' is not 0..1019 (at most 4)", line, it);
                e->irqs[e->n_irqs++] = (uint32_t)n;
            }
        }
    } else {
        return fail(err, "unknown-key", "line %u: unknown key '%s'", line, k);
    }
    return 0;
}

/* One "task" or "service" line (tokens after the kind). */
static int parse_entry(struct boot_config *cfg, enum cfg_kind kind, const char *p, const char *end, unsigned line,
                       struct cfg_error *err)
{
    struct token tok[24];
    unsigned n = 0;
    while (p < end) {
        while (p < end && *p == ' ')
            p++;
        if (p == end)
            break;
        if (n == 24)
            return fail(err, "syntax", "line %u: too many fields", line);
        tok[n] = (struct token){p, 0};
        while (p < end && *p != ' ')
            p++, tok[n].len++;
        n++;
    }
    if (n == 0 || !valid_name(tok[0]))
        return fail(err, "syntax", "line %u: a %s needs a name ([A-Za-z0-9_.-], at most 15)", line, kind == CFG_TASK ? "task" : "service");
    char name[CFG_NAME_MAX];
    copy_token(name, tok[0]);
    if (find(cfg, name) >= 0)
        return fail(err, "duplicate-name", "line %u: '%s' is declared twice", line, name);
    if (cfg->n == CFG_MAX_ENTRIES)
        return fail(err, "too-many", "line %u: more than 8 tasks and services", line);
    struct cfg_entry *e = &cfg->e[cfg->n];
    memset(e, 0, sizeof(*e));
    copy_token(e->name, tok[0]);
    copy_token(e->elf, tok[0]);
    e->kind = kind;
    e->placement = CFG_OWN_TASK;
    e->prio = 100;
    e->restart = CFG_RESTART_NEVER;
    e->restart_limit = 3;
    e->backoff_ms = 100;
    int placement_set = 0, task_field_set = 0;
    for (unsigned i = 1; i < n; i++) {
        const char *eq = tok[i].s;
        while (eq < tok[i].s + tok[i].len && *eq != '=')
            eq++;
        if (eq == tok[i].s || eq == tok[i].s + tok[i].len)
        {
            char field[MAX_LINE];
            copy_token(field, tok[i]);
            return fail(err, "syntax", "line %u: field '%s' of %s is not key=value", line, field, name);
        }
        struct token key = {tok[i].s, (size_t)(eq - tok[i].s)};
        struct token val = {eq + 1, tok[i].len - key.len - 1};
        if (kind == CFG_TASK && token_is(key, "placement"))
            return fail(err, "unknown-key", "line %u: a task has no placement (only services do)", line);
        if (set_field(e, key, val, line, err))
            return -1;
        placement_set |= token_is(key, "placement");
        task_field_set |= token_is(key, "prio") || token_is(key, "mem") || token_is(key, "restart");
    }
    if (kind == CFG_SERVICE && !placement_set)
        return fail(err, "syntax", "line %u: service %s needs placement=task or placement=linked", line, name);
    if (e->placement == CFG_LINKED && task_field_set)
        return fail(err, "syntax", "line %u: service %s is linked: it runs with its user's prio, mem and restart", line, name);
    if (e->placement == CFG_OWN_TASK && e->mem == 0)
        return fail(err, "syntax", "line %u: %s needs mem= (its memory budget)", line, name);
    cfg->n++;
    return 0;
}

/* Whether entry `from` runs service s inside it: it uses s, or a linked service it uses does
 * (a linked service's own uses are linked into its user too). */
static int reaches(const struct boot_config *cfg, unsigned from, unsigned s, unsigned depth)
{
    const struct cfg_entry *e = &cfg->e[from];
    for (unsigned u = 0; u < e->n_uses; u++)
        if (e->uses[u] == s ||
            (cfg->e[e->uses[u]].placement == CFG_LINKED && depth < CFG_MAX_ENTRIES && reaches(cfg, e->uses[u], s, depth + 1)))
            return 1;
    return 0;
}

/* How many tasks a linked service ends up linked into. */
static unsigned hosts(const struct boot_config *cfg, unsigned s)
{
    unsigned n = 0;
    for (unsigned i = 0; i < cfg->n; i++)
        n += cfg->e[i].placement == CFG_OWN_TASK && reaches(cfg, i, s, 0);
    return n;
}

/* The checks that need the whole configuration: names, placements, devices, memory. */
static int check(struct boot_config *cfg, uint64_t free_bytes, cfg_elf_check_fn elf_check, struct cfg_error *err)
{
    uint64_t total = 0;
    uint32_t devices = 0;
    if (cfg->n == 0)
        return fail(err, "empty", "no task declared");
    for (unsigned i = 0; i < cfg->n; i++) {
        struct cfg_entry *e = &cfg->e[i];
        const char *why = "";
        enum cfg_elf_status elf = elf_check(e->elf, &why);
        if (elf == CFG_ELF_MISSING)
            return fail(err, "missing-elf", "%s: no ELF named '%s' in the initrd", e->name, e->elf);
        if (elf != CFG_ELF_OK)
            return fail(err, "bad-elf", "%s: ELF '%s' cannot be loaded: %s", e->name, e->elf, why);
        for (unsigned u = 0; u < e->n_uses; u++) {
            int s = find(cfg, e->use_names[u]);
            if (s < 0 || cfg->e[s].kind != CFG_SERVICE)
                return fail(err, "unknown-service", "%s uses '%s', which is not a declared service", e->name,
                            e->use_names[u]);
            if ((unsigned)s == i)
                return fail(err, "unknown-service", "%s uses itself", e->name);
            for (unsigned v = 0; v < u; v++)
                if (e->uses[v] == s)
                    return fail(err, "duplicate-name", "%s uses '%s' twice", e->name, e->use_names[u]);
            e->uses[u] = (uint8_t)s;
        }
    }
    for (unsigned i = 0; i < cfg->n; i++) {
        struct cfg_entry *e = &cfg->e[i];
        if (e->placement == CFG_LINKED) {
            unsigned users = hosts(cfg, i);
            if (users == 0)
                return fail(err, "unused-linked", "service %s is linked but no task uses it", e->name);
            if ((e->devices || e->n_irqs) && users > 1)
                return fail(err, "device-linked-twice",
                            "service %s owns devices and would be linked into %u users; give it placement=task",
                            e->name, users);
        } else {
            total += e->mem;
        }
        if (e->devices & devices)
            return fail(err, "device-taken", "%s: a device (%s) is owned twice", e->name,
                        e->devices & devices & CFG_DEVICE_CONSOLE ? "console" : "virtio-mmio");
        devices |= e->devices;
        for (unsigned q = 0; q < e->n_irqs; q++)
            for (unsigned j = 0; j <= i; j++)
                for (unsigned r = 0; r < cfg->e[j].n_irqs && (j < i || r < q); r++)
                    if (cfg->e[j].irqs[r] == e->irqs[q])
                        return fail(err, "device-taken", "%s: irq %u is owned twice", e->name, e->irqs[q]);
    }
    if (total > free_bytes)
        return fail(err, "over-budget", "memory budgets total %lu bytes, only %lu bytes are free", total, free_bytes);
    return 0;
}

int config_load(const char *text, size_t len, uint64_t free_bytes, cfg_elf_check_fn elf_check,
                struct boot_config *cfg, struct cfg_error *err)
{
    const char *p = text, *end = text + len;
    unsigned line = 0;
    int seen_header = 0;
    cfg->n = 0;
    while (p < end) {
        const char *eol = p;
        while (eol < end && *eol != '\n')
            eol++;
        line++;
        const char *next = eol < end ? eol + 1 : eol;
        if (eol > p && eol[-1] == '\r')
            eol--;
        if (eol - p >= MAX_LINE)
            return fail(err, "syntax", "line %u: longer than %u bytes", line, MAX_LINE - 1);
        for (const char *c = p; c < eol; c++)
            if (*c == '\t' || (unsigned char)*c < ' ' || (unsigned char)*c > '~')
                return fail(err, "syntax", "line %u: only printable ASCII and spaces are allowed", line);
        while (p < eol && *p == ' ')
            p++;
        if (p == eol || *p == '#') {
            p = next;
            continue;
        }
        struct token kind = {p, 0};
        while (p < eol && *p != ' ')
            p++, kind.len++;
        if (!seen_header) {
            if ((size_t)(eol - kind.s) != strlen(HEADER) || memcmp(kind.s, HEADER, strlen(HEADER)) != 0)
                return fail(err, "bad-header", "line %u: the first line must be '%s'", line, HEADER);
            seen_header = 1;
        } else if (token_is(kind, "task") || token_is(kind, "service")) {
            if (parse_entry(cfg, token_is(kind, "task") ? CFG_TASK : CFG_SERVICE, p, eol, line, err))
                return -1;
        } else {
            char k[24];
            if (kind.len >= sizeof(k))
                kind.len = sizeof(k) - 1;
            copy_token(k, kind);
            return fail(err, "syntax", "line %u: unknown line kind '%s' (task or service)", line, k);
        }
        p = next;
    }
    if (!seen_header)
        return fail(err, "bad-header", "empty configuration: the first line must be '%s'", HEADER);
    return check(cfg, free_bytes, elf_check, err);
}
