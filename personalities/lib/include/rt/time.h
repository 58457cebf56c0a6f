/* Time from the ARM generic timer's virtual counter (readable at EL0). */
#pragma once

#include <stdint.h>

uint64_t rt_counter(void);       /* CNTVCT_EL0 */
uint64_t rt_counter_freq(void);  /* CNTFRQ_EL0, ticks per second */
/* Counter ticks as milliseconds (no overflow for centuries at common frequencies). */
uint64_t rt_ticks_to_ms(uint64_t ticks);
/* Sleep until the counter reaches deadline: `wfi` between kernel ticks (temporary, until
 * notifications exist: the kernel lets EL0 execute wfi). */
void rt_wait_until(uint64_t deadline);
