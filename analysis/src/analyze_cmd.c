/* `mhpbench compare` and `mhpbench trend`: see analyze_cmd.h. */
#include "analyze_cmd.h"
#include "compare.h"
#include "compare_data.h"
#include "compare_report.h"
#include "compare_summary.h"
#include "result.h"
#include "trend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool compare_fails(const struct comparison *cmp, enum compare_fail_on f)
{
	for (size_t k = 1; f != FAIL_ON_NOTHING && k < cmp->np; k++) {
		size_t count[VERDICT_COUNT];

		cmp_verdict_counts(cmp, k, count);
		if (count[VERDICT_WORSE] || (f == FAIL_ON_CHANGE && count[VERDICT_BETTER]))
			return true;
	}
	return false;
}

int compare_main(const struct compare_request *rq)
{
	struct cmp_params prm = CMP_DEFAULTS;
	struct comparison cmp;
	struct pool *pools;
	char err[1024];
	int rc = 0;
	int n = (int)rq->n_runs;
	char *const *pos = rq->runs;

	if (rq->alpha > 0)
		prm.alpha = rq->alpha;
	pools = calloc((size_t)n, sizeof(*pools));
	for (int k = 0; pools && k < n && !rc; k++)
		if (pool_load(&pools[k], pos[k], err, sizeof(err))) {
			fprintf(stderr, "mhpbench compare: %s\n", err);
			rc = 2;
		}
	/* instructions and time do not compare: one line, as a usage error */
	for (int k = 1; pools && k < n && !rc; k++)
		if (pool_clock_check(pos[0], &pools[0].clock, pos[k], &pools[k].clock, err,
				     sizeof(err))) {
			fprintf(stderr, "mhpbench compare: %s\n", err);
			rc = 2;
		}
	if (!rc && pools) {
		for (int k = 1; k < n; k++)
			if (strcmp(pools[k].suite, pools[0].suite))
				fprintf(stderr, "mhpbench compare: warning: %s is suite %s, the baseline %s\n",
					pos[k], pools[k].suite, pools[0].suite);
		if (compare_build(&cmp, pools, (size_t)n, &prm)) {
			fprintf(stderr, "mhpbench compare: out of memory\n");
			rc = 2;
		} else {
			compare_report(stdout, &cmp, rq->format, rq->layout);
			if (rq->data && compare_write_data(&cmp, rq->data))
				rc = 2;
			else if (compare_fails(&cmp, rq->fail_on))
				rc = 1;
		}
		compare_free(&cmp);
	}
	for (int k = 0; pools && k < n; k++)
		pool_free(&pools[k]);
	free(pools);
	return rc;
}

/* The runs of @args (files, or folders of them) into @t, one pool each,
 * refusing to mix clocks. 0, or -1 reported. */
static int load_runs(struct trend *t, const char *const *args, size_t nargs)
{
	for (size_t a = 0; a < nargs; a++) {
		char **files, err[1024];
		int n = result_files(args[a], &files, err, sizeof(err));

		if (n < 0) {
			fprintf(stderr, "mhpbench trend: %s\n", err);
			return -1;
		}
		for (int i = 0; i < n; i++) {
			struct pool *bigger = realloc(t->runs, (t->nr + 1) * sizeof(*bigger));
			struct result r;

			if (!bigger) {
				free_files(files, n);
				return -1;
			}
			t->runs = bigger;
			memset(&t->runs[t->nr], 0, sizeof(*bigger));
			if (result_read(files[i], &r, err, sizeof(err))) {
				fprintf(stderr, "mhpbench trend: %s\n", err);
				result_free(&r);
				free_files(files, n);
				return -1;
			}
			t->runs[t->nr].arg = strdup(files[i]);
			pool_add(&t->runs[t->nr], &r);
			pool_finish(&t->runs[t->nr]);
			t->nr++;
			result_free(&r);
			/* a series mixing instructions and time has no meaning */
			if (pool_clock_check(t->runs[0].arg, &t->runs[0].clock, files[i],
					     &t->runs[t->nr - 1].clock, err, sizeof(err))) {
				fprintf(stderr, "mhpbench trend: %s\n", err);
				free_files(files, n);
				return -1;
			}
		}
		free_files(files, n);
	}
	return 0;
}

int trend_main(const char *const *args, size_t nargs, const char *commits,
	       const struct trend_params *prm, bool json, const char *data)
{
	struct trend t = { 0 };
	char err[1024];
	int rc = 0;

	t.prm = *prm;
	if (load_runs(&t, args, nargs)) {
		rc = 2;
	} else if (trend_order(&t, commits, err, sizeof(err))) {
		fprintf(stderr, "mhpbench trend: %s\n", err);
		rc = 2;
	} else if (trend_detect(&t)) {
		fprintf(stderr, "mhpbench trend: out of memory\n");
		rc = 2;
	} else {
		if (json)
			trend_print_json(stdout, &t);
		else
			trend_print_text(stdout, &t);
		if (data && trend_write_data(&t, data))
			rc = 2;
	}
	trend_free(&t);
	return rc;
}
