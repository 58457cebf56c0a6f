/* The uart service's handler and its client calls (one interface; svc_call picks the binding),
 * and, in its own task, the PL011's receive side (docs/frame-format.md, host to guest). */
#include "uart.h"
#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/string.h>
#include <rt/task.h>
#include <stdarg.h>

/* PL011 registers (ARM DDI 0183): data, flags, control, interrupt mask. */
#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */
#define PL011_CR 0x30
#define PL011_CR_RXE (1u << 9)
#define PL011_IMSC 0x38
#define PL011_IMSC_RX ((1u << 4) | (1u << 6)) /* receive and receive-timeout interrupts */

#define UART_INPUT_SIZE 512 /* bytes of console input kept per client */

struct uart_input {
    uint8_t buf[UART_INPUT_SIZE];
    uint32_t head, len;
};

struct uart_state {
    struct frame_decoder rx;               /* framed mode */
    char line[UART_ROOT_LINE_MAX];         /* the root console's line being assembled */
    size_t line_len;
    int line_cut;
    struct uart_input in[SVC_MAX_CLIENTS]; /* by client index */
    uint64_t dropped;                      /* input bytes with nowhere to go */
};

static volatile uint32_t *pl011(void) { return (volatile uint32_t *)rt_env()->uart_vaddr; }

/* A line (or an exec request's command) for the root task's monitor. */
static void send_root(seL4_Word exec_id, const char *text, size_t len, int cut)
{
    seL4_Word words[UART_ROOT_LINE_MAX / sizeof(seL4_Word)];
    memset(words, 0, sizeof(words));
    memcpy(words, text, len);
    seL4_SetMR(0, exec_id);
    seL4_SetMR(1, len);
    seL4_SetMR(2, (seL4_Word)cut);
    unsigned n = (unsigned)((len + sizeof(seL4_Word) - 1) / sizeof(seL4_Word));
    for (unsigned i = 0; i < n; i++)
        seL4_SetMR(UART_ROOT_HEADER_WORDS + i, words[i]);
    seL4_Send(RT_TASK_ROOT_INPUT, seL4_MessageInfo_new(UART_ROOT_INPUT, 0, 0, UART_ROOT_HEADER_WORDS + n));
}

/* Bytes typed at (or sent to) the root task's console: whole lines go to the monitor. */
static void root_console_bytes(struct uart_state *s, const uint8_t *p, size_t n)
{
    int echo = rt_env()->console_text;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = p[i];
        if (b == '\r' || b == '\n') {
            if (echo)
                frame_put_raw("\r\n", 2);
            if (s->line_len || s->line_cut)
                send_root(0, s->line, s->line_len, s->line_cut);
            s->line_len = 0;
            s->line_cut = 0;
        } else if (b == 0x7f || b == 0x08) {
            if (s->line_len) {
                s->line_len--;
                if (echo)
                    frame_put_raw("\b \b", 3);
            }
        } else if (b >= 0x20 || b == '\t') {
            if (s->line_len == sizeof(s->line))
                s->line_cut = 1;
            else
                s->line[s->line_len++] = (char)b;
            if (echo)
                frame_put_raw(&b, 1);
        }
    }
}

/* An exec request on exec channel FRAME_CHANNEL_EXEC + console: "ID COMMAND". */
static void exec_request(struct uart_state *s, uint8_t console, const uint8_t *p, size_t n)
{
    seL4_Word id = 0;
    size_t i = 0;
    for (; i < n && i < 10 && p[i] >= '0' && p[i] <= '9'; i++)
        id = id * 10 + (seL4_Word)(p[i] - '0');
    if (id == 0 || id > 0xffffffffu || (i < n && p[i] != ' ')) {
        s->dropped += n; /* no id to answer to */
        return;
    }
    if (i < n)
        i++;
    if (console != FRAME_CHANNEL_SYSTEM) {
        char reply[96];
        int k = rt_snprintf(reply, sizeof(reply), "%lu out no exec server on console %u\n", id, console);
        frame_write((uint8_t)(FRAME_CHANNEL_EXEC + console), reply, (size_t)k);
        k = rt_snprintf(reply, sizeof(reply), "%lu exit 126", id);
        frame_write((uint8_t)(FRAME_CHANNEL_EXEC + console), reply, (size_t)k);
        return;
    }
    size_t len = n - i;
    int cut = len > UART_ROOT_LINE_MAX;
    send_root(id, (const char *)p + i, cut ? UART_ROOT_LINE_MAX : len, cut);
}

/* Console input for client task (by its channel): kept until it reads it; overflow is dropped. */
static void client_input(struct uart_state *s, const struct svc_client *clients, unsigned n_clients, uint8_t ch,
                         const uint8_t *p, size_t n)
{
    for (unsigned c = 0; c < n_clients; c++) {
        if (clients[c].console_channel != ch)
            continue;
        struct uart_input *in = &s->in[c];
        for (size_t i = 0; i < n; i++) {
            if (in->len == UART_INPUT_SIZE) {
                s->dropped += n - i;
                return;
            }
            in->buf[(in->head + in->len++) % UART_INPUT_SIZE] = p[i];
        }
        return;
    }
    s->dropped += n;
}

/* Drain the PL011's receive FIFO, decoding frames: lines for the root task, exec requests,
 * and console input for clients (by channel). Then Ack its interrupts. */
