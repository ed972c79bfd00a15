/* The short compare report (compare_short.c), the one a reviewer pastes
 * into a mail: at most 80 columns whatever the kernels, paths and
 * warnings; its first line per compared kernel the verdict (rows worse,
 * better, unchanged, not tested, adding up to every row); one line per
 * phase and op flagged in some case, and no other; the cases that differ
 * from their phase's line; and a JSON report that has every row and says
 * which are flagged and which are headlines. The runs are the fixture's
 * (tests/fixture.h) with more map phases timed, in exact mode (2 boots
 * a side, icount) and in wall mode (3 boots a side, Welch), and the
 * stored pfn_valid run. Runs whose kernels record how they were built
 * (environment.kernel.source) put it in the header, and the command
 * that reproduces the comparison in its last line and in JSON. */
#include "check.h"
#include "compare_fmt.h"
#include "compare_summary.h"
#include "fixture.h"
#include "result.h"


/* How a side's runs differ from the fixture: map add_pages, map
 * vmemmap_populate and unmap arch_remove scaled by these factors. */
struct change {
	double add_pages, vmemmap, arch_remove;
};

/* Map phases beyond the fixture's, inside its arch_add (200 us and up)
 * and add_pages (150 us), so that a map has seven work phases and the
 * short report must choose three. */
static void more_phases(struct op_timing *m)
{
	static const struct { uint32_t ph; uint64_t ns; } extra[] = {
		{ MHPB_PH_MAP_INIT_MAPPING, 60000 }, { MHPB_PH_MAP_SPARSE_ADD, 120000 },
		{ MHPB_PH_MAP_VMEMMAP_POP, 100000 }, { MHPB_PH_MAP_MOVE_TO_ZONE, 5000 },
		{ MHPB_PH_MAP_HOTPLUG_DONE, 3000 },
	};

	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		m->phase_ns[extra[i].ph] = extra[i].ns;
		m->phase_calls[extra[i].ph] = 1;
	}
}

static uint64_t scaled(uint64_t ns, double f)
{
	return (uint64_t)((double)ns * f + 0.5);
}

/* One fixture run in @env, changed by @c; every sample of a case the
 * same (the fixture's 1 us per repetition taken out), as icount runs. */
static int add_run(struct pool *p, const char *env, const struct change *c)
{
	struct result r;
	int rc;

	fixture_result(&r, -1, RUN_COMPLETE);
	json_object_put(r.environment);
	r.environment = json_tokener_parse(env);
	for (size_t i = 0; i < r.n_samples; i++) {
		struct sample *s = &r.samples[i];

		more_phases(&s->map);
		s->map.phase_ns[MHPB_PH_MAP_ADD_PAGES] =
			scaled(s->map.phase_ns[MHPB_PH_MAP_ADD_PAGES], c->add_pages);
		s->map.phase_ns[MHPB_PH_MAP_VMEMMAP_POP] =
			scaled(s->map.phase_ns[MHPB_PH_MAP_VMEMMAP_POP], c->vmemmap);
		s->unmap.phase_ns[MHPB_PH_UNMAP_ARCH_REMOVE] =
			scaled(s->unmap.phase_ns[MHPB_PH_UNMAP_ARCH_REMOVE], c->arch_remove);
		s->map.total_ns -= 1000ULL * s->rep;
		s->map.work_ns -= 1000ULL * s->rep;
		s->unmap.total_ns -= 1000ULL * s->rep;
		s->unmap.work_ns -= 1000ULL * s->rep;
	}
	rc = pool_add(p, &r);
	result_free(&r);
	return rc;
}

/* The longest line of @text. */
static size_t widest(const char *text)
{
	size_t most = 0;

	while (text && *text) {
		size_t n = strcspn(text, "\n");

		if (n > most)
			most = n;
		text += n + (text[n] == '\n');
	}
	return most;
}

/* The section of @text that starts with @head, up to the next blank line
 * or heading (a line that does not start with a blank), in @buf. */
static void section_of(const char *text, const char *head, char *buf, size_t len)
{
	const char *p = text ? strstr(text, head) : NULL, *end;

	buf[0] = '\0';
	if (!p)
		return;
	p += strlen(head);
	p += strcspn(p, "\n");
	for (end = p; *end == '\n' && end[1] == ' '; end += 1 + strcspn(end + 1, "\n"))
		;
	snprintf(buf, len, "%.*s", (int)(end - p), p);
}

/* The (op, metric) groups of @cmp flagged in pool @k, and whether @row's
 * group is one of them. */
static bool group_flagged(const struct comparison *cmp, const struct cmp_row *row, size_t k)
{
	for (size_t r = 0; r < cmp->nr; r++) {
		const struct cmp_row *o = &cmp->rows[r];

		if (o->op == row->op && o->kind == row->kind && !strcmp(o->name, row->name) &&
		    o->cell[k].sig)
			return true;
	}
	return false;
}

/* The short text: per compared kernel, the verdict line (its counts add
 * up to every row), and its phase section with exactly one line per
 * flagged (op, metric) group. */
static void check_short(const struct comparison *cmp, const char *text)
{
	static char sec[65536];


	for (size_t k = 1; k < cmp->np; k++) {
		size_t count[VERDICT_COUNT], lines = 0, want = 0, missing = 0;
		char line[160], head[64];

		cmp_verdict_counts(cmp, k, count);
		CHECK_U64(count[0] + count[1] + count[2] + count[3], cmp->nr);
		snprintf(line, sizeof(line), ": %zu worse, %zu better, %zu unchanged, %zu not tested\n",
			 count[VERDICT_WORSE], count[VERDICT_BETTER], count[VERDICT_UNCHANGED],
			 count[VERDICT_NOT_TESTED]);
		CHECK_CONTAINS(text, line);
		snprintf(head, sizeof(head), "\n%c against A, by phase over ", LETTER(k));
		CHECK_CONTAINS(text, head);
		section_of(text, head, sec, sizeof(sec));
		for (const char *p = sec; (p = strstr(p, "\n  ")); p++)
			lines += strncmp(p, "\n  op ", 6) && strncmp(p, "\n  no row", 9);
		for (size_t r = 0; r < cmp->nr; r++) {
			const struct cmp_row *row = &cmp->rows[r];
			bool first = true;

			for (size_t q = 0; q < r; q++)
				first = first && !(cmp->rows[q].op == row->op &&
						   cmp->rows[q].kind == row->kind &&
						   !strcmp(cmp->rows[q].name, row->name));
			if (!first || !group_flagged(cmp, row, k))
				continue;
			want++;
			snprintf(line, sizeof(line), "\n  %-6s %-27.27s ", op_name(row), row->name);
			missing += !strstr(sec, line);
		}
		CHECK_U64(lines, want);
		CHECK_U64(missing, 0);
	}
	CHECK(text && text[0] == 'B');	/* the verdict comes first */
}

/* The JSON report: every row, a flagged and a headline field on each
 * that agree with the text's selection, a significant field on every
 * cell but A's. Returns the rows flagged. */
static size_t check_json(const struct comparison *cmp, const char *json)
{
	json_object *o = json_tokener_parse(json), *rows = NULL, *v;
	unsigned char *show = short_rows(cmp);
	size_t n = 0, flagged = 0, bad = 0;

	CHECK(o && json_object_object_get_ex(o, "rows", &rows));
	n = rows ? json_object_array_length(rows) : 0;
	CHECK_U64(n, cmp->nr);
	for (size_t r = 0; show && r < n && r < cmp->nr; r++) {
		json_object *row = json_object_array_get_idx(rows, r), *cells;
		bool fl = json_object_object_get_ex(row, "flagged", &v) && json_object_get_boolean(v);
		bool hl = json_object_object_get_ex(row, "headline", &v) && json_object_get_boolean(v);

		bad += fl != row_flagged(cmp, &cmp->rows[r]);
		bad += hl != ((show[r] & SHOW_HEADLINE) != 0);
		bad += !json_object_object_get_ex(row, "case_label", &v);
		json_object_object_get_ex(row, "cells", &cells);
		for (size_t k = 1; k < cmp->np; k++)
			bad += !json_object_object_get_ex(json_object_array_get_idx(cells, k),
							  "significant", &v);
		flagged += fl;
	}
	CHECK_U64(bad, 0);
	CHECK(json_object_object_get_ex(o, "summary", &v) &&
	      json_object_array_length(v) == cmp->np - 1);
	free(show);
	json_object_put(o);
	return flagged;
}

