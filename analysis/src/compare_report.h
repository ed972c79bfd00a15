/* Printing a comparison: text (mail), markdown, JSON, KCIDB, and the data
 * files the gnuplot scripts of analysis/ read. The writers only format the
 * rows compare.c built. */
#ifndef MHPB_COMPARE_REPORT_H
#define MHPB_COMPARE_REPORT_H

#include "compare.h"

#include <stdio.h>

/* KCIDB: the runs and the verdicts as KernelCI's KCIDB v5 objects
 * (compare_kcidb.h), for a CI that submits them. */
enum report_format { FORMAT_TEXT, FORMAT_MARKDOWN, FORMAT_JSON, FORMAT_KCIDB };

/* Text and markdown come in two layouts. Short (the default): a header
 * of a few lines, every flagged row, then per case and op only total,
 * wait, work and the largest work phases, one line per metric with the
 * kernels as columns; its text fits 80 columns, for a mail. Full: every
 * row with n, interval, change interval, p and MDE. JSON has every row in
 * either layout, each saying whether it is flagged and whether the short
 * report shows it in its case. */
enum report_layout { LAYOUT_SHORT, LAYOUT_FULL };

#define REPORT_WIDTH 80	/* columns of the short text report */

int report_format_parse(const char *name, enum report_format *f);
void compare_report(FILE *out, const struct comparison *cmp, enum report_format f,
		    enum report_layout l);
/* The full layout: compare_report(out, cmp, f, LAYOUT_FULL). */
void compare_print(FILE *out, const struct comparison *cmp, enum report_format f);


#endif
