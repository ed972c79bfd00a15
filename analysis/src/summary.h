/* The summary of a run: medians per case, op and phase. Built once from a
 * result (summary_build), then written short or full as text, or as JSON;
 * the writers only format. */
#ifndef MHPB_SUMMARY_H
#define MHPB_SUMMARY_H

#include "env_record.h"
#include "model.h"
#include "select.h"
#include "stats.h"
#include "units.h"

#include <json-c/json.h>
#include <stdio.h>

enum summary_detail {
	SUMMARY_SHORT,		/* per case: total, wait, work, two largest work phases */
	SUMMARY_FULL,		/* every phase as a tree, counters, memmap */
};

/* SUMMARY_LAVA: LAVA measurement lines (summary_lava.c) */
enum summary_format { SUMMARY_TEXT, SUMMARY_JSON, SUMMARY_LAVA };

/* Which calls a block of figures is taken from: a suite with probes both
 * has each sample twice, with the probes armed and disarmed. */
enum summary_probes { PICK_PROBES_ON, PICK_PROBES_OFF };

struct sum_phase {
	uint32_t index;		/* into module_desc.phases */
	unsigned depth;		/* 0: top-level phase of the op */
	double median;
};

struct sum_op {
	size_t failed;
	struct stats total, wait, work;	/* wait, work: probes on only */
	unsigned n_phases;
	struct sum_phase phases[MHPB_MAX_PHASES];	/* seen ones, in tree order */
	struct stats on_cpu;			/* task-clock of the counted calls */
	double events[PMU_MAX_EVENTS];		/* medians, multiplexing scaled */
};

struct sum_memmap {
	size_t n;
	uint64_t pages, altmap_alloc, altmap_free;
	double ns_per_page, bytes_per_s;	/* medians */
};

struct sum_case {
	struct bench_case c;
	struct sum_op op[OP_KINDS];		/* the suite's probes mode */
	struct sum_op off[OP_KINDS];		/* probes both: the disarmed twin */
	struct sum_memmap memmap;
};

struct summary {
	const struct result *r;
	struct env_clockinfo clock;
	enum figure_unit work_unit;	/* of work figures: instructions under icount */
	enum summary_probes probes;	/* of op[]: off when the suite says off */
	size_t measured, expected;	/* samples without warmups, and planned */
	unsigned n_cases;
	struct sum_case *cases;
};

/* The suite's settings after "SUITE on KERNEL, MACHINE" in the header. */
typedef void (*summary_settings_fn)(FILE *out, const struct suite *su);

/* How the summary of one suite kind is written: the analysis side's table
 * of kinds (bench/src/kind.c is the collector's), looked up once by
 * summary_kind(); no code asks which kind a run is. What a kind plans is
 * summary_build()'s (summary.c). */
struct summary_kind {
	summary_settings_fn header;	/* may be NULL */
	void (*text)(FILE *out, const struct summary *s, enum summary_detail d);
	/* add the kind's figures to the JSON summary @j */
	void (*json)(json_object *j, const struct summary *s);
};

/* The row of @k; a kind the summary cannot read (collisions results have
 * a format of their own) has a row of NULLs and no cases. */
const struct summary_kind *summary_kind(enum suite_kind k);

/* The rows of the table, each in its own file. */
size_t summary_hotplug_expected(const struct suite *su);
void summary_hotplug_header(FILE *out, const struct suite *su);
void summary_hotplug_text(FILE *out, const struct summary *s, enum summary_detail d);
void summary_hotplug_json(json_object *j, const struct summary *s);

/* Returns 0, or -1 out of memory. */
int summary_build(const struct result *r, struct summary *s);
void summary_free(struct summary *s);

/* The two largest outermost work phases of @op (holding no wait, their
 * parent none or a wait), indexes into op->phases; -1 where none. */
void summary_top_work(const struct summary *s, const struct sum_op *op, int top[2]);

/* The header lines of the text summary, @settings the kind's. */
void summary_header(FILE *out, const struct summary *s, summary_settings_fn settings);
/* The JSON summary's fields every kind has. */
json_object *summary_run_json(const struct summary *s);

void summary_write_text(FILE *out, const struct summary *s, enum summary_detail d);
void summary_write_lava(FILE *out, const struct summary *s);
json_object *summary_to_json(const struct summary *s);

/* Build and write @r: the text of @d, JSON or LAVA's lines. Returns 0 or -1. */
int summary_print_as(FILE *out, const struct result *r, enum summary_format f,
		     enum summary_detail d);
/* The full text summary (what `mhpbench summary --full` prints). */
void summary_print(FILE *out, const struct result *r);

#endif
