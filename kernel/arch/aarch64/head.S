/* Kernel entry: arm64 Image header, EL2 -> EL1 drop, early page tables, MMU on, jump to the high half. */
#include <arch/sysreg.h>
#include <kernel/config.h>

/*
 * Boot protocol (Linux arm64 booting.rst, also U-Boot `booti`): MMU off, D-cache off,
 * x0 = physical address of the DTB, entered at EL2 or EL1 at the image's first byte.
 * The image may sit at any 2 MiB aligned address + text_offset (0), so everything
 * before the jump to the high half is position independent (adr/adrp only).
 */
    .section .text.head, "ax"
    .global _head
_head:
    b       primary_entry           /* code0 */
    .long   0                       /* code1 */
    .quad   0                       /* text_offset */
    .quad   _kernel_image_size      /* image_size: loaded bytes + bss */
    .quad   0xa                     /* flags: little endian, 4 KiB pages, anywhere in RAM */
    .quad   0                       /* res2 */
    .quad   0                       /* res3 */
    .quad   0                       /* res4 */
    .ascii  "ARM\x64"               /* magic at 0x38 */
    .long   0                       /* res5: no PE/COFF header */

primary_entry:
    msr     daifset, #0xf
    mov     x19, x0                 /* x19 = DTB physical address */
    adr     x20, _head              /* x20 = physical load address */
    mrs     x21, CurrentEL
    ubfx    x21, x21, #2, #2        /* x21 = exception level we were entered at */
    cmp     x21, #1
    b.eq    1f
    cmp     x21, #2
    b.ne    unsupported_el
    bl      el2_drop_to_el1
1:
    ldr     x0, =SCTLR_EL1_RES1     /* EL1, MMU and caches off, little endian */
    msr     sctlr_el1, x0
    isb

    adrp    x0, __bss_start         /* zero .bss (physical addresses: MMU is off) */
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
2:  cmp     x0, x1
    b.hs    3f
    stp     xzr, xzr, [x0], #16
    b       2b
3:
    adrp    x0, kernel_stack_top
    add     x0, x0, :lo12:kernel_stack_top
    mov     sp, x0

    mov     x0, x19
    mov     x1, x20
    mov     x2, x21
    bl      boot_early_mmu          /* C at the physical address: read DTB, build tables */

    /* We wrote .bss with the caches off: drop any stale lines the loader left. */
    adrp    x0, _head
    add     x0, x0, :lo12:_head
    adrp    x1, _end
    add     x1, x1, :lo12:_end
    bl      dcache_invalidate_range

    bl      mmu_enable
    ldr     x8, =boot_high          /* absolute: the link address in the high half */
    br      x8

/* EL2 -> EL1: EL1 is AArch64, owns the timers, FP and the GICv3 CPU interface, no stage 2, no traps. */
el2_drop_to_el1:
    mov     x0, #HCR_EL2_RW
    msr     hcr_el2, x0
    mrs     x0, cnthctl_el2
    orr     x0, x0, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
    msr     cnthctl_el2, x0
    msr     cntvoff_el2, xzr
    mrs     x0, midr_el1
    msr     vpidr_el2, x0
    mrs     x0, mpidr_el1
    msr     vmpidr_el2, x0
    mov     x0, #CPTR_EL2_NOTRAP
    msr     cptr_el2, x0
    msr     hstr_el2, xzr
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #24, #4         /* GIC: a GICv3 system-register CPU interface exists */
    cbz     x0, 5f
    mrs     x0, icc_sre_el2         /* let EL1 use it (ICC_SRE_EL1 accesses trap otherwise) */
    mov     x1, #(ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE)
    orr     x0, x0, x1
    msr     icc_sre_el2, x0
    isb
    msr     ich_hcr_el2, xzr        /* no virtual CPU interface */
5:
    msr     vttbr_el2, xzr
    ldr     x0, =SCTLR_EL1_RES1
    msr     sctlr_el1, x0
    mov     x0, #SPSR_EL1H_MASKED
    msr     spsr_el2, x0
    msr     elr_el2, x30
    isb
    eret

/* Entered at EL3 (or something stranger): nothing we can report yet, so stop quietly. */
unsupported_el:
    wfe
    b       unsupported_el

/* Invalidate data cache lines covering [x0, x1) to the point of coherency. */
dcache_invalidate_range:
    mrs     x3, ctr_el0
    ubfx    x3, x3, #16, #4         /* DminLine: log2(words per line) */
    mov     x2, #4
    lsl     x2, x2, x3
    sub     x3, x2, #1
    bic     x0, x0, x3
4:  dc      ivac, x0
    add     x0, x0, x2
    cmp     x0, x1
    b.lo    4b
    dsb     sy
    ret

/*
 * Turn the MMU on with the registers boot_early_mmu computed (struct boot_mmu_regs:
 * mair, tcr, ttbr0, ttbr1, sctlr). Lives in the first 2 MiB, which the identity map covers.
 */
mmu_enable:
    adrp    x9, boot_mmu_regs
    add     x9, x9, :lo12:boot_mmu_regs
    ldp     x0, x1, [x9, #0]
    msr     mair_el1, x0
    msr     tcr_el1, x1
    ldp     x0, x1, [x9, #16]
    msr     ttbr0_el1, x0
    msr     ttbr1_el1, x1
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x0, [x9, #32]
    msr     sctlr_el1, x0
    isb
    ic      iallu
    dsb     nsh
    isb
    ret
    .ltorg

    .text
/* Now running at the link address. */
boot_high:
    adrp    x0, kernel_stack_top
    add     x0, x0, :lo12:kernel_stack_top
    mov     sp, x0
    adrp    x0, vectors
    add     x0, x0, :lo12:vectors
    msr     vbar_el1, x0
    isb
    mov     x0, x19
    mov     x1, x20
    mov     x2, x21
    bl      boot_main
    b       arch_halt

    .global arch_halt
arch_halt:
    msr     daifset, #0xf
5:  wfi
    b       5b

    .section .bss.stack, "aw", %nobits
    .balign 4096
    .global kernel_stack_bottom, kernel_stack_top
kernel_stack_bottom:
    .space  KERNEL_STACK_SIZE
kernel_stack_top:
