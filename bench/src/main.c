/* mhpbench: command line of the sub-section memory hotplug collector. */
#include "analyze_cmd.h"
#include "checks.h"
#include "cli.h"
#include "collisions.h"
#include "iomem.h"
#include "kind.h"
#include "import_lava.h"
#include "mirror.h"
#include "lens.h"
#include "paths.h"
#include "pmu.h"
#include "result.h"
#include "run.h"
#include "query_cmd.h"
#include "trend.h"
#include "units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MHPB_VERSION
#define MHPB_VERSION "unknown"
#endif

static int cmd_discover(const char *path)
{
	char err[512], a[32], b[32];
	char *text = iomem_read_text(path);
	struct iomem io;
	struct iomem_part *parts;
	size_t n;

	if (!text) {
		fprintf(stderr, "mhpbench: cannot read %s\n", path);
		return 2;
	}
	if (iomem_parse(text, &io, err, sizeof(err))) {
		free(text);
		fprintf(stderr, "mhpbench: %s: %s\n", path, err);
		return 2;
	}
	free(text);
	n = iomem_free_parts(&io, &parts);
	for (size_t i = 0; i < n; i++) {
		uint64_t size = parts[i].end - parts[i].start + 1;
		uint64_t base = (parts[i].start + SECTION_SIZE - 1) & ~(SECTION_SIZE - 1);

		format_size(size, a, sizeof(a));
		format_size(base <= parts[i].end ? parts[i].end - base + 1 : 0, b, sizeof(b));
		printf("0x%llx-0x%llx %s free in '%s', %s from the 128M-aligned base 0x%llx\n",
		       (unsigned long long)parts[i].start, (unsigned long long)parts[i].end, a,
		       io.e[parts[i].region].name, b, (unsigned long long)base);
	}
	if (!n) {
		uint64_t base;

		/* the picker's message tells why: no region, or all owned */
		iomem_pick(&io, MHPB_SUBSECTION_SIZE, &base, err, sizeof(err));
		fprintf(stderr, "mhpbench: %s: %s\n", path, err);
	}
	free(parts);
	iomem_free(&io);
	return n ? 0 : 2;
}

/* The suite SUITE of `run SUITE`, loaded. Returns 0, or 2 with a message
 * printed. */
