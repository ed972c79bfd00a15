/* What each compared metric is: unit and which direction is better.
 * Declared here, never guessed from the data. */
#ifndef MHPB_METRIC_H
#define MHPB_METRIC_H

enum metric_id {
	METRIC_TOTAL, METRIC_WAIT, METRIC_WORK, METRIC_PHASE, METRIC_PFN_CALL, METRIC_KINDS
};
enum direction { LOWER_IS_BETTER, HIGHER_IS_BETTER };

struct metric_kind {
	const char *name;	/* row name for the three fixed ones */
	const char *unit;
	enum direction dir;
	const char *what;
};

const struct metric_kind *metric_kind(enum metric_id id);

/* "worse" or "better" for a relative change @change of a metric of @id. */
const char *metric_verdict(enum metric_id id, double change);

/* A work figure (not a wait or a total): the work phases, "work" and
 * pfn_valid() per call. Under icount these are instruction counts;
 * waits and totals contain virtual time (analysis/METHOD.md). */
int metric_is_work(enum metric_id id, int wait_phase);

#endif
