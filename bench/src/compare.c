/* The comparison of pooled runs against a baseline (see compare.h). */
#include "compare.h"
#include "inference.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void describe(const double *v, size_t n, double level, struct cmp_cell *c)
{
	c->n = n;
	c->median = c->lo = c->hi = NAN;
	c->coverage = 0;
	if (!n)
		return;
	c->median = stats_quantile_sorted(v, n, 0.5);
	median_ci(v, n, level, &c->lo, &c->hi, &c->coverage);
}

/* Pooled log spread of two samples, weighted by degrees of freedom. */
static double pooled_spread(const double *a, size_t na, const double *b, size_t nb)
{
	double sa = log_spread(a, na), sb = log_spread(b, nb);

	return sqrt(((double)(na - 1) * sa * sa + (double)(nb - 1) * sb * sb) /
		    (double)(na + nb - 2));
}

void compare_pair(const double *a, size_t na, const double *b, size_t nb,
		  const struct cmp_params *prm, size_t family, uint64_t seed,
		  struct cmp_cell *out)
{
	double ma, lo, hi;

	describe(b, nb, prm->level, out);
	out->tested = na >= 2 && nb >= 2;
	out->change = out->ch_lo = out->ch_hi = NAN;
	out->p = out->p_holm = 1;
	out->mde = INFINITY;
	out->sig = false;
	if (!out->tested)
		return;
	ma = stats_quantile_sorted(a, na, 0.5);
	if (ma > 0)
		out->change = out->median / ma - 1;
	if (!boot_ratio_ci(a, na, b, nb, prm->reps, seed, prm->level, &lo, &hi)) {
		out->ch_lo = lo - 1;
		out->ch_hi = hi - 1;
	}
	out->p = out->p_holm = mann_whitney_p(a, na, b, nb, NULL);
	/* a lone change faces Holm's first, strictest threshold */
	out->mde = min_detectable_change(pooled_spread(a, na, b, nb), na, nb,
					 prm->alpha / (double)(family ? family : 1), prm->power);
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
						struct cmp_row *bigger, *r;

						if (has_row(cmp, ci, op, os->s[i].name))
							continue;
						bigger = realloc(cmp->rows, (cmp->nr + 1) * sizeof(*bigger));
						if (!bigger)
							return -1;
						cmp->rows = bigger;
						r = &cmp->rows[cmp->nr++];
						memset(r, 0, sizeof(*r));
						r->ci = ci;
						r->op = op;
						memcpy(r->name, os->s[i].name, sizeof(r->name));
						r->kind = os->s[i].kind;
						r->depth = os->s[i].depth;
						r->wait = os->s[i].wait;
						r->cell = calloc(cmp->np, sizeof(*r->cell));
						if (!r->cell)
							return -1;
					}
				}
			}
	return 0;
}

/* Rows come grouped by case and op, but a phase found only in a later
 * pool was appended after the others: keep phases of one op together. */
static int cmp_rows(const void *x, const void *y)
{
	const struct cmp_row *a = x, *b = y;

	if (a->ci != b->ci)
		return a->ci < b->ci ? -1 : 1;
	return a->op - b->op;
}

static const double none[1];

int compare_build(struct comparison *cmp, const struct pool *pools, size_t np,
		  const struct cmp_params *prm)
{
	memset(cmp, 0, sizeof(*cmp));
	cmp->prm = *prm;
	cmp->pools = pools;
	cmp->np = np;
	cmp->family = calloc(np, sizeof(size_t));
	cmp->n_sig = calloc(np, sizeof(size_t));
	if (!cmp->family || !cmp->n_sig)
		return -1;
	for (size_t k = 0; k < np; k++)
		for (size_t c = 0; c < pools[k].nc; c++)
			if (add_case(cmp, &pools[k].cases[c].c))
				return -1;
	if (add_rows(cmp))
		return -1;
	/* qsort is not stable: give it the insertion order as tie-break */
	for (size_t i = 1; i < cmp->nr; i++)
		for (size_t j = i; j > 0 && cmp_rows(&cmp->rows[j - 1], &cmp->rows[j]) > 0; j--) {
			struct cmp_row t = cmp->rows[j];

			cmp->rows[j] = cmp->rows[j - 1];
			cmp->rows[j - 1] = t;
		}
	for (size_t r = 0; r < cmp->nr; r++) {
		const struct cmp_row *row = &cmp->rows[r];
		const struct series *base = pool_find(&pools[0], &cmp->cases[row->ci], row->op, row->name);

		describe(base ? base->v : none, base ? base->n : 0, prm->level, &row->cell[0]);
		for (size_t k = 1; k < np; k++) {
			const struct series *s = pool_find(&pools[k], &cmp->cases[row->ci],
							   row->op, row->name);

			cmp->family[k] += base && s && base->n >= 2 && s->n >= 2;
		}
	}
	for (size_t k = 1; k < np; k++) {
		struct cmp_cell **fam = calloc(cmp->family[k] + 1, sizeof(*fam));
		size_t m = 0;

		if (!fam)
			return -1;
		for (size_t r = 0; r < cmp->nr; r++) {
			struct cmp_row *row = &cmp->rows[r];
			const struct series *a = pool_find(&pools[0], &cmp->cases[row->ci], row->op, row->name);
			const struct series *b = pool_find(&pools[k], &cmp->cases[row->ci], row->op, row->name);
			char key[160];

			/* the seed depends on the row, not on its position */
			snprintf(key, sizeof(key), "%zu/%d/%s", row->ci, row->op, row->name);
			compare_pair(a ? a->v : none, a ? a->n : 0, b ? b->v : none, b ? b->n : 0,
				     prm, cmp->family[k], seed_of(key, prm->seed + k), &row->cell[k]);
			if (row->cell[k].tested)
				fam[m++] = &row->cell[k];
		}
		compare_decide(fam, m, prm->alpha);
		for (size_t i = 0; i < m; i++)
			cmp->n_sig[k] += fam[i]->sig;
		free(fam);
	}
	return 0;
}

void compare_free(struct comparison *cmp)
{
	for (size_t r = 0; r < cmp->nr; r++)
		free(cmp->rows[r].cell);
	free(cmp->rows);
	free(cmp->cases);
	free(cmp->family);
	free(cmp->n_sig);
	memset(cmp, 0, sizeof(*cmp));
}
