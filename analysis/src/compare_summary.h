/* What a comparison says, summed up for its first lines: each cell's
 * verdict, their counts per compared kernel, and one line per phase and op
 * across the cases (the same phase moves alike in every case: a reviewer
 * reads it once). Computed here, printed by the writers. */
#ifndef MHPB_COMPARE_SUMMARY_H
#define MHPB_COMPARE_SUMMARY_H

#include "compare.h"

enum cell_verdict {
	VERDICT_NOT_TESTED,	/* no value on a side, too few units, or zero
				 * variance: no verdict */
	VERDICT_UNCHANGED,	/* decided, not flagged */
	VERDICT_WORSE,		/* flagged, in the metric's bad direction */
	VERDICT_BETTER,		/* flagged, in its good direction */
};
#define VERDICT_COUNT (VERDICT_BETTER + 1)

const char *verdict_name(enum cell_verdict v);	/* "not tested", "unchanged", ... */
const char *verdict_key(enum cell_verdict v);	/* as a JSON key: "not_tested", ... */

/* The verdict of pool @k's cell of @row against the baseline. */
enum cell_verdict cmp_cell_verdict(const struct cmp_row *row, size_t k);

/* Pool @k's rows by verdict; the four add up to cmp->nr. */
void cmp_verdict_counts(const struct comparison *cmp, size_t k, size_t count[VERDICT_COUNT]);

/* One phase (or total, wait, work) of one op, over the cases that have it,
 * for pool @k: a line when some case is flagged. */
struct phase_line {
	int op;
	const char *name;		/* the rows' */
	enum metric_id kind;
	size_t first;			/* its first row, in case order */
	size_t n;			/* cases with the row */
	size_t count[VERDICT_COUNT];	/* of them, by verdict */
	double ch_min, ch_max;		/* the change over cases with both sides */
	enum cell_verdict verdict;	/* the line's: worse or better, whichever
					 * more cases are flagged (worse on a tie) */
};

/* The phase lines of pool @k, in the order the rows first come (map
 * before unmap, the phase tree's order). *@lines: to free. Returns their
 * count, or (size_t)-1 out of memory. */
size_t cmp_phase_lines(const struct comparison *cmp, size_t k, struct phase_line **lines);

/* The line of @lines that @row belongs to, or NULL. */
const struct phase_line *phase_line_of(const struct phase_line *lines, size_t n,
				       const struct cmp_row *row);

#endif
