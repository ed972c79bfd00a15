/* Which samples count: the one rule every reader of results uses (summary,
 * compare, trend, plot data, `mhpbench values`, and through it bisect and
 * the tests). analysis/METHOD.md "Which samples count" gives the reasons. */
#ifndef MHPB_SELECT_H
#define MHPB_SELECT_H

#include "model.h"

#include <stdbool.h>
#include <stddef.h>

enum op_kind { OP_MAP, OP_UNMAP, OP_KINDS };

/* What one call of a sample gives. */
enum call_use {
	CALL_SKIP,		/* a warmup, or a call not made (unmap after a failed map) */
	CALL_FAILED,		/* counted as failed; no figure */
	CALL_TOTAL_ONLY,	/* probes off: its total only, as total_probes_off */
	CALL_NO_PHASES,		/* total, wait, work; its phases are unreliable
				 * (unbalanced, or kretprobe hits missed) and
				 * would bias their medians down */
	CALL_ALL,		/* every figure */
};

enum call_use select_call(const struct sample *s, enum op_kind op);

/* The figures of a call a metric can name. */
enum call_figure {
	FIG_TOTAL,		/* probes on */
	FIG_WAIT,
	FIG_WORK,
	FIG_TOTAL_PROBES_OFF,	/* probes off: the total without probe overhead */
	FIG_PHASE,
};

/* One metric of a run: "map.total", "unmap.work", "map.sparse_add_section". */
struct metric_ref {
	enum op_kind op;
	enum call_figure fig;
	uint32_t phase;		/* FIG_PHASE: index in module_desc.phases */
	/* the run's module, set with @lens: work figures are the cache lens's
	 * estimated cycles (op_lens_cycles()), a call it missed has none */
	const struct module_desc *m;
	bool lens;
};

/* Parse @name against @m's phases. Returns 0, or -1 with @err. */
int metric_ref_parse(const char *name, const struct module_desc *m, struct metric_ref *ref,
		     char *err, size_t errlen);

/* Under the cache lens (@lens), whether figure @phase (-1: the call's work)
 * is the lens's estimated cycles: every work figure but a phase that
 * holds a wait, which stays time. */
bool select_lens_figure(const struct module_desc *m, bool lens, int phase);

/* The value of @ref in sample @s (ns as recorded: instructions under icount
 * for work figures, estimated cycles under the cache lens); false when the
 * rule leaves it out. */
bool select_value(const struct sample *s, const struct metric_ref *ref, double *v);

/* A pfn_valid() sample counts when measured and successful. */
bool select_pfn(const struct pfn_rec *q);

/* A case of a suite named the way `--case` takes it: SIZE@OFFSET, then
 * optionally ",TYPE", ",shift=N", ",memmap=dram|pmem" ("2M@0",
 * "2M@0,fs_dax,shift=9"). */
struct case_filter {
	struct bench_case c;
	bool type, shift, memmap;	/* given: must match */
};

int case_filter_parse(const char *text, struct case_filter *f, char *err, size_t errlen);
bool case_filter_match(const struct case_filter *f, const struct bench_case *c);

#endif