/* Build the comparison of @np pools, pool k of @boots boots in @envs[k]
 * changed by @ch[k]. */
static void build(struct comparison *cmp, struct pool *pools, size_t np, size_t boots,
		  const char *const (*envs)[3], const struct change *ch)
{
	const struct cmp_params prm = CMP_DEFAULTS;

	memset(pools, 0, np * sizeof(*pools));
	for (size_t k = 0; k < np; k++) {
		for (size_t b = 0; b < boots; b++)
			CHECK(add_run(&pools[k], envs[k][b], &ch[k]) == 0);
		pool_finish(&pools[k]);
		pools[k].arg = strdup(k ? "runs/b" : "runs/a");
	}
	CHECK(compare_build(cmp, pools, np, &prm) == 0);
}

static void done(struct comparison *cmp, struct pool *pools, size_t np)
{
	compare_free(cmp);
	for (size_t k = 0; k < np; k++)
		pool_free(&pools[k]);
}

static const char *const exact_envs[][3] = {
	{ ICOUNT_ENV("a1"), ICOUNT_ENV("a2") }, { ICOUNT_ENV("b1"), ICOUNT_ENV("b2") },
	{ ICOUNT_ENV("c1"), ICOUNT_ENV("c2") }, { ICOUNT_ENV("d1"), ICOUNT_ENV("d2") },
	{ ICOUNT_ENV("e1"), ICOUNT_ENV("e2") },
};
static const struct change same = { 1, 1, 1 }, worse = { 1.05, 0.9, 1.02 };

static void exact_section(void)
{
	const struct change ch[] = { same, worse };
	struct pool pools[2];
	struct comparison cmp;
	char *text, *json, *full;
	size_t flagged;

	SECTION("exact mode, B against A: the short text fits 80 columns, every flagged row shown");
	build(&cmp, pools, 2, 2, exact_envs, ch);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	json = fixture_report(&cmp, FORMAT_JSON, LAYOUT_SHORT);
	full = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_FULL);
	CHECK(widest(text) <= REPORT_WIDTH);
	check_short(&cmp, text);
	flagged = check_json(&cmp, json);
	/* add_pages (4 cases), vmemmap_populate (4), arch_remove (4) moved */
	CHECK_U64(flagged, 12);
	CHECK_U64(cmp.n_sig[1], 12);
	CHECK_CONTAINS(text, "\nClock: icount (shift 0): work in instructions; waits and totals "
		       "in virtual ns\nMethod: work that repeats to 0.1% a side is compared exactly");
	CHECK_CONTAINS(text, "\nA  6.1.0-test-amd64 (2 runs, 2 boots, label fixture \"quoted\" "
		       "label): runs/a\n");
	/* both sides of one release: named by their letters only */
	CHECK(!strncmp(text, "B vs A: 8 worse, 4 better, ", 27));
	CHECK(!strstr(text, "ne boot a side"));
	CHECK_CONTAINS(text, "\n  map    add_pages                   +5.00%              4/4 worse\n");
	CHECK_CONTAINS(text, "\n  map    vmemmap_populate            -10.00%             4/4 better\n");
	/* every case moves alike: no case differs from its phase's line */
	CHECK(!strstr(text, "Cases that differ"));
	SECTION("the full layout keeps every row and its columns");
	CHECK_CONTAINS(full, "p Holm");
	CHECK_CONTAINS(full, " *SIG* worse: 2M @+0 generic map add_pages\n");
	CHECK(widest(full) > REPORT_WIDTH);
	free(text);
	free(json);
	free(full);
	text = fixture_report(&cmp, FORMAT_MARKDOWN, LAYOUT_SHORT);
	SECTION("markdown: the verdict as the title, the phase lines as a table");
	CHECK(!strncmp(text, "# B vs A: 8 worse", 17));
	CHECK_CONTAINS(text, "\n## B against A, by phase over 4 cases ");
	CHECK_CONTAINS(text, "\n| map | add_pages | +5.00% | 4/4 worse |\n");
	free(text);
	done(&cmp, pools, 2);
}

/* The headline rows of one group: total, wait, work, and the three
 * largest outermost work phases by A's median (the short summary's rule:
 * a phase nested in a work phase is part of it, never a headline). */
