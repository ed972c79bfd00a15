/* The comparison of pooled runs against a baseline (see compare.h). */
#include "compare.h"
#include "boots.h"
#include "inference.h"
#include "metric.h"
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cmp_design_name(enum cmp_design d)
{
	static const char *const names[] = {
		[DESIGN_NONE] = "none",
		[DESIGN_RUNS] = "runs of one boot",
		[DESIGN_BOOTS] = "boots",
		[DESIGN_FEW_RUNS] = "under 3 runs a side",
		[DESIGN_FEW_BOOTS] = "under 3 boots a side",
		[DESIGN_SHARED_BOOTS] = "shared boots",
		[DESIGN_EXACT] = "exact",
		[DESIGN_FAR] = "far apart",
	};

	return d < DESIGN_COUNT ? names[d] : "?";
}

/* Distinct values of @tag[0..n-1] (indices below @top). */
static size_t distinct(const uint32_t *tag, size_t n, unsigned char *mark, size_t top)
{
	size_t k = 0;

	memset(mark, 0, top);
	for (size_t i = 0; i < n; i++)
		if (!mark[tag[i]]) {
			mark[tag[i]] = 1;
			k++;
		}
	return k;
}

void compare_side_range(struct cmp_cell *c, double vmin, double vmax)
{
	c->vmin = vmin;
	c->vmax = vmax;
	if (vmin > 0)
		c->spread = vmax / vmin - 1;
	else
		c->spread = vmax == 0 && vmin == 0 ? 0 : INFINITY;
	c->det = c->spread <= CMP_DET_SPREAD;
}

bool compare_below_resolution(double change)
{
	return fabs(change) <= CMP_DET_SPREAD;
}

/* The values of run @run of @s into @out, still ascending; their count. */
static size_t run_values(const struct series *s, uint32_t run, double *out)
{
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->run[i] == run)
			out[k++] = s->v[i];
	return k;
}

/* Under icount: the range of the runs' medians of @s (ascending), and its
 * relative spread, widened to the largest spread of a run's middle half.
 * A run's median and quartiles, not its extremes: a timer interrupt that
 * lands inside a phase adds its handler's instructions to that one sample
 * (2 MiB sparse_add_section: 13593 in 19 of 20 samples, 13752 in one),
 * while a wait spreads over its whole middle half. @tmp has room for s->n. */
static void describe_spread(const struct series *s, struct cmp_cell *c, double *tmp)
{
	double lo = INFINITY, hi = -INFINITY, iqr = 0;

	for (size_t i = 0; i < s->n; i++) {
		size_t k, j;
		double med, q1, q3;

		for (j = 0; j < i && s->run[j] != s->run[i]; j++)
			;
		if (j < i)	/* run already seen */
			continue;
		k = run_values(s, s->run[i], tmp);
		med = stats_quantile_sorted(tmp, k, 0.5);
		q1 = stats_quantile_sorted(tmp, k, 0.25);
		q3 = stats_quantile_sorted(tmp, k, 0.75);
		lo = fmin(lo, med);
		hi = fmax(hi, med);
		if (q1 > 0)
			iqr = fmax(iqr, q3 / q1 - 1);
		else if (q3 > 0)
			iqr = INFINITY;
	}
	compare_side_range(c, lo, hi);
	c->spread = fmax(c->spread, iqr);
	c->det = c->spread <= CMP_DET_SPREAD;
}

/* Describe a cell: one run, its median with the order-statistic interval;
 * several, the geometric mean of the units' medians (runs if one boot,
 * boots otherwise) and its t interval. With @exact (icount), a
 * deterministic side is its pooled median with its range [min, max]:
 * there is no sampling error to put an interval on. @lm has room for
 * s->n, @mark for the pool's runs and boots. */
