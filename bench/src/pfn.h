/* Suites of kind pfn_valid: time pfn_valid() over windows of pfns whose
 * validity the collector knows, because it mapped the layout itself. */
#ifndef MHPB_PFN_H
#define MHPB_PFN_H

#include "iomem.h"
#include "model.h"

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

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

/* Map the layout, take every sample into r->pfns (calling @save after each),
 * unmap. A wrong valid count or a failed ioctl sets r->status to failed
 * with r->error. Stops early when *@stop is set (status interrupted). */
void pfn_run(int fd, struct result *r, const struct pfn_target t[PFN_NCASES],
	     int (*save)(void *), void *ctx, volatile sig_atomic_t *stop);

#endif
