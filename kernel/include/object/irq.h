/* Interrupts as capabilities: IRQControl hands out IRQHandler caps; handlers signal notifications. */
#pragma once

#include <kernel/invocation.h>

/* IRQControl_Get (label 26). */
struct syscall_error irq_control_invoke(struct invocation *inv);
/* IRQHandler_Ack / SetNotification / Clear (labels 27-29). */
struct syscall_error irq_handler_invoke(struct invocation *inv);
/* Reserve a line the kernel uses itself (the timer): IRQControl_Get answers RevokeFirst. */
void irq_reserve(unsigned intid);
/* An interrupt on a line handed out: mask it and signal its notification; false if the
 * line was never handed out. */
bool irq_deliver(unsigned intid);
/* A notification is going away: lines that signalled it signal nothing (as after Clear). */
struct notification;
void irq_notification_deleted(const struct notification *n);
/* The last handler cap of a line went away: the line is masked and free again. */
void irq_handler_deleted(unsigned intid);
/* Whether some thread waits on a notification that an interrupt line signals (on it, or
 * bound to it while it waits on an endpoint): the CPU idling is then only a pause. */
bool irq_may_wake_a_thread(void);