static void headline_section(void)
{
	const struct change ch[] = { same, worse };
	struct pool pools[2];
	struct comparison cmp;
	unsigned char *show;
	size_t phases = 0, wait_phases = 0, nested = 0;

	SECTION("headlines: total, wait, work and the 3 largest outermost work phases, never a wait");
	build(&cmp, pools, 2, 2, exact_envs, ch);
	show = short_rows(&cmp);
	for (size_t r = 0; show && r < cmp.nr; r++) {
		const struct cmp_row *row = &cmp.rows[r];

		if (!(show[r] & SHOW_HEADLINE) || row->kind != METRIC_PHASE)
			continue;
		phases++;
		wait_phases += row->holds_wait;
		nested += !strcmp(row->name, "add_pages") || !strcmp(row->name, "sparse_add");
	}
	/* 4 cases: the map's 3 outermost work phases (arch_add, move_to_zone,
	 * hotplug_done; add_pages and sparse_add are larger than the last two
	 * but inside arch_add) and the one unmap work phase (arch_remove) */
	CHECK_U64(phases, 4 * (3 + 1));
	CHECK_U64(wait_phases, 0);
	CHECK_U64(nested, 0);
	free(show);
	done(&cmp, pools, 2);
}

/* Wall mode, 3 boots a side: B's add_pages 30% slower with some spread
 * between boots (tested and flagged by Welch); every other row the same
 * in every boot (zero variance: not tested, marked '?'). */
static void wall_section(void)
{
	static const char *const envs[][3] = {
		{ WALL_ENV("a1"), WALL_ENV("a2"), WALL_ENV("a3") },
		{ WALL_ENV("b1"), WALL_ENV("b2"), WALL_ENV("b3") },
	};
	static const double a[] = { 1, 1.01, 0.995 }, b[] = { 1.3, 1.31, 1.29 };
	const struct cmp_params prm = CMP_DEFAULTS;
	struct pool pools[2];
	struct comparison cmp;
	char *text, *json;

	SECTION("wall mode, 3 boots a side: Welch's verdicts, the untested rows counted");
	memset(pools, 0, sizeof(pools));
	for (size_t i = 0; i < 3; i++) {
		const struct change ca = { a[i], 1, 1 }, cb = { b[i], 1, 1 };

		CHECK(add_run(&pools[0], envs[0][i], &ca) == 0);
		CHECK(add_run(&pools[1], envs[1][i], &cb) == 0);
	}
	pool_finish(&pools[0]);
	pool_finish(&pools[1]);
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	json = fixture_report(&cmp, FORMAT_JSON, LAYOUT_SHORT);
	CHECK(widest(text) <= REPORT_WIDTH);
	check_short(&cmp, text);
	CHECK_U64(check_json(&cmp, json), 4);
	CHECK_CONTAINS(text, "\nClock: wall: every row is time\nMethod: Welch's t on log boot (or "
		       "run) medians, Holm over the rows, alpha 0.005\n");
	CHECK_CONTAINS(text, "; not tested: ");
	CHECK_CONTAINS(text, "\n  map    add_pages                   ");
	CHECK_CONTAINS(text, "4/4 worse\n");
	free(text);
	free(json);
	done(&cmp, pools, 2);
}

/* Three kernels fit one table; five do not, and go on in a second. A
 * long folder loses its start; a warning wraps. */
static void kernels_section(void)
{
	const struct change ch[] = { same, worse, same, worse, same };
	struct pool pools[5];
	struct comparison cmp;
	char *text, *json;

	SECTION("three kernels: a verdict line and a phase section each, within 80 columns");
	build(&cmp, pools, 3, 2, exact_envs, ch);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	json = fixture_report(&cmp, FORMAT_JSON, LAYOUT_SHORT);
	CHECK(widest(text) <= REPORT_WIDTH);
	check_short(&cmp, text);
	CHECK_U64(check_json(&cmp, json), 12);
	CHECK_CONTAINS(text, "\nC vs A: 0 worse, 0 better, ");
	CHECK_CONTAINS(text, "\nC against A, by phase over 4 cases (work: instructions, rest: "
		       "virtual ns)\n  no row flagged\n");
	free(text);
	free(json);
	done(&cmp, pools, 3);

	SECTION("five kernels: four phase sections; a long folder and a warning within 80");
	build(&cmp, pools, 5, 2, exact_envs, ch);
	free(pools[4].arg);
	pools[4].arg = strdup("/srv/results/local/compare-20261202T120000Z/5-6.12.117+deb12-amd64-"
			      "with-a-long-name/and/deeper/still");
	pools[3].n_injected = 2;
	snprintf(pools[3].inject, sizeof(pools[3].inject),
		 "map phase sparse_add_section +1000 ns in every call, armed by inject_allow=1");
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	CHECK(widest(text) <= REPORT_WIDTH);
	check_short(&cmp, text);
	CHECK_CONTAINS(text, "/deeper/still\n");
	CHECK_CONTAINS(text, "\n!!! D: DELAY INJECTION ARMED in 2 of 2 runs");
	CHECK_CONTAINS(text, "\nE against A, by phase over 4 cases ");
	free(text);
	done(&cmp, pools, 5);
}

