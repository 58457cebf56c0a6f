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

enum frame_status frame_write(uint8_t channel, const void *payload, size_t len)
{
    uint8_t buf[FRAME_MAX_SIZE];
    frame_encode_ret_t r = frame_encode(buf, sizeof(buf), channel, payload, len);
    if (r.status != FRAME_OK)
        return r.status;
    /* Every writer of the line holds the console lock (a notification signalled once) for a
     * whole frame, so frames of different tasks never interleave. */
    struct rt_env *env = rt_env();
    seL4_CPtr lock = env ? env->console_lock : 0;
    if (lock)
        seL4_Wait(lock);
    for (size_t i = 0; i < r.size; i++)
        seL4_DebugPutChar((char)buf[i]);
    if (lock)
        seL4_Signal(lock);
    return FRAME_OK;
}

enum frame_status frame_log(const char *text)
{
    return frame_write(FRAME_CHANNEL_SYSTEM, text, strlen(text));
}