static void describe(const struct pool *p, const struct series *s, double level, bool exact,
		     double *lm, unsigned char *mark, struct cmp_cell *c)
{
	double mean, lo, hi;
	size_t nu;

	c->n = s ? s->n : 0;
	c->runs = c->boots = 0;
	c->median = c->lo = c->hi = NAN;
	c->spread = c->vmin = c->vmax = NAN;
	c->det = false;
	c->coverage = 0;
	if (!c->n)
		return;
	c->runs = distinct(s->run, s->n, mark, p->n_runs);
	c->boots = distinct(s->boot, s->n, mark, p->nboots);
	if (exact)
		describe_spread(s, c, lm);
	if (c->det) {
		c->median = stats_quantile_sorted(s->v, s->n, 0.5);
		c->lo = c->vmin;
		c->hi = c->vmax;
		c->coverage = 1;
		return;
	}
	if (c->runs < 2) {
		c->median = stats_quantile_sorted(s->v, s->n, 0.5);
		median_ci(s->v, s->n, level, &c->lo, &c->hi, &c->coverage);
		return;
	}
	nu = unit_log_medians(s->v, c->boots > 1 ? s->boot : s->run, s->n, lm);
	mean_interval(lm, nu, level, &mean, &lo, &hi);
	c->median = exp(mean);
	c->lo = exp(lo);
	c->hi = exp(hi);
	c->coverage = level;
}

int compare_describe(const struct pool *p, const struct series *s, double level,
		     struct cmp_cell *c)
{
	size_t nm = p->n_runs > p->nboots ? p->n_runs : p->nboots;
	double *lm = malloc((s && s->n ? s->n : 1) * sizeof(*lm));
	unsigned char *mark = malloc(nm + 1);
	int rc = lm && mark ? 0 : -1;

	if (!rc)
		describe(p, s, level, false, lm, mark, c);
	free(lm);
	free(mark);
	return rc;
}

static void untested(struct cmp_cell *out)
{
	out->tested = false;
	out->change = out->ch_lo = out->ch_hi = NAN;
	out->p = out->p_holm = 1;
	out->mde = INFINITY;
	out->sig = false;
	out->zero_var = false;
}

void compare_units(const double *la, size_t na, const double *lb, size_t nb,
		   const struct cmp_params *prm, size_t family, struct cmp_cell *out)
{
	struct welch w;
	double d;

	untested(out);
	if (na < 2 || nb < 2)
		return;
	welch_test(la, na, lb, nb, prm->level, &w);
	out->change = exp(w.diff) - 1;
	if (!(w.se > 0)) {
		/* every unit median equal on each side: t is 0/0 or infinite,
		 * neither a p nor a detectable change. Left out of Holm. */
		out->zero_var = true;
		return;
	}
	out->tested = true;
	out->ch_lo = exp(w.lo) - 1;
	out->ch_hi = exp(w.hi) - 1;
	out->p = out->p_holm = w.p;
	/* a lone change faces Holm's first, strictest threshold */
	d = welch_min_detectable(w.se, w.df, prm->alpha / (double)(family ? family : 1),
				 prm->power);
	out->mde = exp(d) - 1;
}

void compare_exact(const struct cmp_cell *a, struct cmp_cell *b)
{
	bool apart = b->vmin > a->vmax || b->vmax < a->vmin;

	untested(b);
	if (a->median > 0)
		b->change = b->median / a->median - 1;
	else	/* zeros on the baseline: only zeros are no change */
		b->change = b->median == 0 ? 0 : INFINITY;
	/* a change that each side's own spread could explain is no change,
	 * nor one below the resolution exact mode claims (CMP_DET_SPREAD):
	 * two builds differ by a few instructions in code neither changed */
	b->sig = apart && fabs(b->change) > fmax(CMP_DET_SPREAD, fmax(a->spread, b->spread));
}

bool cmp_decided_alone(enum cmp_design d)
{
	return d == DESIGN_EXACT || d == DESIGN_FAR;
}

size_t cmp_decided_rows(const struct comparison *cmp, size_t k)
{
	return cmp->family[k] + cmp->n_design[k][DESIGN_EXACT] + cmp->n_design[k][DESIGN_FAR];
}

