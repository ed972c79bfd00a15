/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mhp_bench: time sub-section memory hotplug (memremap_pages() and
 * memunmap_pages()) on a Persistent Memory range, or on a device-private
 * range of free physical address space, and split each call into the phases
 * the kernel spends it in.
 *
 * The module exposes /dev/mhp_bench (root only, CAP_SYS_ADMIN). One open file
 * holds at most one claimed physical range (MHPB_IOC_CLAIM: PMEM, or
 * MHPB_IOC_CLAIM_PRIVATE: device-private) and up to MHPB_MAX_MAPPINGS live
 * mappings inside it. Closing the file unmaps every mapping and releases the
 * range.
 *
 * Every ioctl returns 0 or -1 with errno set. The errno values are part of
 * the interface and are documented at each command below.
 */
#ifndef _UAPI_MHP_BENCH_H
#define _UAPI_MHP_BENCH_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Bumped on any change of a struct, a command or a phase index. */
#define MHPB_ABI_VERSION	5

/* Granularity of every address, offset and size: one sub-section. */
#define MHPB_SUBSECTION_SIZE	(2ULL << 20)

#define MHPB_MAX_MAPPINGS	64
#define MHPB_MAX_PHASES		32
#define MHPB_NAME_LEN		32

/*
 * Phases. Each phase is the inclusive time spent in one kernel function,
 * counted only when it is reached from its parent phase (MHPB_PHASE_NONE for
 * a phase called directly by memremap_pages()/memunmap_pages()), so that
 * sibling phases never overlap: the sum of the top-level phases of one call
 * is at most its total, and a child is at most its parent. A function
 * reached by another path (for example wait_for_completion() inside
 * synchronize_rcu()) is not counted for the phase.
 *
 * The last four phases are timed by begin/end tracepoint pairs that only
 * the patched benchmark kernel has (kernel-patch/: the code they cover is
 * inlined, kretprobes cannot reach it); elsewhere they are not probed.
 * Where pagemap_range()/pageunmap_range() are timed, they enclose most
 * top-level phases, which then become their children, and where
 * section_activate()/section_deactivate() are, vmemmap_populate() and
 * vmemmap_free() become theirs: MHPB_IOC_PHASE_INFO reports the parent in
 * effect on the running kernel.
 */
enum mhpb_phase {
	/* map side: memremap_pages() */
	MHPB_PH_MAP_HOTPLUG_BEGIN,	/* mem_hotplug_begin(): lock + wait   */
	MHPB_PH_MAP_RCU_SYNC,		/*  synchronize_rcu() in rcu_sync    */
	MHPB_PH_MAP_ARCH_ADD,		/* arch_add_memory()                  */
	MHPB_PH_MAP_INIT_MAPPING,	/*  init_memory_mapping(): direct map */
	MHPB_PH_MAP_ADD_PAGES,		/*  __add_pages()                     */
	MHPB_PH_MAP_SPARSE_ADD,		/*   sparse_add_section()             */
	MHPB_PH_MAP_VMEMMAP_POP,	/*    vmemmap_populate()              */
	MHPB_PH_MAP_MOVE_TO_ZONE,	/* move_pfn_range_to_zone()           */
	MHPB_PH_MAP_HOTPLUG_DONE,	/* mem_hotplug_done()                 */
	MHPB_PH_MAP_MEMMAP_INIT,	/* memmap_init_zone_device()          */
	/* unmap side: memunmap_pages() */
	MHPB_PH_UNMAP_REF_WAIT,		/* wait_for_completion(): percpu_ref  */
	MHPB_PH_UNMAP_HOTPLUG_BEGIN,	/* mem_hotplug_begin(): lock + wait   */
	MHPB_PH_UNMAP_RCU_SYNC,		/*  synchronize_rcu() in rcu_sync    */
	MHPB_PH_UNMAP_REMOVE_ZONE,	/* remove_pfn_range_from_zone()       */
	MHPB_PH_UNMAP_ARCH_REMOVE,	/* arch_remove_memory()               */
	MHPB_PH_UNMAP_REMOVE_PAGES,	/*  __remove_pages()                  */
	MHPB_PH_UNMAP_SPARSE_REMOVE,	/*   sparse_remove_section()          */
	MHPB_PH_UNMAP_VMEMMAP_FREE,	/*    vmemmap_free()                  */
	MHPB_PH_UNMAP_HOTPLUG_DONE,	/* mem_hotplug_done()                 */
	MHPB_PH_UNMAP_PGMAP_RCU,	/* synchronize_rcu() after the pgmap  */
					/* left the lookup xarray             */
	MHPB_PH_MAP_STATIC_KEY,		/* static_key_slow_inc(): FS_DAX's    */
					/* devmap_managed_key, text patching  */
	MHPB_PH_UNMAP_STATIC_KEY,	/* static_key_slow_dec(): the same    */
	/* tracepoints of the patched kernel (MHPB_PHF_TRACEPOINT) */
	MHPB_PH_MAP_PAGEMAP_RANGE,	/* pagemap_range(): top level         */
	MHPB_PH_MAP_SECTION_ACTIVATE,	/*    section_activate(): in sparse_  */
					/*    add_section()                   */
	MHPB_PH_UNMAP_PAGEUNMAP_RANGE,	/* pageunmap_range(): top level       */
	MHPB_PH_UNMAP_SECTION_DEACTIVATE, /*  section_deactivate(): in       */
					/*    sparse_remove_section()         */
	MHPB_NR_PHASES
};

