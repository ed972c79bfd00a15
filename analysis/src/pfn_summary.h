/* The summary of a pfn_valid run. */
#ifndef MHPB_PFN_SUMMARY_H
#define MHPB_PFN_SUMMARY_H

#include "model.h"

#include <stdio.h>

/* Per case: the median time per pfn_valid() call with its quartiles, the
 * raw and empty loops, and the valid count against the expected one. */
void pfn_summary_print(FILE *out, const struct result *r);

#endif