/* The relative spread of a side's run medians alone ([vmin, vmax]). */
static double run_spread(const struct cmp_cell *c)
{
	return c->vmin > 0 ? c->vmax / c->vmin - 1 : INFINITY;
}

bool compare_far_apart(const struct cmp_cell *a, double amin, double amax,
		       const struct cmp_cell *b, double bmin, double bmax)
{
	/* the runs' own spread: a timer interrupt in a few samples widens a
	 * run's quartiles, not where its median lies */
	double spread = fmax(CMP_DET_SPREAD, fmax(run_spread(a), run_spread(b)));

	/* a side's spread must hold more than one run (of one boot, or of
	 * several boots): one run alone cannot show its own variation */
	if (a->runs < 2 || b->runs < 2 ||
	    !(a->spread <= CMP_NEAR_SPREAD && b->spread <= CMP_NEAR_SPREAD) ||
	    !(a->median > 0) || !(bmin > amax || bmax < amin))
		return false;
	return fabs(b->median / a->median - 1) > CMP_FAR_FACTOR * spread;
}

/* Row @row against pool @k, both described: far apart (all values). */
static bool row_far_apart(const struct cmp_row *row, size_t k, const struct series *a,
			  const struct series *b)
{
	if (!a || !b || !a->n || !b->n)
		return false;
	return compare_far_apart(&row->cell[0], a->v[0], a->v[a->n - 1], &row->cell[k], b->v[0],
				 b->v[b->n - 1]);
}

void compare_decide(struct cmp_cell **cells, size_t m, double alpha)
{
	double *p = calloc(m + 1, sizeof(*p));

	if (!p)
		return;
	for (size_t i = 0; i < m; i++)
		p[i] = cells[i]->p;
	holm_adjust(p, m, p);
	for (size_t i = 0; i < m; i++) {
		cells[i]->p_holm = p[i];
		cells[i]->sig = p[i] <= alpha;
	}
	free(p);
}

static int add_case(struct comparison *cmp, const struct bench_case *c)
{
	struct bench_case *bigger;

	for (size_t i = 0; i < cmp->nc; i++)
		if (bench_case_equal(&cmp->cases[i], c))
			return 0;
	bigger = realloc(cmp->cases, (cmp->nc + 1) * sizeof(*bigger));
	if (!bigger)
		return -1;
	cmp->cases = bigger;
	cmp->cases[cmp->nc++] = *c;
	return 0;
}

static int has_row(const struct comparison *cmp, size_t ci, int op, const char *name)
{
	for (size_t r = 0; r < cmp->nr; r++)
		if (cmp->rows[r].ci == ci && cmp->rows[r].op == op &&
		    strcmp(cmp->rows[r].name, name) == 0)
			return 1;
	return 0;
}

/* A new, zeroed row at the end of cmp->rows with its cells, or NULL. */
static struct cmp_row *new_row(struct comparison *cmp, size_t ci, int op, const char *name,
			       enum metric_id kind)
{
	struct cmp_row *bigger = realloc(cmp->rows, (cmp->nr + 1) * sizeof(*bigger)), *r;

	if (!bigger)
		return NULL;
	cmp->rows = bigger;
	r = &cmp->rows[cmp->nr];
	memset(r, 0, sizeof(*r));
	r->cell = calloc(cmp->np, sizeof(*r->cell));
	if (!r->cell)
		return NULL;
	cmp->nr++;
	r->ci = ci;
	r->op = op;
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->kind = kind;
	return r;
}

/* Rows in the order: case, op, then metrics as the first pool having
 * them lists them (total, wait, work, phases in module order). */