#define MHPB_PHASE_NONE		0xffffffffu

/* mhpb_phase_info.flags */
#define MHPB_PHF_WAIT		(1u << 0) /* time is waiting, not work       */
#define MHPB_PHF_UNMAP		(1u << 1) /* phase of an unmap, else of a map */
#define MHPB_PHF_PROBED		(1u << 2) /* its kretprobe (or tracepoints)  */
					  /* is registered                   */
#define MHPB_PHF_TRACEPOINT	(1u << 3) /* timed by a begin/end tracepoint */
					  /* pair, else by a kretprobe       */

/*
 * struct mhpb_info - MHPB_IOC_INFO: what this module build measures.
 * @abi_version: (out) MHPB_ABI_VERSION of the module
 * @nr_phases: (out) number of valid entries for MHPB_IOC_PHASE_INFO
 * @subsection_size: (out) bytes per sub-section on this kernel
 * @section_size: (out) bytes per memory section on this kernel
 * @probe_errors: (out) kretprobes that failed to register
 * @page_struct_size: (out) sizeof(struct page) on this kernel
 * @max_physmem_bits: (out) MAX_PHYSMEM_BITS: pfns at or above
 *	1 << (max_physmem_bits - PAGE_SHIFT) can never be memory
 * @probes_enabled: (out) 1 if the phase kretprobes are armed (see
 *	MHPB_IOC_PROBES), 0 if some open file disabled them
 * @features: (out) MHPB_FEAT_*: what the running kernel supports
 * @reserved: (out) 0
 */
struct mhpb_info {
	__u32 abi_version;
	__u32 nr_phases;
	__u64 subsection_size;
	__u64 section_size;
	__u32 probe_errors;
	__u32 page_struct_size;
	__u32 max_physmem_bits;
	__u32 probes_enabled;
	__u32 features;
	__u32 reserved;
};

/* mhpb_info.features */
#define MHPB_FEAT_DEVICE_PRIVATE (1u << 0) /* CONFIG_DEVICE_PRIVATE: the   */
					   /* kernel maps MHPB_PGMAP_PRIVATE */

/*
 * struct mhpb_phase_info - MHPB_IOC_PHASE_INFO: describe one phase.
 * @index: (in) phase index, below mhpb_info.nr_phases
 * @parent: (out) index of the parent phase, or MHPB_PHASE_NONE
 * @flags: (out) MHPB_PHF_*
 * @name: (out) short stable name used in result files
 * @symbol: (out) kernel function the phase times; for a tracepoint phase
 *	the tracepoints' common stem (mhp_section_activate: its _begin and
 *	_end events)
 */
