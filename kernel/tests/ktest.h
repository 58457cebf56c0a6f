/* Kernel test root task: shared state, helpers and the case functions of every group. */
#pragma once

#include <rt/fmt.h>
#include <rt/frame.h>
#include <rt/runtime.h>
#include <rt/sel4_ipc.h>
#include <rt/string.h>

#define IMAGE_BASE 0x400000ul /* personalities/lib/user.ld */
#define ROOT seL4_CapInitThreadCNode
#define DEPTH 64
#define STACK_SIZE 8192
#define N_CHILDREN 5

/* Set up by main (ktest.c); the cases share one root CNode and take fresh slots. */
extern const seL4_BootInfo *bi;
extern seL4_CPtr next_free;        /* the next free root CNode slot (alloc_slot) */
extern seL4_CPtr ram_untyped;    /* a RAM untyped of at least 2^20 bytes */
extern seL4_CPtr device_untyped; /* a small device untyped (at least 64 KiB) */
extern seL4_CPtr big_untyped;    /* the largest RAM untyped (large pages come from it) */
extern char detail[160];         /* why the running case failed */
/* Stacks and IPC buffers for child threads (start_thread's n). */
extern uint8_t stacks[N_CHILDREN][STACK_SIZE];
extern seL4_IPCBuffer child_buffers[N_CHILDREN];

/* HOSTILE0001's number of calls: ktest.hostile_calls=N on the command line, else the default
 * (kept small for the full run; boot-test.sh runs it alone with a million). */
#define HOSTILE_CALLS_DEFAULT 20000
extern uint64_t hostile_calls_wanted;

/* The next free slot of the root CNode. */
seL4_CPtr alloc_slot(void);
/* A fresh object of type in a new slot, from untyped / from ram_untyped; 0 if retype failed. */
seL4_CPtr make_from(seL4_CPtr untyped, seL4_Word type, seL4_Word bits);
seL4_CPtr make(seL4_Word type, seL4_Word bits);
/* A fresh untyped of 2^bits carved from the RAM untyped. */
seL4_CPtr make_untyped(unsigned bits);
/* The frame cap (bootinfo userImageFrames) of the image page holding addr. */
seL4_CPtr frame_cap_of(const void *addr);
/* A thread in our address space and CSpace at prio, running fn(arg) on stack and IPC
 * buffer n; its TCB cptr, or 0. */
seL4_CPtr start_thread(unsigned n, void (*fn)(seL4_Word), seL4_Word arg, seL4_Word prio, seL4_CPtr fault_ep);
/* The same with a TCB already made (0 = fail) and the caller's stack and IPC buffer. */
seL4_CPtr start_thread_in(seL4_CPtr tcb, uint8_t *stack_top, seL4_IPCBuffer *buf, void (*fn)(seL4_Word),
                          seL4_Word arg, seL4_Word prio, seL4_CPtr fault_ep);

/* Wait on fault_ep for a CapFault in the receive phase on cptr (an empty slot); 1 if so
 * (else 0 with the detail set). The faulting thread is left waiting for the reply. */
int recv_missing_cap_fault(seL4_CPtr fault_ep, seL4_CPtr cptr);

/* In a case: fail with a detail message unless cond holds. */
#define CHECK(cond, ...)                                        \
    do {                                                        \
        if (!(cond)) {                                          \
            rt_snprintf(detail, sizeof(detail), __VA_ARGS__);   \
            return 0;                                           \
        }                                                       \
    } while (0)
#define CHECK_ERR(e, want) CHECK((e) == (want), "line %d: error %d, expected %d", __LINE__, (int)(e), (int)(want))

