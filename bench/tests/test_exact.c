/* Exact mode (instruction-clocked guests): the clock in the environment,
 * instruction counts in the summary and the reports, the exact design of
 * compare for deterministic rows, and the refusal to mix clocks. The
 * runs are the fixture's, whose timings are constant per case (within
 * 0.02%: deterministic by the rule), in boots named here. Verdicts are
 * read from the JSON report, not from the text. */
#include "analyze_cmd.h"
#include "check.h"
#include "compare_data.h"
#include "compare_report.h"
#include "env.h"
#include "fixture.h"
#include "result.h"
#include "summary.h"
#include "trend.h"
#include "units.h"

#include <math.h>
#include <unistd.h>


/* The fixture run in environment @env, map phase @phase scaled by
 * @factor in every measured sample (its parents and totals untouched:
 * only that row moves). */
static void make_run(struct result *r, const char *env, uint32_t phase, double factor)
{
	fixture_result(r, -1, RUN_COMPLETE);
	json_object_put(r->environment);
	r->environment = json_tokener_parse(env);
	for (size_t i = 0; i < r->n_samples; i++) {
		struct sample *s = &r->samples[i];

		s->map.phase_ns[phase] = (uint64_t)llround((double)s->map.phase_ns[phase] * factor);
		/* the fixture adds 1 us per repetition to the totals: an
		 * instruction-clocked run repeats exactly */
		s->map.total_ns -= 1000ULL * s->rep;
		s->map.work_ns -= 1000ULL * s->rep;
		s->unmap.total_ns -= 1000ULL * s->rep;
		s->unmap.work_ns -= 1000ULL * s->rep;
	}
}

static int add(struct pool *p, const char *env, uint32_t phase, double factor)
{
	struct result r;
	int rc;

	make_run(&r, env, phase, factor);
	rc = pool_add(p, &r);
	result_free(&r);
	return rc;
}

static char *render(const struct comparison *cmp, enum report_format f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	compare_print(m, cmp, f);
	fclose(m);
	return buf;
}

struct tally {
	size_t rows, exact, sig, sig_other, bad_numbers, zero_p;
	size_t counts;		/* rows of counts (work), the rest virtual ns */
	size_t exact_ns;	/* rows in ns decided exactly: none may be */
	char sig_metric[64];
	const char *work_unit, *wait_unit;	/* of map add_pages, map rcu_sync */
};

static void tally_cell(json_object *row, json_object *cell, struct tally *t)
{
	json_object *v;

	if (json_object_object_get_ex(cell, "design", &v) &&
	    !strcmp(json_object_get_string(v), "exact")) {
		t->exact++;
		json_object_object_get_ex(row, "unit", &v);
		t->exact_ns += v && !strcmp(json_object_get_string(v), "ns");
	}
	if (json_object_object_get_ex(cell, "significant", &v) && json_object_get_boolean(v)) {
		t->sig++;
		json_object_object_get_ex(row, "metric", &v);
		t->sig_other += strcmp(json_object_get_string(v), "add_pages") != 0;
		snprintf(t->sig_metric, sizeof(t->sig_metric), "%s", json_object_get_string(v));
	}
	/* a number in the report is finite, and p is never 0 */
	json_object_object_foreach(cell, key, val) {
		if (json_object_is_type(val, json_type_double) &&
		    !isfinite(json_object_get_double(val)))
			t->bad_numbers++;
		if (!strcmp(key, "p") && val && json_object_get_double(val) == 0)
			t->zero_p++;
	}
}

