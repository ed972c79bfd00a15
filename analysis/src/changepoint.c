/* Binary segmentation with a permutation-tested rank statistic. */
#include "changepoint.h"
#include "inference.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct rk {
	double v;
	size_t i;
};

static int cmp_rk(const void *a, const void *b)
{
	double x = ((const struct rk *)a)->v, y = ((const struct rk *)b)->v;

	return (x > y) - (x < y);
}

/* Mid-ranks of x[0..n-1] into r (ties share their mean rank). */
static int midranks(const double *x, size_t n, double *r)
{
	struct rk *s = malloc(n * sizeof(*s));

	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		s[i] = (struct rk){ x[i], i };
	qsort(s, n, sizeof(*s), cmp_rk);
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && s[j + 1].v == s[i].v)
			j++;
		for (size_t k = i; k <= j; k++)
			r[s[k].i] = (double)(i + j) / 2 + 1;
		i = j + 1;
	}
	free(s);
	return 0;
}

/* Largest standardised rank sum |Z| of a part of r[0..n-1] against the
 * rest. The parts: every prefix with at least @m points on each side (one
 * change), and for n <= EPIDEMIC_MAX every inner run [i, j) of at least
 * @m points (a change and its reversal, which a single split misses).
 * @at gets where the first change is, @z the signed value. */
#define EPIDEMIC_MAX 256

static double scan(const double *r, size_t n, size_t m, double *pre, size_t *at, double *z)
{
	double best = -1, N = (double)n;
	size_t first_max = n <= EPIDEMIC_MAX ? n - m : 0;

	pre[0] = 0;
	for (size_t i = 0; i < n; i++)
		pre[i + 1] = pre[i] + r[i];
	for (size_t i = 0; i <= first_max; i++) {
		for (size_t j = i + m; j <= n; j++) {
			double k = (double)(j - i), zk;

			if (j - i + m > n || (i > 0 && j == n && i < m))
				continue;
			if (i == 0 && j < m)
				continue;
			zk = (pre[j] - pre[i] - k * (N + 1) / 2) / sqrt(k * (N - k) * (N + 1) / 12);
			if (fabs(zk) > best) {
				best = fabs(zk);
				if (at)
					*at = i ? i : j;
				if (z)
					*z = i ? zk : -zk;
			}
		}
	}
	return best;
}

struct seg_ctx {
	const double *x;
	const struct cp_params *prm;
	struct change_point *cps;
	size_t cap, n;
	double *r, *perm, *pre;
};

/* p of the best split of [lo, hi) by permutation of its ranks. Stops
 * early (Besag and Clifford) once 20 permutations beat it: the p is then
 * clearly above any useful alpha. */
static double perm_p(struct seg_ctx *c, size_t len, double obs, uint64_t seed)
{
	struct rng g = { seed };
	unsigned beat = 0, done = 0;

	memcpy(c->perm, c->r, len * sizeof(double));
	for (; done < c->prm->max_perm && beat < 20; done++) {
		for (size_t i = len - 1; i > 0; i--) {
			size_t j = rng_below(&g, i + 1);
			double t = c->perm[i];

			c->perm[i] = c->perm[j];
			c->perm[j] = t;
		}
		beat += scan(c->perm, len, c->prm->min_seg, c->pre, NULL, NULL) >= obs - 1e-12;
	}
	return (beat + 1.0) / (done + 1.0);
}

static void segment(struct seg_ctx *c, size_t lo, size_t hi)
{
	size_t len = hi - lo, k = 0;
	double z = 0, obs, p;

	if (len < 2 * (size_t)c->prm->min_seg || c->n == c->cap)
		return;
	if (midranks(c->x + lo, len, c->r))
		return;
	obs = scan(c->r, len, c->prm->min_seg, c->pre, &k, &z);
	if (!(obs > 0))
		return;	/* flat: every value equal */
	p = perm_p(c, len, obs, c->prm->seed ^ ((uint64_t)lo << 32 | hi));
	if (p > c->prm->alpha)
		return;
	c->cps[c->n++] = (struct change_point){ lo + k, p, z };
	segment(c, lo, lo + k);
	segment(c, lo + k, hi);
}

static int cmp_pos(const void *a, const void *b)
{
	size_t x = ((const struct change_point *)a)->pos, y = ((const struct change_point *)b)->pos;

	return (x > y) - (x < y);
}

size_t changepoints(const double *x, size_t n, const struct cp_params *prm,
		    struct change_point *cps, size_t cap)
{
	struct seg_ctx c = { x, prm, cps, cap, 0, NULL, NULL, NULL };

	if (prm->min_seg < 2 || n < 2 * (size_t)prm->min_seg)
		return 0;
	c.r = malloc(n * sizeof(double));
	c.perm = malloc(n * sizeof(double));
	c.pre = malloc((n + 1) * sizeof(double));
	if (c.r && c.perm && c.pre)
		segment(&c, 0, n);
	free(c.r);
	free(c.perm);
	free(c.pre);
	qsort(cps, c.n, sizeof(*cps), cmp_pos);
	return c.n;
}
