/* What one run is, in memory: the data that result.c writes and reads. */
#ifndef MHPB_MODEL_H
#define MHPB_MODEL_H

#include "suite.h"

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
	char name[MHPB_NAME_LEN];
	char symbol[MHPB_NAME_LEN];
};

struct module_desc {
	uint32_t abi_version;
	char srcversion[64];	/* "" if unknown */
	uint64_t subsection_size;
	uint64_t section_size;
	uint32_t probe_errors;
	uint32_t nr_phases;
	struct phase_desc phases[MHPB_MAX_PHASES];
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
	uint64_t phase_ns[MHPB_MAX_PHASES];
	uint32_t phase_calls[MHPB_MAX_PHASES];
};

struct sample {
	uint32_t seq;		/* order of execution, from 0 */
	uint32_t case_idx;	/* suite_case() index */
	struct bench_case c;
	uint32_t rep;		/* repetition within the case and kind */
	bool warmup;
	uint64_t t_ns;		/* CLOCK_MONOTONIC at the start of the map */
	struct op_timing map, unmap;
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
int module_phase_index(const struct module_desc *m, const char *name, bool unmap);

int result_add_sample(struct result *r, const struct sample *s);
void result_free(struct result *r);
/* Replace the error text (NULL clears it). */
void result_set_error(struct result *r, const char *msg);

/* "2024-11-24T22:33:00Z" for @t, and "20241124T223300Z" for file names. */
void iso8601_utc(time_t t, char *buf, size_t len);
void compact_utc(time_t t, char *buf, size_t len);

#endif
