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
};

#define CMP_ALPHA 0.005 /* family-wise: see analysis/METHOD.md */
#define CMP_DEFAULTS { CMP_ALPHA, 0.95, 0.80 }

/* How a row is tested: what its replicate (unit) is. analysis/METHOD.md,
 * "Runs and boots, not samples". */
enum cmp_design {
	DESIGN_NONE,		/* not tested: a side has no value */
	DESIGN_RUNS,		/* one boot holds both sides, >= CMP_MIN_UNITS runs a side */
	DESIGN_BOOTS,		/* disjoint boots, >= CMP_MIN_UNITS a side */
	DESIGN_FEW_RUNS,	/* one boot holds both sides, fewer runs on a side */
	DESIGN_FEW_BOOTS,	/* disjoint boots, fewer on a side */
	DESIGN_SHARED_BOOTS,	/* several boots, some holding both sides */
	DESIGN_EXACT,		/* icount, every value of each side within
				 * CMP_DET_SPREAD: compared exactly, no p */
	DESIGN_FAR,		/* icount, not exact, but every value of one
				 * side far beyond every value of the other
				 * (compare_far_apart()): a change, no p */
};
#define DESIGN_COUNT (DESIGN_FAR + 1)

/* A row decided without a test (exact or far apart): outside the Holm
 * family, with a verdict and no p. */
bool cmp_decided_alone(enum cmp_design d);

/* Exact mode, rows that are not exact: a side within CMP_NEAR_SPREAD of
 * itself whose values all lie beyond the other's, by more than
 * CMP_FAR_FACTOR times the larger of the two spreads, has changed (a
 * timer interrupt in a few samples spreads a row's quartiles by 0.1-0.2%
 * and keeps it from the exact rule; a change of tens of percent is still
 * a change). analysis/METHOD.md, "Far apart". */
#define CMP_NEAR_SPREAD 0.01
#define CMP_FAR_FACTOR 10.0
/* Exact mode (icount): a side is deterministic when all its values (every
 * sample of every run and boot) lie within this relative spread, max/min
 * - 1. 0.1%: the spread seen in rows that are exact in every boot is
 * below 1e-4 (1G memmap_init: 0.5 us of 13952 us), while a row that
 * varies (waits, interleaved vCPUs) spreads by 1% or more; and a +1%
 * change must stand out of it. It is also the smallest change an exact
 * row flags: the count-activate fixture kernel, whose code differs from
 * the plain one only in section_activate(), runs a 2 MiB unmap's
 * unprobed work 5 instructions (0.03%) longer. analysis/METHOD.md,
 * "Exact mode". */
#define CMP_DET_SPREAD 0.001
/* Units a side a row needs to be tested: with 2, the t test's variance has
 * one degree of freedom and two units of a bimodal metric in one mode look
 * like certainty (tests/inject.sh saw it). */
#define CMP_MIN_UNITS 3

const char *cmp_design_name(enum cmp_design d);

struct cmp_cell {
	size_t n;
	size_t runs, boots;	/* distinct runs and boots the n values come from */
	/* ns. One run: the median with its order-statistic interval. Several
	 * units (the runs of one boot, or boots): the geometric mean of the
	 * units' medians with its t interval */
	double median, lo, hi;
	double coverage;	/* of [lo, hi]: below level when n is tiny */
	enum cmp_design design;	/* against the baseline */
	/* against the baseline (not set in the baseline's own cell) */
	bool tested;		/* a design that can be tested (RUNS, BOOTS) */
	double change;		/* ratio of the cells' medians - 1 */
	double ch_lo, ch_hi;	/* interval of the change, NaN if none */
	double p, p_holm;	/* Welch on log unit medians; Holm-adjusted */
	double mde;		/* smallest detectable |change| at power, INFINITY if none */
	bool sig;		/* p_holm <= alpha; exact: the change stands out */
	/* exact mode only (the comparison's clock is icount) */
	double spread;		/* max/min - 1 of all the side's values */
	double vmin, vmax;	/* the side's values range, ns */
	bool det;		/* spread <= CMP_DET_SPREAD */
	bool zero_var;		/* the t test met zero variance on both sides */
};

/* The op of the rows of pfn_valid runs (0 and 1 are map and unmap): one
 * row per pfn_case_names[] entry, with no case (ci CMP_NO_CASE). */
#define CMP_OP_PFN 2
#define CMP_NO_CASE ((size_t)-1)

