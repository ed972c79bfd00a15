/* `mhpbench trend` in exact mode (instruction-clocked runs): change points
 * of deterministic metrics by compare's exact rule, without a p; units
 * and data files; wall-clock and varying metrics keep the rank method.
 * The runs are the fixture's, whose values are constant per case (so
 * every metric is deterministic unless a section makes it vary), one
 * boot each, ordered by kernel release. Verdicts are read from the JSON
 * report, not from the text. */
#include "check.h"
#include "compare.h"
#include "fixture.h"
#include "trend.h"

#include <math.h>
#include <unistd.h>

#define ICOUNT_ENV_FMT \
	"{\"kernel\":{\"release\":\"6.1.0-test-amd64\",\"version\":\"#1 SMP\"}," \
	"\"boot_id\":\"%s\",\"virtualization\":{\"hypervisor\":true,\"accel\":\"tcg\"," \
	"\"tcg_thread\":\"single\",\"clock\":\"icount\",\"icount_shift\":0,\"vcpus\":1}}"
#define WALL_ENV_FMT \
	"{\"kernel\":{\"release\":\"6.1.0-test-amd64\",\"version\":\"#1 SMP\"}," \
	"\"boot_id\":\"%s\",\"virtualization\":{\"hypervisor\":true,\"accel\":\"tcg\"}}"

#define MAX_RUNS 32
/* The fixture's cases: map add_pages moves in each of them */
#define NCASES 4

/* What one series of runs is: which clock, add_pages' factor per run,
 * and optionally a wait phase (map rcu_sync) that varies within each run
 * by @wait_jitter per repetition and is scaled by @wait_factor. */
struct trend_spec {
	bool icount;
	size_t n;
	double factor[MAX_RUNS];
	double wait_jitter;
	double wait_factor[MAX_RUNS];
};

/* Run @i of @sp: the fixture with add_pages (and the wait) scaled. */
static void make_run(struct result *r, const struct trend_spec *sp, size_t i)
{
	char env[512], boot[32];

	fixture_result(r, -1, RUN_COMPLETE);
	json_object_put(r->environment);
	snprintf(boot, sizeof(boot), "boot%zu", i);
	snprintf(env, sizeof(env), sp->icount ? ICOUNT_ENV_FMT : WALL_ENV_FMT, boot);
	r->environment = json_tokener_parse(env);
	for (size_t k = 0; k < r->n_samples; k++) {
		struct sample *s = &r->samples[k];
		uint64_t *ap = &s->map.phase_ns[MHPB_PH_MAP_ADD_PAGES];
		uint64_t *rs = &s->map.phase_ns[MHPB_PH_MAP_RCU_SYNC];
		double wf = sp->wait_factor[i] ? sp->wait_factor[i] : 1;

		*ap = (uint64_t)llround((double)*ap * sp->factor[i]);
		*rs = (uint64_t)llround((double)*rs * wf * (1 + sp->wait_jitter * s->rep));
		/* the fixture adds 1 us per repetition to the totals: an
		 * instruction-clocked run repeats exactly */
		s->map.total_ns -= 1000ULL * s->rep;
		s->map.work_ns -= 1000ULL * s->rep;
		s->unmap.total_ns -= 1000ULL * s->rep;
		s->unmap.work_ns -= 1000ULL * s->rep;
	}
}

/* The trend of @sp's runs, detected; releases 6.1.0 ... in run order. */
static int build(struct trend *t, const struct trend_spec *sp)
{
	struct trend_params prm = TREND_DEFAULTS;
	char err[256], name[32];

	memset(t, 0, sizeof(*t));
	t->prm = prm;
	t->runs = calloc(sp->n, sizeof(*t->runs));
	if (!t->runs)
		return -1;
	for (size_t i = 0; i < sp->n; i++) {
		struct result r;

		make_run(&r, sp, i);
		snprintf(name, sizeof(name), "run%zu.json", i);
		t->runs[i].arg = strdup(name);
		CHECK(pool_add(&t->runs[i], &r) == 0);
		pool_finish(&t->runs[i]);
		/* strverscmp order: 6.1.2 before 6.1.10 */
		snprintf(t->runs[i].release, sizeof(t->runs[i].release), "6.1.%zu", i);
		t->nr++;
		result_free(&r);
	}
	if (trend_order(t, NULL, err, sizeof(err)))
		return -1;
	return trend_detect(t);
}

