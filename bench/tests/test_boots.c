/* boots.c and compare_units(): known values, then validation on
 * SYNTHETIC data with two levels of noise, unit to unit (boot to boot, or
 * run to run within a boot) and sample to sample (fixed seeds; nothing here
 * is a measurement). Shows why the samples of different units must not be
 * pooled: testing them as independent raises false alarms in most A/A
 * comparisons, the unit-level test in <= 1%. */
#include "check.h"
#include "boots.h"
#include "compare.h"
#include "inference.h"

#include <math.h>
#include <stdlib.h>

#define NEAR(a, b, eps) (fabs((a) - (b)) < (eps))
#define FAMILY 40	/* metrics per comparison, as in one case of the suite */
#define PER_BOOT 10	/* the default suite's repeat */
#define MAX_V 4096

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct noise {
	double boot_sd;		/* sd of log time between boots */
	double sample_sd;	/* sd of log time within a boot */
	double mode;		/* > 1: each boot is in one of two modes this far apart */
};

/* One side: @boots boots of PER_BOOT values, each boot's values ascending,
 * the boot index in @tag; all values also ascending in @sorted. */
static size_t side(struct rng *r, const struct noise *nz, size_t boots, double factor,
		   double *v, uint32_t *tag, double *sorted)
{
	size_t n = 0;

	for (size_t b = 0; b < boots; b++) {
		double e = nz->boot_sd * rng_normal(r);

		if (nz->mode > 1 && rng_uniform(r) < 0.5)
			e += log(nz->mode);
		for (size_t j = 0; j < PER_BOOT; j++) {
			tag[n] = (uint32_t)b;
			v[n++] = factor * 1e5 * exp(e + nz->sample_sd * rng_normal(r));
		}
		qsort(v + n - PER_BOOT, PER_BOOT, sizeof(*v), cmp_d);
	}
	for (size_t i = 0; i < n; i++)
		sorted[i] = v[i];
	qsort(sorted, n, sizeof(*sorted), cmp_d);
	return n;
}

struct outcome {
	unsigned sig_boots, sig_pooled;	/* significant metrics, each method */
	bool hit_boots, hit_pooled;	/* metric 0 (the shifted one) significant */
};

/* One comparison of FAMILY metrics, @boots boots a side, metric 0 shifted
 * by @shift: the boot-level test and, for contrast, the pooled samples. */
static void one_comparison(struct rng *r, const struct noise *nz, size_t boots, double shift,
			   struct outcome *o)
{
	struct cmp_params prm = CMP_DEFAULTS;
	static struct cmp_cell cb[FAMILY], cp[FAMILY];
	struct cmp_cell *fb[FAMILY], *fp[FAMILY];
	static double va[MAX_V], vb[MAX_V], sa[MAX_V], sb[MAX_V], la[MAX_V], lb[MAX_V];
	static uint32_t ta[MAX_V], tb[MAX_V];

	for (int m = 0; m < FAMILY; m++) {
		size_t na = side(r, nz, boots, 1.0, va, ta, sa);
		size_t nb = side(r, nz, boots, m == 0 ? 1.0 + shift : 1.0, vb, tb, sb);
		size_t ba = unit_log_medians(va, ta, na, la);
		size_t bb = unit_log_medians(vb, tb, nb, lb);

		compare_units(la, ba, lb, bb, &prm, FAMILY, &cb[m]);
		/* the contrast: every sample taken as a unit of its own */
		for (size_t i = 0; i < na; i++)
			sa[i] = log(sa[i]);
		for (size_t i = 0; i < nb; i++)
			sb[i] = log(sb[i]);
		compare_units(sa, na, sb, nb, &prm, FAMILY, &cp[m]);
		fb[m] = &cb[m];
		fp[m] = &cp[m];
	}
	compare_decide(fb, FAMILY, prm.alpha);
	compare_decide(fp, FAMILY, prm.alpha);
	o->sig_boots = o->sig_pooled = 0;
	for (int m = 0; m < FAMILY; m++) {
		o->sig_boots += cb[m].sig;
		o->sig_pooled += cp[m].sig;
	}
	o->hit_boots = cb[0].sig;
	o->hit_pooled = cp[0].sig;
}

