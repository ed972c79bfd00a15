/* inference.c and compare_pair(): known values, then validation of the
 * verdict on SYNTHETIC data (fixed seeds; nothing here is a measurement):
 * the false-alarm rate of A/A comparisons and the detection rate of a 5%
 * shift at the default 10 repetitions. */
#include "check.h"
#include "compare.h"
#include "inference.h"

#include <math.h>

#define NEAR(a, b, eps) (fabs((a) - (b)) < (eps))
#define FAMILY 40	/* metrics per comparison, as in one case of the suite */
#define N 10		/* the default suite's repeat */

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* gamma(k = 2) by the sum of two exponentials, shifted: a right-skewed
 * time with a floor, like a kernel call with rare slow paths */
static double shifted_gamma(struct rng *r, double scale)
{
	return 1000 * (1 + scale * (-log(1 - rng_uniform(r)) - log(1 - rng_uniform(r))));
}

static void sample(struct rng *r, int shape, double sigma, double factor, double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v[i] = factor * (shape ? shifted_gamma(r, sigma) : 1e6 * exp(sigma * rng_normal(r)));
	qsort(v, n, sizeof(*v), cmp_d);
}

/* One comparison of FAMILY metrics; metric 0 shifted by @shift. Returns
 * the number of significant metrics; *hit tells if metric 0 was one. */
static unsigned one_comparison(struct rng *r, double sigma, double shift, size_t n, bool *hit)
{
	struct cmp_params prm = CMP_DEFAULTS;
	static struct cmp_cell cell[FAMILY];
	struct cmp_cell *fam[FAMILY];
	double a[2048], b[2048];
	unsigned sig = 0;

	prm.reps = 1;	/* the verdict does not use the bootstrap */
	for (int m = 0; m < FAMILY; m++) {
		int shape = m % 2;	/* half lognormal, half shifted gamma */

		sample(r, shape, sigma, 1.0, a, n);
		sample(r, shape, sigma, m == 0 ? 1.0 + shift : 1.0, b, n);
		compare_pair(a, n, b, n, &prm, FAMILY, (uint64_t)m, &cell[m]);
		fam[m] = &cell[m];
	}
	compare_decide(fam, FAMILY, prm.alpha);
	for (int m = 0; m < FAMILY; m++)
		sig += cell[m].sig;
	*hit = cell[0].sig;
	return sig;
}

static void known_values(void)
{
	double ten[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 }, tie[] = { 1, 1, 2, 2 };
	double lo, hi, cov, u, p[] = { 0.01, 0.04, 0.03, 0.5 }, adj[4];

	SECTION("normal quantiles and cdf");
	CHECK(NEAR(norm_quantile(0.975), 1.959963985, 1e-8));
	CHECK(NEAR(norm_quantile(0.8), 0.841621234, 1e-8));
	CHECK(NEAR(norm_quantile(1e-6), -4.753424309, 1e-7));
	CHECK(NEAR(norm_cdf(1.959963985), 0.975, 1e-9));

	SECTION("median interval, n=10: x(2)..x(9), coverage 97.85%");
	median_ci(ten, 10, 0.95, &lo, &hi, &cov);
	CHECK(lo == 2 && hi == 9 && NEAR(cov, 1 - 2 * 11.0 / 1024, 1e-12));
	SECTION("n=5 cannot reach 95%: [min, max], coverage 93.75%");
	median_ci(ten, 5, 0.95, &lo, &hi, &cov);
	CHECK(lo == 1 && hi == 5 && NEAR(cov, 0.9375, 1e-12));

	SECTION("Mann-Whitney: exact p of complete separation, 5 vs 5 = 2/252");
	CHECK(NEAR(mann_whitney_p(a, 5, b, 5, &u), 2.0 / 252, 1e-12) && u == 0);
	CHECK(NEAR(mann_whitney_p(b, 5, a, 5, &u), 2.0 / 252, 1e-12) && u == 25);
	CHECK(NEAR(mann_whitney_min_p(10, 10), 2.0 / 184756, 1e-15));
	SECTION("Mann-Whitney with ties: normal approximation, p < 1 and symmetric");
	CHECK(NEAR(mann_whitney_p(tie, 4, b, 5, NULL), mann_whitney_p(b, 5, tie, 4, NULL), 1e-12));
	CHECK(mann_whitney_p(tie, 4, tie, 4, NULL) == 1.0);

	SECTION("Holm: 0.01 0.04 0.03 0.5 -> 0.04 0.09 0.09 0.5");
	holm_adjust(p, 4, adj);
	CHECK(NEAR(adj[0], 0.04, 1e-12) && NEAR(adj[1], 0.09, 1e-12));
	CHECK(NEAR(adj[2], 0.09, 1e-12) && NEAR(adj[3], 0.5, 1e-12));

	SECTION("bootstrap of a ratio of 1.5 covers 1.5; same seed, same interval");
	{
		double x[] = { 10, 11, 12, 13, 14 }, y[] = { 15, 16.5, 18, 19.5, 21 }, l2, h2;

		CHECK(boot_ratio_ci(x, 5, y, 5, 2000, 7, 0.95, &lo, &hi) == 0);
		CHECK(lo <= 1.5 && hi >= 1.5 && lo > 1.0);
		boot_ratio_ci(x, 5, y, 5, 2000, 7, 0.95, &l2, &h2);
		CHECK(lo == l2 && hi == h2);
	}
}

