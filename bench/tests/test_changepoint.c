/* changepoint.c on SYNTHETIC series (fixed seeds; not measurements): an
 * injected step is found within one position, flat noise and a single
 * spike give none. */
#include "changepoint.h"
#include "check.h"
#include "inference.h"

#include <math.h>
#include <stdlib.h>

#define LEN 30

static void series(struct rng *r, double *x, size_t n, double sd, size_t step, double factor)
{
	for (size_t i = 0; i < n; i++)
		x[i] = 1e6 * exp(sd * rng_normal(r)) * (i >= step ? factor : 1.0);
}

int main(void)
{
	struct cp_params prm = { 3, 0.001, 1999, 99 };
	struct change_point cps[LEN];
	struct rng r = { 424242 };
	double x[LEN];
	int flat_none = 0, step_found = 0, spike_none = 0, two_found = 0;
	const int flat_trials = 1000, step_trials = 100;

	printf("test_changepoint: binary segmentation on SYNTHETIC series\n");

	SECTION("a clean step at 15 of 30 is found exactly there, only there");
	for (size_t i = 0; i < LEN; i++)
		x[i] = i < 15 ? 1.0 + 0.001 * (double)(i % 3) : 2.0 + 0.001 * (double)(i % 3);
	CHECK(changepoints(x, LEN, &prm, cps, LEN) == 1 && cps[0].pos == 15);

	SECTION("flat lognormal noise (sd 0.1), 1000 series of 30: none in >= 99%");
	for (int t = 0; t < flat_trials; t++) {
		series(&r, x, LEN, 0.1, LEN, 1.0);
		flat_none += changepoints(x, LEN, &prm, cps, LEN) == 0;
	}
	printf("    no change point in %.1f%% of flat series\n", 100.0 * flat_none / flat_trials);
	CHECK(flat_none >= flat_trials * 99 / 100);

	SECTION("steps at 15 of 30 (sd 0.1): how often found within one position");
	for (int sd = 2; sd <= 4; sd++) {
		int hits = 0;

		for (int t = 0; t < step_trials; t++) {
			size_t k;
			int ok = 0;

			series(&r, x, LEN, 0.1, 15, exp(0.1 * sd));
			k = changepoints(x, LEN, &prm, cps, LEN);
			for (size_t i = 0; i < k; i++)
				ok |= cps[i].pos + 1 >= 15 && cps[i].pos <= 16;
			hits += ok;
		}
		printf("    %d sd step (%+.0f%%): found within +-1 in %.1f%%\n", sd,
		       100 * (exp(0.1 * sd) - 1), 100.0 * hits / step_trials);
		if (sd == 4)
			step_found = hits;
	}
	CHECK(step_found >= step_trials * 95 / 100);
	SECTION("two 5 sd steps (at 10 up, at 20 down): both found in >= 90%");
	for (int t = 0; t < step_trials; t++) {
		size_t k;
		int a = 0, b = 0;

		series(&r, x, LEN, 0.1, LEN, 1.0);
		for (size_t i = 10; i < 20; i++)
			x[i] *= exp(0.5);
		k = changepoints(x, LEN, &prm, cps, LEN);
		for (size_t i = 0; i < k; i++) {
			a |= cps[i].pos >= 9 && cps[i].pos <= 11;
			b |= cps[i].pos >= 19 && cps[i].pos <= 21;
		}
		two_found += a && b;
	}
	printf("    both found in %.1f%%\n", 100.0 * two_found / step_trials);
	CHECK(two_found >= step_trials * 90 / 100);

	SECTION("one 10x spike in flat noise is not a change point (>= 99%)");
	for (int t = 0; t < flat_trials; t++) {
		series(&r, x, LEN, 0.1, LEN, 1.0);
		x[3 + t % (LEN - 6)] *= 10;
		spike_none += changepoints(x, LEN, &prm, cps, LEN) == 0;
	}
	printf("    no change point in %.1f%% of spiked series\n", 100.0 * spike_none / flat_trials);
	CHECK(spike_none >= flat_trials * 99 / 100);

	SECTION("too short for two segments: none");
	CHECK(changepoints(x, 5, &prm, cps, LEN) == 0);
	return check_report("test_changepoint");
}