struct mhpb_phase_info {
	__u32 index;
	__u32 parent;
	__u32 flags;
	__u32 reserved;
	char name[MHPB_NAME_LEN];
	char symbol[MHPB_NAME_LEN];
};

/*
 * struct mhpb_claim - MHPB_IOC_CLAIM: take ownership of a physical range.
 * @start: (in) physical address, a multiple of MHPB_SUBSECTION_SIZE
 * @size: (in) bytes, a non-zero multiple of MHPB_SUBSECTION_SIZE
 *
 * The whole range must lie inside one Persistent Memory resource of
 * /proc/iomem (including the legacy e820 kind), must not touch System RAM,
 * and no part of it may be held by anyone else. The errno says which rule
 * failed, checked in this order:
 *	EFAULT	the argument cannot be read;
 *	EBUSY	this file already holds a claim;
 *	EINVAL	@start or @size not a multiple of MHPB_SUBSECTION_SIZE,
 *		@size 0, or @start + @size wraps;
 *	ENXIO	not entirely inside one Persistent Memory resource: any
 *		System RAM, a hole, a range that starts before a PMEM
 *		resource or runs past its end, or spans two of them;
 *	EBUSY	inside one PMEM resource, but part of it is held by someone
 *		else: a driver (an enabled namespace) or another open file's
 *		claim.
 * A PMEM claim maps MHPB_PGMAP_GENERIC and MHPB_PGMAP_FS_DAX.
 */
struct mhpb_claim {
	__u64 start;
	__u64 size;
};

/*
 * struct mhpb_claim_private - MHPB_IOC_CLAIM_PRIVATE: take a range
 * of free physical address space for device-private memory, as a driver of
 * unaddressable device memory does (lib/test_hmm.c):
 * request_free_mem_region(&iomem_resource, @size, "mhpbench"), which
 * searches down from the top of the physical address space for a
 * section-aligned hole in /proc/iomem and claims it as "Device Private
 * Memory". No PMEM is needed. A private claim maps MHPB_PGMAP_PRIVATE only.
 * The resource it holds is @size rounded up to whole sections (as
 * request_free_mem_region() makes it), all of it released with the claim;
 * maps must lie inside @size.
 * @size: (in) bytes, a non-zero multiple of MHPB_SUBSECTION_SIZE
 * @start: (in) must be 0; (out) physical address of the claim, a multiple
 *	of the section size
 *
 * Errors: EOPNOTSUPP the kernel has no CONFIG_DEVICE_PRIVATE (checked
 * before anything else: memremap_pages() would WARN for the type); EINVAL
 * @size zero or misaligned, or @start not 0; EBUSY this file already holds
 * a claim; ERANGE no free range of @size; ENOMEM out of memory.
 */
struct mhpb_claim_private {
	__u64 size;
	__u64 start;
};

/* mhpb_map.type: the dev_pagemap type to create. */
enum mhpb_pgmap_type {
	MHPB_PGMAP_GENERIC = 1,	/* MEMORY_DEVICE_GENERIC: PMEM claim  */
	MHPB_PGMAP_FS_DAX = 2,	/* MEMORY_DEVICE_FS_DAX: PMEM claim   */
	MHPB_PGMAP_PRIVATE = 3,	/* MEMORY_DEVICE_PRIVATE: private     */
				/* claim                              */
};

/*
 * struct mhpb_timing - (out) the timing of one map or unmap call.
 * @total_ns: whole memremap_pages()/memunmap_pages() call
 * @phase_ns: inclusive time per enum mhpb_phase (0 if not reached)
 * @phase_calls: how many times each phase was entered during the call
 * @flags: MHPB_TF_*; a timing with MHPB_TF_UNBALANCED has unreliable phases
 * @missed: kretprobe hits lost during the call (all probes, all tasks)
 */
struct mhpb_timing {
	__u64 total_ns;
	__u64 phase_ns[MHPB_MAX_PHASES];
	__u32 phase_calls[MHPB_MAX_PHASES];
	__u32 flags;
	__u32 missed;
};

