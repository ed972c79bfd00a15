/* Statistical building blocks: a seedable generator, the interval of a
 * median, multiplicity. Pure functions, no I/O; the
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

/* Distribution-free interval of the median of @sorted (ascending, n > 0):
 * order statistics x(k) and x(n-k+1) with k from Binomial(n, 1/2), the
 * narrowest pair whose coverage is at least @level. With too few values
 * for @level (n <= 5 at 95%) it is [min, max]; @coverage says what the
 * interval really covers either way. */
void median_ci(const double *sorted, size_t n, double level,
	       double *lo, double *hi, double *coverage);

/* Holm's step-down adjustment of @m p-values into @adj (may alias @p). */
void holm_adjust(const double *p, size_t m, double *adj);

#endif
