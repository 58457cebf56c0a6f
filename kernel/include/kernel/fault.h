/* Thread faults: record what a thread did wrong and send it to its fault endpoint (or stop it). */
#pragma once

#include <kernel/invocation.h>
#include <object/tcb.h>

void fault_vm(struct tcb *t, word_t ip, word_t addr, bool prefetch, word_t fsr);
void fault_user_exception(struct tcb *t, word_t ip, word_t esr, word_t code);
void fault_unknown_syscall(struct tcb *t, word_t ip, word_t number);
void fault_cap(struct tcb *t, word_t ip, word_t cptr, bool in_recv_phase, struct lookup_fault lf);
/* Write t's fault message into receiver's MRs; returns its length. */
word_t fault_message(const struct tcb *t, struct tcb *receiver);
/* Apply a handler's reply (label, length MRs of replier) to t's registers; true = restart. */
bool fault_reply(struct tcb *t, const struct tcb *replier, word_t label, word_t length);
