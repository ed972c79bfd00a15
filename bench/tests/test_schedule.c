/* schedule.c: warmups first, reproducible shuffles. */
#include "kind.h"
#include "check.h"
#include "schedule.h"

int main(void)
{
	struct suite s;
	char err[256];
	struct planned *a, *b;
	size_t na, nb, counts[4][3] = { { 0 } };
	uint64_t st = 0;
	int differs = 0;

	printf("test_schedule: sample order\n");
	SECTION("splitmix64 reference values (seed 0)");
	CHECK_U64(splitmix64(&st), 0xe220a8397b1dcdafULL);
	CHECK_U64(splitmix64(&st), 0x6e789e6aa1b965f4ULL);

	CHECK(suite_parse("t", "name t\nsizes 2M 4M\noffsets 0 2M\nrepeat 3\nwarmup 2\nseed 7\n", kind_suite_rules,
			  &s, err, sizeof(err)) == 0);
	a = schedule_build(&s, &na);
	b = schedule_build(&s, &nb);
	SECTION("4 cases x (2 warmups + 3 reps), warmups first and in case order");
	CHECK_U64(na, 20);
	for (size_t i = 0; i < 8; i++)
		CHECK(a[i].warmup && a[i].case_idx == i / 2 && a[i].rep == i % 2);
	SECTION("every measured (case, rep) exactly once; same seed, same order");
	for (size_t i = 8; i < na; i++) {
		CHECK(!a[i].warmup);
		if (a[i].case_idx < 4 && a[i].rep < 3)
			counts[a[i].case_idx][a[i].rep]++;
		CHECK(a[i].case_idx == b[i].case_idx && a[i].rep == b[i].rep);
		differs |= a[i].case_idx != (i - 8) / 3;
	}
	for (int c = 0; c < 4; c++)
		for (int r = 0; r < 3; r++)
			CHECK_U64(counts[c][r], 1);
	CHECK(differs);	/* shuffled: not in case order */
	free(a);
	free(b);

	SECTION("sequential order keeps case order");
	s.order = ORDER_SEQUENTIAL;
	a = schedule_build(&s, &na);
	for (size_t i = 8; i < na; i++)
		CHECK(a[i].case_idx == (i - 8) / 3 && a[i].rep == (i - 8) % 3);
	free(a);
	suite_free(&s);

	SECTION("spacing: 50 ms plus uniform [0, 20) ms, reproducible");
	CHECK(suite_parse("t", "name t\nsizes 2M\nseed 7\n", kind_suite_rules, &s, err, sizeof(err)) == 0);
	{
		/* 20 ms is a whole number of ticks at HZ 100, 250, 300 and 1000,
		 * so the phase of the draw in a tick must be uniform too */
		unsigned bins[20] = { 0 }, ph250[8] = { 0 }, lo = UINT32_MAX, hi = 0;
		uint64_t s1 = s.seed ^ SPACING_JITTER_STREAM, s2 = s1, min = UINT64_MAX, max = 0;
		int same = 1;

		for (int i = 0; i < 20000; i++) {
			uint64_t ns = spacing_ns(&s, &s1);

			same &= ns == spacing_ns(&s, &s2);
			min = ns < min ? ns : min;
			max = ns > max ? ns : max;
			bins[(ns - 50000000ULL) / 1000000ULL % 20]++;
			ph250[ns % 4000000ULL / 500000ULL]++;
		}
		CHECK(same);
		CHECK(min >= 50000000ULL && max < 70000000ULL);
		CHECK(min < 50100000ULL && max > 69900000ULL);
		for (int i = 0; i < 20; i++) {
			lo = bins[i] < lo ? bins[i] : lo;
			hi = bins[i] > hi ? bins[i] : hi;
		}
		/* 1000 expected per bin, sd about 31 */
		CHECK(lo > 880 && hi < 1120);
		for (int i = 0; i < 8; i++)
			CHECK(ph250[i] > 2300 && ph250[i] < 2700);
	}
	SECTION("no jitter: exactly spacing_ms; back-to-back: no sleep");
	s.spacing_jitter_ms = 0;
	CHECK_U64(spacing_ns(&s, &st), 50000000ULL);
	s.spacing_ms = 0;
	s.spacing_jitter_ms = 20;
	CHECK_U64(spacing_ns(&s, &st), 0);
	suite_free(&s);
	return check_report("test_schedule");
}