static int add_rows(struct comparison *cmp)
{
	for (size_t ci = 0; ci < cmp->nc; ci++)
		for (int op = 0; op < 2; op++)
			for (size_t k = 0; k < cmp->np; k++) {
				const struct pool *p = &cmp->pools[k];

				for (size_t pc = 0; pc < p->nc; pc++) {
					const struct op_series *os = &p->cases[pc].op[op];

					if (!bench_case_equal(&p->cases[pc].c, &cmp->cases[ci]))
						continue;
					for (size_t i = 0; i < os->ns; i++) {
						struct cmp_row *r;

						if (has_row(cmp, ci, op, os->s[i].name))
							continue;
						r = new_row(cmp, ci, op, os->s[i].name, os->s[i].kind);
						if (!r)
							return -1;
						r->depth = os->s[i].depth;
						r->wait = os->s[i].wait;
						r->holds_wait = os->s[i].holds_wait;
						r->outer_work = os->s[i].outer_work;
					}
				}
			}
	return 0;
}

/* One row per pfn_valid() case that some pool timed, after the hotplug
 * rows (ci CMP_NO_CASE sorts last). */
static int add_pfn_rows(struct comparison *cmp)
{
	for (size_t pc = 0; pc < PFN_NCASES; pc++) {
		size_t n = 0;

		for (size_t k = 0; k < cmp->np; k++)
			n += cmp->pools[k].pfn[pc].n;
		if (n && !new_row(cmp, CMP_NO_CASE, CMP_OP_PFN, pfn_case_names[pc], METRIC_PFN_CALL))
			return -1;
	}
	return 0;
}

/* Rows come grouped by case and op, but a phase found only in a later
 * pool was appended after the others: keep phases of one op together. */
static int cmp_rows(const void *x, const void *y)
{
	const struct cmp_row *a = x, *b = y;

	if (a->ci != b->ci)	/* CMP_NO_CASE is the largest */
		return a->ci < b->ci ? -1 : 1;
	return a->op - b->op;
}

/* The design of a row: which boots and runs each side's values come from.
 * @same maps pool B's boot indices to pool A's (-1: a boot A does not
 * have). @mark, room for every boot index of either pool, holds two
 * flags: bit 1 for A's boots by A's index, bit 2 for B's by B's index. */
static enum cmp_design design_of(const struct cmp_cell *ca, const struct cmp_cell *cb,
				 const struct series *a, const struct series *b,
				 const long *same, unsigned char *mark, size_t nmark)
{
	size_t shared = 0;

	if (!a || !b || !a->n || !b->n)
		return DESIGN_NONE;
	memset(mark, 0, nmark);
	for (size_t i = 0; i < a->n; i++)
		mark[a->boot[i]] |= 1;
	for (size_t i = 0; i < b->n; i++) {
		long s = same[b->boot[i]];

		if (mark[b->boot[i]] & 2)
			continue;
		mark[b->boot[i]] |= 2;
		shared += s >= 0 && (mark[s] & 1);
	}
	if (ca->boots == 1 && cb->boots == 1 && shared == 1)
		return ca->runs >= CMP_MIN_UNITS && cb->runs >= CMP_MIN_UNITS ?
		       DESIGN_RUNS : DESIGN_FEW_RUNS;
	if (shared)
		return DESIGN_SHARED_BOOTS;
	if (ca->boots >= CMP_MIN_UNITS && cb->boots >= CMP_MIN_UNITS)
		return DESIGN_BOOTS;
	return DESIGN_FEW_BOOTS;
}

/* For each boot of @pb, its index among @pa's boots, or -1. */
static long *boot_map(const struct pool *pa, const struct pool *pb)
{
	long *same = malloc((pb->nboots + 1) * sizeof(*same));

	if (!same)
		return NULL;
	for (size_t j = 0; j < pb->nboots; j++) {
		same[j] = -1;
		for (size_t i = 0; i < pa->nboots && same[j] < 0; i++)
			if (strcmp(pa->boots[i], pb->boots[j]) == 0)
				same[j] = (long)i;
	}
	return same;
}

const struct series *compare_row_series(const struct comparison *cmp, const struct cmp_row *row,
				       size_t k)
{
	if (row->op == CMP_OP_PFN) {
		for (size_t pc = 0; pc < PFN_NCASES; pc++)
			if (strcmp(row->name, pfn_case_names[pc]) == 0)
				return &cmp->pools[k].pfn[pc];
		return NULL;
	}
	return pool_find(&cmp->pools[k], &cmp->cases[row->ci], row->op, row->name);
}

