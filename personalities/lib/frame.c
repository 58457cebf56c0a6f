/* Serial frame encoder, docs/frame-format.md version 1: sync, version, channel, length, payload, CRC. */
#include <rt/frame.h>
#include <rt/sel4.h>
#include <rt/string.h>
#include <rt/task.h>

uint32_t frame_crc32(const uint8_t *data, size_t len)
{
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xffffffffu;
}

frame_encode_ret_t frame_encode(uint8_t *out, size_t cap, uint8_t channel, const void *payload, size_t len)
{
    if (len > FRAME_MAX_PAYLOAD)
        return (frame_encode_ret_t){FRAME_TOO_LONG, 0};
    size_t total = FRAME_HEADER_SIZE + len + FRAME_CRC_SIZE;
    if (cap < total)
        return (frame_encode_ret_t){FRAME_NO_ROOM, 0};

    out[0] = FRAME_SYNC0;
    out[1] = FRAME_SYNC1;
    out[2] = FRAME_VERSION;
    out[3] = channel;
    out[4] = (uint8_t)(len & 0xff);
    out[5] = (uint8_t)(len >> 8);
    if (len)
        memcpy(out + FRAME_HEADER_SIZE, payload, len);
    /* The CRC covers version, channel, length and payload: bytes 2 .. 6+N-1. */
    uint32_t crc = frame_crc32(out + 2, FRAME_HEADER_SIZE - 2 + len);
    for (int i = 0; i < 4; i++)
        out[FRAME_HEADER_SIZE + len + (size_t)i] = (uint8_t)(crc >> (8 * i));
    return (frame_encode_ret_t){FRAME_OK, total};
}

/*
 * The console lock: every writer of the line holds it for a whole frame, so frames of
 * different tasks never interleave. Its state is a word in a page the root task shares with
 * the writers (0: free, else the holder's RT_CONSOLE_HOLDER), taken by compare-and-swap, so
 * who holds it is always known: the supervisor frees it for a holder that faulted, and only
 * then (root/supervise.c). The notification is a wake-up hint only (a holder signals it when
 * it lets go); a woken writer tries again.
 */
void rt_console_lock(void)
{
    struct rt_env *env = rt_env();
    if (!env || !env->console_owner)
        return;
    uint32_t me = RT_CONSOLE_HOLDER(env->id);
    for (;;) {
        uint32_t free = 0;
        if (__atomic_compare_exchange_n(env->console_owner, &free, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return;
        seL4_Wait(env->console_lock);
    }
}

void rt_console_unlock(void)
{
    struct rt_env *env = rt_env();
    if (!env || !env->console_owner)
        return;
    __atomic_store_n(env->console_owner, 0, __ATOMIC_RELEASE);
    seL4_Signal(env->console_lock);
}

enum frame_status frame_write_held(uint8_t channel, const void *payload, size_t len)
{
    uint8_t buf[FRAME_MAX_SIZE];
    frame_encode_ret_t r = frame_encode(buf, sizeof(buf), channel, payload, len);
    if (r.status != FRAME_OK)
        return r.status;
    for (size_t i = 0; i < r.size; i++)
        seL4_DebugPutChar((char)buf[i]);
    return FRAME_OK;
}

/* The root task's mode before its environment exists (a task's mode is its rt_env's). */
static uint8_t root_text_mode;

void frame_set_text_mode(int on)
{
    root_text_mode = (uint8_t)(on != 0);
    struct rt_env *env = rt_env();
    if (env)
        env->console_text = root_text_mode;
}

int frame_text_mode(void)
{
    struct rt_env *env = rt_env();
    return env ? env->console_text : root_text_mode;
}

/* Bytes out whole under the console lock. */
static void put_locked(const uint8_t *a, size_t na)
{
    rt_console_lock();
    for (size_t i = 0; i < na; i++)
        seL4_DebugPutChar((char)a[i]);
    rt_console_unlock();
}

void frame_put_raw(const void *bytes, size_t len) { put_locked(bytes, len); }

/* Plain text: each line of payload prefixed "[who] " and ended CR LF (one added where the
 * text ends without a newline). */
static enum frame_status text_write(const char *who, const uint8_t *p, size_t len)
{
    uint8_t out[FRAME_MAX_PAYLOAD + 256];
    size_t n = 0, wlen = strlen(who);
    for (size_t i = 0; i < len;) {
        if (n + wlen + 4 > sizeof(out) - 1)
            break;
        out[n++] = '[';
        memcpy(out + n, who, wlen);
        n += wlen;
        out[n++] = ']';
        out[n++] = ' ';
        while (i < len && n < sizeof(out) - 2 && p[i] != '\n')
            out[n++] = p[i++];
        out[n++] = '\r'; /* a terminal in raw mode, as the kernel's own lines */
        out[n++] = '\n';
        i++; /* past the newline */
    }
    put_locked(out, n);
    return FRAME_OK;
}

enum frame_status frame_write_as(uint8_t channel, const char *who, const void *payload, size_t len)
{
    if (frame_text_mode())
        return channel == FRAME_CHANNEL_TELEMETRY ? FRAME_OK : text_write(who, payload, len);
    rt_console_lock();
    enum frame_status st = frame_write_held(channel, payload, len);
    rt_console_unlock();
    return st;
}

enum frame_status frame_write(uint8_t channel, const void *payload, size_t len)
{
    return frame_write_as(channel, channel == FRAME_CHANNEL_SYSTEM ? "system" : "console", payload, len);
}

enum frame_status frame_log(const char *text)
{
    return frame_write(FRAME_CHANNEL_SYSTEM, text, strlen(text));
}

/* The rules of docs/frame-format.md, the guest's side: resynchronise on the sync pair; a bad
 * header or CRC drops the sync pair and rescans from the byte after it. */
int frame_decode_byte(struct frame_decoder *d, uint8_t byte)
{
    d->buf[d->have++] = byte;
    for (;;) {
        if (d->have == 0)
            return 0;
        if (d->buf[0] != FRAME_SYNC0 || (d->have >= 2 && d->buf[1] != FRAME_SYNC1)) {
            d->noise++;
            memmove(d->buf, d->buf + 1, --d->have);
            continue;
        }
        if (d->have < FRAME_HEADER_SIZE)
            return 0;
        size_t len = (size_t)d->buf[4] | (size_t)d->buf[5] << 8;
        if (d->buf[2] != FRAME_VERSION || len > FRAME_MAX_PAYLOAD) {
            d->corrupt++;
            d->have -= 2;
            memmove(d->buf, d->buf + 2, d->have);
            continue;
        }
        if (d->have < FRAME_HEADER_SIZE + len + FRAME_CRC_SIZE)
            return 0;
        const uint8_t *c = d->buf + FRAME_HEADER_SIZE + len;
        uint32_t want = (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
        if (frame_crc32(d->buf + 2, FRAME_HEADER_SIZE - 2 + len) != want) {
            d->corrupt++;
            d->have -= 2;
            memmove(d->buf, d->buf + 2, d->have);
            continue;
        }
        d->good++;
        d->channel = d->buf[3];
        d->len = len;
        d->have = 0; /* the payload stays in buf until the next byte */
        return 1;
    }
}