struct cmp_row {
	size_t ci;		/* index into comparison.cases, or CMP_NO_CASE */
	int op;
	char name[MHPB_NAME_LEN];
	enum metric_id kind;
	unsigned depth;
	bool wait;
	bool holds_wait;	/* a wait phase or one enclosing a wait */
	bool outer_work;	/* holds no wait, and its parent does or is none */
	struct cmp_cell *cell;	/* one per pool */
};

struct comparison {
	struct cmp_params prm;
	bool exact;		/* the pools' clock is icount: the exact rule applies */
	bool lens;		/* their work figures are the cache lens's estimated
				 * cycles */
	int shift;		/* their icount shift (-1: not recorded) */
	size_t min_boots;	/* fewest boots of any pool: 1 means boot-to-boot
				 * determinism was not checked */
	const struct pool *pools;
	size_t np;
	struct bench_case *cases;	/* union, in the baseline's order */
	size_t nc;
	struct cmp_row *rows;
	size_t nr;
	size_t *family;		/* per pool: rows tested against the baseline */
	size_t *n_sig;		/* per pool: rows significant */
	size_t (*n_design)[DESIGN_COUNT];	/* per pool: rows by design */
};

int compare_build(struct comparison *cmp, const struct pool *pools, size_t np,
		  const struct cmp_params *prm);
void compare_free(struct comparison *cmp);

/* The series of @row's values in pool @k (a pfn_valid() case or a case's
 * op and metric), or NULL when the pool has none. */
const struct series *compare_row_series(const struct comparison *cmp, const struct cmp_row *row,
					size_t k);

/* The rows of pool @k decided against the baseline: its Holm family and
 * the rows decided alone. */
size_t cmp_decided_rows(const struct comparison *cmp, size_t k);

/* Fill the n, runs, boots, median, lo, hi and coverage of @c from @s (a
 * series of pool @p, sorted, or NULL) as every cell of a comparison: one
 * run, the median with its order-statistic interval; several, the
 * geometric mean of the units' medians with its t interval at @level.
 * Returns 0, or -1 out of memory. */
int compare_describe(const struct pool *p, const struct series *s, double level,
		     struct cmp_cell *c);

/* The test of one pair of units (also what the validation tests drive):
 * @la, @lb are the log medians of each side's units (runs or boots, >= 2
 * each); fills the change, interval, p (p_holm = p) and mde of @out. */
void compare_units(const double *la, size_t na, const double *lb, size_t nb,
		   const struct cmp_params *prm, size_t family, struct cmp_cell *out);

/* The exact comparison of a deterministic row (design DESIGN_EXACT):
 * @a is the baseline's cell, @b the other's, both with their median,
 * vmin, vmax and spread described. Sets change = median_B/median_A - 1
 * and sig when the ranges do not overlap and |change| is larger than
 * the larger spread of the two sides. No p, no interval. */
void compare_exact(const struct cmp_cell *a, struct cmp_cell *b);

/* Whether the sides of a row that is not exact are far apart: at least
 * two runs a side, both spreads at most CMP_NEAR_SPREAD, every value of
 * one side ([@amin, @amax], [@bmin, @bmax]: all samples) beyond every
 * value of the other, and |median_B / median_A - 1| above CMP_FAR_FACTOR
 * times the larger spread of the sides' run medians (vmin, vmax; and
 * CMP_DET_SPREAD). Such a row is decided as an exact one, whose rule
 * then also wants the change above the full spreads. */
bool compare_far_apart(const struct cmp_cell *a, double amin, double amax,
		       const struct cmp_cell *b, double bmin, double bmax);

/* A side's range [@vmin, @vmax] into @c (vmin, vmax), with its relative
 * spread max/min - 1 and whether it is deterministic by the exact rule
 * (spread <= CMP_DET_SPREAD). A side of zeros is deterministic (spread
 * 0); zeros beside non-zero values are not (spread INFINITY). The one
 * place the rule is: compare's cells and trend's runs and segments. */
void compare_side_range(struct cmp_cell *c, double vmin, double vmax);

/* Under icount, a change of at most CMP_DET_SPREAD is below the
 * resolution exact mode claims: a tested row (a wait whose run medians
 * agree to a few ns, as grace periods end on virtual ticks) is not
 * flagged for it, nor is a trend's change point. */
bool compare_below_resolution(double change);

/* Holm over cells[0..m-1] (their p) with prm->alpha: sets p_holm and sig. */
void compare_decide(struct cmp_cell **cells, size_t m, double alpha);

#endif
