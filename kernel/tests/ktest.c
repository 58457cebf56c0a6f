/* Kernel test root task: a named table of cases (sel4test-like groups) run on the real kernel. */
#include "ktest_vspace.h"
#include <rt/bootinfo.h>

/*
 * Each case prints "ktest: PASS NAME" or "ktest: FAIL NAME: detail" as a system-channel
 * frame; the run ends with "ktest: N passed, N failed" (kernel/tests/boot-test.sh reads
 * them). Cases share one root CNode and take fresh slots from the bootinfo's empty region.
 * The cases live in ktest_cspace.c, ktest_threads.c, ktest_plat.c, ktest_vspace.c,
 * ktest_pagefault.c and ktest_hostile.c.
 */
const seL4_BootInfo *bi;
seL4_CPtr ram_untyped, device_untyped, big_untyped;
char detail[160];
uint8_t stacks[N_CHILDREN][STACK_SIZE] __attribute__((aligned(16)));
seL4_IPCBuffer child_buffers[N_CHILDREN] __attribute__((aligned(4096)));
seL4_CPtr next_free;

seL4_CPtr alloc_slot(void) { return next_free++; }

seL4_CPtr make_from(seL4_CPtr untyped, seL4_Word type, seL4_Word bits)
{
    seL4_CPtr s = alloc_slot();
    return seL4_Untyped_Retype(untyped, type, bits, ROOT, 0, 0, s, 1) == seL4_NoError ? s : 0;
}

seL4_CPtr make(seL4_Word type, seL4_Word bits) { return make_from(ram_untyped, type, bits); }

seL4_CPtr make_untyped(unsigned bits) { return make(seL4_UntypedObject, bits); }

seL4_CPtr frame_cap_of(const void *addr)
{
    return bi->userImageFrames.start + (((seL4_Word)addr - IMAGE_BASE) >> 12);
}

seL4_CPtr start_thread_in(seL4_CPtr tcb, uint8_t *stack_top, seL4_IPCBuffer *buf, void (*fn)(seL4_Word),
                          seL4_Word arg, seL4_Word prio, seL4_CPtr fault_ep)
{
    if (!tcb)
        return 0;
    if (seL4_TCB_Configure(tcb, fault_ep, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)buf,
                           frame_cap_of(buf)) != seL4_NoError)
        return 0;
    if (seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio) != seL4_NoError)
        return 0;
    if (rt_tcb_start(tcb, (seL4_Word)fn, (seL4_Word)stack_top, arg, (seL4_Word)buf) != seL4_NoError)
        return 0;
    return tcb;
}

seL4_CPtr start_thread(unsigned n, void (*fn)(seL4_Word), seL4_Word arg, seL4_Word prio, seL4_CPtr fault_ep)
{
    return start_thread_in(make(seL4_TCBObject, 0), &stacks[n][STACK_SIZE], &child_buffers[n], fn, arg, prio,
                           fault_ep);
}

int recv_missing_cap_fault(seL4_CPtr fault_ep, seL4_CPtr cptr)
{
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, 0);
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_CapFault && seL4_GetMR(seL4_CapFault_Addr) == cptr &&
              seL4_GetMR(seL4_CapFault_InRecvPhase) == 1 &&
              seL4_GetMR(seL4_CapFault_LookupFailureType) == seL4_MissingCapability,
          "label %lu addr %lu recv %lu type %lu", seL4_MessageInfo_get_label(info), seL4_GetMR(1), seL4_GetMR(2),
          seL4_GetMR(3));
    return 1;
}