/* One boot a side under icount: the header says determinism from boot to
 * boot was not checked. */
static void one_boot_section(void)
{
	const struct change ch[] = { same, worse };
	struct pool pools[2];
	struct comparison cmp;
	char *text;

	SECTION("exact mode, one boot a side: said in the header, within 80 columns");
	build(&cmp, pools, 2, 1, exact_envs, ch);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	CHECK(widest(text) <= REPORT_WIDTH);
	check_short(&cmp, text);
	CHECK_CONTAINS(text, "\nOne boot a side: boot-to-boot determinism not checked; 2 boots a "
		       "side check it\n");
	free(text);
	done(&cmp, pools, 2);
}

/* The stored pfn_valid run against itself: nothing flagged, every case
 * a headline, the title without hotplug words. */
static void pfn_section(void)
{
	const struct cmp_params prm = CMP_DEFAULTS;
	struct pool pools[2];
	struct comparison cmp;
	char *text, *json;

	SECTION("pfn_valid runs: nothing flagged, said in one line");
	memset(pools, 0, sizeof(pools));
	CHECK(fixture_add_file(&pools[0], TEST_DATA "/result-pfn-valid.json") == 0);
	CHECK(fixture_add_file(&pools[1], TEST_DATA "/result-pfn-valid.json") == 0);
	pool_finish(&pools[0]);
	pool_finish(&pools[1]);
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	json = fixture_report(&cmp, FORMAT_JSON, LAYOUT_SHORT);
	CHECK(widest(text) <= REPORT_WIDTH);
	check_short(&cmp, text);
	CHECK_U64(check_json(&cmp, json), 0);
	/* one run a side: nothing to test */
	CHECK_CONTAINS(text, ": 0 worse, 0 better, 0 unchanged, 5 not tested\n");
	CHECK_CONTAINS(text, "\n  no row flagged\n");
	free(text);
	free(json);
	done(&cmp, pools, 2);
}

/* @env (a fixture environment) with kernel.source @src (JSON, or NULL:
 * none), as a string for add_run(); free it. */
static char *with_source(const char *env, const char *src)
{
	json_object *e = json_tokener_parse(env), *kernel = NULL;
	char *out;

	json_object_object_get_ex(e, "kernel", &kernel);
	json_object_object_add(kernel, "source", src ? json_tokener_parse(src) : NULL);
	out = strdup(json_object_to_json_string(e));
	json_object_put(e);
	return out;
}

/* build-kernel.sh's names of the default (Debian's) and tiny configs */
#define DEBIAN_CONFIG "Debian linux-config-6.1 6.1.192-3 amd64, localmodconfig + " \
	"debian.config + mhpbench.config"
#define TINY_CONFIG "tinyconfig + tiny.config + guest.config + mhpbench.config"
#define GIT_SOURCE_CONFIG(commit, describe, instr, config) \
	"{\"kind\":\"git\",\"tree\":\"/home/dev/linux\",\"commit\":\"" commit "\"," \
	"\"describe\":\"" describe "\",\"subject\":\"mm/sparse: count loop in section " \
	"activation\",\"patches\":[],\"instrumentation\":\"" instr "\"," \
	"\"config\":\"" config "\",\"config_dropped\":[]}"
