/* `mhpbench summary` and `mhpbench values`: one run
 * summarised, and one metric's values under the selection rule (select.h),
 * for scripts (bisect, tests) that would otherwise re-implement it. */
#ifndef MHPB_QUERY_CMD_H
#define MHPB_QUERY_CMD_H

#include "summary.h"

#include <stdbool.h>
#include <stddef.h>

struct values_request {
	const char *metric;	/* OP.NAME */
	const char *case_text;	/* a case filter (select.h), or NULL */
	bool median;		/* print the median only */
	char *const *runs;
	size_t n_runs;		/* at least 1 */
};

/* Exit status: 0 done, 1 no value, 2 input error (reported). */
int values_main(const struct values_request *rq);

/* Read the result at @path and write its summary; 0, or 2 with a message
 * naming the file when it cannot be read. */
int summary_of_file(const char *path, enum summary_format f, enum summary_detail d);

#endif
