/* `mhpbench trend`: runs in commit or kernel order, one value per run and
 * metric (the run's median), change points per metric. Detection in
 * changepoint.c, printing in trend_report.c. */
#ifndef MHPB_TREND_H
#define MHPB_TREND_H

#include "changepoint.h"
#include "pool.h"
#include "units.h"

#include <stdbool.h>
#include <stdio.h>

struct trend_params {
	double alpha;		/* per metric */
	unsigned min_seg;
	unsigned max_perm;
	uint64_t seed;
};

#define TREND_DEFAULTS { 0.001, 3, 1999, 0x7472656e64ULL }

struct trend_cp {
	struct change_point cp;	/* an exact change: p NaN, z the change */
	double before, after;	/* medians of the run values of the two segments */
};

/* How a metric's change points were found (analysis/METHOD.md, "Exact
 * mode (icount)", trend). */
enum trend_method {
	TREND_RANKS,		/* rank statistic, permutation p */
	TREND_EXACT,		/* icount, deterministic segments: exact, no p */
};

struct trend_metric {
	struct bench_case c;
	int op;
	char name[MHPB_NAME_LEN];
	enum metric_id kind;
	bool holds_wait;	/* a wait phase or one enclosing a wait */
	double *med, *lo, *hi;	/* per run (ordered), NaN where the run lacks it */
	double *vmin, *vmax;	/* per run: the range of its values, NaN likewise */
	enum trend_method method;
	struct trend_cp *cps;
	size_t ncp;
};

struct trend {
	struct trend_params prm;
	struct pool *runs;	/* one pool per result file, in trend order */
	size_t nr;
	char **commit;		/* per run: the commits-file line it matched, or NULL */
	const char *order;	/* how the runs were ordered, for the report */
	struct trend_metric *m;
	size_t nm;
	/* the runs' clock is icount (trend refuses to mix clocks): work
	 * metrics are instruction counts, and exact metrics are decided by
	 * compare's exact rule */
	bool exact;
	int shift;		/* their icount shift (-1: not recorded) */
	bool lens;		/* under the cache lens: work metrics are its
				 * estimated cycles */
};

/* What a metric's values count: instructions for work metrics of an
 * icount trend, time otherwise. */
enum figure_unit trend_unit(const struct trend *t, const struct trend_metric *m);

/* Order @t->runs by the commits file @commits (NULL: by kernel release,
 * then build, then start time). Runs the file does not name are dropped
 * with a warning. Returns 0 or -1 (message in @err). */
int trend_order(struct trend *t, const char *commits, char *err, size_t errlen);
/* Build every metric's series and find its change points. */
int trend_detect(struct trend *t);
void trend_free(struct trend *t);

void trend_print_text(FILE *out, const struct trend *t);
void trend_print_json(FILE *out, const struct trend *t);
int trend_write_data(const struct trend *t, const char *dir);


#endif
