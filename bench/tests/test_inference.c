/* inference.c: known values of the building blocks compare and trend use
 * (the interval of a median, Holm's adjustment, the generator). The
 * validation of the verdict on synthetic data is in test_boots.c. */
#include "check.h"
#include "inference.h"

#include <math.h>

#define NEAR(a, b, eps) (fabs((a) - (b)) < (eps))

int main(void)
{
	double ten[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	double lo, hi, cov, p[] = { 0.01, 0.04, 0.03, 0.5 }, adj[4];
	struct rng r = { 1 }, r2 = { 1 };
	double sum = 0, sum2 = 0;

	printf("test_inference: inference.c\n");
	SECTION("median interval, n=10: x(2)..x(9), coverage 97.85%");
	median_ci(ten, 10, 0.95, &lo, &hi, &cov);
	CHECK(lo == 2 && hi == 9 && NEAR(cov, 1 - 2 * 11.0 / 1024, 1e-12));
	SECTION("n=5 cannot reach 95%: [min, max], coverage 93.75%");
	median_ci(ten, 5, 0.95, &lo, &hi, &cov);
	CHECK(lo == 1 && hi == 5 && NEAR(cov, 0.9375, 1e-12));

	SECTION("Holm: 0.01 0.04 0.03 0.5 -> 0.04 0.09 0.09 0.5");
	holm_adjust(p, 4, adj);
	CHECK(NEAR(adj[0], 0.04, 1e-12) && NEAR(adj[1], 0.09, 1e-12));
	CHECK(NEAR(adj[2], 0.09, 1e-12) && NEAR(adj[3], 0.5, 1e-12));

	SECTION("generator: same seed, same stream; normal draws have mean 0, sd 1");
	CHECK(rng_next(&r) == rng_next(&r2));
	for (int i = 0; i < 100000; i++) {
		double z = rng_normal(&r);

		sum += z;
		sum2 += z * z;
	}
	CHECK(fabs(sum / 1e5) < 0.02 && fabs(sqrt(sum2 / 1e5) - 1) < 0.02);
	SECTION("row seeds depend on the row's name only");
	CHECK(seed_of("a/0/total", 7) == seed_of("a/0/total", 7));
	CHECK(seed_of("a/0/total", 7) != seed_of("a/0/work", 7));
	return check_report("test_inference");
}