#define GIT_SOURCE(commit, describe, instr) GIT_SOURCE_CONFIG(commit, describe, instr, DEBIAN_CONFIG)
#define COMMIT_A "0123456789abcdef0123456789abcdef01234567"
#define COMMIT_B "fedcba9876543210fedcba9876543210fedcba98"
#define DEBIAN_SOURCE(patches) \
	"{\"kind\":\"debian\",\"package\":\"linux-source-6.1\",\"version\":\"6.1.158-1\"," \
	"\"patches\":[" patches "],\"instrumentation\":\"tracepoints\"," \
	"\"config\":\"/home/dev/my.config + mhpbench.config\",\"config_dropped\":" \
	"[\"CONFIG_DEBUG_INFO_BTF\"]}"
#define PATCH(n, subject) \
	"{\"file\":\"/home/dev/patches/000" n "-mm-sparse.patch\",\"subject\":\"" subject "\"," \
	"\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}"

/* Two pools of @boots boots (at most 3; icount, or wall when @wall), A's
 * runs with kernel.source @a and B's with @b (NULL: none), B worse; the
 * comparison built. */
static void build_sourced(struct comparison *cmp, struct pool *pools, size_t boots, bool wall,
			  const char *a, const char *b)
{
	const struct cmp_params prm = CMP_DEFAULTS;
	const struct change ch[] = { same, worse };
	const char *src[] = { a, b };

	memset(pools, 0, 2 * sizeof(*pools));
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < boots; i++) {
			static const char *const boot_icount[][3] = {
				{ ICOUNT_ENV("a1"), ICOUNT_ENV("a2"), ICOUNT_ENV("a3") },
				{ ICOUNT_ENV("b1"), ICOUNT_ENV("b2"), ICOUNT_ENV("b3") },
			};
			static const char *const boot_wall[][3] = {
				{ WALL_ENV("a1"), WALL_ENV("a2"), WALL_ENV("a3") },
				{ WALL_ENV("b1"), WALL_ENV("b2"), WALL_ENV("b3") },
			};
			char *env = with_source(wall ? boot_wall[k][i] : boot_icount[k][i], src[k]);

			CHECK(add_run(&pools[k], env, &ch[k]) == 0);
			free(env);
		}
		pool_finish(&pools[k]);
		pools[k].arg = strdup(k ? "runs/b" : "runs/a");
	}
	CHECK(compare_build(cmp, pools, 2, &prm) == 0);
}

/* The JSON report's "reproduce", and runs[@k].source.@key ("" if none). */
static void json_reproduce(const char *json, char *cmd, size_t len, size_t k, const char *key,
			   char *val, size_t vlen)
{
	json_object *o = json_tokener_parse(json), *v = NULL, *runs = NULL, *src = NULL;

	snprintf(cmd, len, "%s", json_object_object_get_ex(o, "reproduce", &v) ?
		 json_object_get_string(v) : "(none)");
	val[0] = '\0';
	if (json_object_object_get_ex(o, "runs", &runs) &&
	    json_object_object_get_ex(json_object_array_get_idx(runs, k), "source", &src) &&
	    json_object_object_get_ex(src, key, &v))
		snprintf(val, vlen, "%s", json_object_get_string(v));
	json_object_put(o);
}

/* runs[@k].mixed_source of the JSON report. */
static bool json_mixed_source(const char *json, size_t k)
{
	json_object *o = json_tokener_parse(json), *v = NULL, *runs = NULL;
	bool mixed = json_object_object_get_ex(o, "runs", &runs) &&
		     json_object_object_get_ex(json_object_array_get_idx(runs, k), "mixed_source",
					       &v) && json_object_get_boolean(v);

	json_object_put(o);
	return mixed;
}