static const struct {
    const char *name;
    int (*run)(void);
} cases[] = {
    {"BOOTINFO0001 slot regions", bootinfo_regions},
    {"BOOTINFO0002 initial caps", bootinfo_initial_caps},
    {"BOOTINFO0003 untyped caps", bootinfo_untyped_caps},
    {"BOOTINFO0004 empty region is empty", bootinfo_empty_region_empty},
    {"BOOTINFO0005 DebugCapIdentify of the initial caps", bootinfo_cap_identify},
    {"BOOTINFO0006 extra bootinfo: the device tree chunk, device untypeds", bootinfo_extra_chunks},
    {"CSPACE0001 guard mismatch", cspace_guard_mismatch},
    {"CSPACE0002 depth mismatch", cspace_depth_mismatch},
    {"CSPACE0003 depth out of range", cspace_depth_range},
    {"CSPACE0004 invalid root", cspace_invalid_root},
    {"CSPACE0005 invoke empty slot", cspace_invoke_empty_slot},
    {"CSPACE0006 two-level lookup", cspace_two_levels},
    {"RETYPE0001 each object type", retype_each_type},
    {"RETYPE0002 invalid type", retype_invalid_type},
    {"RETYPE0003 size checks", retype_size_checks},
    {"RETYPE0004 node window checks", retype_window_checks},
    {"RETYPE0005 occupied slot", retype_delete_first},
    {"RETYPE0006 free index and alignment", retype_free_index},
    {"RETYPE0007 fan out", retype_fan_out},
    {"RETYPE0008 device untyped", retype_device_kernel_object},
    {"RETYPE0009 into another cnode", retype_into_other_cnode},
    {"RETYPE0010 truncated message", retype_truncated},
    {"UNTYPED0001 unknown label", untyped_bad_label},
    {"CNODEOP0001 copy, delete first", cnodeop_copy_and_delete_first},
    {"CNODEOP0002 move", cnodeop_move},
    {"CNODEOP0003 delete", cnodeop_delete},
    {"CNODEOP0004 mint badges once", cnodeop_mint_badge_once},
    {"CNODEOP0005 mutate guard", cnodeop_mutate_guard},
    {"CNODEOP0006 rights", cnodeop_rights},
    {"CNODEOP0007 truncated, bad label", cnodeop_truncated_and_label},
    {"IPC0001 call reply-recv badge MR4+", ipc_call_reply_recv},
    {"IPC0002 1000 round trips", ipc_many_round_trips},
    {"IPC0003 NBRecv NBSend empty", ipc_nb_recv_empty},
    {"IPC0004 notification signal wait poll", ipc_notification},
    {"IPC0007 capability transfer, unwrapping, Grant", ipc_cap_transfer},
    {"IPC0008 write-only cap NBSend", ipc_call_without_grant_stops},
    {"IPC0010 fastpath and slowpath give the same messages, endpoint counts", ipc_fastpath_same_results},
    {"IPC0011 no fastpath past a higher ready thread", ipc_fastpath_respects_priorities},
    {"IPC0012 a badge-0 signal is kept", ipc_badge0_signal_kept},
    {"IPC0005 set priority within MCP", ipc_set_priority_mcp},
    {"IPC0006 scheduling by priority", ipc_scheduling_priorities},
    {"FAULT0001 unknown syscall", fault_unknown_syscall},
    {"FAULT0002 cap fault", fault_cap_fault},
    {"FAULT0003 vm fault", fault_vm_fault},
    {"TCB0001 resume unconfigured thread", tcb_resume_unconfigured},
    {"TCB0002 configure checks", tcb_configure_checks},
    {"TCB0003 read registers", tcb_read_registers},
    {"FAULT0004 foreign ABI flag", fault_foreign_abi},
    {"FAULT0005 cap fault in the receive phase", fault_cap_fault_receive_phase},
    {"FAULT0006 user exception, resumed past it", fault_user_exception},
    {"IPC0009 queued sender meets a later receiver", ipc_sender_waits_for_receiver},
    {"TCB0004 TLS base, sched params", tcb_tls_and_sched_params},
    {"TCB0005 copy registers", tcb_copy_registers},
    {"TCB0006 every error code of each TCB invocation, nothing changed", tcb_error_codes},
    {"CNODEOP0008 rotate", cnodeop_rotate},
    {"CNODEOP0009 cancel badged sends", cnodeop_cancel_badged_sends},
    {"SYSCALL0001 NBSend to invalid cap ignored", syscall_nbsend_invalid_ignored},
    {"SYSCALL0002 reply without caller", syscall_reply_without_caller},
    {"SYSCALL0003 yield", syscall_yield},
    {"SYSCALL0004 DebugNameThread CapFault, Signal without Write", syscall_error_paths},
    {"IRQ0001 IRQControl_Get", irq_control_get},
    {"IRQ0002 IRQHandler operations", irq_handler_ops},
    {"IRQ0004 IRQControl_GetTrigger", irq_control_get_trigger},
    {"BIND0001 signal ends an endpoint wait", bind_signal_wakes_endpoint_wait},
    {"BIND0002 bind errors", bind_errors},
    {"SCHED0001 FP/SIMD registers per thread", sched_fpu_per_thread},
    {"SCHED0002 round robin on the timeslice", sched_round_robin},
    {"SCHED0003 priority preemption", sched_priority_preemption},
    {"SCHED0004 MCP checks", sched_mcp_checks},
    {"SCHED0005 yield alternates", sched_yield_alternates},
    {"IRQ0003 timer interrupt signals, masked until Ack", irq_timer_delivery},
    {"FAULT0007 EL0 wfi traps", fault_wfi_traps},
    {"FAULT0008 FP/SIMD use with fpuDisabled is a UserException", fault_fpu_disabled},
    {"TELEMETRY0001 thread counters", telemetry_thread_counters},
    {"TELEMETRY0002 untyped use", telemetry_untyped_use},
    {"CNODEOP0010 revoke: badges and copies", cnodeop_revoke_badges},
    {"CNODEOP0011 move and rotate keep children", cnodeop_move_rotate_keep_children},
    {"CNODEOP0012 revoke IRQControl frees lines", cnodeop_revoke_irq_control},
    {"CNODEOP0013 delete endpoint restarts waiters", cnodeop_delete_endpoint_restarts},
    {"CNODEOP0014 delete notification restarts waiters", cnodeop_delete_notification_restarts},
    {"CNODEOP0015 delete TCB, delete CNode holding it", cnodeop_delete_tcb_and_cnode},
    {"CNODEOP0016 delete unbinds", cnodeop_delete_unbinds},
    {"CNODEOP0017 delete a 1000-deep CNode chain", cnodeop_delete_deep_chain},
    {"CNODEOP0018 cyclic CNodes", cnodeop_cyclic_cnodes},
    {"CNODEOP0019 SaveCaller", cnodeop_save_caller},
    {"CNODEOP0020 saved reply cap lifetime", cnodeop_saved_reply_lifetime},
    {"CNODEOP0021 every error code of each CNode invocation", cnodeop_error_codes},
    {"CNODEOP0022 a transferred cap is a child", cnodeop_transferred_cap_is_child},
    {"CNODEOP0023 SaveCaller of a faulting thread", cnodeop_save_caller_fault},
    {"CNODEOP0024 a thread keeps its CSpace root alive", cnodeop_tcb_keeps_cspace},
    {"CNODEOP0025 a delete preempted by an interrupt resumes", cnodeop_delete_preempted},
    {"CNODEOP0026 a thread keeps its IPC buffer frame alive", cnodeop_tcb_keeps_ipc_buffer},
    {"CNODEOP0027 notification badges in the tree", cnodeop_revoke_notification_badges},
    {"CNODEOP0028 only the last cap finalises", cnodeop_only_last_cap_finalises},
    {"CNODEOP0029 an IRQ handler moved and rotated", cnodeop_irq_handler_moves},
    {"CNODEOP0030 delete the notification of an IRQ handler", cnodeop_delete_irq_notification},
    {"CNODEOP0032 IRQ handler caps copied and minted; the last frees the line", cnodeop_irq_handler_copies},
    {"CNODEOP0031 a thread deletes its own TCB", cnodeop_thread_deletes_itself},
    {"CSPACE0007 Revoke and SaveCaller lookups", cspace_revoke_save_caller_lookups},
    {"UNTYPED0002 revoke resets", untyped_revoke_resets},
    {"UNTYPED0003 reset after deleting children", untyped_reset_after_delete},
    {"UNTYPED0004 copies of untyped", untyped_copy_rules},
    {"UNTYPED0005 revoke under a live thread", untyped_revoke_live_thread},
    {"UNTYPED0006 a moved untyped keeps its children", untyped_move_keeps_children},
    {"RETYPE0011 destination lookup", retype_dest_lookup},
    {"RETYPE0012 a failed retype changes nothing", retype_failure_changes_nothing},
    {"RETYPE0013 clearing large frames is preemptible and leaves them zero", retype_clear_preempted},
    {"VSPACE0001 retype frames, page tables, VSpaces", vspace_retype_types},
    {"VSPACE0002 the root task's paging caps are real", vspace_initial_caps},
    {"VSPACE0003 ASIDControl_MakePool", vspace_make_pool},
    {"VSPACE0004 ASIDPool_Assign", vspace_assign},
    {"VSPACE0005 PageTable map and unmap", vspace_page_table_ops},
    {"VSPACE0006 Page_Map errors", vspace_page_map_errors},
    {"VSPACE0007 Page map, remap by rights, unmap, GetAddress", vspace_page_map_unmap},
    {"VSPACE0008 Page cache operations", vspace_page_cache_ops},
    {"VSPACE0009 VSpace cache operations", vspace_vspace_cache_ops},
    {"VSPACE0010 shared frame runs code written through another mapping", vspace_shared_code},
    {"VSPACE0011 2 MiB page", vspace_large_page},
    {"VSPACE0012 1 GiB device page", vspace_huge_page},
    {"PAGEFAULT0001 thread in its own VSpace", pagefault_own_vspace},
    {"PAGEFAULT0002 a child cannot see its parent's memory", pagefault_isolation},
    {"PAGEFAULT0003 fault handled by mapping a shared frame, resumed", pagefault_map_and_resume},
    {"PAGEFAULT0004 instruction fetch fault", pagefault_prefetch},
    {"PAGEFAULT0005 rights widened fault by fault", pagefault_rights},
    {"PAGEFAULT0006 unmap invalidates the TLB", pagefault_unmap_flushes_tlb},
    {"PAGEFAULT0007 a child whose VSpace is revoked faults", pagefault_vspace_deleted},
    {"PAGEFAULT0008 the TCB's VTable slot keeps the VSpace after its caps are deleted", pagefault_vspace_in_tcb},
    {"VSPACE0015 deleting caps unmaps and frees ASIDs", vspace_delete_undoes},
    {"VSPACE0013 a full ASID pool", vspace_pool_full},
    {"VSPACE0014 a full ASID table", vspace_asid_table_full},
    {"HOSTILE0001 random calls beside a checksum", hostile_random_calls},
};