/* Count the B cells of the JSON report @s. */
static void tally_json(const char *s, struct tally *t)
{
	json_object *o = json_tokener_parse(s), *rows = NULL, *v;

	memset(t, 0, sizeof(*t));
	if (!o || !json_object_object_get_ex(o, "rows", &rows)) {
		json_object_put(o);
		return;
	}
	for (size_t i = 0; i < json_object_array_length(rows); i++) {
		json_object *row = json_object_array_get_idx(rows, i), *cells, *op, *metric;

		json_object_object_get_ex(row, "cells", &cells);
		json_object_object_get_ex(row, "op", &op);
		json_object_object_get_ex(row, "metric", &metric);
		json_object_object_get_ex(row, "unit", &v);
		if (!strcmp(json_object_get_string(op), "map") &&
		    !strcmp(json_object_get_string(metric), "add_pages"))
			t->work_unit = v ? json_object_get_string(v) : NULL;
		if (!strcmp(json_object_get_string(op), "map") &&
		    !strcmp(json_object_get_string(metric), "rcu_sync"))
			t->wait_unit = v ? json_object_get_string(v) : NULL;
		t->counts += v && strcmp(json_object_get_string(v), "ns");
		tally_cell(row, json_object_array_get_idx(cells, 1), t);
		t->rows++;
	}
	/* keep the unit strings alive: copy them into static storage */
	{
		static char wu[32], wa[32];

		snprintf(wu, sizeof(wu), "%s", t->work_unit ? t->work_unit : "");
		snprintf(wa, sizeof(wa), "%s", t->wait_unit ? t->wait_unit : "");
		t->work_unit = wu;
		t->wait_unit = wa;
	}
	json_object_put(o);
}

/* Pools A and B of @boots boots each, B's add_pages scaled by @factor;
 * @env_of gives each boot's environment. Returns the JSON report. */
static char *compare_json(const char *const *envs_a, const char *const *envs_b, size_t boots,
			  double factor, struct tally *t)
{
	const struct cmp_params prm = CMP_DEFAULTS;
	struct pool pools[2];
	struct comparison cmp;
	char *out;

	memset(pools, 0, sizeof(pools));
	for (size_t b = 0; b < boots; b++) {
		CHECK(add(&pools[0], envs_a[b], MHPB_PH_MAP_ADD_PAGES, 1) == 0);
		CHECK(add(&pools[1], envs_b[b], MHPB_PH_MAP_ADD_PAGES, factor) == 0);
	}
	pool_finish(&pools[0]);
	pool_finish(&pools[1]);
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	out = render(&cmp, FORMAT_JSON);
	tally_json(out, t);
	compare_free(&cmp);
	pool_free(&pools[0]);
	pool_free(&pools[1]);
	return out;
}

static void env_sections(void)
{
	struct env_clockinfo ci;
	json_object *env;
	char buf[128];

	SECTION("env: mhpbench.clock= and mhpbench.icount_shift= of the command line");
	env_clock_from_cmdline("ro mhpbench.accel=tcg mhpbench.clock=icount mhpbench.icount_shift=0", &ci);
	CHECK(ci.clock == ENV_CLOCK_ICOUNT && ci.shift == 0);
	env_clock_from_cmdline("mhpbench.icount_shift=3 mhpbench.clock=icount", &ci);
	CHECK(ci.clock == ENV_CLOCK_ICOUNT && ci.shift == 3);
	env_clock_from_cmdline("mhpbench.clock=wall", &ci);
	CHECK(ci.clock == ENV_CLOCK_WALL && ci.shift == -1);
	env_clock_from_cmdline("quiet", &ci);
	CHECK(ci.clock == ENV_CLOCK_WALL && ci.shift == -1);
	env_clock_from_cmdline(NULL, &ci);
	CHECK(ci.clock == ENV_CLOCK_WALL);
	env_clock_from_cmdline("mhpbench.clock=icount mhpbench.icount_shift=x", &ci);
	CHECK(ci.clock == ENV_CLOCK_ICOUNT && ci.shift == -1);

	SECTION("env: the recorded clock, and files without it read as wall");
	env = json_tokener_parse(ICOUNT_ENV("b1"));
	env_clock_read(env, &ci);
	CHECK(ci.clock == ENV_CLOCK_ICOUNT && ci.shift == 0);
	env_describe(env, buf, sizeof(buf));
	CHECK_STR(buf, "TCG guest (single-threaded), instruction-clocked (icount shift 0), 1 vCPU");
	json_object_put(env);
	env = json_tokener_parse(WALL_ENV("b1"));
	env_clock_read(env, &ci);
	CHECK(ci.clock == ENV_CLOCK_WALL && ci.shift == -1);
	env_describe(env, buf, sizeof(buf));
	CHECK_STR(buf, "TCG guest");
	json_object_put(env);

	SECTION("env_capture records clock, icount_shift and vcpus (a host: wall)");
	env = env_capture(NULL);
	{
		json_object *virt = NULL, *v = NULL;

		CHECK(json_object_object_get_ex(env, "virtualization", &virt));
		CHECK(json_object_object_get_ex(virt, "clock", &v));
		CHECK(v && json_object_is_type(v, json_type_string));
		CHECK(json_object_object_get_ex(virt, "icount_shift", &v));
		CHECK(json_object_object_get_ex(virt, "vcpus", &v) && json_object_get_int(v) >= 1);
	}
	json_object_put(env);

	SECTION("units: instruction counts with k, M suffixes");
	format_count(13593, buf, sizeof(buf));
	CHECK_STR(buf, "13.6k");
	format_count(1.4e6, buf, sizeof(buf));
	CHECK_STR(buf, "1.40M");
	format_count(830, buf, sizeof(buf));
	CHECK_STR(buf, "830");
	format_count(12.34, buf, sizeof(buf));
	CHECK_STR(buf, "12.3");
	format_count_in(13593, 1.4e6, buf, sizeof(buf));
	CHECK_STR(buf, "0.01M");
	format_figure(13593, FIGURE_INSTRUCTIONS, 1, buf, sizeof(buf));
	CHECK_STR(buf, "6.80k");
	format_figure(13593, FIGURE_NS, 0, buf, sizeof(buf));
	CHECK_STR(buf, "13.6 us");
}

