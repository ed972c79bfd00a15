/* The data files of `compare --data` written here: pfn_valid() ns per
 * call and the memmap_init bandwidth against the memset bandwidth, per
 * case and pool, each cell described as compare describes its cells
 * (compare_describe), read by analysis/pfn_valid.gp and bandwidth.gp; and
 * from the compare rows of the hotplug cases, the change of each phase
 * (analysis/change.gp), the work phases per case (phases.gp) and the work
 * against size (size.gp). */
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

/* The hotplug files below start with comments naming the kernels
 * ("# kernel A: RELEASE"), the environment ("# env: ...") and what the
 * plot needs to lay itself out ("# NAME: VALUE" lines, each documented in
 * the file). @op: 0 map, 1 unmap. Without any row of @op, the line after
 * the column titles is "none ...". Each returns its lines of data, or -1. */

/* change-{map,unmap}.dat: which phases the other kernels changed. One line
 * per phase and case with a row: the phase's index (y: work, the work
 * phases, then wait and the phases holding one, then total), the case's
 * index, its size's and its variant's (offset, type, shift, memmap), the
 * phase and case names, and per compared kernel (B, C, ...) the change
 * against A in percent, its interval (nan when the row has none), and
 * the verdict (enum cell_verdict: 0 not tested, 1 unchanged, 2 worse, 3
 * better). */
int compare_data_change(FILE *f, const struct comparison *cmp, int op);

/* work-phases-{map,unmap}.dat: where the work of each case goes. One
 * block (gnuplot's index) per size, first the column titles, then a line
 * per variant and kernel: "K @+OFF", the outermost work phases' medians
 * and the work no phase covers ("other"): us, or under icount thousands
 * of instructions (the cache lens: of estimated cycles). */
int compare_data_work_phases(FILE *f, const struct comparison *cmp, int op);

/* work-size-{map,unmap}.dat: the work against size. One block per kernel
 * and variant, its first line the quoted title, then size_MiB median lo
 * hi in the unit of work-phases. */
int compare_data_work_size(FILE *f, const struct comparison *cmp, int op);

/* The three files of both ops in @dir (compare_write_data() calls it).
 * Returns 0, or -1 with a message on stderr. */
int compare_data_write(const struct comparison *cmp, const char *dir);

/* Every data file of `compare --data DIR`: change-, work-phases- and
 * work-size-{map,unmap}.dat, pfn-valid.dat, bandwidth.dat, and runs.txt
 * (the kernels and environment), in @dir, made if needed. Returns 0 or
 * -1 (message on stderr). */
int compare_write_data(const struct comparison *cmp, const char *dir);

#endif
