/* `mhpbench compare`: see analyze_cmd.h. */
#include "analyze_cmd.h"
#include "compare.h"
#include "compare_report.h"
#include "compare_summary.h"

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