static void known_values(void)
{
	/* Welch on c(3,4,5,6,7,8) vs c(1,2,3,4,5), computed independently
	 * (mpmath, 30 digits): t = 2.401922, df = 8.989362, p = 0.0398031,
	 * 95% CI 0.1450474 4.8549526 */
	double x[] = { 1, 2, 3, 4, 5 }, y[] = { 3, 4, 5, 6, 7, 8 };
	double v[] = { 1, 2, 3, 10, 20, 30, 40, 100 }, lm[8];
	uint32_t tag[] = { 0, 0, 0, 1, 1, 1, 1, 0 };
	double mean, lo, hi;
	struct welch w;

	SECTION("Welch t test on 5 vs 6 values: p, df and interval to 7 digits");
	welch_test(x, 5, y, 6, 0.95, &w);
	CHECK(NEAR(w.diff, 2.5, 1e-12) && NEAR(w.se, 1.04083300, 1e-7));
	CHECK(NEAR(w.df, 8.98936170, 1e-7) && NEAR(w.p, 0.03980308, 1e-7));
	CHECK(NEAR(w.lo, 0.14504736, 1e-7) && NEAR(w.hi, 4.85495264, 1e-7));
	SECTION("Welch: identical values each side: p 1 if equal, 0 if not");
	welch_test(x, 1, x, 1, 0.95, &w);	/* n < 2 is the caller's to avoid */
	{
		double c1[] = { 2, 2, 2 }, c2[] = { 3, 3, 3 };

		welch_test(c1, 3, c1, 3, 0.95, &w);
		CHECK(w.p == 1);
		welch_test(c1, 3, c2, 3, 0.95, &w);
		CHECK(w.p == 0);
	}
	SECTION("mean interval of 1..5: 1.0367568 4.9632432");
	mean_interval(x, 5, 0.95, &mean, &lo, &hi);
	CHECK(NEAR(mean, 3, 1e-12) && NEAR(lo, 1.036757, 1e-6) && NEAR(hi, 4.963243, 1e-6));
	SECTION("log boot medians: boots in order of first appearance");
	CHECK(unit_log_medians(v, tag, 8, lm) == 2);
	CHECK(NEAR(lm[0], log(2.5), 1e-12) && NEAR(lm[1], log(25), 1e-12));
	SECTION("MDE: infinite without a standard error");
	CHECK(isinf(welch_min_detectable(NAN, 4, 0.05, 0.8)));
}