/* The cases: 1 = passed. */
int bootinfo_regions(void);
int bootinfo_initial_caps(void);
int bootinfo_untyped_caps(void);
int bootinfo_empty_region_empty(void);
int cspace_guard_mismatch(void);
int cspace_depth_mismatch(void);
int cspace_depth_range(void);
int cspace_invalid_root(void);
int cspace_invoke_empty_slot(void);
int cspace_two_levels(void);
int retype_each_type(void);
int retype_invalid_type(void);
int retype_size_checks(void);
int retype_window_checks(void);
int retype_delete_first(void);
int retype_free_index(void);
int retype_fan_out(void);
int retype_device_kernel_object(void);
int retype_into_other_cnode(void);
int retype_truncated(void);
int untyped_bad_label(void);
int cnodeop_copy_and_delete_first(void);
int cnodeop_move(void);
int cnodeop_delete(void);
int cnodeop_mint_badge_once(void);
int cnodeop_mutate_guard(void);
int cnodeop_rights(void);
int cnodeop_truncated_and_label(void);
int cnodeop_rotate(void);
int cnodeop_cancel_badged_sends(void);
int ipc_call_reply_recv(void);
int ipc_many_round_trips(void);
int ipc_cap_transfer(void);
int ipc_call_without_grant_stops(void);
int ipc_nb_recv_empty(void);
int ipc_notification(void);
int ipc_set_priority_mcp(void);
int ipc_scheduling_priorities(void);
int fault_unknown_syscall(void);
int fault_cap_fault(void);
int fault_vm_fault(void);
int tcb_resume_unconfigured(void);
int tcb_configure_checks(void);
int irq_control_get(void);
int irq_handler_ops(void);
int bind_signal_wakes_endpoint_wait(void);
int bind_errors(void);
int sched_fpu_per_thread(void);
int tcb_read_registers(void);
int tcb_tls_and_sched_params(void);
int tcb_copy_registers(void);
int fault_foreign_abi(void);
int fault_cap_fault_receive_phase(void);
int fault_user_exception(void);
int ipc_sender_waits_for_receiver(void);
int hostile_random_calls(void);
int syscall_nbsend_invalid_ignored(void);
int syscall_reply_without_caller(void);
int syscall_yield(void);
int telemetry_thread_counters(void);
int telemetry_untyped_use(void);
int bootinfo_cap_identify(void);
int irq_timer_delivery(void);
int ipc_fastpath_same_results(void);
int ipc_fastpath_respects_priorities(void);
int ipc_badge0_signal_kept(void);
int fault_wfi_traps(void);
int sched_round_robin(void);
int sched_priority_preemption(void);
int sched_mcp_checks(void);
int sched_yield_alternates(void);
int cnodeop_revoke_badges(void);
int cnodeop_move_rotate_keep_children(void);
int cnodeop_revoke_irq_control(void);
int cnodeop_delete_endpoint_restarts(void);
int cnodeop_delete_notification_restarts(void);
int cnodeop_delete_tcb_and_cnode(void);
int cnodeop_delete_unbinds(void);
int cnodeop_delete_deep_chain(void);
int cnodeop_cyclic_cnodes(void);
int cnodeop_save_caller(void);
int cnodeop_saved_reply_lifetime(void);
int cspace_revoke_save_caller_lookups(void);
int untyped_revoke_resets(void);
int untyped_reset_after_delete(void);
int untyped_copy_rules(void);
int untyped_revoke_live_thread(void);
int retype_dest_lookup(void);
int cnodeop_error_codes(void);
int cnodeop_transferred_cap_is_child(void);
int cnodeop_save_caller_fault(void);
int cnodeop_tcb_keeps_cspace(void);
int cnodeop_delete_preempted(void);
int cnodeop_tcb_keeps_ipc_buffer(void);
int cnodeop_revoke_notification_badges(void);
int cnodeop_only_last_cap_finalises(void);
int untyped_move_keeps_children(void);
int retype_failure_changes_nothing(void);
int cnodeop_irq_handler_moves(void);
int cnodeop_delete_irq_notification(void);
int tcb_error_codes(void);
int irq_control_get_trigger(void);
int fault_fpu_disabled(void);
int bootinfo_extra_chunks(void);
int syscall_error_paths(void);
int cnodeop_irq_handler_copies(void);
int cnodeop_thread_deletes_itself(void);
