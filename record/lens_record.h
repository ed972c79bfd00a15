/* What the cache lens counted in one call (bench/lens/), as the result
 * file holds it (results/README.md, "cache"), and the estimated cycles
 * derived from it: the one place of the formula (analysis/METHOD.md,
 * "The cache lens"). */
#ifndef MHPB_LENS_RECORD_H
#define MHPB_LENS_RECORD_H

#include <mhp_bench.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* cachegrind's events, in its order */
enum lens_event {
	LENS_IR, LENS_DR, LENS_DW, LENS_I1MR, LENS_D1MR, LENS_D1MW, LENS_ILMR, LENS_DLMR,
	LENS_DLMW, LENS_EVENTS
};

extern const char *const lens_event_names[LENS_EVENTS];

struct lens_counts {
	uint64_t v[LENS_EVENTS];
};

/* One call's counts: the whole call and each phase it entered. */
struct op_lens {
	bool present;		/* the lens counted this call */
	bool balanced;		/* every phase marker paired up */
	uint64_t excluded_ir;	/* probe-handler instructions left out */
	struct lens_counts total;
	struct lens_counts phase[MHPB_MAX_PHASES];
	uint32_t phase_calls[MHPB_MAX_PHASES];
};

/* Estimated cycles: L1 hits + 5 x LL hits + 35 x memory accesses. */
double lens_est_cycles(const struct lens_counts *c);

struct module_desc;
struct json_object;

/* A call's "cache" object (phases by the names of @m's phases of the
 * op), and back: 0, or -1 with @err naming the bad member. */
struct json_object *op_lens_to_json(const struct op_lens *l, const struct module_desc *m,
				    bool unmap);
int op_lens_from_json(struct json_object *o, const struct module_desc *m, bool unmap,
		      struct op_lens *l, char *err, size_t errlen);

#endif
