/* Order statistics of a sample of timings (GSL's, in one place). */
#ifndef MHPB_STATS_H
#define MHPB_STATS_H

#include <stddef.h>

struct stats {
	size_t n;
	double min, q1, median, q3, max;
};

/* Quantile @p in [0,1] of @sorted (ascending, n > 0) by linear
 * interpolation between order statistics: Hyndman & Fan type 7, the
 * default of R and numpy. h = (n-1)p, x[floor h] + frac(h) * (next - it). */
double stats_quantile_sorted(const double *sorted, size_t n, double p);

/* Sorts @v in place, ascending. */
void stats_sort(double *v, size_t n);

/* Sorts @v in place and fills @st; all fields 0 when n is 0. */
void stats_describe(double *v, size_t n, struct stats *st);

#endif
