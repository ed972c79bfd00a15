/* Boot-level inference (see boots.h). Student t tails from GSL. */
#include "boots.h"
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

size_t unit_log_medians(const double *v, const uint32_t *boot, size_t n, double *out)
{
	uint32_t top = 0;
	size_t *start, *fill, nb = 0;
	double *tmp;

	for (size_t i = 0; i < n; i++)
		if (boot[i] > top)
			top = boot[i];
	start = calloc((size_t)top + 2, sizeof(*start));
	fill = calloc((size_t)top + 2, sizeof(*fill));
	tmp = malloc((n + 1) * sizeof(*tmp));
	if (!start || !fill || !tmp)
		goto out;
	/* bucket by boot, keeping the ascending order within each bucket */
	for (size_t i = 0; i < n; i++)
		start[boot[i] + 1]++;
	for (uint32_t b = 0; b <= top; b++)
		start[b + 1] += start[b];
	for (size_t i = 0; i < n; i++)
		tmp[start[boot[i]] + fill[boot[i]]++] = v[i];
	for (size_t i = 0; i < n; i++) {
		uint32_t b = boot[i];

		if (fill[b] == 0)
			continue;	/* done already */
		out[nb++] = log(fmax(stats_quantile_sorted(tmp + start[b], fill[b], 0.5), 1));
		fill[b] = 0;
	}
out:
	free(start);
	free(fill);
	free(tmp);
	return nb;
}

static void mean_var(const double *x, size_t n, double *mean, double *var)
{
	double s = 0, ss = 0;

	for (size_t i = 0; i < n; i++)
		s += x[i];
	*mean = s / (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - *mean) * (x[i] - *mean);
	*var = n > 1 ? ss / (double)(n - 1) : NAN;
}

void mean_interval(const double *x, size_t n, double level,
		   double *mean, double *lo, double *hi)
{
	double var, half;

	mean_var(x, n, mean, &var);
	half = n > 1 ? gsl_cdf_tdist_Qinv((1 - level) / 2, (double)(n - 1)) *
		       sqrt(var / (double)n) : NAN;
	*lo = *mean - half;
	*hi = *mean + half;
}

void welch_test(const double *x, size_t nx, const double *y, size_t ny, double level,
		struct welch *w)
{
	double mx, vx, my, vy, ax, ay, t;

	mean_var(x, nx, &mx, &vx);
	mean_var(y, ny, &my, &vy);
	ax = vx / (double)nx;
	ay = vy / (double)ny;
	w->diff = my - mx;
	w->se = sqrt(ax + ay);
	if (!(w->se > 0)) {
		/* identical values within each side: only equality is no change */
		w->df = (double)(nx + ny - 2);
		w->p = w->diff == 0 ? 1 : 0;
		w->lo = w->hi = w->diff;
		return;
	}
	w->df = (ax + ay) * (ax + ay) /
		(ax * ax / (double)(nx - 1) + ay * ay / (double)(ny - 1));
	t = fabs(w->diff) / w->se;
	w->p = fmin(1, 2 * gsl_cdf_tdist_Q(t, w->df));
	t = gsl_cdf_tdist_Qinv((1 - level) / 2, w->df);
	w->lo = w->diff - t * w->se;
	w->hi = w->diff + t * w->se;
}

double welch_min_detectable(double se, double df, double alpha, double power)
{
	if (!isfinite(se) || !(df > 0))
		return INFINITY;
	return (gsl_cdf_tdist_Qinv(alpha / 2, df) + gsl_cdf_tdist_Qinv(1 - power, df)) * se;
}
