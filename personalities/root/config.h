/* The boot configuration (docs/boot-config.md): the text format, parsed and checked. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define CFG_MAX_ENTRIES 8
#define CFG_MAX_USES 4
#define CFG_MAX_IRQS 4
#define CFG_NAME_MAX 16

enum cfg_kind { CFG_TASK = 1, CFG_SERVICE = 2 };
enum cfg_placement { CFG_OWN_TASK = 1, CFG_LINKED = 2 };
enum cfg_restart { CFG_RESTART_NEVER = 1, CFG_RESTART_ALWAYS = 2 };

/* Devices a task may own (bit set): the serial line, the virtio-mmio transports. */
enum cfg_device { CFG_DEVICE_CONSOLE = 1u << 0, CFG_DEVICE_VIRTIO_MMIO = 1u << 1 };

struct cfg_entry {
    char name[CFG_NAME_MAX];
    char elf[CFG_NAME_MAX];
    enum cfg_kind kind;
    enum cfg_placement placement;    /* services; a task is always its own task */
    uint8_t prio;
    uint64_t mem;                    /* bytes of untyped (own tasks) */
    enum cfg_restart restart;
    uint32_t restart_limit;          /* restarts allowed before it stays stopped */
    uint32_t backoff_ms;             /* first delay; doubled at each restart */
    uint32_t devices;                /* enum cfg_device bits */
    unsigned n_irqs;
    uint32_t irqs[CFG_MAX_IRQS];
    unsigned n_uses;
    uint8_t uses[CFG_MAX_USES];      /* indices of the services it uses */
    char use_names[CFG_MAX_USES][CFG_NAME_MAX];
};

struct boot_config {
    unsigned n;
    struct cfg_entry e[CFG_MAX_ENTRIES];
};

/* Why a configuration was rejected: a short code (telemetry) and a sentence (system log). */
struct cfg_error {
    const char *code;
    char message[160];
};

/* Whether a task's ELF (elf= name) can be loaded; the checker asks it for every entry. For
 * CFG_ELF_INVALID, *why says what is wrong with the file. */
enum cfg_elf_status { CFG_ELF_OK = 0, CFG_ELF_MISSING, CFG_ELF_INVALID };
typedef enum cfg_elf_status (*cfg_elf_check_fn)(const char *elf, const char **why);

/* Parse text[len] into cfg and check it as a whole against free_bytes of memory.
 * Returns 0, or -1 with *err filled (nothing of cfg may then be used). */
int config_load(const char *text, size_t len, uint64_t free_bytes, cfg_elf_check_fn elf_check,
                struct boot_config *cfg, struct cfg_error *err);
