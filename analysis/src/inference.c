/* Statistical inference on two samples of timings (see inference.h). */
#include "inference.h"
#include "splitmix64.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t rng_next(struct rng *r)
{
	return splitmix64(&r->s);
}

double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

size_t rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_uniform(r) * (double)n);
}

double rng_normal(struct rng *r)
{
	/* Box-Muller; one of the pair is enough here */
	double u1 = 1.0 - rng_uniform(r), u2 = rng_uniform(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

uint64_t seed_of(const char *s, uint64_t base)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ base;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

void median_ci(const double *sorted, size_t n, double level,
	       double *lo, double *hi, double *coverage)
{
	/* cdf of Binomial(n, 1/2) at k-1, in logs: n may be large */
	double tail = (1.0 - level) / 2, cdf = 0, logpmf = -(double)n * M_LN2;
	size_t k = 0;

	for (size_t j = 0; j < n / 2; j++) {
		double next = cdf + exp(logpmf);

		if (next > tail)
			break;
		cdf = next;
		k = j + 1;	/* P(B <= k-1) = cdf <= tail: x(k) is a lower bound */
		logpmf += log((double)(n - j)) - log((double)(j + 1));
	}
	if (k == 0) {
		*lo = sorted[0];
		*hi = sorted[n - 1];
		*coverage = 1.0 - 2.0 * exp(-(double)n * M_LN2);
		return;
	}
	*lo = sorted[k - 1];
	*hi = sorted[n - k];
	*coverage = 1.0 - 2.0 * cdf;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *x, const void *y)
{
	return cmp_double(&((const struct pidx *)x)->p, &((const struct pidx *)y)->p);
}

void holm_adjust(const double *p, size_t m, double *adj)
{
	struct pidx *s = malloc(m * sizeof(*s) + 1);
	double run = 0;

	if (!s)
		return;
	for (size_t i = 0; i < m; i++)
		s[i] = (struct pidx){ p[i], i };
	qsort(s, m, sizeof(*s), cmp_pidx);
	for (size_t k = 0; k < m; k++) {
		double v = fmin(1.0, (double)(m - k) * s[k].p);

		run = fmax(run, v);
		adj[s[k].i] = run;
	}
	free(s);
}
