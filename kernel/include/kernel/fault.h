/* Thread faults: record what a thread did wrong and hand it to its handler (for now: stop it). */
#pragma once

#include <object/tcb.h>

void fault_vm(struct tcb *t, word_t ip, word_t addr, bool prefetch, word_t fsr);
void fault_user_exception(struct tcb *t, word_t ip, word_t esr, word_t code);
void fault_unknown_syscall(struct tcb *t, word_t ip, word_t number);
void fault_cap(struct tcb *t, word_t ip, word_t cptr, bool in_recv_phase);