static void compare_sections(void)
{
	static const char *const ia[] = { ICOUNT_ENV("a1"), ICOUNT_ENV("a2") };
	static const char *const ib[] = { ICOUNT_ENV("b1"), ICOUNT_ENV("b2") };
	static const char *const wa[] = { WALL_ENV("a1"), WALL_ENV("a2"), WALL_ENV("a3") };
	static const char *const wb[] = { WALL_ENV("b1"), WALL_ENV("b2"), WALL_ENV("b3") };
	struct tally t;
	char *out;

	SECTION("exact: identical deterministic data, 2 boots a side: every work row exact, none "
		"flagged; waits and totals (virtual time) never exact");
	out = compare_json(ia, ib, 2, 1, &t);
	CHECK(t.counts > 10 && t.counts < t.rows && t.exact == t.counts && t.exact_ns == 0);
	CHECK(t.sig == 0 && t.bad_numbers == 0 && t.zero_p == 0);
	CHECK_STR(t.work_unit, "instructions");
	CHECK_STR(t.wait_unit, "ns");
	CHECK_CONTAINS(out, "\"boot_determinism_checked\":true");
	CHECK_CONTAINS(out, "\"clock\":\"icount\"");
	free(out);

	SECTION("exact: a sealed guest's boot_id repeats; its boot seed tells the boots apart");
	{
		static const char *const sa[] = { SEALED_ENV("u", "0000000000000001"),
						  SEALED_ENV("u", "0000000000000002") };
		static const char *const sb[] = { SEALED_ENV("v", "0000000000000001"),
						  SEALED_ENV("v", "0000000000000002") };
		static const char *const ua[] = { SEALED_ENV("u", "0000000000000001"),
						  SEALED_ENV("u", "0000000000000001") };
		static const char *const ub[] = { SEALED_ENV("v", "0000000000000001"),
						  SEALED_ENV("v", "0000000000000001") };

		out = compare_json(sa, sb, 2, 1, &t);
		CHECK_CONTAINS(out, "\"boot_determinism_checked\":true");
		CHECK_CONTAINS(out, "\"boots\":2");
		free(out);
		out = compare_json(ua, ub, 2, 1, &t);	/* one boot, run twice */
		CHECK_CONTAINS(out, "\"boot_determinism_checked\":false");
		CHECK(!strstr(out, "\"boots\":2"));
		free(out);
	}

	SECTION("exact: +1% on one phase: exactly that row flagged (in each of the 4 cases), worse");
	out = compare_json(ia, ib, 2, 1.01, &t);
	CHECK(t.exact == t.counts && t.sig == 4 && t.sig_other == 0 && t.bad_numbers == 0);
	CHECK_STR(t.sig_metric, "add_pages");
	CHECK_CONTAINS(out, "\"verdict\":\"worse\"");
	free(out);

	SECTION("exact: +0.03% on one phase (two builds' unrelated code): shown, not flagged");
	out = compare_json(ia, ib, 2, 1.0003, &t);
	CHECK(t.exact == t.counts && t.sig == 0 && t.bad_numbers == 0);
	free(out);

	SECTION("exact: +0.2% on one phase, just above the 0.1% floor: flagged");
	out = compare_json(ia, ib, 2, 1.002, &t);
	CHECK(t.exact == t.counts && t.sig == 4 && t.sig_other == 0);
	free(out);

	SECTION("exact: one boot a side: allowed, and the report says determinism is unchecked");
	out = compare_json(ia, ib, 1, 1.01, &t);
	CHECK(t.exact == t.counts && t.sig == 4 && t.sig_other == 0);
	CHECK_CONTAINS(out, "\"boot_determinism_checked\":false");
	free(out);

	SECTION("wall clock: the same data is never exact; zero variance gives no p = 0");
	out = compare_json(wa, wb, 3, 1.01, &t);
	CHECK(t.exact == 0 && t.sig == 0 && t.zero_p == 0 && t.bad_numbers == 0);
	CHECK_STR(t.work_unit, "ns");
	CHECK_CONTAINS(out, "\"not_tested\":\"zero variance\"");
	CHECK(!strstr(out, "\"det_spread\""));
	free(out);
}