static char *render(const struct trend *t, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (json)
		trend_print_json(m, t);
	else
		trend_print_text(m, t);
	fclose(m);
	return buf;
}

/* What a JSON report says, counted. */
struct tally {
	size_t metrics, exact_metrics, ncp;
	bool has_exact_metrics;
	size_t cp_other;	/* change points not in map add_pages */
	size_t cp_exact, cp_p_null, cp_at_step, cp_unit_instr, cp_unit_ns;
	size_t bad_numbers;	/* non-finite doubles anywhere */
	double max_p;		/* of the change points with a p */
	double change_min, change_max;
	char clock[16];
	bool det_spread;
};

static const char *str_of(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v) : "";
}

static void walk_numbers(json_object *o, struct tally *t)
{
	if (json_object_is_type(o, json_type_double) && !isfinite(json_object_get_double(o)))
		t->bad_numbers++;
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, key, val) {
			(void)key;
			walk_numbers(val, t);
		}
	}
	if (json_object_is_type(o, json_type_array))
		for (size_t i = 0; i < json_object_array_length(o); i++)
			walk_numbers(json_object_array_get_idx(o, i), t);
}

/* One change point; @step: the first run after the expected change. */
static void tally_cp(json_object *e, size_t step, struct tally *t)
{
	json_object *p = NULL, *v;
	double change;

	t->ncp++;
	t->cp_other += strcmp(str_of(e, "op"), "map") || strcmp(str_of(e, "metric"), "add_pages");
	t->cp_exact += !strcmp(str_of(e, "method"), "exact");
	t->cp_unit_instr += !strcmp(str_of(e, "unit"), "instructions");
	t->cp_unit_ns += !strcmp(str_of(e, "unit"), "ns");
	json_object_object_get_ex(e, "p", &p);
	if (!p)
		t->cp_p_null++;
	else if (json_object_get_double(p) > t->max_p)
		t->max_p = json_object_get_double(p);
	if (json_object_object_get_ex(e, "first_run_after", &v) &&
	    (size_t)json_object_get_int64(v) == step)
		t->cp_at_step++;
	json_object_object_get_ex(e, "change", &v);
	change = v ? json_object_get_double(v) : NAN;
	t->change_min = fmin(t->change_min, change);
	t->change_max = fmax(t->change_max, change);
}

static void tally_json(const char *s, size_t step, struct tally *t)
{
	json_object *o = json_tokener_parse(s), *m, *v, *cps;

	memset(t, 0, sizeof(*t));
	t->change_min = INFINITY;
	t->change_max = -INFINITY;
	CHECK(o != NULL);
	if (!o)
		return;
	walk_numbers(o, t);
	if (json_object_object_get_ex(o, "method", &m)) {
		snprintf(t->clock, sizeof(t->clock), "%s", str_of(m, "clock"));
		t->det_spread = json_object_object_get_ex(m, "det_spread", &v);
	}
	if (json_object_object_get_ex(o, "metrics", &v))
		t->metrics = (size_t)json_object_get_int64(v);
	t->has_exact_metrics = json_object_object_get_ex(o, "exact_metrics", &v);
	if (t->has_exact_metrics)
		t->exact_metrics = (size_t)json_object_get_int64(v);
	if (json_object_object_get_ex(o, "change_points", &cps))
		for (size_t i = 0; i < json_object_array_length(cps); i++)
			tally_cp(json_object_array_get_idx(cps, i), step, t);
	json_object_put(o);
}

/* Build, print JSON, count; the text report too, for its absence of
 * nonsense. Returns the JSON (free it). */