static void find_untypeds(void)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        /* the smallest device untyped of 64 KiB or more: the big ones stay whole (VSPACE0012) */
        if (u->isDevice && u->sizeBits >= 16 &&
            (!device_untyped || u->sizeBits < bi->untypedList[device_untyped - bi->untyped.start].sizeBits))
            device_untyped = bi->untyped.start + i;
        if (!u->isDevice && u->sizeBits >= 20 && !ram_untyped)
            ram_untyped = bi->untyped.start + i;
        if (!u->isDevice && (!big_untyped || u->sizeBits > bi->untypedList[big_untyped - bi->untyped.start].sizeBits))
            big_untyped = bi->untyped.start + i;
    }
}

/* Bootargs (QEMU -append): ktest.only=PREFIX runs only the cases whose name starts with it;
 * ktest.hostile_calls=N sets how many calls HOSTILE0001 makes. */
static const char *only;
static char only_buf[32];
uint64_t hostile_calls_wanted = HOSTILE_CALLS_DEFAULT;

static void read_bootargs(void)
{
    const char *args = rt_fdt_chosen_string(bi, "bootargs");
    char n[24];
    only = rt_arg_value(args, "ktest.only", only_buf, sizeof(only_buf));
    if (rt_arg_value(args, "ktest.hostile_calls", n, sizeof(n))) {
        uint64_t v = 0;
        for (const char *p = n; *p >= '0' && *p <= '9'; p++)
            v = v * 10 + (uint64_t)(*p - '0');
        if (v)
            hostile_calls_wanted = v;
    }
}