static int load_suite(const char *arg, struct suite *s)
{
	char path[4096], err[1024];

	memset(s, 0, sizeof(*s));
	if (suite_resolve(arg, path, sizeof(path), err, sizeof(err)) == 0 &&
	    suite_load(path, kind_suite_rules, s, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "mhpbench: %s\n", err);
	return 2;
}

/* The run of the suite's kind (kind.c), then its summary read back from
 * the file it wrote: the data flows one way, collector -> result file ->
 * analysis. */
static int cmd_run(const struct run_options *ro)
{
	char path[4096] = "";
	const struct kind *k;
	struct suite s;
	int rc = load_suite(ro->suite, &s);

	if (rc) {
		suite_free(&s);
		return rc;
	}
	k = kind_of(s.kind);
	if (!(k->needs & NEEDS_RANGE) && (ro->range || ro->label || ro->inject)) {
		fprintf(stderr, "mhpbench run: the %s suite takes only -o and --module\n",
			suite_kind_name(s.kind));
		suite_free(&s);
		return 2;
	}
	rc = k->run(k, &s, ro, path, sizeof(path));
	suite_free(&s);
	if (!path[0])
		return rc;
	if (summary_of_file(path, SUMMARY_TEXT, SUMMARY_SHORT) && !rc)
		rc = 1;
	printf("\n%s\n", path);
	return rc;
}

/* Each subcommand: its command line (cli.h) and what runs it. */
struct command {
	struct cli_command cli;
	int (*fn)(const struct cli_command *c, const struct cli_args *a);
};

#define OUT_DIR(a) ((a)->val[CLI_OUTPUT] ? (a)->val[CLI_OUTPUT] : "results/local")

static int run_fn(const struct cli_command *c, const struct cli_args *a)
{
	struct run_options ro = { a->pos[0], OUT_DIR(a), a->val[CLI_RANGE], a->val[CLI_MODULE],
				  a->val[CLI_LABEL], a->val[CLI_INJECT] };

	(void)c;
	return cmd_run(&ro);
}

static int discover_fn(const struct cli_command *c, const struct cli_args *a)
{
	(void)c;
	return cmd_discover(a->val[CLI_IOMEM] ? a->val[CLI_IOMEM] : "/proc/iomem");
}

/* --format text|json (compare's names, without markdown and kcidb) into
 * @json. 0, or 2 reported. */
static int json_arg(const struct cli_command *c, const struct cli_args *a, bool *json)
{
	const char *f = a->val[CLI_FORMAT];
	enum report_format rf = FORMAT_TEXT;

	if (f && (report_format_parse(f, &rf) || (rf != FORMAT_TEXT && rf != FORMAT_JSON)))
		return cli_error(c, "--format is text or json, not '%s'", f);
	*json = rf == FORMAT_JSON;
	return 0;
}

static int summary_fn(const struct cli_command *c, const struct cli_args *a)
{
	const char *f = a->val[CLI_FORMAT];
	bool json = false;

	/* lava: the measurement lines a LAVA job reports (bench/lava/) */
	if (f && strcmp(f, "lava") == 0)
		return summary_of_file(a->pos[0], SUMMARY_LAVA, SUMMARY_SHORT);
	if (json_arg(c, a, &json))
		return 2;
	return summary_of_file(a->pos[0], json ? SUMMARY_JSON : SUMMARY_TEXT,
			       a->val[CLI_FULL] ? SUMMARY_FULL : SUMMARY_SHORT);
}

static int values_fn(const struct cli_command *c, const struct cli_args *a)
{
	struct values_request rq = { a->val[CLI_METRIC], a->val[CLI_CASE], a->val[CLI_MEDIAN] != NULL,
				     a->pos, (size_t)a->npos };

	if (!rq.metric)
		return cli_error(c, "needs --metric");
	return values_main(&rq);
}

/* --alpha A into @alpha (left alone when not given). 0, or 2 reported. */
static int alpha_arg(const struct cli_command *c, const struct cli_args *a, double *alpha)
{
	const char *v = a->val[CLI_ALPHA];
	char *end;

	if (!v)
		return 0;
	*alpha = strtod(v, &end);
	if (*end || !(*alpha > 0 && *alpha < 1))
		return cli_error(c, "--alpha wants a number in (0, 1), not '%s'", v);
	return 0;
}

static int compare_fn(const struct cli_command *c, const struct cli_args *a)
{
	struct compare_request rq = { .layout = a->val[CLI_FULL] ? LAYOUT_FULL : LAYOUT_SHORT,
				      .data = a->val[CLI_DATA], .runs = a->pos,
				      .n_runs = (size_t)a->npos };
	const char *fail_on = a->val[CLI_FAIL_ON];

	if (a->val[CLI_FORMAT] && report_format_parse(a->val[CLI_FORMAT], &rq.format))
		return cli_error(c, "unknown format '%s'", a->val[CLI_FORMAT]);
	if (fail_on && strcmp(fail_on, "worse") == 0)
		rq.fail_on = FAIL_ON_WORSE;
	else if (fail_on && strcmp(fail_on, "change") == 0)
		rq.fail_on = FAIL_ON_CHANGE;
	else if (fail_on)
		return cli_error(c, "--fail-on is worse or change, not '%s'", fail_on);
	return alpha_arg(c, a, &rq.alpha) ? 2 : compare_main(&rq);
}

static int trend_fn(const struct cli_command *c, const struct cli_args *a)
{
	struct trend_params prm = TREND_DEFAULTS;
	const char *seg = a->val[CLI_MIN_SEGMENT];
	char *end = NULL;
	bool json = false;
	long n = 0;

	if (json_arg(c, a, &json))
		return 2;
	if (seg)
		n = strtol(seg, &end, 10);
	if (seg && (*end || n < 2 || n > 1000))
		return cli_error(c, "--min-segment wants 2..1000, not '%s'", seg);
	if (seg)
		prm.min_seg = (unsigned)n;
	if (alpha_arg(c, a, &prm.alpha))
		return 2;
	return trend_main((const char *const *)a->pos, (size_t)a->npos, a->val[CLI_COMMITS], &prm,
			  json, a->val[CLI_DATA]);
}

static int check_errors_fn(const struct cli_command *c, const struct cli_args *a)
{
	(void)c;
	return check_errors(a->val[CLI_RANGE], a->val[CLI_MODULE]);
}

static int collisions_fn(const struct cli_command *c, const struct cli_args *a)
{
	(void)c;
	return collisions_main(OUT_DIR(a), a->val[CLI_MODULE]);
}

static int hold_sched_events_fn(const struct cli_command *c, const struct cli_args *a)
{
	char err[160];

	(void)c;
	(void)a;
	pmu_hold_sched_events("mhpbench: perf_sched_events held", err, sizeof(err));
	fprintf(stderr, "mhpbench: hold-sched-events: %s\n", err);
	return 1;
}

static int lens_merge_fn(const struct cli_command *c, const struct cli_args *a)
{
	(void)c;
	return lens_merge_dir(a->pos[0]);
}

static int import_lava_fn(const struct cli_command *c, const struct cli_args *a)
{
	if (!a->val[CLI_OUTPUT])
		return cli_error(c, "-o DIR is needed: the new folder of the imported run");
	return import_lava(a->pos[0], a->val[CLI_OUTPUT]);
}

static int mirror_extract_fn(const struct cli_command *c, const struct cli_args *a)
{
	(void)c;
	return mirror_extract(a->pos[0], a->pos[1]) < 0;
}

static int version_fn(const struct cli_command *c, const struct cli_args *a)
{
	(void)c;
	(void)a;
	printf("mhpbench %s (ABI %d, %s)\n", MHPB_VERSION, MHPB_ABI_VERSION, __VERSION__);
	return 0;
}

#define B(o) CLI_BIT(CLI_##o)
static const struct command commands[] = {
	{ { "run", B(OUTPUT) | B(RANGE) | B(MODULE) | B(LABEL) | B(INJECT), 1, 1, "SUITE",
	    "Run SUITE (a name under bench/suites or a file) and write its result file." },
	  run_fn },
	{ { "discover", B(IOMEM), 0, 0, "",
	    "List the free physical ranges a run could hotplug." }, discover_fn },
	{ { "summary", B(FULL) | B(FORMAT), 1, 1, "FILE.json",
	    "Summarise one result file (--format text, json or lava)." }, summary_fn },
	{ { "values", B(METRIC) | B(CASE) | B(MEDIAN), 1, CLI_ANY_POS, "RUN.json...",
	    "Print one metric's values (or their median) under the selection rule." },
	  values_fn },
	{ { "compare", B(FORMAT) | B(FULL) | B(DATA) | B(ALPHA) | B(FAIL_ON), 2, CLI_ANY_POS,
	    "RUN_A RUN_B [RUN...]",
	    "Compare runs against the first (RUN: a result file, or a folder pooled).\n"
	    "Formats: text, markdown, json; kcidb: the runs as KernelCI KCIDB v5 checkouts,\n"
	    "builds and tests, the verdicts in the tests' misc (docs/kcidb.md).\n"
	    "Exit 1 under --fail-on when a row is flagged." },
	  compare_fn },
	{ { "trend", B(FORMAT) | B(DATA) | B(COMMITS) | B(ALPHA) | B(MIN_SEGMENT), 1, CLI_ANY_POS,
	    "RUN...", "Trends and change points over runs in order (--format text or json)." },
	  trend_fn },
	{ { "check-errors", B(RANGE) | B(MODULE), 0, 0, "",
	    "Check that the module refuses bad requests with the documented errors." },
	  check_errors_fn },
	{ { "collisions", B(OUTPUT) | B(MODULE), 0, 0, "",
	    "Run the collisions suite (also: run collisions)." }, collisions_fn },
	{ { "hold-sched-events", 0, 0, 0, "",
	    "Guest init: perf's scheduler hooks on from boot (see pmu.c)." },
	  hold_sched_events_fn },
	{ { "lens-merge", 0, 1, 1, "DIR",
	    "Host, after a guest under LENS=cache: the plugin's counts into DIR's runs." },
	  lens_merge_fn },
	{ { "import-lava", B(OUTPUT), 1, 1, "LOG",
	    "A LAVA job's result files out of its log, checked whole, into the new folder -o DIR." },
	  import_lava_fn },
	{ { "mirror-extract", 0, 2, 2, "IMAGE DIR",
	    "Host, after a guest: the run files of its result mirror DIR lacks, into DIR." },
	  mirror_extract_fn },
	{ { "version", 0, 0, 0, "", "Print the version (also: --version)." }, version_fn },
};
#undef B
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static int usage(FILE *out, int rc)
{
	fputs("usage: mhpbench COMMAND [OPTION...] [ARG...]\n"
	      "       mhpbench COMMAND --help   (its options)\n"
	      "       mhpbench --version\ncommands:\n", out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-18s %s\n", commands[i].cli.name, commands[i].cli.args);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd) {
		fprintf(stderr, "mhpbench: a command is needed\n");
		return usage(stderr, 2);
	}
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help"))
		return usage(stdout, 0);
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V"))
		cmd = "version";
	for (size_t i = 0; i < N_COMMANDS; i++) {
		struct cli_args a;
		int rc;

		if (strcmp(cmd, commands[i].cli.name))
			continue;
		rc = cli_parse(&commands[i].cli, argc - 1, argv + 1, &a);
		return rc == CLI_RUN ? commands[i].fn(&commands[i].cli, &a) : rc;
	}
	fprintf(stderr, "mhpbench: unknown command '%s'\n", cmd);
	return usage(stderr, 2);
}
