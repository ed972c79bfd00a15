/* stats.c: type-7 quantiles. Expected values computed with numpy's
 * default (linear) method. */
#include "check.h"
#include "stats.h"

#include <math.h>

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

int main(void)
{
	double one[] = { 5 };
	double four[] = { 4, 1, 3, 2 };
	double ten[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	struct stats st;

	printf("test_stats: median and quartiles (type 7)\n");
	SECTION("n = 1");
	stats_describe(one, 1, &st);
	CHECK(st.n == 1 && NEAR(st.median, 5) && NEAR(st.q1, 5) && NEAR(st.q3, 5));

	SECTION("n = 4, unsorted input: median 2.5, Q1 1.75, Q3 3.25");
	stats_describe(four, 4, &st);
	CHECK(NEAR(st.median, 2.5));
	CHECK(NEAR(st.q1, 1.75));
	CHECK(NEAR(st.q3, 3.25));
	CHECK(NEAR(st.min, 1) && NEAR(st.max, 4));

	SECTION("n = 10: Q1 3.25, median 5.5, Q3 7.75, p90 9.1");
	stats_describe(ten, 10, &st);
	CHECK(NEAR(st.q1, 3.25));
	CHECK(NEAR(st.median, 5.5));
	CHECK(NEAR(st.q3, 7.75));
	CHECK(NEAR(stats_quantile_sorted(ten, 10, 0.9), 9.1));
	CHECK(NEAR(stats_quantile_sorted(ten, 10, 0.0), 1));
	CHECK(NEAR(stats_quantile_sorted(ten, 10, 1.0), 10));

	SECTION("n = 0 gives zeros");
	stats_describe(NULL, 0, &st);
	CHECK(st.n == 0 && st.median == 0);
	return check_report("test_stats");
}
