/* Virtual and physical memory layout of the kernel and of user address spaces. */
#pragma once

/*
 * TTBR1_EL1 (kernel), T1SZ = 25: 39-bit VA, 4 KiB granule, walk starts at level 1.
 *
 *   0xffffff80_00000000 +-------------------------------+  PHYS_MAP_BASE
 *                       | linear map of RAM             |  va = pa + PHYS_MAP_BASE
 *                       | (PA 0 .. 256 GiB)             |  Normal WB, EL1 RW, never executable
 *   0xffffffc0_00000000 +-------------------------------+  KIMAGE_BASE
 *                       | kernel image (kimage)         |  va = pa - load_pa + KIMAGE_BASE
 *                       | 4 KiB pages, at most 2 MiB    |  Normal WB: text RX, rodata RO, data RW
 *                       +-------------------------------+
 *                       |            unused             |
 *   0xffffffff_c0000000 +-------------------------------+  KDEV_BASE
 *                       | kernel device window (MMIO)   |  4 KiB pages, Device-nGnRE
 *   0xffffffff_ffffffff +-------------------------------+
 *
 * TTBR0_EL1 (user), T0SZ = 16: 48-bit VA, 4 levels (L0..L3), tagged with the ASID.
 * User space is 0 .. USER_TOP; the kernel never runs code there.
 */
#define PHYS_MAP_BASE 0xffffff8000000000ul
#define PHYS_MAP_SIZE 0x0000004000000000ul /* 256 GiB */
#define KIMAGE_BASE 0xffffffc000000000ul
#define KDEV_BASE 0xffffffffc0000000ul
#define KDEV_SIZE 0x0000000000200000ul /* one L3 table's worth of pages */

#define KERNEL_VA_BITS 39
#define USER_VA_BITS 48
#define USER_TOP 0x0000800000000000ul

/* Default devices of QEMU virt, used only when the DTB names none. */
#define DEFAULT_UART_PADDR 0x09000000ul
#define DEFAULT_GICD_PADDR 0x08000000ul
#define DEFAULT_GICC_PADDR 0x08010000ul
#define DEFAULT_VTIMER_INTID 27
