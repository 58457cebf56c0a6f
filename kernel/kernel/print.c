/* Kernel console output: a small printf over the console UART, plain text lines. */
#include <kernel/print.h>
#include <stdarg.h>

/*
 * The serial line carries the kernel's text and the tasks' frames (docs/frame-format.md).
 * A decoder reads bytes outside frames as the kernel stream, split into lines; to keep
 * the kernel's lines whole in that stream, the console follows task bytes through the
 * frame layout and remembers whether the text outside frames ended mid-line.
 */
enum frame_track { OUTSIDE, SYNC0_SEEN, HEADER, BODY };

static void (*console_putc)(uint8_t c); /* all console state: boot CPU only */
static bool stream_line_open;           /* text outside frames did not end with a newline */
static enum frame_track track = OUTSIDE;
static uint8_t header[4];               /* version, channel, length (LE16) */
static unsigned header_len;
static uint32_t body_left;              /* payload + CRC bytes still to come */

void console_set_putc(void (*putc)(uint8_t c)) { console_putc = putc; }

static void put_raw(uint8_t c)
{
    if (console_putc)
        console_putc(c);
}

static void track_user_byte(uint8_t c)
{
    switch (track) {
    case OUTSIDE:
        if (c == 0xa5) {
            track = SYNC0_SEEN;
            return;
        }
        if (c == '\n')
            stream_line_open = false;
        else if (c == '\t' || (c >= 0x20 && c < 0x7f))
            stream_line_open = true;
        return;
    case SYNC0_SEEN:
        track = c == 0x5a ? HEADER : OUTSIDE;
        header_len = 0;
        return;
    case HEADER:
        header[header_len++] = c;
        if (header_len < sizeof(header))
            return;
        body_left = (uint32_t)header[2] | (uint32_t)header[3] << 8;
        if (header[0] != 1 || body_left > 1024) {
            track = OUTSIDE; /* not a frame header: the decoder resynchronises */
            return;
        }
        body_left += 4; /* CRC */
        track = BODY;
        return;
    case BODY:
        if (--body_left == 0)
            track = OUTSIDE;
        return;
    }
}

void console_putc_user(uint8_t c)
{
    put_raw(c);
    track_user_byte(c);
}

/* Kernel text goes out with CR LF so a raw terminal shows whole lines, and starts on a
 * new line if a task's text outside frames left one open. */
static void put_text(char c)
{
    if (stream_line_open) {
        put_raw('\r');
        put_raw('\n');
        stream_line_open = false;
    }
    if (c == '\n')
        put_raw('\r');
    put_raw((uint8_t)c);
}

static int put_number(uint64_t v, unsigned base, bool negative, int width, char pad)
{
    char buf[24];
    int n = 0, written = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (negative)
        buf[n++] = '-';
    for (; width > n; width--, written++)
        put_text(pad);
    while (n)
        put_text(buf[--n]), written++;
    return written;
}

static int vkprintf(const char *fmt, va_list ap)
{
    int written = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put_text(*fmt);
            written++;
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, longs = 0;
        if (*fmt == '0')
            pad = '0', fmt++;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z')
            longs++, fmt++;
        switch (*fmt) {
        case 'd': case 'i': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            written += put_number(v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, width, pad);
            break;
        }
        case 'u': case 'x': {
            uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            written += put_number(v, *fmt == 'x' ? 16 : 10, false, width, pad);
            break;
        }
        case 'p':
            put_text('0'), put_text('x');
            written += 2 + put_number((uint64_t)(uintptr_t)va_arg(ap, void *), 16, false, width, pad);
            break;
        case 'c':
            put_text((char)va_arg(ap, int));
            written++;
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            while (*s)
                put_text(*s++), written++;
            break;
        }
        case '%':
            put_text('%');
            written++;
            break;
        case '\0':
            return written;
        default:
            put_text('%'), put_text(*fmt);
            written += 2;
        }
    }
    return written;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vkprintf(fmt, ap);
    va_end(ap);
    return n;
}

NORETURN void arch_halt(void);

NORETURN void panic(const char *fmt, ...)
{
    va_list ap;
    kprintf("\nKERNEL PANIC: ");
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\nkernel: halted\n");
    arch_halt();
}