int main(void)
{
	struct rng r = { 20261125 };
	const int trials = 1000;
	/* between-boot sd of log medians seen on 6.1/6.12 TCG guests: median
	 * 0.04-0.08 over rows; within a boot ~0.15; vmemmap_free switches
	 * between modes ~8x apart from boot to boot */
	static const struct noise tcg = { 0.06, 0.15, 1 }, modes = { 0.06, 0.15, 8 };
	static const struct noise quiet = { 0.01, 0.03, 1 }, still = { 0.003, 0.01, 1 };
	struct outcome o;

	printf("test_boots: boots.c, then validation on SYNTHETIC two-level data\n");
	known_values();

	for (int k = 0; k < 2; k++) {
		const struct noise *nz = k ? &modes : &tcg;
		int any_b = 0, any_p = 0;

		SECTION(k ? "A/A, boots in two modes 8x apart: 1000 comparisons x 40 metrics, 5 boots x 10"
			  : "A/A, boot sd 0.06, sample sd 0.15: 1000 comparisons x 40 metrics, 5 boots x 10");
		for (int t = 0; t < trials; t++) {
			one_comparison(&r, nz, 5, 0.0, &o);
			any_b += o.sig_boots > 0;
			any_p += o.sig_pooled > 0;
		}
		printf("    false alarms (any row): boot-level %.1f%%, pooled samples %.1f%%\n",
		       100.0 * any_b / trials, 100.0 * any_p / trials);
		/* The t test assumes roughly normal log boot medians. With two
		 * modes it over-states its confidence when every boot of one side
		 * falls in one mode and every boot of the other in the other
		 * (2/32^2 per metric at 5 boots): a documented limit
		 * (analysis/METHOD.md), still far below pooling. */
		if (k == 0)
			CHECK(any_b <= trials / 100);
		else
			CHECK(any_b <= trials / 10 && any_b * 5 < any_p);
		/* the reason for the boot-level test: pooling fails A/A */
		CHECK(any_p > trials / 10);
	}

	SECTION("A/A, 2 units a side (the t test's least; compare asks 3): still <= 1%");
	{
		int any = 0;

		for (int t = 0; t < trials; t++) {
			one_comparison(&r, &tcg, 2, 0.0, &o);
			any += o.sig_boots > 0;
		}
		printf("    false alarms: %.1f%%\n", 100.0 * any / trials);
		CHECK(any <= trials / 100);
	}

	/* The default: make compare's 5 boots a side, 10 samples each. A 5%
	 * change among 40 metrics is seen >= 95% of the time only on a still
	 * machine; say how many boots noisier ones need instead of pretending. */
	SECTION("5% shift, 5 boots x 10 a side: detected >= 95% at boot sd 0.003, sample sd 0.01");
	{
		int found = 0;

		for (int t = 0; t < trials; t++) {
			one_comparison(&r, &still, 5, 0.05, &o);
			found += o.hit_boots;
		}
		printf("    detected: %.1f%%\n", 100.0 * found / trials);
		CHECK(found >= trials * 95 / 100);
	}
	SECTION("5% shift at noisier levels: detection with 5 boots, and the boots needed");
	for (int k = 0; k < 2; k++) {
		const struct noise *nz = k ? &tcg : &quiet;
		size_t boots = 2;
		int at5 = 0, atb = 0;
		/* per-boot variance of a log median: boot sd^2 + (pi/2) sd^2 / m */
		double sd = sqrt(nz->boot_sd * nz->boot_sd +
				 M_PI / 2 * nz->sample_sd * nz->sample_sd / PER_BOOT);

		while (boots < MAX_V / PER_BOOT &&
		       welch_min_detectable(sd * sqrt(2.0 / (double)boots), 2.0 * (double)boots - 2,
					    CMP_ALPHA / FAMILY, 0.95) > log(1.05))
			boots++;
		for (int t = 0; t < 200; t++) {
			one_comparison(&r, nz, 5, 0.05, &o);
			at5 += o.hit_boots;
			if (boots < MAX_V / PER_BOOT) {
				one_comparison(&r, nz, boots, 0.05, &o);
				atb += o.hit_boots;
			}
		}
		printf("    boot sd %.2f, sample sd %.2f: detected %.1f%% with 5 boots a side; "
		       "%zu boots a side needed for 95%%, detected %.1f%% there\n",
		       nz->boot_sd, nz->sample_sd, 100.0 * at5 / 200, boots, 100.0 * atb / 200);
		CHECK(boots >= MAX_V / PER_BOOT || atb >= 180);
	}

	SECTION("the boot-level MDE is calibrated: ~80% power at MDE, 10 boots a side");
	{
		double sd = sqrt(quiet.boot_sd * quiet.boot_sd +
				 M_PI / 2 * quiet.sample_sd * quiet.sample_sd / PER_BOOT);
		double mde = exp(welch_min_detectable(sd * sqrt(2.0 / 10), 18,
						      CMP_ALPHA / FAMILY, 0.8)) - 1;
		int det = 0;

		for (int t = 0; t < 500; t++) {
			one_comparison(&r, &quiet, 10, mde, &o);
			det += o.hit_boots;
		}
		printf("    MDE %.2f%%: detected %.1f%% (target 80%%)\n", 100 * mde, 100.0 * det / 500);
		CHECK(det >= 500 * 65 / 100 && det <= 500 * 95 / 100);
	}
	return check_report("test_boots");
}
