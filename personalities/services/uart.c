/* The uart service's handler and its client calls (one interface; svc_call picks the binding). */
#include "uart.h"
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/string.h>
#include <rt/task.h>
#include <stdarg.h>

static void uart_handle(void *state, const struct svc_client *client, struct svc_msg *msg)
{
    (void)state;
    switch (msg->op) {
    case UART_WRITE: {
        size_t n = msg->w[0];
        if (n > SVC_DATA_SIZE) {
            msg->op = SVC_ERR_BAD_ARG;
            return;
        }
        for (size_t off = 0; off < n; off += FRAME_MAX_PAYLOAD) {
            size_t len = n - off < FRAME_MAX_PAYLOAD ? n - off : FRAME_MAX_PAYLOAD;
            frame_write(client->console_channel, client->data + off, len);
        }
        msg->op = SVC_OK;
        msg->w[0] = n;
        return;
    }
    default:
        msg->op = SVC_ERR_BAD_OP;
    }
}

const struct svc_impl uart_service = {"uart", 0, 0, uart_handle};

seL4_Word uart_write(struct svc_conn *c, const void *buf, size_t n)
{
    if (!c)
        return SVC_ERR_UNAVAILABLE;
    if (n > SVC_DATA_SIZE)
        return SVC_ERR_BAD_ARG;
    memcpy(c->self.data, buf, n);
    struct svc_msg m = {UART_WRITE, {n, 0, 0, 0}};
    return svc_call(c, &m);
}

seL4_Word console_printf(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = rt_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return SVC_ERR_BAD_ARG;
    return uart_write(rt_service("uart"), line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}
