/* Order statistics of a sample of timings: GSL's sort and quantiles. */
#include "stats.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include <string.h>

double stats_quantile_sorted(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return 0.0;
	if (p <= 0.0)
		return sorted[0];
	if (p >= 1.0)
		return sorted[n - 1];
	/* (n-1)p between order statistics: Hyndman & Fan type 7 */
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
}

void stats_sort(double *v, size_t n)
{
	gsl_sort(v, 1, n);
}

void stats_describe(double *v, size_t n, struct stats *st)
{
	memset(st, 0, sizeof(*st));
	if (n == 0)
		return;
	stats_sort(v, n);
	st->n = n;
	st->min = v[0];
	st->max = v[n - 1];
	st->q1 = stats_quantile_sorted(v, n, 0.25);
	st->median = stats_quantile_sorted(v, n, 0.5);
	st->q3 = stats_quantile_sorted(v, n, 0.75);
}
