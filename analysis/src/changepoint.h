/* Change points in a series ordered by commit or kernel: binary
 * segmentation with a rank (Mann-Whitney) statistic over single splits and
 * inner runs (a change and its reversal), a permutation
 * test with a fixed seed, and a minimum segment length so that a single
 * spike is never a change point. Method: analysis/METHOD.md. */
#ifndef MHPB_CHANGEPOINT_H
#define MHPB_CHANGEPOINT_H

#include <stddef.h>
#include <stdint.h>

struct cp_params {
	unsigned min_seg;	/* points on each side of a change, >= 2 */
	double alpha;		/* permutation p at or below it: a change */
	unsigned max_perm;	/* permutations at most; fewer when p is clearly large */
	uint64_t seed;
};

struct change_point {
	size_t pos;		/* first index after the change */
	double p;		/* permutation p of the split that found it */
	double z;		/* standardised rank statistic: > 0 the values went up */
};

/* Change points of x[0..n-1] into @cps (at most @cap), by position.
 * Returns how many. */
size_t changepoints(const double *x, size_t n, const struct cp_params *prm,
		    struct change_point *cps, size_t cap);

#endif