static char *run_trend(const struct trend_spec *sp, size_t step, struct tally *t)
{
	struct trend tr;
	char *json = NULL, *text;

	CHECK(build(&tr, sp) == 0);
	json = render(&tr, true);
	text = render(&tr, false);
	tally_json(json, step, t);
	CHECK(!strstr(text, "nan") && !strstr(text, "inf") && !strstr(text, "NaN"));
	free(text);
	trend_free(&tr);
	return json;
}

static void fill(struct trend_spec *sp, bool icount, size_t n, size_t step, double factor)
{
	memset(sp, 0, sizeof(*sp));
	sp->icount = icount;
	sp->n = n;
	for (size_t i = 0; i < n; i++)
		sp->factor[i] = i >= step ? factor : 1;
}

/* The work metrics of the runs, all exact in the A/A (set there). */
static size_t work_metrics;

static void exact_sections(void)
{
	struct trend_spec sp;
	struct tally t;
	char *out;

	SECTION("exact A/A: 6 identical runs: no change point, every work metric exact (waits and "
		"totals are virtual time: ranks), no NaN");
	fill(&sp, true, 6, 6, 1);
	out = run_trend(&sp, 0, &t);
	CHECK(t.ncp == 0 && t.bad_numbers == 0);
	CHECK(t.metrics > 10 && t.has_exact_metrics && t.exact_metrics > 10 &&
	      t.exact_metrics < t.metrics);
	work_metrics = t.exact_metrics;
	CHECK_STR(t.clock, "icount");
	CHECK(t.det_spread);
	CHECK_CONTAINS(out, "\"format_version\":2");
	free(out);

	SECTION("exact: +1% in add_pages after 3 of 6 runs: found there, exactly, in each case");
	fill(&sp, true, 6, 3, 1.01);
	out = run_trend(&sp, 3, &t);
	CHECK(t.ncp == NCASES && t.cp_other == 0 && t.cp_at_step == NCASES);
	CHECK(t.cp_exact == NCASES && t.cp_p_null == NCASES && t.cp_unit_instr == NCASES);
	CHECK(fabs(t.change_min - 0.01) < 1e-9 && fabs(t.change_max - 0.01) < 1e-9);
	CHECK(t.bad_numbers == 0 && t.exact_metrics == work_metrics);
	CHECK_CONTAINS(out, "\"last_run_before\":2");
	CHECK_CONTAINS(out, "\"median_before_ns\":150000");
	CHECK_CONTAINS(out, "\"median_after_ns\":151500");
	free(out);

	SECTION("exact: -1% after 5 of 12 runs: found there, better");
	fill(&sp, true, 12, 5, 0.99);
	out = run_trend(&sp, 5, &t);
	CHECK(t.ncp == NCASES && t.cp_other == 0 && t.cp_at_step == NCASES);
	CHECK(fabs(t.change_min + 0.01) < 1e-9 && t.cp_p_null == NCASES);
	free(out);

	SECTION("exact: a step up and back down, 3 runs each: both found");
	fill(&sp, true, 9, 3, 1.01);
	for (size_t i = 6; i < 9; i++)
		sp.factor[i] = 1;
	out = run_trend(&sp, 3, &t);
	CHECK(t.ncp == 2 * NCASES && t.cp_other == 0 && t.cp_at_step == NCASES);
	CHECK(t.cp_exact == 2 * NCASES && t.bad_numbers == 0);
	free(out);

}

