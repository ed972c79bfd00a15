/* Statistical inference on two samples of timings (see inference.h). */
#include "inference.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

size_t rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_uniform(r) * (double)n);
}

double rng_normal(struct rng *r)
{
	/* Box-Muller; one of the pair is enough here */
	double u1 = 1.0 - rng_uniform(r), u2 = rng_uniform(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

uint64_t seed_of(const char *s, uint64_t base)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ base;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

double norm_cdf(double z)
{
	return 0.5 * erfc(-z / M_SQRT2);
}

/* Acklam's rational approximation, polished by one Halley step. */
double norm_quantile(double p)
{
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
		2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
		2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
		2.445134137142996e+00, 3.754408661907416e+00 };
	double q, r, x, e, u;

	if (p <= 0.0)
		return -INFINITY;
	if (p >= 1.0)
		return INFINITY;
	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else if (p > 1 - 0.02425) {
		q = sqrt(-2 * log(1 - p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	e = norm_cdf(x) - p;
	u = e * sqrt(2 * M_PI) * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

void median_ci(const double *sorted, size_t n, double level,
	       double *lo, double *hi, double *coverage)
{
	/* cdf of Binomial(n, 1/2) at k-1, in logs: n may be large */
	double tail = (1.0 - level) / 2, cdf = 0, logpmf = -(double)n * M_LN2;
	size_t k = 0;

	for (size_t j = 0; j < n / 2; j++) {
		double next = cdf + exp(logpmf);

		if (next > tail)
			break;
		cdf = next;
		k = j + 1;	/* P(B <= k-1) = cdf <= tail: x(k) is a lower bound */
		logpmf += log((double)(n - j)) - log((double)(j + 1));
	}
	if (k == 0) {
		*lo = sorted[0];
		*hi = sorted[n - 1];
		*coverage = 1.0 - 2.0 * exp(-(double)n * M_LN2);
		return;
	}
	*lo = sorted[k - 1];
	*hi = sorted[n - k];
	*coverage = 1.0 - 2.0 * cdf;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* k-th smallest of v[0..n-1] (Wirth's selection): afterwards every value
 * before index k is <= v[k] and every value after it is >= v[k]. */
static double select_kth(double *v, size_t n, size_t k)
{
	long l = 0, m = (long)n - 1, kk = (long)k;

	while (l < m) {
		double x = v[kk];
		long i = l, j = m;

		do {
			while (v[i] < x)
				i++;
			while (x < v[j])
				j--;
			if (i <= j) {
				double t = v[i];

				v[i++] = v[j];
				v[j--] = t;
			}
		} while (i <= j);
		if (j < kk)
			l = i;
		if (kk < i)
			m = j;
	}
	return v[k];
}

/* Median (type 7) of one bootstrap resample of @x. */
static double boot_median(const double *x, size_t n, double *buf, struct rng *r)
{
	double m;

	if (n > 400) {
		/* the resample median's rank is ~ N(n/2, n/4) around the
		 * middle order statistic: draw the rank, not n values */
		double j = (double)(n - 1) / 2 + rng_normal(r) * sqrt((double)n) / 2;

		if (j < 0)
			j = 0;
		if (j > (double)(n - 1))
			j = (double)(n - 1);
		return x[(size_t)lround(j)];
	}
	for (size_t i = 0; i < n; i++)
		buf[i] = x[rng_below(r, n)];
	m = select_kth(buf, n, n / 2);
	if (n % 2 == 0) {
		/* the lower middle is the largest of the lower half */
		double low = buf[0];

		for (size_t i = 1; i < n / 2; i++)
			if (buf[i] > low)
				low = buf[i];
		m = (m + low) / 2;
	}
	return m;
}

int boot_ratio_ci(const double *a, size_t na, const double *b, size_t nb,
		  unsigned reps, uint64_t seed, double level, double *lo, double *hi)
{
	struct rng r = { seed };
	double *buf = malloc(sizeof(double) * ((na > nb ? na : nb) + 1));
	double *ratio = malloc(sizeof(double) * (reps + 1));
	int rc = 0;

	*lo = *hi = NAN;
	if (!buf || !ratio || !na || !nb || !reps) {
		free(buf);
		free(ratio);
		return -1;
	}
	for (unsigned i = 0; i < reps && !rc; i++) {
		double ma = boot_median(a, na, buf, &r);
		double mb = boot_median(b, nb, buf, &r);

		if (ma <= 0)
			rc = -1;
		else
			ratio[i] = mb / ma;
	}
	if (!rc) {
		qsort(ratio, reps, sizeof(*ratio), cmp_double);
		*lo = stats_quantile_sorted(ratio, reps, (1 - level) / 2);
		*hi = stats_quantile_sorted(ratio, reps, 1 - (1 - level) / 2);
	}
	free(buf);
	free(ratio);
	return rc;
}

/* Mid-rank sum of a in the pooled sample, and sum of t^3 - t over ties. */
struct ranked {
	double v;
	int from_a;
};

static int cmp_ranked(const void *x, const void *y)
{
	return cmp_double(&((const struct ranked *)x)->v, &((const struct ranked *)y)->v);
}

/* P(U <= u) for sizes m, n without ties: U's distribution is the
 * coefficients of the Gaussian binomial [m+n choose m]_q. */
static double exact_cdf(size_t m, size_t n, double u)
{
	size_t top = m * n;
	double *c = calloc(top + 1, sizeof(*c)), below = 0, all = 0;

	if (!c)
		return NAN;
	c[0] = 1;
	for (size_t i = 1; i <= m; i++) {
		/* times (1 - q^(n+i)), then divided by (1 - q^i) */
		for (size_t k = top; k >= n + i; k--)
			c[k] -= c[k - (n + i)];
		for (size_t k = i; k <= top; k++)
			c[k] += c[k - i];
	}
	for (size_t k = 0; k <= top; k++) {
		all += c[k];
		if ((double)k <= u + 1e-9)
			below += c[k];
	}
	free(c);
	return below / all;
}

double mann_whitney_p(const double *a, size_t na, const double *b, size_t nb, double *u)
{
	size_t n = na + nb;
	struct ranked *x;
	double ra = 0, ties = 0, ua, mu, var, z, p;

	if (u)
		*u = NAN;
	if (!na || !nb)
		return 1.0;
	x = malloc(n * sizeof(*x));
	if (!x)
		return 1.0;
	for (size_t i = 0; i < na; i++)
		x[i] = (struct ranked){ a[i], 1 };
	for (size_t i = 0; i < nb; i++)
		x[na + i] = (struct ranked){ b[i], 0 };
	qsort(x, n, sizeof(*x), cmp_ranked);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double mid, t;

		while (j + 1 < n && x[j + 1].v == x[i].v)
			j++;
		mid = (double)(i + j) / 2 + 1;
		t = (double)(j - i + 1);
		ties += t * t * t - t;
		for (size_t k = i; k <= j; k++)
			if (x[k].from_a)
				ra += mid;
		i = j + 1;
	}
	free(x);
	ua = ra - (double)na * (double)(na + 1) / 2;
	if (u)
		*u = ua;
	mu = (double)na * (double)nb / 2;
	if (ties == 0 && na <= 50 && nb <= 50) {
		double lo = exact_cdf(na, nb, ua);
		double hi = 1.0 - exact_cdf(na, nb, ua - 1);

		p = 2 * (lo < hi ? lo : hi);
		return p > 1 ? 1 : p;
	}
	var = (double)na * (double)nb / 12 *
	      ((double)(n + 1) - ties / ((double)n * (double)(n - 1)));
	if (var <= 0)
		return 1.0;	/* every value equal */
	z = (fabs(ua - mu) - 0.5) / sqrt(var);
	if (z < 0)
		z = 0;
	p = 2 * norm_cdf(-z);
	return p > 1 ? 1 : p;
}

double mann_whitney_min_p(size_t na, size_t nb)
{
	/* 2 / C(na+nb, na), in logs */
	double l = lgamma((double)(na + nb + 1)) - lgamma((double)(na + 1)) -
		   lgamma((double)(nb + 1));

	return fmin(1.0, 2.0 * exp(-l));
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *x, const void *y)
{
	return cmp_double(&((const struct pidx *)x)->p, &((const struct pidx *)y)->p);
}

void holm_adjust(const double *p, size_t m, double *adj)
{
	struct pidx *s = malloc(m * sizeof(*s) + 1);
	double run = 0;

	if (!s)
		return;
	for (size_t i = 0; i < m; i++)
		s[i] = (struct pidx){ p[i], i };
	qsort(s, m, sizeof(*s), cmp_pidx);
	for (size_t k = 0; k < m; k++) {
		double v = fmin(1.0, (double)(m - k) * s[k].p);

		run = fmax(run, v);
		adj[s[k].i] = run;
	}
	free(s);
}

double log_spread(const double *x, size_t n)
{
	double *l = malloc((n + 1) * sizeof(*l)), med, s;

	if (!l || n < 2) {
		free(l);
		return NAN;
	}
	for (size_t i = 0; i < n; i++)
		l[i] = log(fmax(x[i], 1.0));
	qsort(l, n, sizeof(*l), cmp_double);
	med = stats_quantile_sorted(l, n, 0.5);
	for (size_t i = 0; i < n; i++)
		l[i] = fabs(l[i] - med);
	qsort(l, n, sizeof(*l), cmp_double);
	s = 1.4826 * stats_quantile_sorted(l, n, 0.5);
	free(l);
	return s;
}

double min_detectable_change(double sigma, size_t na, size_t nb, double alpha, double power)
{
	double z, excess, na_ = (double)na, nb_ = (double)nb;

	if (!na || !nb || !(sigma >= 0) || mann_whitney_min_p(na, nb) > alpha)
		return INFINITY;
	/* Noether: the test detects P(B > A) - 1/2 >= z / sqrt(12 na nb / N);
	 * for a shift d of normal log times P(B > A) = Phi(d / (sigma sqrt 2)) */
	z = norm_quantile(1 - alpha / 2) + norm_quantile(power);
	excess = z / sqrt(12 * na_ * nb_ / (na_ + nb_));
	if (excess >= 0.5)
		return INFINITY;
	return exp(sigma * M_SQRT2 * norm_quantile(0.5 + excess)) - 1;
}
