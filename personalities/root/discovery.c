/*
 * Name -> endpoint discovery (docs/boot-config.md, "Discovery"). Every task has the root
 * task's endpoint badged BADGE_LOOKUP | its index (slot RT_TASK_DISCOVER, with Grant so the
 * reply may carry a cap); a lookup names a service and the slot of the caller's CNode to
 * receive it in. Only the services of the caller's own `uses` are found: discovery never
 * widens what the configuration grants. A service task's answer is the caller's badged
 * endpoint cap, transferred into that slot (the root task empties it first); a linked
 * service's answer is "linked" (no cap: the runtime calls its code directly). The slot is
 * recorded with the connection, so the supervisor points it at the root task's dead-service
 * answer while the service is down, like the configured slot.
 */
#include "system.h"
#include <rt/string.h>

#define D RT_CNODE_DEPTH

static void answer(seL4_Word status, seL4_Word binding, seL4_CPtr cap)
{
    seL4_SetMR(0, binding);
    if (cap)
        seL4_SetCap(0, cap);
    seL4_Reply(seL4_MessageInfo_new(status, 0, cap ? 1 : 0, 1));
}

void discovery_answer(struct sys_task *t, seL4_MessageInfo_t info)
{
    char name[2 * sizeof(seL4_Word) + 1];
    seL4_Word w[2] = {seL4_GetMR(0), seL4_GetMR(1)};
    seL4_CPtr slot = seL4_GetMR(2);
    memcpy(name, w, sizeof(w));
    name[sizeof(w)] = '\0';
    if (seL4_MessageInfo_get_label(info) != SVC_LOOKUP || seL4_MessageInfo_get_length(info) < 3 ||
        strlen(name) >= CFG_NAME_MAX || slot < RT_TASK_FIRST_FREE || slot >= (1ul << RT_TASK_CNODE_BITS)) {
        answer(seL4_InvalidArgument, 0, 0);
        return;
    }
    int s = -1;
    for (unsigned i = 0; i < sys.cfg.n; i++)
        if (sys.cfg.e[i].kind == CFG_SERVICE && strcmp(sys.cfg.e[i].name, name) == 0)
            s = (int)i;
    if (s < 0) {
        answer(seL4_FailedLookup, 0, 0);
        return;
    }
    const struct cfg_entry *c = t->cfg;
    int used = 0;
    for (unsigned k = 0; k < c->n_uses; k++)
        used |= c->uses[k] == (unsigned)s;
    if (!used) {
        answer(seL4_IllegalOperation, 0, 0);
        return;
    }
    if (sys.cfg.e[s].placement == CFG_LINKED) {
        answer(seL4_NoError, SVC_DIRECT, 0);
        return;
    }
    for (unsigned i = 0; i < sys.n_links; i++) {
        struct sys_link *l = &sys.links[i];
        if (l->client != t->index || l->service != (unsigned)sys.task_of[s])
            continue;
        /* The cap as the link's state says, minted into a slot of the root task for the
         * transfer, then deleted (the caller's copy stays). */
        seL4_CPtr tmp = rt_slot_alloc(sys.alloc);
        int up = sys.t[l->service].state == TS_RUNNING;
        seL4_CNode_Delete(t->cnode, slot, D);
        if (!tmp || sys_link_cap(l, seL4_CapInitThreadCNode, tmp, up) != seL4_NoError) {
            answer(seL4_NotEnoughMemory, 0, 0);
            return;
        }
        l->found_slot = slot;
        answer(seL4_NoError, SVC_IPC, tmp);
        seL4_CNode_Delete(seL4_CapInitThreadCNode, tmp, D);
        rt_slot_free(sys.alloc, tmp);
        return;
    }
    answer(seL4_FailedLookup, 0, 0);
}
