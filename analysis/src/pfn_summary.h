/* The summary of a pfn_valid run. */
#ifndef MHPB_PFN_SUMMARY_H
#define MHPB_PFN_SUMMARY_H

#include "model.h"
#include "summary.h"

#include <stdio.h>

/* Per case: the median time per pfn_valid() call with its quartiles, the
 * raw and empty loops, and the valid count against the expected one. */
void pfn_summary_print(FILE *out, const struct result *r);

/* The pfn_valid row of the summary's kind table (summary.h). */
size_t pfn_summary_expected(const struct suite *su);
void pfn_summary_text(FILE *out, const struct summary *s, enum summary_detail d);
/* "pfn_valid": per case, ns per call (instructions under icount: see the
 * summary's work_unit) as recorded, median and quartiles, and the last
 * sample's valid count against the expected one. */
void pfn_summary_json(json_object *j, const struct summary *s);

#endif
