/* Order statistics of a sample of timings. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double stats_quantile_sorted(const double *sorted, size_t n, double p)
{
	double h, frac;
	size_t lo;

	if (n == 0)
		return 0.0;
	if (p <= 0.0)
		return sorted[0];
	if (p >= 1.0)
		return sorted[n - 1];
	h = (double)(n - 1) * p;
	lo = (size_t)floor(h);
	frac = h - (double)lo;
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

void stats_describe(double *v, size_t n, struct stats *st)
{
	memset(st, 0, sizeof(*st));
	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	st->n = n;
	st->min = v[0];
	st->max = v[n - 1];
	st->q1 = stats_quantile_sorted(v, n, 0.25);
	st->median = stats_quantile_sorted(v, n, 0.5);
	st->q3 = stats_quantile_sorted(v, n, 0.75);
}
