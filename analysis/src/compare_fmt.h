/* What the writers of a comparison share (compare_report.c: the full
 * layouts, JSON and data files; compare_short.c: the default short
 * layout; trend_report.c), implemented in compare_fmt.c, which calls no
 * writer: how a value, a row and a pool are formatted, and which rows are
 * a case's headlines. The rows themselves are built once, in compare.c. */
#ifndef MHPB_COMPARE_FMT_H
#define MHPB_COMPARE_FMT_H

#include "compare_report.h"
#include "units.h"

#include <stdbool.h>
#include <stddef.h>

/* Runs are lettered A, B, C... in the order given; A is the baseline. */
#define LETTER(k) ((char)('A' + (k) % 26))

/* Where the short report shows a row: bits of short_rows()' mask. */
enum short_show {
	SHOW_NONE = 0,
	SHOW_FLAGGED = 1,	/* a cell is significant: the flagged section */
	SHOW_HEADLINE = 2,	/* its case's total, wait, work or a top work phase */
};
/* Work phases per case and op in the short report: the largest by A's
 * median. Three: the phases a reviewer asks about first (vmemmap,
 * memmap init, the page tables) without the whole tree. */
#define SHORT_TOP_PHASES 3

/* One mask of enum short_show bits per row of @cmp (free it), or NULL out
 * of memory. */
unsigned char *short_rows(const struct comparison *cmp);
/* Some cell of @row is significant against the baseline. */
bool row_flagged(const struct comparison *cmp, const struct cmp_row *row);

/* A row of counts: a work row of an icount comparison (instructions, or
 * the cache lens's estimated cycles); every other row is time. */
bool row_in_counts(const struct comparison *cmp, const struct cmp_row *row);
/* What @row's figures count: FIGURE_NS, or under icount its work rows'
 * instructions (estimated cycles under the cache lens). */
enum figure_unit row_unit(const struct comparison *cmp, const struct cmp_row *row);
/* A cell's value in its row's unit (instructions for the work rows of an
 * icount comparison, time otherwise), with the suffix or unit that
 * @scale_ns (a value of the same row) takes, so a row's cells share it. */
void value_in(const struct comparison *cmp, const struct cmp_row *row, double ns,
	      double scale_ns, char *buf, size_t len);
/* Shared with the trend report: the axes of one pool on one line. */
void pool_axes(FILE *out, const struct pool *p);
/* "value unit" with the unit chosen by @scale_ns (ns, us, ms, s). */
void format_in(double ns, double scale_ns, char *buf, size_t len);
/* "[lo, hi]" in the unit @scale_ns takes, as format_in(). */
void interval_in(double lo, double hi, double scale_ns, char *buf, size_t len);
/* "+5.91%", or "-" for no change. */
void pct(double change, char *buf, size_t len);
/* The heading of a row's group: its case (case_label()), or the
 * pfn_valid() rows'. */
void row_label(const struct comparison *cmp, const struct cmp_row *row, char *buf, size_t len);
/* "map", "unmap" or "pfn_valid". */
const char *op_name(const struct cmp_row *row);
/* Why a cell has no verdict: its design, or a t test without variance. */
const char *untested_why(const struct cmp_cell *c);
/* The short layouts: flagged rows, then the headline rows of each case. */
void short_print_text(FILE *out, const struct comparison *cmp);
void short_print_markdown(FILE *out, const struct comparison *cmp);

#endif
