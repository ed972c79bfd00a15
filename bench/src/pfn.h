/* Suites of kind pfn_valid: time pfn_valid() over windows of pfns whose
 * validity the collector knows, because it mapped the layout itself. */
#ifndef MHPB_PFN_H
#define MHPB_PFN_H

#include "iomem.h"
#include "model.h"
#include "suite.h"

#include <stddef.h>
#include <stdint.h>

struct run_ctx;

struct pfn_target {
	uint64_t pfn, count;
	uint64_t expected;	/* valid pfns in the window */
};

/* The windows for a claim at @base (section aligned) of @window bytes each.
 * Returns 0, or -1 with @err (no boot RAM to use, no room below
 * MAX_PHYSMEM_BITS). */
int pfn_targets(const struct iomem *io, uint64_t base, uint64_t window,
		uint32_t max_physmem_bits, struct pfn_target t[PFN_NCASES],
		char *err, size_t errlen);

/* Bytes the run maps at the claim's base: @window rounded up to 2M. */
uint64_t pfn_map_size(uint64_t window);

/* The suite, once every key is read: window pfns x loops within the
 * module's limit. 0, or -1 after suite_reject(). */
int pfn_check(struct suite_check *c, struct suite *s);

/* The windows for the run's claim (x->pfn), from the layout @io. Returns 0
 * or -1 with @err. */
int pfn_prepare(struct run_ctx *x, const struct iomem *io, char *err, size_t errlen);

/* Map the layout, take every sample into x->r.pfns (saving after each),
 * unmap. A wrong valid count or a failed ioctl marks the run failed with
 * its error; a signal stops it early (interrupted). */
void pfn_measure(struct run_ctx *x);

#endif
