/* The cache lens's counts and estimated cycles of a recorded call's
 * work or of one of its phases: the lens's record (lens_record.h) read
 * through the module's phase tree (model.h). Apart from both, so that
 * neither calls the other. */
#ifndef MHPB_LENS_WORK_H
#define MHPB_LENS_WORK_H

#include "model.h"

#include <stdbool.h>

/* The cache lens's counts of the call's work (@phase < 0: the call
 * without its outermost waits, as work_ns) or of phase @phase; false when
 * the lens did not count the call. */
bool op_lens_counts(const struct op_timing *op, const struct module_desc *m, bool unmap,
		    int phase, struct lens_counts *c);

/* The cache lens's estimated cycles (lens_record.h) of the call's work
 * (@phase < 0: the call without its outermost waits, as work_ns) or of
 * phase @phase; false when the lens did not count the call. */
bool op_lens_cycles(const struct op_timing *op, const struct module_desc *m, bool unmap,
		    int phase, double *v);

#endif