/* mhpb_timing.flags */
/*
 * MHPB_TF_UNBALANCED: a probed call did not return, or the measuring task
 * hit a probe outside task context (through int3), so a phase may be lost.
 */
#define MHPB_TF_UNBALANCED	(1u << 0)
#define MHPB_TF_NO_PROBES	(1u << 1) /* probes were disabled: phases 0 */

/* mhpb_map.flags */
#define MHPB_MAPF_ALTMAP	(1u << 0) /* memmap on the PMEM itself      */

/*
 * struct mhpb_map - MHPB_IOC_MAP: memremap_pages() on part of the claim.
 * @offset: (in) from the claim's start, a multiple of MHPB_SUBSECTION_SIZE
 * @size: (in) bytes, a non-zero multiple of MHPB_SUBSECTION_SIZE
 * @type: (in) enum mhpb_pgmap_type: MHPB_PGMAP_GENERIC or MHPB_PGMAP_FS_DAX
 *	on a PMEM claim, MHPB_PGMAP_PRIVATE on a private claim. A private map
 *	is memremap_pages() of a MEMORY_DEVICE_PRIVATE pgmap: struct pages
 *	only (add_pages(), no direct map), whose dev_pagemap_ops are never
 *	used (no page is handed out: migrate_to_ram() would fail with
 *	VM_FAULT_SIGBUS)
 * @vmemmap_shift: (in) 0 for base pages; otherwise the compound page order
 *	(9: 2 MiB, 18: 1 GiB); @offset and @size must be multiples of it.
 *	Always 0 for MHPB_PGMAP_PRIVATE
 * @flags: (in) 0 or MHPB_MAPF_ALTMAP (not with MHPB_PGMAP_PRIVATE: device
 *	memory cannot hold a memmap): store the memmap on the mapped PMEM
 *	itself (pgmap->altmap, as an fsdax/devdax namespace in "pmem" mode
 *	does): base_pfn is the first pfn of the map and @altmap_free pages at
 *	its start are set aside for the memmap. On x86 only whole-section
 *	pieces of the map take their memmap from there.
 * @handle: (out) names the mapping for MHPB_IOC_UNMAP
 * @memmap_pages: (out) struct pages memmap_init_zone_device() initialises
 *	for this map: the pfns after the altmap's reserve, and with compound
 *	pages only the unique struct pages when the vmemmap is optimised
 *	(the kernel's own compound_nr_pages() rule)
 * @altmap_free: (out) pages set aside for the memmap, 0 without altmap:
 *	the memmap of the whole map, rounded up to a compound page
 * @altmap_alloc: (out) altmap pages the memmap took (altmap.alloc)
 * @timing: (out) see struct mhpb_timing
 *
 * Errors: EOPNOTSUPP @type is MHPB_PGMAP_PRIVATE and the kernel has no
 * CONFIG_DEVICE_PRIVATE (checked before anything else); ENOENT no claim;
 * EINVAL misaligned, zero size, unknown type, shift or flag, a type the
 * claim's kind does not map (private on a PMEM claim, generic or fs_dax on
 * a private one), a shift or MHPB_MAPF_ALTMAP with MHPB_PGMAP_PRIVATE, or
 * MHPB_MAPF_ALTMAP on a map that cannot spare @altmap_free pages (not
 * larger than one compound page); ERANGE not inside the claim; EEXIST
 * overlaps a live mapping of this file; ENOSPC MHPB_MAX_MAPPINGS live;
 * otherwise the error of memremap_pages().
 */
struct mhpb_map {
	__u64 offset;
	__u64 size;
	__u32 type;
	__u32 vmemmap_shift;
	__u32 flags;
	__u32 handle;
	__u64 memmap_pages;
	__u64 altmap_free;
	__u64 altmap_alloc;
	struct mhpb_timing timing;
};