/* What must not be a change point in exact mode. */
static void exact_none_sections(void)
{
	struct trend_spec sp;
	struct tally t;
	char *out;

	SECTION("exact: a +1% step with only 2 runs after it (min segment 3): none");
	fill(&sp, true, 5, 3, 1.01);
	out = run_trend(&sp, 3, &t);
	CHECK(t.ncp == 0 && t.bad_numbers == 0);
	free(out);

	SECTION("exact: a single-run +1% spike in 7 runs: none (the metric goes to the ranks)");
	fill(&sp, true, 7, 7, 1);
	sp.factor[3] = 1.01;
	out = run_trend(&sp, 3, &t);
	CHECK(t.ncp == 0 && t.bad_numbers == 0);
	CHECK(t.exact_metrics == work_metrics - NCASES);
	free(out);

	SECTION("exact: +0.03% after 3 of 6 (below the 0.1% floor): none");
	fill(&sp, true, 6, 3, 1.0003);
	out = run_trend(&sp, 3, &t);
	CHECK(t.ncp == 0 && t.exact_metrics == work_metrics);
	free(out);

	SECTION("exact: a drift of +0.05% a run over 10 runs: no step, none");
	fill(&sp, true, 10, 10, 1);
	for (size_t i = 0; i < 10; i++)
		sp.factor[i] = 1 + 0.0005 * (double)i;
	out = run_trend(&sp, 0, &t);
	CHECK(t.ncp == 0 && t.bad_numbers == 0);
	free(out);
}

static void varying_sections(void)
{
	static const double boot_shift[] = { 1, 1.01, 1.004, 1.012, 1.002, 1.008, 1.001, 1.011 };
	struct trend_spec sp;
	struct tally t;
	char *out;

	SECTION("exact: counts that shift from boot to boot by ~1%: ranks, no change point");
	fill(&sp, true, 8, 8, 1);
	memcpy(sp.factor, boot_shift, sizeof(boot_shift));
	out = run_trend(&sp, 0, &t);
	CHECK(t.ncp == 0 && t.bad_numbers == 0 && t.exact_metrics == work_metrics - NCASES);
	free(out);

	/* 20 runs: the permutation p of 10 against 10 is 1/2000 (max_perm);
	 * of 8 against 8 it is above alpha, as the 8 can sit anywhere */
	SECTION("exact: a wait varying within each run, stepping x2 after 10 of 20: ranks, with p");
	fill(&sp, true, 20, 20, 1);
	sp.wait_jitter = 0.02;
	for (size_t i = 10; i < 20; i++)
		sp.wait_factor[i] = 2;
	out = run_trend(&sp, 10, &t);
	CHECK(t.ncp == NCASES && t.cp_at_step == NCASES && t.cp_exact == 0);
	CHECK(t.cp_p_null == 0 && t.max_p <= 0.001 && t.cp_unit_ns == NCASES);
	CHECK(t.bad_numbers == 0);
	free(out);

	SECTION("exact: that wait stepping by 0.05% (below exact mode's resolution): none");
	for (size_t i = 10; i < 20; i++)
		sp.wait_factor[i] = 1.0005;
	out = run_trend(&sp, 10, &t);
	CHECK(t.ncp == 0 && t.bad_numbers == 0);
	free(out);

	SECTION("wall: the same 0.05% step is found (no resolution floor on wall clocks)");
	sp.icount = false;
	out = run_trend(&sp, 10, &t);
	CHECK(t.ncp == NCASES && t.cp_at_step == NCASES && t.cp_exact == 0);
	free(out);
}

static void wall_sections(void)
{
	struct trend_spec sp;
	struct tally t;
	char *out;

	SECTION("wall: +1% after 3 of 6: the rank method, which cannot see 3 against 3");
	fill(&sp, false, 6, 3, 1.01);
	out = run_trend(&sp, 3, &t);
	CHECK(t.ncp == 0 && !t.has_exact_metrics && !t.det_spread);
	CHECK_STR(t.clock, "wall");
	CHECK_CONTAINS(out, "\"icount_shift\":null");
	free(out);

	SECTION("wall: +1% after 10 of 20: found by ranks, with p, in ns");
	fill(&sp, false, 20, 10, 1.01);
	out = run_trend(&sp, 10, &t);
	CHECK(t.ncp == NCASES && t.cp_other == 0 && t.cp_at_step == NCASES);
	CHECK(t.cp_exact == 0 && t.cp_p_null == 0 && t.max_p <= 0.001);
	CHECK(t.cp_unit_ns == NCASES && t.bad_numbers == 0);
	free(out);
}

