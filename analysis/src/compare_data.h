/* The data files of `compare --data` beyond the compare rows: pfn_valid()
 * ns per call and the memmap_init bandwidth against the memset bandwidth,
 * per case and pool, each cell described as compare describes its cells
 * (compare_describe). Read by analysis/pfn_valid.gp and bandwidth.gp. */
#ifndef MHPB_COMPARE_DATA_H
#define MHPB_COMPARE_DATA_H

#include "compare.h"

#include <stdio.h>

/* Both files start with comments, among them "# plot columns: C..." (the
 * median columns with at least one value, for the scripts). */

/* pfn-valid.dat: a header comment, a title line, then one line per
 * pfn_valid() case: the case, and per pool median_ns ci_lo_ns ci_hi_ns
 * units. Without any pfn_valid sample, the single line "none nan nan nan 0"
 * under the title "none". Returns the lines of data, or -1. */
int compare_data_pfn_valid(FILE *f, const struct comparison *cmp);

/* bandwidth.dat: a header comment, a title line, then one line per case
 * with a memmap_init or memset value: the case, and per pool the
 * memmap_init bytes/s median ci_lo ci_hi, the memset bytes/s median ci_lo
 * ci_hi, and memmap_init / memset (medians). Without any, a "none" line.
 * Returns the lines of data, or -1. */
int compare_data_bandwidth(FILE *f, const struct comparison *cmp);

#endif