/*
 * struct mhpb_unmap - MHPB_IOC_UNMAP: memunmap_pages() a mapping.
 * @handle: (in) from MHPB_IOC_MAP
 * @reserved: (in) must be 0
 * @altmap_alloc: (out) altmap pages still allocated after the unmap: 0
 *	unless the kernel leaked vmemmap pages (it then warns itself)
 * @timing: (out) see struct mhpb_timing
 *
 * Errors: ENOENT unknown or already unmapped handle; EINVAL @reserved set.
 */
struct mhpb_unmap {
	__u32 handle;
	__u32 reserved;
	__u64 altmap_alloc;
	struct mhpb_timing timing;
};

#define MHPB_PFN_MAX_COUNT	(1ULL << 20)	/* pfns per window        */
#define MHPB_PFN_MAX_LOOPS	100000u		/* passes over the window */
#define MHPB_PFN_MAX_CALLS	(1ULL << 26)	/* count * loops          */

/*
 * struct mhpb_pfn_valid - MHPB_IOC_PFN_VALID: time pfn_valid().
 * @pfn: (in) first pfn of the window; any value (pfn_valid() is safe on
 *	every pfn, this needs no claim)
 * @count: (in) pfns in the window, 1 to MHPB_PFN_MAX_COUNT
 * @loops: (in) timed passes over the window, 1 to MHPB_PFN_MAX_LOOPS, and
 *	@count * @loops at most MHPB_PFN_MAX_CALLS
 * @reserved: (in) must be 0
 * @valid: (out) pfns of the window for which pfn_valid() is true
 * @calls: (out) timed pfn_valid() calls: @count * @loops
 * @raw_ns: (out) total time of the passes that call pfn_valid()
 * @empty_ns: (out) total time of as many passes of the same loop without
 *	the call (same pfn sequence, same accumulation); the two kinds of
 *	pass alternate, each with preemption disabled
 * @raw_ps: (out) picoseconds per iteration with the call: raw_ns / calls
 * @empty_ps: (out) picoseconds per iteration of the empty loop
 * @call_ps: (out) picoseconds per pfn_valid() call: raw_ps - empty_ps, or
 *	0 if the empty loop was slower
 *
 * An untimed pass first counts @valid and warms the caches; every timed
 * pass must find the same count.
 * Errors: EINVAL @count or @loops 0 or above their maximum, too many calls
 * or @reserved set; EOVERFLOW @pfn + @count wraps; EAGAIN the count changed
 * during the measurement (memory was added or removed meanwhile); EINTR a
 * fatal signal arrived between passes.
 */
struct mhpb_pfn_valid {
	__u64 pfn;
	__u64 count;
	__u32 loops;
	__u32 reserved;
	__u64 valid;
	__u64 calls;
	__u64 raw_ns;
	__u64 empty_ns;
	__u64 raw_ps;
	__u64 empty_ps;
	__u64 call_ps;
};

#define MHPB_MEMSET_MAX		(512ULL << 20)
#define MHPB_MEMSET_PASSES	5

/*
 * struct mhpb_memset - MHPB_IOC_MEMSET: the write bandwidth of this kernel
 * into fresh kernel memory, as a yardstick for memmap initialisation.
 * @size: (in) bytes, a non-zero multiple of 8, at most MHPB_MEMSET_MAX
 * @reserved: (in) must be 0
 * @stores_ns: (out) time to write @size bytes with a loop of plain 64-bit
 *	stores (WRITE_ONCE, so that the compiler keeps them as such): the
 *	fastest of MHPB_MEMSET_PASSES passes
 * @memset_ns: (out) time of memset() over the same @size bytes: the
 *	fastest of MHPB_MEMSET_PASSES passes
 *
 * The buffer is vmalloc()ed (base pages), written once untimed (so that
 * the timed writes see the same mapped, TLB-warm buffer), then written
 * MHPB_MEMSET_PASSES times by stores and by memset in turn, and freed. A
 * limit is the best the machine does, so the fastest pass counts: a single
 * pass of a small buffer is at the mercy of one timer interrupt.
 * Errors: EINVAL @size 0, not a multiple of 8, above MHPB_MEMSET_MAX or
 * @reserved set; ENOMEM the buffer could not be allocated (no warning is
 * logged).
 */
