/* ARM PL011 UART: polled transmit for the kernel console. */
#include <drivers/pl011.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_TXFF (1u << 5) /* transmit FIFO full */
#define UARTCR 0x30
#define UARTCR_UARTEN (1u << 0)
#define UARTCR_TXE (1u << 8)

static volatile uint32_t *pl011_regs; /* boot CPU only */

static inline uint32_t reg_read(unsigned off) { return pl011_regs[off / 4]; }
static inline void reg_write(unsigned off, uint32_t v) { pl011_regs[off / 4] = v; }

void pl011_init(vaddr_t regs)
{
    pl011_regs = (volatile uint32_t *)(uintptr_t)regs;
    /* Keep the bootloader's baud rate and framing; only make sure transmit is on. */
    uint32_t cr = reg_read(UARTCR);
    if ((cr & (UARTCR_UARTEN | UARTCR_TXE)) != (UARTCR_UARTEN | UARTCR_TXE))
        reg_write(UARTCR, cr | UARTCR_UARTEN | UARTCR_TXE);
}

void pl011_putc(uint8_t c)
{
    if (!pl011_regs)
        return;
    while (reg_read(UARTFR) & UARTFR_TXFF)
        ;
    reg_write(UARTDR, c);
}