/* One row against the baseline, by its design (the cells are described). */
static void test_row(struct comparison *cmp, struct cmp_row *row, size_t k, double *la,
		     double *lb)
{
	const struct series *a = compare_row_series(cmp, row, 0), *b = compare_row_series(cmp, row, k);
	struct cmp_cell *c = &row->cell[k];

	if (cmp_decided_alone(c->design)) {
		/* far apart implies the exact rule's two conditions */
		compare_exact(&row->cell[0], c);
		return;
	}
	if (c->design == DESIGN_RUNS || c->design == DESIGN_BOOTS) {
		bool boots = c->design == DESIGN_BOOTS;
		size_t na = unit_log_medians(a->v, boots ? a->boot : a->run, a->n, la);
		size_t nb = unit_log_medians(b->v, boots ? b->boot : b->run, b->n, lb);

		compare_units(la, na, lb, nb, &cmp->prm, cmp->family[k], c);
		return;
	}
	/* described, not tested: the change alone, without a verdict */
	untested(c);
	if (row->cell[0].median > 0)
		c->change = c->median / row->cell[0].median - 1;
}

/* A row the exact rule (and far apart) may decide: under icount, a count
 * of instructions (work, and phases that hold no wait). Waits and totals
 * are virtual time: when they repeat over two boots, the ticks happened
 * to land alike, which a third boot need not repeat. They are tested. */
static bool exact_candidate(const struct comparison *cmp, const struct cmp_row *row)
{
	return cmp->exact && metric_is_work(row->kind, row->holds_wait);
}

/* The design of every row against each pool, by its boots and runs, or
 * exact (icount, deterministic on both sides: no unit count needed). */
static int assign_designs(struct comparison *cmp, unsigned char *mark, size_t nmark)
{
	for (size_t k = 1; k < cmp->np; k++) {
		long *same = boot_map(&cmp->pools[0], &cmp->pools[k]);

		if (!same)
			return -1;
		for (size_t r = 0; r < cmp->nr; r++) {
			struct cmp_row *row = &cmp->rows[r];
			struct cmp_cell *c = &row->cell[k];

			const struct series *sa = compare_row_series(cmp, row, 0);
			const struct series *sb = compare_row_series(cmp, row, k);

			c->design = design_of(&row->cell[0], c, sa, sb, same, mark, nmark);
			if (exact_candidate(cmp, row) && c->design != DESIGN_NONE) {
				if (row->cell[0].det && c->det)
					c->design = DESIGN_EXACT;
				else if (row_far_apart(row, k, sa, sb))
					c->design = DESIGN_FAR;
			}
			cmp->n_design[k][c->design]++;
			cmp->family[k] += c->design == DESIGN_RUNS || c->design == DESIGN_BOOTS;
		}
		free(same);
	}
	return 0;
}

/* Test every row against pool @k; Holm over the tested ones. */
static int test_pool(struct comparison *cmp, size_t k, double *la, double *lb)
{
	struct cmp_cell **fam = calloc(cmp->family[k] + 1, sizeof(*fam));
	size_t m = 0;

	if (!fam)
		return -1;
	for (size_t r = 0; r < cmp->nr; r++) {
		struct cmp_row *row = &cmp->rows[r];

		test_row(cmp, row, k, la, lb);
		if (row->cell[k].tested)
			fam[m++] = &row->cell[k];
		else	/* exact rows decide alone, outside the family */
			cmp->n_sig[k] += row->cell[k].sig;
	}
	compare_decide(fam, m, cmp->prm.alpha);
	for (size_t i = 0; i < m; i++) {
		/* Under icount a wait's units can agree to a few ns (grace
		 * periods end on virtual ticks): Welch then calls -0.001%
		 * significant. Below the resolution exact mode claims, a
		 * tested row is not flagged either. */
		if (cmp->exact && compare_below_resolution(fam[i]->change))
			fam[i]->sig = false;
		cmp->n_sig[k] += fam[i]->sig;
	}
	/* rows of zero variance left the family: Holm counted without them */
	cmp->family[k] = m;
	free(fam);
	return 0;
}

