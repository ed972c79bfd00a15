/* select.c: which samples count, the metric and case names of
 * `mhpbench values`, and the summary built under the same rule. */
#include "check.h"
#include "fixture.h"
#include "select.h"
#include "summary.h"

/* Sample @i of @r with its map call changed by @how. */
enum tweak { T_WARMUP, T_FAILED, T_NOT_DONE, T_PROBES_OFF, T_UNBALANCED, T_MISSED };

static void tweak(struct sample *s, enum tweak how)
{
	switch (how) {
	case T_WARMUP:
		s->warmup = true;
		break;
	case T_FAILED:
		s->map.ok = false;
		s->map.err = 12;
		break;
	case T_NOT_DONE:
		s->map.done = false;
		break;
	case T_PROBES_OFF:
		s->probes_off = true;
		break;
	case T_UNBALANCED:
		s->map.unbalanced = true;
		break;
	case T_MISSED:
		s->map.probe_missed = 2;
		break;
	}
}

static void check_rule(void)
{
	static const struct { enum tweak how; enum call_use want; } cases[] = {
		{ T_WARMUP, CALL_SKIP }, { T_NOT_DONE, CALL_SKIP }, { T_FAILED, CALL_FAILED },
		{ T_PROBES_OFF, CALL_TOTAL_ONLY }, { T_UNBALANCED, CALL_NO_PHASES },
		{ T_MISSED, CALL_NO_PHASES },
	};
	struct result r;
	struct metric_ref total, phase;
	char err[128];
	double v;

	fixture_result(&r, -1, RUN_COMPLETE);
	CHECK(metric_ref_parse("map.total", &r.module, &total, err, sizeof(err)) == 0);
	CHECK(metric_ref_parse("map.arch_add", &r.module, &phase, err, sizeof(err)) == 0);
	CHECK(phase.fig == FIG_PHASE && phase.phase == MHPB_PH_MAP_ARCH_ADD);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sample s = r.samples[r.n_samples - 1];

		CHECK(select_call(&s, OP_MAP) == CALL_ALL);
		tweak(&s, cases[i].how);
		CHECK(select_call(&s, OP_MAP) == cases[i].want);
		/* a phase counts only from a call whose every figure counts */
		CHECK(select_value(&s, &phase, &v) == (cases[i].want == CALL_ALL));
		CHECK(select_value(&s, &total, &v) == (cases[i].want == CALL_NO_PHASES));
	}
	result_free(&r);
}

static void check_names(void)
{
	struct result r;
	struct metric_ref ref;
	struct case_filter f;
	struct bench_case c = { 2u << 20, 0, MHPB_PGMAP_GENERIC, 9, MEMMAP_PMEM };
	char err[160];

	fixture_result(&r, 0, RUN_COMPLETE);
	CHECK(metric_ref_parse("unmap.arch_remove", &r.module, &ref, err, sizeof(err)) == 0);
	CHECK(ref.op == OP_UNMAP && ref.phase == MHPB_PH_UNMAP_ARCH_REMOVE);
	CHECK(metric_ref_parse("unmap.total_probes_off", &r.module, &ref, err, sizeof(err)) == 0);
	CHECK(ref.fig == FIG_TOTAL_PROBES_OFF);
	/* names are per op: the map has no arch_remove */
	CHECK(metric_ref_parse("map.arch_remove", &r.module, &ref, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "no such figure or phase of the map");
	CHECK(metric_ref_parse("sparse_add", &r.module, &ref, err, sizeof(err)) == -1);
	CHECK(case_filter_parse("2M@0", &f, err, sizeof(err)) == 0 && case_filter_match(&f, &c));
	CHECK(case_filter_parse("2M@0,generic,shift=9,memmap=pmem", &f, err, sizeof(err)) == 0);
	CHECK(case_filter_match(&f, &c));
	CHECK(case_filter_parse("2M@0,fs_dax", &f, err, sizeof(err)) == 0 && !case_filter_match(&f, &c));
	CHECK(case_filter_parse("2M@2M", &f, err, sizeof(err)) == 0 && !case_filter_match(&f, &c));
	CHECK(case_filter_parse("2M", &f, err, sizeof(err)) == -1);
	CHECK(case_filter_parse("2M@0,shift=x", &f, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "shift=x");
	result_free(&r);
}

/* The summary leaves an unbalanced call's phases out, as compare does. */
static void check_summary_rule(void)
{
	struct result r;
	struct summary s;
	const struct sum_op *map;
	unsigned marked = 0;

	fixture_result(&r, -1, RUN_COMPLETE);
	/* two of the three: counted, their phases would make the median */
	for (size_t i = 0; i < r.n_samples && marked < 2; i++)
		if (!r.samples[i].warmup && r.samples[i].case_idx == 0) {
			r.samples[i].map.unbalanced = true;
			r.samples[i].map.phase_ns[MHPB_PH_MAP_ARCH_ADD] = 1;
			marked++;
		}
	CHECK(summary_build(&r, &s) == 0);
	map = &s.cases[0].op[OP_MAP];
	CHECK_U64(map->total.n, 3);	/* its total still counts */
	CHECK(map->n_phases > 0);
	for (unsigned i = 0; i < map->n_phases; i++)
		if (map->phases[i].index == MHPB_PH_MAP_ARCH_ADD)
			CHECK(map->phases[i].median == 200000);
	summary_free(&s);
	result_free(&r);
}

int main(void)
{
	printf("test_select: which samples count\n");
	SECTION("each kind of call gives what the rule says");
	check_rule();
	SECTION("metric and case names of mhpbench values");
	check_names();
	SECTION("the summary uses the rule");
	check_summary_rule();
	return check_report("test_select");
}
