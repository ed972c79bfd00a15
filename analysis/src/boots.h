/* Boot-level inference: when the runs of a comparison come from several
 * boots, one boot is one replicate. Each boot is summarised by the log of
 * its median, and two kernels are compared by Welch's t test on those
 * summaries. Why: analysis/METHOD.md ("Boots, not samples"). Pure
 * functions, no I/O. */
#ifndef MHPB_BOOTS_H
#define MHPB_BOOTS_H

#include <stddef.h>
#include <stdint.h>

/* log(median) of each boot's values. @v holds @n values in ascending
 * order, @boot the boot of each; @out (room for @n) gets one entry per
 * distinct boot, in order of first appearance. Returns the boot count. */
size_t unit_log_medians(const double *v, const uint32_t *boot, size_t n, double *out);

/* Mean of @x (n >= 2) with its Student t interval at @level. */
void mean_interval(const double *x, size_t n, double level,
		   double *mean, double *lo, double *hi);

struct welch {
	double diff;		/* mean(y) - mean(x) */
	double se, df;		/* its standard error, Welch-Satterthwaite df */
	double p;		/* two-sided */
	double lo, hi;		/* interval of diff at the level asked */
};

/* Welch's two-sample t test of y against x (both n >= 2). */
void welch_test(const double *x, size_t nx, const double *y, size_t ny, double level,
		struct welch *w);

/* Smallest |diff| a two-sided Welch test at @alpha detects with @power,
 * given the standard error and df of the comparison (INFINITY if se is
 * not finite). */
double welch_min_detectable(double se, double df, double alpha, double power);

#endif