static void remove_dir(const char *dir)
{
	char path[512];
	FILE *idx;
	char line[256];

	snprintf(path, sizeof(path), "%s/trend-index.txt", dir);
	idx = fopen(path, "r");
	while (idx && fgets(line, sizeof(line), idx)) {
		line[strcspn(line, " ")] = 0;
		snprintf(path, sizeof(path), "%s/%s.dat", dir, line);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s-cp.dat", dir, line);
		unlink(path);
	}
	if (idx)
		fclose(idx);
	snprintf(path, sizeof(path), "%s/trend-index.txt", dir);
	unlink(path);
	rmdir(dir);
}

static void data_sections(void)
{
	char dir[] = "/tmp/mhpb-trend-XXXXXX";
	struct trend_spec sp;
	struct trend tr;
	char *dat, *cp;

	SECTION("data files: icount says its units; work in thousands of instructions");
	CHECK(mkdtemp(dir) != NULL);
	fill(&sp, true, 6, 3, 1.01);
	CHECK(build(&tr, &sp) == 0);
	CHECK(trend_write_data(&tr, dir) == 0);
	dat = slurp_in(dir, "trend-map-2M-0-generic.dat");
	cp = slurp_in(dir, "trend-map-2M-0-generic-cp.dat");
	CHECK_CONTAINS(dat, "# clock icount (shift 0): total and wait in virtual time (us), work "
		       "in thousands of instructions\n");
	CHECK_CONTAINS(dat, "\n# ylabel: median total and wait (virtual us), work (thousands of "
		       "instructions, icount)\n");
	/* fixture map: total 15 ms, wait 14 ms: work 1.00M instructions */
	CHECK_CONTAINS(dat, "\n0 15000 15000 15000 14000 1000 \"6.1.0\"\n");
	CHECK_CONTAINS(cp, "nan nan none\n");
	/* the +1% step in add_pages, a phase: its change point with the rest */
	CHECK_CONTAINS(cp, "2.5 1.00 add_pages\n");
	free(dat);
	free(cp);
	trend_free(&tr);
	remove_dir(dir);

	SECTION("data files: wall keeps its header");
	CHECK(mkdtemp(strcpy(dir, "/tmp/mhpb-trend-XXXXXX")) != NULL);
	fill(&sp, false, 6, 3, 1.01);
	CHECK(build(&tr, &sp) == 0);
	CHECK(trend_write_data(&tr, dir) == 0);
	dat = slurp_in(dir, "trend-map-2M-0-generic.dat");
	CHECK(dat && !strncmp(dat, "# run total_us lo_us hi_us wait_us work_us name\n", 48));
	CHECK(dat && !strstr(dat, "icount"));
	free(dat);
	trend_free(&tr);
	remove_dir(dir);
}

static void text_section(void)
{
	struct trend_spec sp;
	struct trend tr;
	char *out;

	SECTION("text: the clock and the rule in the header; an exact change in instructions");
	fill(&sp, true, 6, 3, 1.01);
	CHECK(build(&tr, &sp) == 0);
	out = render(&tr, false);
	CHECK_CONTAINS(out, "clock icount (shift 0): work metrics (work, work phases) in "
		       "instructions");
	CHECK_CONTAINS(out, "4 change points in ");
	CHECK_CONTAINS(out, "\n2M @+0 generic map add_pages: +1.00% *CHANGE* worse\n    150000 -> "
		       "151500, +1500 instructions, exact\n    between #2 6.1.2\n        and #3 6.1.3\n");
	free(out);
	trend_free(&tr);
}

int main(void)
{
	printf("test_trend_exact: trend of instruction-clocked runs: exact change points\n");
	exact_sections();
	exact_none_sections();
	varying_sections();
	wall_sections();
	data_sections();
	text_section();
	return check_report("test_trend_exact");
}
