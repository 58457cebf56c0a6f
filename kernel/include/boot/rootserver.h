/* Creating the root task: load its ELF from the initrd into a new address space, fill bootinfo. */
#pragma once

#include <atoll/bootinfo.h>
#include <boot/platform.h>
#include <object/tcb.h>

/* Build the root task (its TCB in *t, ready to run at EL0) and its root CNode with the
 * initial capabilities; returns its bootinfo (kernel address), whose untyped list (and
 * untyped caps) the caller fills last. Bad input from the image (no "root" member,
 * invalid ELF, too large) is a panic with a message: there is nothing else to run. */
seL4_BootInfo *rootserver_create(const struct platform *p, struct tcb **t);
