/* Serial frame encoder (docs/frame-format.md, version 1): the only writer of frames. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define FRAME_SYNC0 0xa5
#define FRAME_SYNC1 0x5a
#define FRAME_VERSION 1
#define FRAME_HEADER_SIZE 6
#define FRAME_CRC_SIZE 4
#define FRAME_MAX_PAYLOAD 1024
#define FRAME_MAX_SIZE (FRAME_HEADER_SIZE + FRAME_MAX_PAYLOAD + FRAME_CRC_SIZE)

/* Consoles are 2..127 (2 + a task's index); the root task's console is the system channel.
 * Exec traffic of console C travels on FRAME_CHANNEL_EXEC + C (docs/frame-format.md). */
enum frame_channel {
    FRAME_CHANNEL_SYSTEM = 0,
    FRAME_CHANNEL_TELEMETRY = 1,
    FRAME_CHANNEL_CONSOLE_FIRST = 2,
    FRAME_CHANNEL_EXEC = 128,
};

enum frame_status {
    FRAME_OK = 0,
    FRAME_TOO_LONG,  /* payload over FRAME_MAX_PAYLOAD bytes */
    FRAME_NO_ROOM,   /* output buffer too small */
};

/* CRC-32 (IEEE 802.3 / zlib: reflected 0xEDB88320, init and xor-out 0xFFFFFFFF). */
uint32_t frame_crc32(const uint8_t *data, size_t len);

typedef struct {
    enum frame_status status;
    size_t size; /* bytes written to out when status is FRAME_OK */
} frame_encode_ret_t;

/* Encode one frame into out[0..cap). */
frame_encode_ret_t frame_encode(uint8_t *out, size_t cap, uint8_t channel, const void *payload, size_t len);

/* Encode one frame and write it, whole, to the serial line (DebugPutChar), holding the
 * console lock (if the task has one) while it does. */
enum frame_status frame_write(uint8_t channel, const void *payload, size_t len);
/* The same, for a caller that holds the console lock already. */
enum frame_status frame_write_held(uint8_t channel, const void *payload, size_t len);

/* Take and let go of the console lock (lib/frame.c; no-ops for a task without one). Not
 * recursive: a holder writes with frame_write_held. */
void rt_console_lock(void);
void rt_console_unlock(void);

/* Write a NUL-terminated text on the system channel (0) as one frame. */
enum frame_status frame_log(const char *text);

/* Write payload on channel as `who` says it: a frame, or in plain-text mode unframed text
 * whose lines start "[who] " (telemetry is not written in plain-text mode). */
enum frame_status frame_write_as(uint8_t channel, const char *who, const void *payload, size_t len);

/* Plain-text mode (atoll.console=text on the kernel command line, docs/frame-format.md): the
 * root task sets it before it writes anything; tasks that write the line find it in rt_env. */
void frame_set_text_mode(int on);
/* Bytes as they are, under the console lock: the plain-text mode's echo of what is typed. */
void frame_put_raw(const void *bytes, size_t len);
int frame_text_mode(void);

/* Host-to-guest frames: the decoder of the console owner (the uart service). Feed it bytes;
 * it returns 1 when frame_decoder.frame holds a whole frame with a good CRC. Bytes outside
 * frames and frames that fail their checks are counted and dropped. */
struct frame_decoder {
    uint8_t buf[FRAME_MAX_SIZE];
    size_t have;
    uint64_t good, corrupt, noise;
    uint8_t channel;        /* of the frame just decoded */
    size_t len;             /* its payload length; the payload is buf + FRAME_HEADER_SIZE */
};
int frame_decode_byte(struct frame_decoder *d, uint8_t byte);