int main(void)
{
	struct rng r = { 20241124 };
	const int trials = 1000;
	int any = 0, rows = 0, found = 0;
	bool hit;

	printf("test_inference: inference.c, then validation on SYNTHETIC data\n");
	known_values();

	SECTION("A/A: 1000 comparisons x 40 metrics, n=10, lognormal and shifted gamma");
	for (int t = 0; t < trials; t++) {
		unsigned s = one_comparison(&r, 0.13, 0.0, N, &hit);

		any += s > 0;
		rows += (int)s;
	}
	printf("    false alarms: %.2f%% of comparisons (any row), %.4f%% of rows\n",
	       100.0 * any / trials, 100.0 * rows / (trials * FAMILY));
	CHECK(any <= trials / 100);
	printf("    (family-wise alpha %.3f, Holm over the %d metrics)\n", CMP_ALPHA, FAMILY);

	/* TCG noise measured on 6.1 guests (robust sd of log time): ~0.05 for
	 * work phases, ~0.13 for totals. A 5% shift among 40 metrics at n=10
	 * needs sd <= ~0.0125: say so instead of pretending. */
	SECTION("5% shift, n=10, sd(log) 0.0125 (low noise): detected >= 95%");
	for (int t = 0; t < trials; t++) {
		one_comparison(&r, 0.0125, 0.05, N, &hit);
		found += hit;
	}
	printf("    detected: %.1f%% at sd 0.0125\n", 100.0 * found / trials);
	CHECK(found >= trials * 95 / 100);

	SECTION("5% shift at TCG noise: rate at n=10 and the n the method needs");
	for (int k = 0; k < 2; k++) {
		static const double sd[] = { 0.05, 0.13 };
		size_t n = 2;
		int at10 = 0, atn = 0;

		/* the smallest n whose detectable change at 95% power is 5% */
		while (n < 4096 && min_detectable_change(sd[k], n, n, CMP_ALPHA / FAMILY, 0.95) > 0.05)
			n++;

		for (int t = 0; t < 200; t++) {
			one_comparison(&r, sd[k], 0.05, N, &hit);
			at10 += hit;
			if (n <= 2048) {
				one_comparison(&r, sd[k], 0.05, n, &hit);
				atn += hit;
			}
		}
		printf("    sd %.2f: detected %.1f%% at n=10; n=%zu per side needed, detected %.1f%% there\n",
		       sd[k], 100.0 * at10 / 200, n, n <= 2048 ? 100.0 * atn / 200 : NAN);
		CHECK(n > 2048 || atn >= 180);
	}

	SECTION("the minimum detectable change is calibrated: ~80% power at MDE");
	{
		double sd = 0.05, mde = min_detectable_change(sd, 40, 40, CMP_ALPHA / FAMILY, 0.8);
		int det = 0;

		for (int t = 0; t < 500; t++) {
			one_comparison(&r, sd, mde, 40, &hit);
			det += hit;
		}
		printf("    MDE %.2f%% at sd 0.05, n=40: detected %.1f%% (target 80%%)\n",
		       100 * mde, 100.0 * det / 500);
		/* Noether's formula is conservative here: it claims a little more than needed */
		CHECK(det >= 500 * 75 / 100 && det <= 500 * 95 / 100);
		CHECK(isinf(min_detectable_change(sd, 3, 3, CMP_ALPHA / FAMILY, 0.8)));
	}
	return check_report("test_inference");
}
