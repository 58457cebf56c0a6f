/* Entry of a task the root task builds from an ELF: the root task set sp (the stack in the
 * task's window) and TPIDR_EL0 (its IPC buffer, whose userData is its rt_env); x0 = 0. */
    .section .text.start, "ax"
    .global _start
_start:
    mov     x29, #0
    mov     x30, #0
    bl      rt_task_start       /* never returns */
1:  b       1b