/* Boot-dependent rows: constant within a boot, 1% apart between A's two
 * boots; B moves by 0.5%, inside A's own spread. */
static void boot_dependent_section(void)
{
	const struct cmp_params prm = CMP_DEFAULTS;
	struct pool pools[2];
	struct comparison cmp;
	struct tally t;
	char *out;

	SECTION("exact: a boot-dependent row whose boots spread over the change: not flagged");
	memset(pools, 0, sizeof(pools));
	CHECK(add(&pools[0], ICOUNT_ENV("a1"), MHPB_PH_MAP_ADD_PAGES, 1) == 0);
	CHECK(add(&pools[0], ICOUNT_ENV("a2"), MHPB_PH_MAP_ADD_PAGES, 1.01) == 0);
	CHECK(add(&pools[1], ICOUNT_ENV("b1"), MHPB_PH_MAP_ADD_PAGES, 1.005) == 0);
	CHECK(add(&pools[1], ICOUNT_ENV("b2"), MHPB_PH_MAP_ADD_PAGES, 1.015) == 0);
	pool_finish(&pools[0]);
	pool_finish(&pools[1]);
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	out = render(&cmp, FORMAT_JSON);
	tally_json(out, &t);
	CHECK(t.sig == 0 && t.bad_numbers == 0 && t.exact == t.counts - 4);
	free(out);
	out = render(&cmp, FORMAT_TEXT);
	CHECK_CONTAINS(out, "\nB vs A: 0 of ");
	CHECK_CONTAINS(out, " rows *SIG*; exact: ");
	{
		char line[96];

		/* the 4 boot-dependent rows, and the waits and totals */
		snprintf(line, sizeof(line), "; under 3 boots a side: %zu rows NOT TESTED\n",
			 t.rows - t.exact);
		CHECK_CONTAINS(out, line);
	}
	CHECK_CONTAINS(out, "Clock icount (shift 0): work rows");
	CHECK(!strstr(out, "one boot a side"));
	free(out);
	SECTION("exact: bandwidth.dat has no bandwidth, and says why");
	{
		size_t len = 0;
		FILE *m = open_memstream(&out, &len);

		CHECK(compare_data_bandwidth(m, &cmp) == 0);
		fclose(m);
		CHECK_CONTAINS(out, "# clock icount: no memmap_init or memset bandwidth");
		CHECK_CONTAINS(out, "\nnone\n");
		free(out);
	}
	compare_free(&cmp);
	pool_free(&pools[0]);
	pool_free(&pools[1]);
}

