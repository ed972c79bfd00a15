/* `mhpbench compare` and `mhpbench trend`: runs loaded, compared or
 * ordered, and reported. The command line is parsed by the collector's
 * front end (bench/src/cli.h); this is what it asks for. */
#ifndef MHPB_ANALYZE_CMD_H
#define MHPB_ANALYZE_CMD_H

#include "compare_report.h"
#include "trend.h"

#include <stdbool.h>
#include <stddef.h>

/* What makes compare exit 1 after its report (for CI gates). */
enum compare_fail_on {
	FAIL_ON_NOTHING,	/* exit 0 whatever the verdict */
	FAIL_ON_WORSE,		/* a row flagged worse */
	FAIL_ON_CHANGE,		/* a row flagged, worse or better */
};

struct compare_request {
	enum report_format format;
	enum report_layout layout;
	const char *data;	/* plot data folder, or NULL */
	double alpha;		/* 0: CMP_ALPHA */
	enum compare_fail_on fail_on;
	char *const *runs;	/* the baseline first; files or folders */
	size_t n_runs;		/* at least 2 */
};

/* Exit status: 0 done, 1 a row flagged as @rq->fail_on names, 2 input
 * error (reported). */
int compare_main(const struct compare_request *rq);

/* The whole trend command: load, order, detect, print (text, or JSON when
 * @json), and the plot data in @data (or NULL). Exit status: 0, or 2 on
 * an input error (reported). */
int trend_main(const char *const *args, size_t nargs, const char *commits,
	       const struct trend_params *prm, bool json, const char *data);

#endif
