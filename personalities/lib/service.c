/* The two bindings of every service interface: a direct call into the linked handler, or an IPC Call. */
#include <rt/service.h>

seL4_Word svc_call(struct svc_conn *c, struct svc_msg *msg)
{
    c->calls++;
    if (c->binding == SVC_DIRECT) {
        c->impl->handle(c->state, &c->self, msg);
    } else if (c->binding == SVC_IPC) {
        for (unsigned i = 0; i < SVC_WORDS; i++)
            seL4_SetMR(i, msg->w[i]);
        seL4_MessageInfo_t r = seL4_Call(c->ep, seL4_MessageInfo_new(msg->op, 0, 0, SVC_WORDS));
        msg->op = seL4_MessageInfo_get_label(r);
        for (unsigned i = 0; i < SVC_WORDS; i++)
            msg->w[i] = i < seL4_MessageInfo_get_length(r) ? seL4_GetMR(i) : 0;
    } else {
        msg->op = SVC_ERR_UNAVAILABLE;
    }
    c->errors += msg->op != SVC_OK;
    return msg->op;
}

_Noreturn void svc_serve(const struct svc_impl *impl, void *state, seL4_CPtr ep, const struct svc_client *clients,
                         unsigned n_clients)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (;;) {
        if (badge & SVC_BADGE_NOTIFY) {
            if (impl->notified)
                impl->notified(state, clients, n_clients, badge);
            info = seL4_Recv(ep, &badge);
            continue;
        }
        struct svc_msg msg = {seL4_MessageInfo_get_label(info), {0}};
        unsigned len = (unsigned)seL4_MessageInfo_get_length(info);
        for (unsigned i = 0; i < SVC_WORDS; i++)
            msg.w[i] = i < len ? seL4_GetMR(i) : 0;
        if (badge == 0 || badge > n_clients) {
            msg.op = SVC_ERR_BAD_ARG;
            for (unsigned i = 0; i < SVC_WORDS; i++)
                msg.w[i] = 0;
        } else {
            impl->handle(state, &clients[badge - 1], &msg);
        }
        for (unsigned i = 0; i < SVC_WORDS; i++)
            seL4_SetMR(i, msg.w[i]);
        info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(msg.op, 0, 0, SVC_WORDS), &badge);
    }
}