/* Sort the rows by case and op, keeping the insertion order within. */
static void sort_rows(struct comparison *cmp)
{
	/* qsort is not stable: an insertion sort keeps the order */
	for (size_t i = 1; i < cmp->nr; i++)
		for (size_t j = i; j > 0 && cmp_rows(&cmp->rows[j - 1], &cmp->rows[j]) > 0; j--) {
			struct cmp_row t = cmp->rows[j];

			cmp->rows[j] = cmp->rows[j - 1];
			cmp->rows[j - 1] = t;
		}
}

/* The clock of the pools (the command refused to mix them). */
static void set_clock(struct comparison *cmp)
{
	cmp->exact = cmp->np && cmp->pools[0].clock.clock == ENV_CLOCK_ICOUNT;
	cmp->shift = cmp->np ? cmp->pools[0].clock.shift : -1;
	cmp->lens = cmp->np && cmp->pools[0].clock.cache_lens;
	cmp->min_boots = SIZE_MAX;
	for (size_t k = 0; k < cmp->np; k++)
		if (cmp->pools[k].nboots < cmp->min_boots)
			cmp->min_boots = cmp->pools[k].nboots;
}

int compare_build(struct comparison *cmp, const struct pool *pools, size_t np,
		  const struct cmp_params *prm)
{
	size_t most = 1, nmark = 1;
	double *la = NULL, *lb = NULL;
	unsigned char *mark = NULL;
	int rc = -1;

	memset(cmp, 0, sizeof(*cmp));
	cmp->prm = *prm;
	cmp->pools = pools;
	cmp->np = np;
	set_clock(cmp);
	cmp->family = calloc(np, sizeof(size_t));
	cmp->n_sig = calloc(np, sizeof(size_t));
	cmp->n_design = calloc(np, sizeof(*cmp->n_design));
	if (!cmp->family || !cmp->n_sig || !cmp->n_design)
		return -1;
	for (size_t k = 0; k < np; k++)
		for (size_t c = 0; c < pools[k].nc; c++)
			if (add_case(cmp, &pools[k].cases[c].c))
				return -1;
	if (add_rows(cmp) || add_pfn_rows(cmp))
		return -1;
	sort_rows(cmp);
	for (size_t r = 0; r < cmp->nr; r++)
		for (size_t k = 0; k < np; k++) {
			const struct series *s = compare_row_series(cmp, &cmp->rows[r], k);

			if (s && s->n > most)
				most = s->n;
		}
	for (size_t k = 0; k < np; k++)
		nmark = fmax(nmark, fmax(pools[k].n_runs, pools[k].nboots));
	la = malloc(most * sizeof(*la));
	lb = malloc(most * sizeof(*lb));
	mark = malloc(nmark + 1);
	if (!la || !lb || !mark)
		goto out;
	for (size_t r = 0; r < cmp->nr; r++)
		for (size_t k = 0; k < np; k++)
			describe(&pools[k], compare_row_series(cmp, &cmp->rows[r], k), prm->level,
				 cmp->exact, la, mark, &cmp->rows[r].cell[k]);
	if (assign_designs(cmp, mark, nmark))
		goto out;
	rc = 0;
	for (size_t k = 1; k < np && !rc; k++)
		rc = test_pool(cmp, k, la, lb);
out:
	free(la);
	free(lb);
	free(mark);
	return rc;
}

void compare_free(struct comparison *cmp)
{
	for (size_t r = 0; r < cmp->nr; r++)
		free(cmp->rows[r].cell);
	free(cmp->rows);
	free(cmp->cases);
	free(cmp->family);
	free(cmp->n_sig);
	free(cmp->n_design);
	memset(cmp, 0, sizeof(*cmp));
}
