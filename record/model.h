/* What one run is, in memory: the data that result_write.c writes and result_read.c reads,
 * shared by the collector (bench/src) and the analysis (analysis/src). */
#ifndef MHPB_MODEL_H
#define MHPB_MODEL_H

#include "cases.h"
#include "inject_record.h"
#include "lens_record.h"
#include "pmu_record.h"

#include <mhp_bench.h>

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* One phase as the module describes it (MHPB_IOC_PHASE_INFO). */
struct phase_desc {
	uint32_t index;
	uint32_t parent;	/* phase index or MHPB_PHASE_NONE */
	bool unmap;		/* MHPB_PHF_UNMAP: else a map phase */
	bool wait;		/* MHPB_PHF_WAIT */
	bool probed;		/* MHPB_PHF_PROBED */
	bool tracepoint;	/* MHPB_PHF_TRACEPOINT: else a kretprobe */
	char name[MHPB_NAME_LEN];
	char symbol[MHPB_NAME_LEN];
};

struct module_desc {
	uint32_t abi_version;
	char srcversion[64];	/* "" if unknown */
	uint64_t subsection_size;
	uint64_t section_size;
	uint32_t probe_errors;
	uint32_t page_struct_size;	/* sizeof(struct page); 0 if unknown */
	uint32_t max_physmem_bits;	/* 0 if unknown */
	bool device_private;	/* MHPB_FEAT_DEVICE_PRIVATE: maps type private */
	uint32_t nr_phases;
	struct phase_desc phases[MHPB_MAX_PHASES];
	/* delay injection (tests only): the module's inject_* parameters */
	struct inject_desc inject;
};

/* One map or unmap call. */
struct op_timing {
	bool done;		/* the call was made (an unmap after a failed map is not) */
	bool ok;
	int err;		/* errno when !ok, else 0 */
	uint64_t total_ns;
	uint64_t wait_ns;	/* top-level WAIT phases of this op */
	uint64_t work_ns;	/* total_ns - wait_ns */
	bool unbalanced;	/* MHPB_TF_UNBALANCED: phases unreliable */
	uint32_t probe_missed;	/* kretprobe hits lost during the call */
	bool no_probes;		/* MHPB_TF_NO_PROBES: timed by its total only */
	/* map only: what memmap_init_zone_device() initialises and the
	 * altmap's pages (MHPB_MAPF_ALTMAP); unmap: altmap pages left */
	uint64_t memmap_pages;
	uint64_t altmap_free;
	uint64_t altmap_alloc;
	uint64_t phase_ns[MHPB_MAX_PHASES];
	uint32_t phase_calls[MHPB_MAX_PHASES];
	bool counted;		/* pmu holds this call's event counts */
	struct pmu_reading pmu;	/* in the order of result.pmu */
	struct op_lens lens;	/* the cache lens's counts ("cache") */
};

struct sample {
	uint32_t seq;		/* order of execution, from 0 */
	uint32_t case_idx;	/* suite_case() index */
	struct bench_case c;
	uint32_t rep;		/* repetition within the case and kind */
	bool warmup;
	bool probes_off;	/* taken with the phase probes disarmed */
	uint64_t t_ns;		/* CLOCK_MONOTONIC at the start of the map */
	struct op_timing map, unmap;
};

/* MHPB_IOC_MEMSET for one case: N = the case's pages * sizeof(struct page). */
struct memset_rec {
	uint32_t case_idx;
	struct bench_case c;
	uint64_t size;
	int err;		/* 0, or the ioctl's errno */
	uint64_t stores_ns, memset_ns;
};

/* One MHPB_IOC_PFN_VALID sample of a pfn_valid suite. */
#define PFN_CASE_LEN 16
struct pfn_rec {
	uint32_t seq;
	char name[PFN_CASE_LEN];	/* pfn_case_names[] of pfn.h */
	uint32_t rep;
	bool warmup;
	uint64_t pfn, count;
	uint32_t loops;
	uint64_t expected;	/* valid pfns the layout implies */
	int err;		/* 0, or the ioctl's errno */
	uint64_t valid, calls, raw_ns, empty_ns, raw_ps, empty_ps, call_ps;
};