static void drain_input(struct uart_state *s, const struct svc_client *clients, unsigned n_clients)
{
    struct rt_env *env = rt_env();
    volatile uint32_t *r = pl011();
    while (!(r[PL011_FR / 4] & PL011_FR_RXFE)) {
        uint8_t b = (uint8_t)r[PL011_DR / 4];
        if (env->console_text) {
            root_console_bytes(s, &b, 1);
            continue;
        }
        if (!frame_decode_byte(&s->rx, b))
            continue;
        const uint8_t *payload = s->rx.buf + FRAME_HEADER_SIZE;
        uint8_t ch = s->rx.channel;
        if (ch == FRAME_CHANNEL_SYSTEM)
            root_console_bytes(s, payload, s->rx.len);
        else if (ch >= FRAME_CHANNEL_EXEC)
            exec_request(s, (uint8_t)(ch - FRAME_CHANNEL_EXEC), payload, s->rx.len);
        else if (ch >= FRAME_CHANNEL_CONSOLE_FIRST)
            client_input(s, clients, n_clients, ch, payload, s->rx.len);
        else
            s->dropped += s->rx.len; /* telemetry has no input */
    }
    for (unsigned k = 0; k < env->n_irqs; k++)
        if (env->irqs[k] == UART_PL011_IRQ)
            seL4_IRQHandler_Ack(RT_TASK_IRQ + k);
}

static void uart_notified(void *state, const struct svc_client *clients, unsigned n_clients, seL4_Word bits)
{
    (void)bits;
    drain_input(state, clients, n_clients);
}

/* With the PL011 mapped and its interrupt granted: receive on. In its own task the line
 * signals its bound notification (svc_serve calls uart_notified); linked into its user, the
 * user's reads drain the FIFO (the host waits while it is full). A uart without irqs=33 has
 * no input. */
static seL4_Word uart_init(void *state)
{
    (void)state;
    struct rt_env *env = rt_env();
    if (!env->uart_vaddr)
        return SVC_OK;
    for (unsigned k = 0; k < env->n_irqs; k++) {
        if (env->irqs[k] != UART_PL011_IRQ)
            continue;
        if (env->serving && seL4_IRQHandler_SetNotification(RT_TASK_IRQ + k, RT_TASK_NOTIFY) != seL4_NoError)
            return SVC_ERR_UNAVAILABLE;
        volatile uint32_t *r = pl011();
        r[PL011_CR / 4] |= PL011_CR_RXE;
        r[PL011_IMSC / 4] |= PL011_IMSC_RX;
        seL4_IRQHandler_Ack(RT_TASK_IRQ + k);
    }
    return SVC_OK;
}

/* A call through the direct binding: the client is the user's own connection. */
static int linked_call(const struct svc_client *client)
{
    struct rt_env *env = rt_env();
    for (unsigned i = 0; i < env->n_conns; i++)
        if (client == &env->conns[i].self)
            return 1;
    return 0;
}

static void uart_handle(void *state, const struct svc_client *client, struct svc_msg *msg)
{
    struct uart_state *s = state;
    switch (msg->op) {
    case UART_WRITE: {
        size_t n = msg->w[0];
        if (n > SVC_DATA_SIZE) {
            msg->op = SVC_ERR_BAD_ARG;
            return;
        }
        for (size_t off = 0; off < n; off += FRAME_MAX_PAYLOAD) {
            size_t len = n - off < FRAME_MAX_PAYLOAD ? n - off : FRAME_MAX_PAYLOAD;
            frame_write_as(client->console_channel, client->name, client->data + off, len);
        }
        msg->op = SVC_OK;
        msg->w[0] = n;
        return;
    }
    case UART_READ: {
        size_t want = msg->w[0] < SVC_DATA_SIZE ? msg->w[0] : SVC_DATA_SIZE, got = 0;
        struct uart_input *in = 0;
        if (linked_call(client)) { /* its one client: the user, input slot 0 */
            if (rt_env()->uart_vaddr)
                drain_input(s, client, 1);
            in = &s->in[0];
        }
        for (unsigned c = 0; c < SVC_MAX_CLIENTS && !in; c++)
            if (rt_env()->clients[c].data == client->data)
                in = &s->in[c];
        while (in && got < want && in->len) {
            client->data[got++] = in->buf[in->head];
            in->head = (in->head + 1) % UART_INPUT_SIZE;
            in->len--;
        }
        msg->op = SVC_OK;
        msg->w[0] = got;
        return;
    }
    default:
        msg->op = SVC_ERR_BAD_OP;
    }
}

const struct svc_impl uart_service = {"uart", sizeof(struct uart_state), uart_init, uart_handle, uart_notified};

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

seL4_Word uart_read(struct svc_conn *c, void *buf, size_t size, size_t *got)
{
    *got = 0;
    if (!c)
        return SVC_ERR_UNAVAILABLE;
    struct svc_msg m = {UART_READ, {size < SVC_DATA_SIZE ? size : SVC_DATA_SIZE, 0, 0, 0}};
    seL4_Word status = svc_call(c, &m);
    if (status == SVC_OK) {
        *got = m.w[0] <= size ? m.w[0] : size;
        memcpy(buf, c->self.data, *got);
    }
    return status;
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