static void source_git_section(void)
{
	struct pool pools[2];
	struct comparison cmp;
	char *text, *json, *md, cmd[1024], val[128];

	SECTION("git sources of one tree: KTREE, BASE and HEAD; the source under each kernel");
	build_sourced(&cmp, pools, 2, false, GIT_SOURCE(COMMIT_A, "v6.1-5-g0123456", "tracepoints"),
		      GIT_SOURCE(COMMIT_B, "v6.1-7-gfedcba9", "tracepoints"));
	json = fixture_report(&cmp, FORMAT_JSON, LAYOUT_SHORT);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	md = fixture_report(&cmp, FORMAT_MARKDOWN, LAYOUT_SHORT);
	json_reproduce(json, cmd, sizeof(cmd), 1, "commit", val, sizeof(val));
	CHECK_STR(cmd, "make compare KTREE=linux BASE=0123456789ab HEAD=fedcba987654 "
		  "SUITE=smoke ROUNDS=2");
	CHECK_STR(val, COMMIT_B);
	CHECK(widest(text) <= REPORT_WIDTH);
	check_short(&cmp, text);
	CHECK_CONTAINS(text, ": runs/b\n   git v6.1-7-gfedcba9 \"mm/sparse: count loop in section "
		       "activation\"\n");
	CHECK_CONTAINS(text, "\nConfig: Debian linux-config-6.1 6.1.192-3 amd64, localmodconfig + "
		       "debian.config\n  + mhpbench.config; instrumentation: tracepoints\n");
	CHECK(!strstr(text, "!!!"));
	/* the header's last line, broken as the shell reads it */
	CHECK_CONTAINS(text, "\nReproduce: make compare KTREE=linux BASE=0123456789ab "
		       "HEAD=fedcba987654 \\\n  SUITE=smoke ROUNDS=2\n\n");
	CHECK_CONTAINS(md, "\n- Reproduce: `make compare KTREE=linux BASE=0123456789ab "
		       "HEAD=fedcba987654 SUITE=smoke ROUNDS=2`\n");
	CHECK_CONTAINS(md, "\n  - git v6.1-5-g0123456 ");
	free(text);
	free(json);
	free(md);
	done(&cmp, pools, 2);

	SECTION("two instrumentations: a !!! line; the full layout says it too; KCONFIG=tiny");
	build_sourced(&cmp, pools, 2, false,
		      GIT_SOURCE_CONFIG(COMMIT_A, "v6.1-5-g0123456", "tracepoints", TINY_CONFIG),
		      GIT_SOURCE_CONFIG(COMMIT_B, "v6.1-7-gfedcba9", "kretprobes", TINY_CONFIG));
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	CHECK(widest(text) <= REPORT_WIDTH);
	CHECK_CONTAINS(text, "\nA config: " TINY_CONFIG ";\n  instrumentation: "
		       "tracepoints\nB config: ");
	CHECK_CONTAINS(text, "\n!!! A has tracepoints, B kretprobes: their phases are not "
		       "comparable\n");
	free(text);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_FULL);
	CHECK_CONTAINS(text, "     source git v6.1-7-gfedcba9 \"mm/sparse: count loop in section "
		       "activation\"\n");
	CHECK_CONTAINS(text, "\n!!! A has tracepoints, B kretprobes");
	CHECK_CONTAINS(text, "\nReproduce: make compare KTREE=linux BASE=0123456789ab "
		       "HEAD=fedcba987654 KCONFIG=tiny SUITE=smoke ROUNDS=2\n");
	free(text);
	done(&cmp, pools, 2);
}

static void source_debian_section(void)
{
	struct pool pools[2];
	struct comparison cmp;
	char *text, *json, cmd[1024], val[128];

	SECTION("Debian's source, B with two patches: PATCH, KSRC and KCONFIG; wall: CLOCK");
	build_sourced(&cmp, pools, 3, true, DEBIAN_SOURCE(""),
		      DEBIAN_SOURCE(PATCH("1", "mm/sparse: count loop in section activation") ","
				    PATCH("2", "mm/sparse: and the second one")));
	json = fixture_report(&cmp, FORMAT_JSON, LAYOUT_SHORT);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	json_reproduce(json, cmd, sizeof(cmd), 0, "package", val, sizeof(val));
	CHECK_STR(cmd, "make compare PATCH=\"0001-mm-sparse.patch 0002-mm-sparse.patch\" KSRC=6.1 "
		  "KCONFIG=my.config SUITE=smoke ROUNDS=3 CLOCK=wall");
	CHECK_STR(val, "linux-source-6.1");
	CHECK(widest(text) <= REPORT_WIDTH);
	check_short(&cmp, text);
	/* a line too long goes on under its own indent */
	CHECK_CONTAINS(text, "\n   debian linux-source-6.1 6.1.158-1 + 0001-mm-sparse.patch "
		       "\"mm/sparse: count\n     loop in section activation\" + 0002-mm-sparse.patch "
		       "\"mm/sparse: and the\n     second one\"\n");
	CHECK_CONTAINS(text, "\nConfig: /home/dev/my.config + mhpbench.config; instrumentation: "
		       "tracepoints;\n  dropped: CONFIG_DEBUG_INFO_BTF\n");
	CHECK_CONTAINS(text, "\nReproduce: make compare PATCH=\"0001-mm-sparse.patch "
		       "0002-mm-sparse.patch\" \\\n  KSRC=6.1 ");
	/* the kernels named by their patch: B by its last */
	CHECK(!strncmp(text, "B 0002-mm-sparse vs A 6.1.0-test: ", 34));
	free(text);
	free(json);
	done(&cmp, pools, 2);
}