enum run_status { RUN_RUNNING, RUN_COMPLETE, RUN_INTERRUPTED, RUN_FAILED };

struct result {
	enum run_status status;
	bool truncated;		/* read back from a cut file: samples salvaged */
	char *error;		/* why it failed, or NULL */
	char *label;
	char started[32];	/* ISO-8601 UTC */
	char finished[32];	/* "" while running */
	char *collector_version;
	char *collector_compiler;
	struct suite suite;
	json_object *environment;	/* free-form record, see env.c */
	struct module_desc module;
	uint64_t range_start, range_size, range_base;
	/* the events counted around each call (fd unused); n_pmu 0: none */
	struct pmu_event pmu[PMU_MAX_EVENTS];
	unsigned n_pmu;
	bool pmu_any_hw;
	struct memset_rec *memsets;	/* hotplug: one per case, or none */
	size_t n_memsets;
	struct pfn_rec *pfns;		/* kind pfn_valid */
	size_t n_pfns, cap_pfns;
	struct sample *samples;
	size_t n_samples, cap_samples;
};

const char *run_status_name(enum run_status s);
int run_status_parse(const char *name, enum run_status *s);

/* Copy the kernel's timing into @op and derive wait_ns and work_ns. */
void op_timing_from_kernel(struct op_timing *op, const struct module_desc *m,
			   bool unmap, const struct mhpb_timing *t);

/* Index of the phase of the map (@unmap false) or unmap op named @name, or
 * -1. Names are unique per op only: both ops may have a "hotplug_begin". */
/* Phase @i is a wait or encloses one (pagemap_range() of the patched
 * kernel encloses mem_hotplug_begin()): its time holds a grace period,
 * so under icount it is virtual time, not an instruction count. */
bool module_phase_holds_wait(const struct module_desc *m, uint32_t i);

/* Phase @i is a wait with no wait above it: wait_ns adds these up. */
bool module_phase_outer_wait(const struct module_desc *m, uint32_t i);

/* Phase @i is an outermost work phase: it holds no wait, and its parent is
 * none or holds one. These add up to the op's work without overlap: the
 * phases plot stacks them, and the short summary and compare report show
 * the largest of them. */
bool module_phase_outer_work(const struct module_desc *m, uint32_t i);

int module_phase_index(const struct module_desc *m, const char *name, bool unmap);

int result_add_sample(struct result *r, const struct sample *s);
int result_add_pfn(struct result *r, const struct pfn_rec *p);
/* memmap_init ns per struct page initialised and bytes of struct page
 * initialised per second, of a map @op; false if not timed. */
bool op_memmap_rate(const struct op_timing *op, const struct module_desc *m,
		    double *ns_per_page, double *bytes_per_s);
void result_free(struct result *r);
/* Replace the error text (NULL clears it). */
void result_set_error(struct result *r, const char *msg);

/* "2024-11-24T22:33:00Z" for @t, and "20241124T223300Z" for file names. */
void iso8601_utc(time_t t, char *buf, size_t len);
void compact_utc(time_t t, char *buf, size_t len);

/* The kernel's write bandwidth per case (MHPB_IOC_MEMSET) is the yardstick
 * for memmap initialisation. Bytes of struct page for the pages of case @c: N of MHPB_IOC_MEMSET. */
uint64_t bandwidth_size(const struct bench_case *c, const struct module_desc *m);

/* Bytes per second of @m's memset() and of its 64-bit store loop; false
 * if the ioctl failed or a time is 0. */
bool memset_rate(const struct memset_rec *m, double *memset_bps, double *stores_bps);

/* The record of case @ci, or NULL. */
const struct memset_rec *bandwidth_of_case(const struct result *r, uint32_t ci);

#endif
