/* The AArch64 memory-management objects' invocations: frames, page tables, VSpaces, ASID control and pools. */
#pragma once

#include <kernel/invocation.h>

/* Frame invocations: Map, Unmap, the cache operations, GetAddress (object/frame.c). */
struct syscall_error frame_invoke(struct invocation *inv);
/* PageTable Map/Unmap and the VSpace cache operations (object/pagetable.c). */
struct syscall_error page_table_invoke(struct invocation *inv);
struct syscall_error vspace_invoke(struct invocation *inv);
/* ASIDControl_MakePool and ASIDPool_Assign (object/asid.c). */
struct syscall_error asid_control_invoke(struct invocation *inv);
struct syscall_error asid_pool_invoke(struct invocation *inv);

/* Retype's view (object/objecttype.c): is type a frame (the only type device memory may
 * hold besides untyped), and the size in bits of an object of an AArch64 type (5-9). */
bool arch_is_frame_type(word_t type);
unsigned arch_object_bits(word_t type);
/* A cap is being deleted (final: it was its object's last): a mapped frame cap's mapping
 * goes (each copy has its own); the last cap of a mapped page table takes it out of its
 * VSpace, of a VSpace frees its ASID, of a pool empties its ASID table entry. */
void arch_cap_deleted(struct cap c, bool final);
/* A VSpace argument of Map or a flush: it must have an ASID (else InvalidCapability
 * cap_index), the ASID must still be assigned (else FailedLookup, InvalidRoot) and to this
 * VSpace (else InvalidCapability cap_index); *root is then its level-0 table. */
struct syscall_error check_vspace_cap(struct cap vs, word_t cap_index, paddr_t *root);
/* Dispatch for the cap types above; IllegalOperation for any other. */
struct syscall_error arch_invoke(struct invocation *inv);
/* A new frame, page table or VSpace object at obj (already zeroed if RAM): its cap. */
struct cap arch_create_object(word_t type, paddr_t obj, bool is_device);
/* deriveCap for the arch caps: a frame's copy is unmapped; an unassigned VSpace or an
 * unmapped page table cannot be copied (a null cap). */
struct cap arch_derive_cap(struct cap c);