static int selected(const char *name)
{
    return !only || (strlen(name) >= strlen(only) && memcmp(name, only, strlen(only)) == 0);
}

int main(const seL4_BootInfo *boot_info)
{
    bi = boot_info;
    __asm__ volatile("msr tpidr_el0, %0" : : "r"(bi->ipcBuffer));
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "ktest");
    next_free = bi->empty.start;
    find_untypeds();
    read_bootargs();
    char line[200];
    unsigned total = sizeof(cases) / sizeof(cases[0]), n = 0, passed = 0;
    for (unsigned i = 0; i < total; i++)
        n += selected(cases[i].name);
    rt_snprintf(line, sizeof(line), "ktest: %u cases\n", n);
    frame_log(line);
    for (unsigned i = 0; i < total; i++) {
        if (!selected(cases[i].name))
            continue;
        detail[0] = 0;
        int ok = cases[i].run();
        passed += ok != 0;
        rt_snprintf(line, sizeof(line), "ktest: %s %s%s%s\n", ok ? "PASS" : "FAIL", cases[i].name,
                    ok ? "" : ": ", ok ? "" : detail);
        frame_log(line);
    }
    rt_snprintf(line, sizeof(line), "ktest: %u passed, %u failed\n", passed, n - passed);
    frame_log(line);
    return 0;
}

