/* The command lines of `mhpbench compare` and `mhpbench trend`. */
#include "analyze_cmd.h"
#include "compare.h"
#include "compare_report.h"
#include "trend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct analyze_opts {
	enum report_format format;
	enum report_layout layout;	/* compare: short unless --full */
	const char *data, *commits;
	double alpha;
	unsigned min_seg;
	char **pos;
	int npos;
};

static int bad(const char *cmd, const char *why, const char *what)
{
	fprintf(stderr, "mhpbench %s: %s%s%s\n", cmd, why, what ? " " : "", what ? what : "");
	fprintf(stderr, "usage: mhpbench compare [--format text|markdown|json] [--full] "
		"[--data DIR] [--alpha A] RUN_A RUN_B [RUN...]\n"
		"       mhpbench trend [--format text|json] [--data DIR] [--commits FILE] "
		"[--alpha A] [--min-segment N] RUN...\n"
		"RUN: a result file, or a folder of result files (pooled by compare)\n");
	return 2;
}

static int parse(const char *cmd, int argc, char **argv, struct analyze_opts *o)
{
	o->pos = calloc((size_t)argc + 1, sizeof(char *));
	if (!o->pos)
		return 2;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (a[0] != '-' || strcmp(a, "-") == 0) {
			o->pos[o->npos++] = argv[i];
			continue;
		}
		/* the one flag without a value: every row, the long layout */
		if (strcmp(a, "--full") == 0 && strcmp(cmd, "compare") == 0) {
			o->layout = LAYOUT_FULL;
			continue;
		}
		if (!v)
			return bad(cmd, "option needs a value:", a);
		i++;
		if (strcmp(a, "--format") == 0) {
			if (report_format_parse(v, &o->format))
				return bad(cmd, "unknown format", v);
		} else if (strcmp(a, "--data") == 0) {
			o->data = v;
		} else if (strcmp(a, "--commits") == 0 && strcmp(cmd, "trend") == 0) {
			o->commits = v;
		} else if (strcmp(a, "--alpha") == 0) {
			o->alpha = strtod(v, &end);
			if (*end || !(o->alpha > 0 && o->alpha < 1))
				return bad(cmd, "--alpha wants a number in (0, 1), not", v);
		} else if (strcmp(a, "--min-segment") == 0 && strcmp(cmd, "trend") == 0) {
			long n = strtol(v, &end, 10);

			if (*end || n < 2 || n > 1000)
				return bad(cmd, "--min-segment wants 2..1000, not", v);
			o->min_seg = (unsigned)n;
		} else {
			return bad(cmd, "unknown option", a);
		}
	}
	return 0;
}

int cmd_compare(int argc, char **argv)
{
	struct analyze_opts o = { .layout = LAYOUT_SHORT };
	struct cmp_params prm = CMP_DEFAULTS;
	struct comparison cmp;
	struct pool *pools;
	char err[1024];
	int rc = parse("compare", argc, argv, &o);

	if (!rc && o.npos < 2)
		rc = bad("compare", "needs at least two runs", NULL);
	if (rc) {
		free(o.pos);
		return rc;
	}
	if (o.alpha > 0)
		prm.alpha = o.alpha;
	pools = calloc((size_t)o.npos, sizeof(*pools));
	for (int k = 0; pools && k < o.npos && !rc; k++)
		if (pool_load(&pools[k], o.pos[k], err, sizeof(err))) {
			fprintf(stderr, "mhpbench compare: %s\n", err);
			rc = 2;
		}
	/* instructions and time do not compare: one line, as a usage error */
	for (int k = 1; pools && k < o.npos && !rc; k++)
		if (pool_clock_check(o.pos[0], &pools[0].clock, o.pos[k], &pools[k].clock, err,
				     sizeof(err))) {
			fprintf(stderr, "mhpbench compare: %s\n", err);
			rc = 2;
		}
	if (!rc && pools) {
		for (int k = 1; k < o.npos; k++)
			if (strcmp(pools[k].suite, pools[0].suite))
				fprintf(stderr, "mhpbench compare: warning: %s is suite %s, the baseline %s\n",
					o.pos[k], pools[k].suite, pools[0].suite);
		if (compare_build(&cmp, pools, (size_t)o.npos, &prm)) {
			fprintf(stderr, "mhpbench compare: out of memory\n");
			rc = 2;
		} else {
			compare_report(stdout, &cmp, o.format, o.layout);
			if (o.data && compare_write_data(&cmp, o.data))
				rc = 2;
		}
		compare_free(&cmp);
	}
	for (int k = 0; pools && k < o.npos; k++)
		pool_free(&pools[k]);
	free(pools);
	free(o.pos);
	return rc;
}

int cmd_trend(int argc, char **argv)
{
	struct analyze_opts o = { 0 };
	struct trend_params prm = TREND_DEFAULTS;
	int rc = parse("trend", argc, argv, &o);

	if (!rc && o.npos < 1)
		rc = bad("trend", "needs runs", NULL);
	if (!rc && o.format == FORMAT_MARKDOWN)
		rc = bad("trend", "prints text or json, not", "markdown");
	if (!rc) {
		if (o.alpha > 0)
			prm.alpha = o.alpha;
		if (o.min_seg)
			prm.min_seg = o.min_seg;
		rc = trend_main((const char *const *)o.pos, (size_t)o.npos, o.commits, &prm,
				o.format == FORMAT_JSON, o.data);
	}
	free(o.pos);
	return rc;
}
