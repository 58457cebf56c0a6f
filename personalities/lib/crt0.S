/* Program entry for user tasks: x0 = bootinfo; set up the stack and call rt_start. */
    .section .text.start, "ax"
    .global _start
_start:
    adrp    x1, __stack_top
    add     x1, x1, :lo12:__stack_top
    mov     sp, x1
    mov     x29, #0
    mov     x30, #0
    bl      rt_start            /* never returns */
1:  b       1b

    .section .bss.stack, "aw", %nobits
    .balign 16
__stack_bottom:
    .space  16384
    .global __stack_top
__stack_top:
