/* The human summary of a run: medians per case, op and phase. */
#ifndef MHPB_SUMMARY_H
#define MHPB_SUMMARY_H

#include "model.h"

#include <stdio.h>

/* Print the summary of @r (complete or not) to @out. Warmups are left out;
 * quantiles are type 7 (see stats.h). */
void summary_print(FILE *out, const struct result *r);

#endif
