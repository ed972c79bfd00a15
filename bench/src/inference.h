/* Statistical inference on two samples of timings: intervals, the test,
 * multiplicity and the detectable effect. Pure functions, no I/O; the
 * reasons for each choice are in analysis/METHOD.md. */
#ifndef MHPB_INFERENCE_H
#define MHPB_INFERENCE_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64: small, seedable, good enough for resampling. */
struct rng {
	uint64_t s;
};
uint64_t rng_next(struct rng *r);
double rng_uniform(struct rng *r);		/* [0, 1) */
size_t rng_below(struct rng *r, size_t n);	/* [0, n) */
double rng_normal(struct rng *r);		/* N(0, 1) */
/* FNV-1a of @s, to derive a per-row seed independent of row order. */
uint64_t seed_of(const char *s, uint64_t base);

double norm_cdf(double z);
double norm_quantile(double p);		/* p in (0, 1) */

/* Distribution-free interval of the median of @sorted (ascending, n > 0):
 * order statistics x(k) and x(n-k+1) with k from Binomial(n, 1/2), the
 * narrowest pair whose coverage is at least @level. With too few values
 * for @level (n <= 5 at 95%) it is [min, max]; @coverage says what the
 * interval really covers either way. */
void median_ci(const double *sorted, size_t n, double level,
	       double *lo, double *hi, double *coverage);

/* Percentile bootstrap of median(b) / median(a), @reps resamples drawn
 * with @seed; a and b ascending. Large samples (> 400) draw the resample's
 * median rank from its normal limit instead of resampling all values.
 * Returns -1 (and NaN bounds) when a resampled median of @a is 0. */
int boot_ratio_ci(const double *a, size_t na, const double *b, size_t nb,
		  unsigned reps, uint64_t seed, double level, double *lo, double *hi);

/* Two-sided Mann-Whitney U test of a vs b. Exact null distribution when
 * there are no ties and both n <= 50; otherwise the normal approximation
 * with tie correction and continuity correction. Returns p (1 if either
 * sample is empty); @u gets U of a (count of pairs a > b, ties 1/2). */
double mann_whitney_p(const double *a, size_t na, const double *b, size_t nb, double *u);

/* The smallest p any outcome of Mann-Whitney can give with these sizes:
 * 2 / C(na + nb, na). */
double mann_whitney_min_p(size_t na, size_t nb);

/* Holm's step-down adjustment of @m p-values into @adj (may alias @p). */
void holm_adjust(const double *p, size_t m, double *adj);

/* Robust spread of log(x): 1.4826 * MAD of log(max(x, 1)). */
double log_spread(const double *x, size_t n);

/* Smallest relative change (0.05 = 5%) that a two-sided Mann-Whitney test
 * at @alpha detects with @power, for two samples of sizes na, nb whose log
 * values spread by @sigma (pooled log_spread): Noether's power formula for
 * a shift of normal log times. Returns INFINITY when no change can be
 * detected (even complete separation cannot reach @alpha). */
double min_detectable_change(double sigma, size_t na, size_t nb, double alpha, double power);

#endif
