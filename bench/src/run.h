/* `mhpbench run`: measure a suite on the device and record the result. */
#ifndef MHPB_RUN_H
#define MHPB_RUN_H

#include "iomem.h"

#include <stddef.h>
#include <stdint.h>

struct run_options {
	const char *suite;	/* path or bare name */
	const char *outdir;	/* default results/local */
	const char *range;	/* START+SIZE, or NULL to discover */
	const char *module;	/* .ko path, or NULL */
	const char *label;	/* free text, or NULL */
	const char *inject;	/* TARGET:NS of --inject (tests only), or NULL */
};

/* Returns the exit code: 0 complete, 1 failed or interrupted, 2 could not
 * start (usage, suite, range, module). The result file's path goes to
 * @path ("" when none was started): what the run has to say, the analysis
 * reads from there. */
int run_suite(const struct run_options *o, char *path, size_t pathlen);

/* Path of the module next to the binary: <exe dir>/../modules/mhp_bench.ko. */
void default_module_path(char *buf, size_t len);

/* The claim for @needed bytes: from --range @range_arg (base = START) or
 * the first free PMEM part (base = 128 MiB aligned). @io may be NULL with
 * @range_arg. Returns 0 or -1 with @err. */
int choose_range(const struct iomem *io, const char *range_arg, uint64_t needed,
		 uint64_t *base, char *err, size_t errlen);

#endif
