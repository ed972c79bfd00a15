/* Statistical inference on two samples of timings (see inference.h). */
#include "inference.h"
#include "splitmix64.h"
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

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
	/* inversion: GSL's standard normal quantile of a uniform in (0, 1) */
	double u = rng_uniform(r);

	return gsl_cdf_ugaussian_Pinv(u > 0 ? u : 0x1.0p-53);
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
	/* the largest k <= n/2 with P(B <= k-1) <= tail, B ~ Binomial(n, 1/2):
	 * [x(k), x(n-k+1)] covers the median with 1 - 2 P(B <= k-1) */
	double tail = (1.0 - level) / 2, cdf = 0;
	size_t k = 0;

	for (size_t j = 1; j <= n / 2; j++) {
		double next = gsl_cdf_binomial_P((unsigned)(j - 1), 0.5, (unsigned)n);

		if (next > tail)
			break;
		cdf = next;
		k = j;
	}
	if (k == 0) {
		*lo = sorted[0];
		*hi = sorted[n - 1];
		*coverage = 1.0 - 2.0 * gsl_ran_binomial_pdf(0, 0.5, (unsigned)n);
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
