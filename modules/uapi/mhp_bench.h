/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mhp_bench: time sub-section memory hotplug (memremap_pages() and
 * memunmap_pages()) on a Persistent Memory range, and split each call into
 * the phases the kernel spends it in.
 *
 * The module exposes /dev/mhp_bench (root only, CAP_SYS_ADMIN). One open file
 * holds at most one claimed physical range and up to MHPB_MAX_MAPPINGS live
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
#define MHPB_ABI_VERSION	1

/* Granularity of every address, offset and size: one sub-section. */
#define MHPB_SUBSECTION_SIZE	(2ULL << 20)

#define MHPB_MAX_MAPPINGS	64
#define MHPB_MAX_PHASES		24
#define MHPB_NAME_LEN		32

/*
 * Phases. Each phase is the inclusive time spent in one kernel function,
 * counted only when it is reached from its parent phase (MHPB_PHASE_NONE for
 * a phase called directly by memremap_pages()/memunmap_pages()), so that
 * sibling phases never overlap: the sum of the top-level phases of one call
 * is at most its total, and a child is at most its parent. A function
 * reached by another path (for example wait_for_completion() inside
 * synchronize_rcu()) is not counted for the phase.
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
	MHPB_NR_PHASES
};

#define MHPB_PHASE_NONE		0xffffffffu

/* mhpb_phase_info.flags */
#define MHPB_PHF_WAIT		(1u << 0) /* time is waiting, not work       */
#define MHPB_PHF_UNMAP		(1u << 1) /* phase of an unmap, else of a map */
#define MHPB_PHF_PROBED		(1u << 2) /* its kretprobe is registered     */

/*
 * struct mhpb_info - MHPB_IOC_INFO: what this module build measures.
 * @abi_version: (out) MHPB_ABI_VERSION of the module
 * @nr_phases: (out) number of valid entries for MHPB_IOC_PHASE_INFO
 * @subsection_size: (out) bytes per sub-section on this kernel
 * @section_size: (out) bytes per memory section on this kernel
 * @probe_errors: (out) kretprobes that failed to register
 */
struct mhpb_info {
	__u32 abi_version;
	__u32 nr_phases;
	__u64 subsection_size;
	__u64 section_size;
	__u32 probe_errors;
	__u32 reserved;
};

/*
 * struct mhpb_phase_info - MHPB_IOC_PHASE_INFO: describe one phase.
 * @index: (in) phase index, below mhpb_info.nr_phases
 * @parent: (out) index of the parent phase, or MHPB_PHASE_NONE
 * @flags: (out) MHPB_PHF_*
 * @name: (out) short stable name used in result files
 * @symbol: (out) kernel function the phase times
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
 * The whole range must be Persistent Memory in /proc/iomem (including the
 * legacy e820 kind), must not touch System RAM, and must not be owned by a
 * driver. Errors: EINVAL misaligned, zero or wrapping; ENXIO not entirely
 * Persistent Memory (System RAM is always refused this way); EBUSY part of
 * it is owned by a driver, or this file already holds a claim.
 */
struct mhpb_claim {
	__u64 start;
	__u64 size;
};

/* mhpb_map.type: the dev_pagemap type to create. */
enum mhpb_pgmap_type {
	MHPB_PGMAP_GENERIC = 1,	/* MEMORY_DEVICE_GENERIC */
	MHPB_PGMAP_FS_DAX = 2,	/* MEMORY_DEVICE_FS_DAX  */
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
#define MHPB_TF_UNBALANCED	(1u << 0) /* a probed call did not return   */

/*
 * struct mhpb_map - MHPB_IOC_MAP: memremap_pages() on part of the claim.
 * @offset: (in) from the claim's start, a multiple of MHPB_SUBSECTION_SIZE
 * @size: (in) bytes, a non-zero multiple of MHPB_SUBSECTION_SIZE
 * @type: (in) enum mhpb_pgmap_type
 * @vmemmap_shift: (in) 0 for base pages; otherwise the compound page order
 *	(9: 2 MiB, 18: 1 GiB); @offset and @size must be multiples of it
 * @flags: (in) must be 0
 * @handle: (out) names the mapping for MHPB_IOC_UNMAP
 * @timing: (out) see struct mhpb_timing
 *
 * Errors: ENOENT no claim; EINVAL misaligned, zero size, unknown type,
 * shift or flag; ERANGE not inside the claim; EEXIST overlaps a live mapping
 * of this file; ENOSPC MHPB_MAX_MAPPINGS live; otherwise the error of
 * memremap_pages().
 */
struct mhpb_map {
	__u64 offset;
	__u64 size;
	__u32 type;
	__u32 vmemmap_shift;
	__u32 flags;
	__u32 handle;
	struct mhpb_timing timing;
};

/*
 * struct mhpb_unmap - MHPB_IOC_UNMAP: memunmap_pages() a mapping.
 * @handle: (in) from MHPB_IOC_MAP
 * @timing: (out) see struct mhpb_timing
 *
 * Errors: ENOENT unknown or already unmapped handle.
 */
struct mhpb_unmap {
	__u32 handle;
	__u32 reserved;
	struct mhpb_timing timing;
};

#define MHPB_IOC_INFO		_IOR('M', 0x00, struct mhpb_info)
#define MHPB_IOC_PHASE_INFO	_IOWR('M', 0x01, struct mhpb_phase_info)
#define MHPB_IOC_CLAIM		_IOW('M', 0x02, struct mhpb_claim)
#define MHPB_IOC_MAP		_IOWR('M', 0x03, struct mhpb_map)
#define MHPB_IOC_UNMAP		_IOWR('M', 0x04, struct mhpb_unmap)
/* Unmap everything and release the claim. Errors: ENOENT no claim. */
#define MHPB_IOC_RELEASE	_IO('M', 0x05)

#endif /* _UAPI_MHP_BENCH_H */
