/* The comparison of pooled runs against the first (baseline): one row per
 * case, op and metric, one cell per pool. Statistics only: the printing is
 * in compare_report.c. Method: analysis/METHOD.md. */
#ifndef MHPB_COMPARE_H
#define MHPB_COMPARE_H

#include "pool.h"

struct cmp_params {
	double alpha;		/* family-wise error rate of one comparison */
	double level;		/* of the intervals */
	double power;		/* for the minimum detectable change */
	unsigned reps;		/* bootstrap resamples */
	uint64_t seed;
};

#define CMP_ALPHA 0.005 /* family-wise: see analysis/METHOD.md */
#define CMP_DEFAULTS { CMP_ALPHA, 0.95, 0.80, 2000, 0x6d68706265ULL }

/* How a row is tested (analysis/METHOD.md, "Boots, not samples"). */
enum cmp_design {
	DESIGN_NONE,		/* not tested: a side has fewer than 2 values */
	DESIGN_ONE_BOOT,	/* both sides from the same single boot: samples */
	DESIGN_BOOTS,		/* disjoint boots, >= 2 a side: boot medians */
	DESIGN_ONE_BOOT_A_SIDE,	/* one boot on a side, another on the other */
	DESIGN_SHARED_BOOTS,	/* several boots, some holding both sides */
};

const char *cmp_design_name(enum cmp_design d);

struct cmp_cell {
	size_t n;
	size_t boots;		/* distinct boots the n values come from */
	/* ns. One boot: the median with its order-statistic interval. Several
	 * boots: the geometric mean of the boots' medians with its t interval */
	double median, lo, hi;
	double coverage;	/* of [lo, hi]: below level when n is tiny */
	enum cmp_design design;	/* against the baseline */
	/* against the baseline (not set in the baseline's own cell) */
	bool tested;		/* a design that can be tested (ONE_BOOT, BOOTS) */
	double change;		/* ratio of the cells' medians - 1 */
	double ch_lo, ch_hi;	/* interval of the change, NaN if none */
	double p, p_holm;	/* Mann-Whitney (ONE_BOOT) or Welch on boot
				 * medians (BOOTS); Holm-adjusted over the family */
	double mde;		/* smallest detectable |change| at power, INFINITY if none */
	bool sig;		/* p_holm <= alpha */
};

struct cmp_row {
	size_t ci;		/* index into comparison.cases */
	int op;
	char name[MHPB_NAME_LEN];
	enum metric_id kind;
	unsigned depth;
	bool wait;
	struct cmp_cell *cell;	/* one per pool */
};

struct comparison {
	struct cmp_params prm;
	const struct pool *pools;
	size_t np;
	struct bench_case *cases;	/* union, in the baseline's order */
	size_t nc;
	struct cmp_row *rows;
	size_t nr;
	size_t *family;		/* per pool: rows tested against the baseline */
	size_t *n_sig;		/* per pool: rows significant */
	size_t (*n_design)[DESIGN_SHARED_BOOTS + 1];	/* per pool: rows by design */
};

int compare_build(struct comparison *cmp, const struct pool *pools, size_t np,
		  const struct cmp_params *prm);
void compare_free(struct comparison *cmp);

/* The test of one pair alone (also what the validation tests drive):
 * fills the change, interval, p and mde of @out; p_holm = p. @a and @b
 * ascending. @seed selects the bootstrap stream. */
void compare_pair(const double *a, size_t na, const double *b, size_t nb,
		  const struct cmp_params *prm, size_t family, uint64_t seed,
		  struct cmp_cell *out);

/* The boot-level test of one pair: @la, @lb are the log medians of each
 * side's boots (>= 2 each); fills the cell like compare_pair(). */
void compare_pair_boots(const double *la, size_t na, const double *lb, size_t nb,
			const struct cmp_params *prm, size_t family, struct cmp_cell *out);

/* Holm over cells[0..m-1] (their p) with prm->alpha: sets p_holm and sig. */
void compare_decide(struct cmp_cell **cells, size_t m, double alpha);

#endif
