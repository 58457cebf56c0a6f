/* Untyped memory: Untyped_Retype creates kernel objects in it. */
#pragma once

#include <kernel/invocation.h>

/* Untyped invocations (label 1, Retype). */
struct syscall_error untyped_invoke(struct invocation *inv);