static void summary_section(void)
{
	struct result r;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	SECTION("summary: work phases in instructions, waits and totals in time");
	make_run(&r, ICOUNT_ENV("a1"), MHPB_PH_MAP_ADD_PAGES, 1);
	/* memmap_init timed: 512 struct pages in 12.8k instructions */
	r.module.page_struct_size = 64;
	for (size_t i = 0; i < r.n_samples; i++) {
		r.samples[i].map.memmap_pages = 512;
		r.samples[i].map.phase_ns[MHPB_PH_MAP_MEMMAP_INIT] = 12800;
		r.samples[i].map.phase_calls[MHPB_PH_MAP_MEMMAP_INIT] = 1;
	}
	m = open_memstream(&buf, &len);
	summary_print(m, &r);
	fclose(m);
	CHECK_CONTAINS(buf, "instruction-clocked (icount shift 0), 1 vCPU");
	CHECK_CONTAINS(buf, "\nclock icount (shift 0): work and work phases in instructions");
	CHECK_CONTAINS(buf, "wait 14.0 ms  work 1.00M\n");
	CHECK_CONTAINS(buf, "\n      arch_add                       200k\n");
	CHECK_CONTAINS(buf, "\n      hotplug_begin               14.0 ms  (wait)\n");
	CHECK_CONTAINS(buf, "\n    memmap init: 512 struct pages, 25.0 instructions per page (no "
		       "bandwidth: under icount a time is an instruction count)\n");
	CHECK(!strstr(buf, "GB/s"));
	free(buf);
	result_free(&r);
}

/* Exact-mode runs of two known QEMUs are not pooled; one unknown QEMU
 * (a run from before the host was recorded) or wall-clock runs are. */