struct mhpb_memset {
	__u64 size;
	__u64 reserved;
	__u64 stores_ns;
	__u64 memset_ns;
};

/*
 * struct mhpb_probes - MHPB_IOC_PROBES: arm or disarm every phase kretprobe
 * (enable_kretprobe()/disable_kretprobe()), so that a call can be timed by
 * its total alone, without the probes' overhead. Timings taken while they
 * are disarmed have MHPB_TF_NO_PROBES and no phases. The probes are
 * shared by all open files: the file that disarmed them owns that state
 * and closing it arms them again.
 * @enable: (in) 1 arm, 0 disarm; asking for the current state is a no-op
 * @reserved: (in) must be 0
 *
 * Errors: EINVAL @enable not 0 or 1, or @reserved set; EBUSY another open
 * file disarmed them; otherwise the error of enable_kprobe() or
 * disable_kprobe() (every probe is then left armed).
 */
struct mhpb_probes {
	__u32 enable;
	__u32 reserved;
};

/*
 * struct mhpb_pfn_owner - MHPB_IOC_PFN_OWNER: which pfns of a window of the
 * claim exist and belong to one live mapping of this file.
 * @handle: (in) from MHPB_IOC_MAP
 * @reserved: (in) must be 0
 * @offset: (in) first byte of the window, from the claim's start (not the
 *	mapping's: the window may lie partly or wholly outside the mapping),
 *	a multiple of the page size
 * @size: (in) bytes, a non-zero multiple of the page size, at most
 *	MHPB_PFN_MAX_COUNT pages; the window must lie inside the claim
 * @valid: (out) pfns of the window for which pfn_valid() is true
 * @owned: (out) pfns of the window that are valid, whose
 *	get_dev_pagemap() is the mapping's dev_pagemap (the reference is
 *	dropped at once), and whose struct page is an initialised ZONE_DEVICE
 *	page of that dev_pagemap. With compound pages (@vmemmap_shift 9 or
 *	18) a tail page counts as its head does: every pfn of the mapping,
 *	not only the heads. With MHPB_MAPF_ALTMAP the first
 *	mhpb_map.altmap_free pfns of the mapping hold its memmap and have no
 *	initialised struct page: they are valid but never owned. So a window
 *	that covers the whole mapping owns (size / page size) - altmap_free.
 *
 * Errors: ENOENT no claim, or unknown or already unmapped handle; EINVAL
 * @reserved set, @offset or @size not page aligned, @size 0 or above
 * MHPB_PFN_MAX_COUNT pages; ERANGE the window is not inside the claim;
 * EINTR a fatal signal arrived during the count.
 */
struct mhpb_pfn_owner {
	__u32 handle;
	__u32 reserved;
	__u64 offset;
	__u64 size;
	__u64 valid;
	__u64 owned;
};

#define MHPB_IOC_INFO		_IOR('M', 0x00, struct mhpb_info)
#define MHPB_IOC_PHASE_INFO	_IOWR('M', 0x01, struct mhpb_phase_info)
#define MHPB_IOC_CLAIM		_IOW('M', 0x02, struct mhpb_claim)
#define MHPB_IOC_MAP		_IOWR('M', 0x03, struct mhpb_map)
#define MHPB_IOC_UNMAP		_IOWR('M', 0x04, struct mhpb_unmap)
/* Unmap everything and release the claim. Errors: ENOENT no claim. */
#define MHPB_IOC_RELEASE	_IO('M', 0x05)
#define MHPB_IOC_PFN_VALID	_IOWR('M', 0x06, struct mhpb_pfn_valid)
#define MHPB_IOC_MEMSET		_IOWR('M', 0x07, struct mhpb_memset)
#define MHPB_IOC_PROBES		_IOW('M', 0x08, struct mhpb_probes)
#define MHPB_IOC_PFN_OWNER	_IOWR('M', 0x09, struct mhpb_pfn_owner)
#define MHPB_IOC_CLAIM_PRIVATE	_IOWR('M', 0x0a, struct mhpb_claim_private)

#endif /* _UAPI_MHP_BENCH_H */
