/* mhpbench: command line of the sub-section memory hotplug collector. */
#include "analyze_cmd.h"
#include "checks.h"
#include "collisions.h"
#include "iomem.h"
#include "kind.h"
#include "lens.h"
#include "paths.h"
#include "pmu.h"
#include "result.h"
#include "run.h"
#include "query_cmd.h"
#include "units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MHPB_VERSION
#define MHPB_VERSION "unknown"
#endif

static const char usage_text[] =
	"usage:\n"
	"  mhpbench run SUITE [-o OUTDIR] [--range START+SIZE] [--module PATH.ko] [--label TEXT]\n"
	"               [--inject TARGET:NS]   (tests only: delay every TARGET() by NS ns)\n"
	"  mhpbench discover [--iomem FILE]\n"
	"  mhpbench summary [--full] [--format text|json] FILE.json\n"
	"  mhpbench values --metric OP.NAME [--case SIZE@OFFSET[,TYPE][,shift=N][,memmap=M]]\n"
	"                  [--median] RUN.json...   (one metric's counted values, or their median)\n"
	"  mhpbench compare [--format text|markdown|json] [--data DIR] [--alpha A] RUN_A RUN_B [RUN...]\n"
	"  mhpbench trend [--format text|json] [--data DIR] [--commits FILE] [--min-segment N] RUN...\n"
	"  mhpbench check-errors [--range START+SIZE] [--module PATH.ko]\n"
	"  mhpbench collisions [-o OUTDIR] [--module PATH.ko]   (also: run collisions)\n"
	"  mhpbench hold-sched-events   (guest init: perf's scheduler hooks on from boot, see pmu.c)\n"
	"  mhpbench lens-merge DIR   (host, after a guest under LENS=cache: the plugin's counts\n"
	"                             into DIR's run files, bench/lens/README.md)\n"
	"  mhpbench version\n";

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "mhpbench: %s\n", why);
	fputs(usage_text, stderr);
	return 2;
}

/* Options "NAME VALUE" of a subcommand; @allowed lists the accepted names.
 * Returns 0, or 2 after a usage message. Positionals go to @pos. */
struct opts {
	const char *range, *module, *label, *outdir, *iomem, *inject;
	const char *pos[2];
	int npos;
};

static int parse_opts(int argc, char **argv, const char *const *allowed, struct opts *o)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		int ok = 0;
		char msg[128];

		if (a[0] != '-') {
			if (o->npos == 2)
				return usage("too many arguments");
			o->pos[o->npos++] = a;
			continue;
		}
		for (const char *const *p = allowed; *p; p++)
			ok |= strcmp(*p, a) == 0;
		if (ok && strcmp(a, "--range") == 0)
			slot = &o->range;
		else if (ok && strcmp(a, "--module") == 0)
			slot = &o->module;
		else if (ok && strcmp(a, "--label") == 0)
			slot = &o->label;
		else if (ok && strcmp(a, "-o") == 0)
			slot = &o->outdir;
		else if (ok && strcmp(a, "--iomem") == 0)
			slot = &o->iomem;
		else if (ok && strcmp(a, "--inject") == 0)
			slot = &o->inject;
		if (!slot) {
			snprintf(msg, sizeof(msg), "unknown option '%s'", a);
			return usage(msg);
		}
		if (i + 1 >= argc) {
			snprintf(msg, sizeof(msg), "option '%s' needs a value", a);
			return usage(msg);
		}
		*slot = argv[++i];
	}
	return 0;
}

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
	    suite_load(path, s, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "mhpbench: %s\n", err);
	return 2;
}

/* The run of the suite's kind (kind.c), then its summary read back from
 * the file it wrote: the data flows one way, collector -> result file ->
 * analysis. */
static int cmd_run(const struct run_options *ro)
{
	char path[4096] = "", msg[128];
	const struct kind *k;
	struct suite s;
	int rc = load_suite(ro->suite, &s);

	if (rc) {
		suite_free(&s);
		return rc;
	}
	k = kind_of(s.kind);
	if (!(k->needs & NEEDS_RANGE) && (ro->range || ro->label || ro->inject)) {
		snprintf(msg, sizeof(msg), "the %s suite takes only -o and --module",
			 suite_kind_name(s.kind));
		suite_free(&s);
		return usage(msg);
	}
	rc = k->run(&s, ro, path, sizeof(path));
	suite_free(&s);
	if (!path[0])
		return rc;
	if (summary_of_file(path, SUMMARY_TEXT, SUMMARY_SHORT) && !rc)
		rc = 1;
	printf("\n%s\n", path);
	return rc;
}

/* Each command gets the arguments after its name. */
static int run_args(int argc, char **argv)
{
	static const char *const allowed[] = { "-o", "--range", "--module", "--label", "--inject",
					       NULL };
	struct opts o = { 0 };
	struct run_options ro;
	int rc = parse_opts(argc, argv, allowed, &o);

	if (rc)
		return rc;
	if (o.npos != 1)
		return usage("run needs one SUITE");
	ro = (struct run_options){ o.pos[0], o.outdir ? o.outdir : "results/local",
				   o.range, o.module, o.label, o.inject };
	return cmd_run(&ro);
}

static int discover_args(int argc, char **argv)
{
	static const char *const allowed[] = { "--iomem", NULL };
	struct opts o = { 0 };
	int rc = parse_opts(argc, argv, allowed, &o);

	if (rc)
		return rc;
	if (o.npos)
		return usage("discover takes no arguments");
	return cmd_discover(o.iomem ? o.iomem : "/proc/iomem");
}

static int check_errors_args(int argc, char **argv)
{
	static const char *const allowed[] = { "--range", "--module", NULL };
	struct opts o = { 0 };
	int rc = parse_opts(argc, argv, allowed, &o);

	if (rc)
		return rc;
	if (o.npos)
		return usage("check-errors takes no arguments");
	return check_errors(o.range, o.module);
}

static int collisions_args(int argc, char **argv)
{
	static const char *const allowed[] = { "-o", "--module", NULL };
	struct opts o = { 0 };
	int rc = parse_opts(argc, argv, allowed, &o);

	if (rc)
		return rc;
	if (o.npos)
		return usage("collisions takes no arguments");
	return collisions_main(o.outdir ? o.outdir : "results/local", o.module);
}

static int hold_sched_events_args(int argc, char **argv)
{
	char err[160];

	(void)argv;
	if (argc)
		return usage("hold-sched-events takes no arguments");
	pmu_hold_sched_events("mhpbench: perf_sched_events held", err, sizeof(err));
	fprintf(stderr, "mhpbench: hold-sched-events: %s\n", err);
	return 1;
}

static int lens_merge_args(int argc, char **argv)
{
	if (argc != 1 || argv[0][0] == '-')
		return usage("lens-merge needs one DIR");
	return lens_merge_dir(argv[0]);
}

static int version_args(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("mhpbench %s (ABI %d, %s)\n", MHPB_VERSION, MHPB_ABI_VERSION, __VERSION__);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "run", run_args },
	{ "discover", discover_args },
	{ "summary", cmd_summary },
	{ "values", cmd_values },
	{ "compare", cmd_compare },
	{ "trend", cmd_trend },
	{ "check-errors", check_errors_args },
	{ "collisions", collisions_args },
	{ "hold-sched-events", hold_sched_events_args },
	{ "lens-merge", lens_merge_args },
	{ "version", version_args },
};

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2)
		return usage(NULL);
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].fn(argc - 2, argv + 2);
	return usage("unknown command");
}