static void qemu_section(const struct env_clockinfo *wall, const struct env_clockinfo *icount)
{
	struct env_clockinfo a = *icount, b = *icount, wa = *wall, wb = *wall;
	char err[256];

	SECTION("QEMUs: exact-mode runs of two known, different QEMUs are refused");
	snprintf(a.qemu, sizeof(a.qemu), "Debian 1:7.2+dfsg-7+deb12u18+b3");
	snprintf(b.qemu, sizeof(b.qemu), "Debian 1:10.0.2+ds-1~bpo12+1");
	CHECK(pool_clock_check("a", &a, "b", &b, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "cannot pool exact-mode runs of different QEMUs: a ran under QEMU "
		       "Debian 1:7.2+dfsg-7+deb12u18+b3, b under QEMU Debian 1:10.0.2");
	CHECK(pool_clock_check("a", &a, "a2", &a, err, sizeof(err)) == 0);
	b.qemu[0] = '\0';
	CHECK(pool_clock_check("a", &a, "b", &b, err, sizeof(err)) == 0);
	snprintf(wa.qemu, sizeof(wa.qemu), "7.2.22");
	snprintf(wb.qemu, sizeof(wb.qemu), "10.0.2");
	CHECK(pool_clock_check("a", &wa, "b", &wb, err, sizeof(err)) == 0);
}

/* Two result files of different clocks: compare refuses them, exit 2;
 * so does a folder holding both. */
static void mixing_section(void)
{
	char dir[] = "/tmp/mhpb-exact-XXXXXX", a[64], b[64], err[256];
	char *argv[2] = { a, b };
	struct compare_request rq = { .runs = argv, .n_runs = 2 };
	struct trend_params tp = TREND_DEFAULTS;
	struct env_clockinfo w = { .clock = ENV_CLOCK_WALL, .shift = -1 };
	struct env_clockinfo i0 = { .clock = ENV_CLOCK_ICOUNT, .shift = 0 };
	struct env_clockinfo i1 = { .clock = ENV_CLOCK_ICOUNT, .shift = 1 };
	struct result r;
	struct pool p;

	SECTION("clocks: compare refuses to mix them, with both files named; exit status 2");
	CHECK(pool_clock_check("a", &i0, "b", &i0, err, sizeof(err)) == 0);
	CHECK(pool_clock_check("a", &w, "b", &w, err, sizeof(err)) == 0);
	CHECK(pool_clock_check("a", &i0, "b", &i1, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "a is clock icount (shift 0), b is clock icount (shift 1)");
	CHECK(pool_clock_check("x.json", &w, "y.json", &i0, err, sizeof(err)) == -1);
	CHECK_STR(err, "cannot mix clocks: x.json is clock wall, y.json is clock icount (shift 0) "
		  "(instructions and time do not compare)");
	qemu_section(&w, &i0);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(a, sizeof(a), "%s/a.json", dir);
	snprintf(b, sizeof(b), "%s/b.json", dir);
	make_run(&r, WALL_ENV("a1"), MHPB_PH_MAP_ADD_PAGES, 1);
	CHECK(result_write(&r, a, err, sizeof(err)) == 0);
	result_free(&r);
	make_run(&r, ICOUNT_ENV("b1"), MHPB_PH_MAP_ADD_PAGES, 1);
	CHECK(result_write(&r, b, err, sizeof(err)) == 0);
	result_free(&r);
	CHECK(compare_main(&rq) == 2);
	CHECK(trend_main((const char *const *)argv, 2, NULL, &tp, false, NULL) == 2);
	memset(&p, 0, sizeof(p));
	CHECK(pool_load(&p, dir, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "cannot mix clocks: ");
	pool_free(&p);
	unlink(a);
	unlink(b);
	rmdir(dir);
}

/* A timer interrupt inside a phase lengthens one sample by its handler's
 * instructions (159 on 6.1): 0.106% of this row, beyond the 0.1% of the
 * rule if every value counted. The row stays exact (run medians and
 * quartiles) and is not flagged. */
static void interrupt_section(void)
{
	const struct cmp_params prm = CMP_DEFAULTS;
	struct pool pools[2];
	struct comparison cmp;
	struct result r;
	struct tally t;
	char *out;

	SECTION("exact: one sample of a run lengthened by an interrupt: still exact, not flagged");
	memset(pools, 0, sizeof(pools));
	make_run(&r, ICOUNT_ENV("a1"), MHPB_PH_MAP_ADD_PAGES, 1);
	for (size_t i = 0; i < r.n_samples; i++)
		if (!r.samples[i].warmup) {
			r.samples[i].map.phase_ns[MHPB_PH_MAP_ADD_PAGES] += 159;
			break;
		}
	CHECK(pool_add(&pools[0], &r) == 0);
	result_free(&r);
	CHECK(add(&pools[0], ICOUNT_ENV("a2"), MHPB_PH_MAP_ADD_PAGES, 1) == 0);
	CHECK(add(&pools[1], ICOUNT_ENV("b1"), MHPB_PH_MAP_ADD_PAGES, 1) == 0);
	CHECK(add(&pools[1], ICOUNT_ENV("b2"), MHPB_PH_MAP_ADD_PAGES, 1) == 0);
	pool_finish(&pools[0]);
	pool_finish(&pools[1]);
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	out = render(&cmp, FORMAT_JSON);
	tally_json(out, &t);
	CHECK(t.exact == t.counts && t.sig == 0 && t.bad_numbers == 0);
	free(out);
	compare_free(&cmp);
	pool_free(&pools[0]);
	pool_free(&pools[1]);
}

/* pagemap_range() of the patched kernel encloses mem_hotplug_begin(): its
 * time holds the grace period, so under icount it is not a count. */
static void holds_wait_section(void)
{
	static struct module_desc m;
	const uint32_t none = MHPB_PHASE_NONE;
	const struct { const char *name; uint32_t parent; bool wait; } ph[] = {
		{ "pagemap_range", none, false }, { "hotplug_begin", 0, false },
		{ "rcu_sync", 1, true }, { "arch_add_memory", 0, false },
		{ "add_pages", 3, false }, { "memmap_init", none, false },
	};

	SECTION("a phase enclosing a wait holds virtual time; the work inside it does not");
	m.nr_phases = sizeof(ph) / sizeof(ph[0]);
	for (uint32_t i = 0; i < m.nr_phases; i++) {
		m.phases[i].index = i;
		m.phases[i].parent = ph[i].parent;
		m.phases[i].wait = ph[i].wait;
		snprintf(m.phases[i].name, sizeof(m.phases[i].name), "%s", ph[i].name);
	}
	CHECK(module_phase_holds_wait(&m, 0));
	CHECK(module_phase_holds_wait(&m, 1));
	CHECK(module_phase_holds_wait(&m, 2));
	CHECK(!module_phase_holds_wait(&m, 3));
	CHECK(!module_phase_holds_wait(&m, 4));
	CHECK(!module_phase_holds_wait(&m, 5));
}

/* A side of @runs runs, median @median, spread @spread: its run medians
 * spread that much too, unless @runs_agree (a timer interrupt widened the
 * runs' quartiles only). */
static struct cmp_cell far_cell(size_t runs, double median, double spread, bool runs_agree)
{
	struct cmp_cell c;

	memset(&c, 0, sizeof(c));
	c.runs = runs;
	c.median = median;
	c.spread = spread;
	c.vmin = median;
	c.vmax = runs_agree ? median : median * (1 + spread);
	return c;
}

/* Rows a timer interrupt keeps from the exact rule (quartiles 0.14% wide)
 * are decided when their sides are far apart, and only then. */
static void far_section(void)
{
	struct cmp_cell a = far_cell(2, 1000, 0.0014, false), b = far_cell(2, 1300, 0.0014, false);

	SECTION("far apart: a change 10x beyond both spreads, every value apart");
	CHECK(compare_far_apart(&a, 995, 1010, &b, 1290, 1310));
	CHECK(compare_far_apart(&b, 1290, 1310, &a, 995, 1010));	/* better */
	/* overlapping values: never, however far the medians */
	CHECK(!compare_far_apart(&a, 995, 1300, &b, 1290, 1310));
	/* +1.2% is under 10 x 0.14% */
	b = far_cell(2, 1012, 0.0014, false);
	CHECK(!compare_far_apart(&a, 995, 1005, &b, 1010, 1014));
	b = far_cell(2, 1020, 0.0014, false);
	CHECK(compare_far_apart(&a, 995, 1005, &b, 1010, 1025));
	/* run medians that agree, quartiles 0.16% wide (the injection test's
	 * sparse_add_section, 13593 against 13801): the runs' spread decides */
	a = far_cell(4, 13593, 0.0016, true);
	b = far_cell(4, 13801, 0.0016, true);
	CHECK(compare_far_apart(&a, 13593, 13752, &b, 13801, 13960));
	a = far_cell(2, 1000, 0.0014, false);
	/* a side spread by more than 1% is for the t test */
	b = far_cell(2, 1300, 0.02, false);
	CHECK(!compare_far_apart(&a, 995, 1010, &b, 1290, 1310));
	/* one run a side shows none of its own variation */
	b = far_cell(1, 1300, 0.0014, false);
	CHECK(!compare_far_apart(&a, 995, 1010, &b, 1290, 1310));
	CHECK(cmp_decided_alone(DESIGN_FAR) && cmp_decided_alone(DESIGN_EXACT));
	CHECK(!cmp_decided_alone(DESIGN_BOOTS));
	CHECK_STR(cmp_design_name(DESIGN_FAR), "far apart");
}

int main(void)
{
	printf("test_exact: exact mode (icount): clock, units, exact rows, no mixing\n");
	far_section();
	env_sections();
	compare_sections();
	boot_dependent_section();
	summary_section();
	mixing_section();
	holds_wait_section();
	interrupt_section();
	return check_report("test_exact");
}