static void source_none_section(void)
{
	struct pool pools[2];
	struct comparison cmp;
	char *text, *json, cmd[1024], val[128];

	SECTION("no sources (stock kernels): KERNELS; source null; no source lines");
	build_sourced(&cmp, pools, 1, false, NULL, NULL);
	json = fixture_report(&cmp, FORMAT_JSON, LAYOUT_SHORT);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	json_reproduce(json, cmd, sizeof(cmd), 0, "kind", val, sizeof(val));
	CHECK_STR(cmd, "make compare KERNELS=\"6.1.0-test-amd64 6.1.0-test-amd64\" SUITE=smoke "
		  "ROUNDS=1");
	CHECK_STR(val, "");
	CHECK(!strstr(text, "Config:") && !strstr(text, "\n   git") && !strstr(text, "\n   debian"));
	CHECK_CONTAINS(text, "\nReproduce: make compare KERNELS=\"6.1.0-test-amd64 "
		       "6.1.0-test-amd64\" \\\n  SUITE=smoke ROUNDS=1\n\n");
	free(text);
	free(json);
	done(&cmp, pools, 2);

	SECTION("a git side against a stock kernel: KERNELS");
	build_sourced(&cmp, pools, 2, false, NULL, GIT_SOURCE(COMMIT_B, "v6.1-7-gfedcba9",
							      "tracepoints"));
	json = fixture_report(&cmp, FORMAT_JSON, LAYOUT_SHORT);
	json_reproduce(json, cmd, sizeof(cmd), 1, "describe", val, sizeof(val));
	CHECK_STR(cmd, "make compare KERNELS=\"6.1.0-test-amd64 6.1.0-test-amd64\" SUITE=smoke "
		  "ROUNDS=2");
	CHECK_STR(val, "v6.1-7-gfedcba9");
	free(json);
	done(&cmp, pools, 2);
}

/* A side whose two runs' kernels come from different commits. */
static void mixed_source_section(void)
{
	const struct cmp_params prm = CMP_DEFAULTS;
	const char *src[] = { GIT_SOURCE(COMMIT_A, "v6.1-5-g0123456", "tracepoints"),
			      GIT_SOURCE(COMMIT_B, "v6.1-7-gfedcba9", "tracepoints") };
	struct pool pools[2];
	struct comparison cmp;
	char *text, *json;

	SECTION("a side pooling runs of two sources: !!! in the header, mixed_source in JSON");
	memset(pools, 0, sizeof(pools));
	for (size_t i = 0; i < 2; i++) {
		char *env = with_source(exact_envs[0][i], src[i]);

		CHECK(add_run(&pools[0], env, &same) == 0);
		free(env);
		env = with_source(exact_envs[1][i], src[1]);
		CHECK(add_run(&pools[1], env, &worse) == 0);
		free(env);
	}
	for (size_t k = 0; k < 2; k++) {
		pool_finish(&pools[k]);
		pools[k].arg = strdup(k ? "runs/b" : "runs/a");
	}
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	text = fixture_report(&cmp, FORMAT_TEXT, LAYOUT_SHORT);
	json = fixture_report(&cmp, FORMAT_JSON, LAYOUT_SHORT);
	CHECK(widest(text) <= REPORT_WIDTH);
	CHECK_CONTAINS(text, "\n!!! A pools runs of kernels built from different sources: see "
		       "the files\n");
	CHECK(json_mixed_source(json, 0) && !json_mixed_source(json, 1));
	free(text);
	free(json);
	done(&cmp, pools, 2);
}

int main(void)
{
	printf("test_compare_report: the short compare report and its JSON\n");
	exact_section();
	headline_section();
	one_boot_section();
	wall_section();
	kernels_section();
	pfn_section();
	source_git_section();
	source_debian_section();
	source_none_section();
	mixed_source_section();
	return check_report("test_compare_report");
}
