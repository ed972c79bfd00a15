/* The cache lens's counts of a recorded call: see lens_work.h. */
#include "lens_work.h"

bool op_lens_counts(const struct op_timing *op, const struct module_desc *m, bool unmap,
		    int phase, struct lens_counts *c)
{
	const struct op_lens *l = &op->lens;

	if (!l->present)
		return false;
	if (phase >= 0) {
		*c = l->phase[phase];
		return true;
	}
	/* the call without its outermost waits, as work_ns */
	*c = l->total;
	for (uint32_t i = 0; i < m->nr_phases && i < MHPB_MAX_PHASES; i++) {
		if (m->phases[i].unmap != unmap || !module_phase_outer_wait(m, i))
			continue;
		for (int e = 0; e < LENS_EVENTS; e++)
			c->v[e] -= c->v[e] > l->phase[i].v[e] ? l->phase[i].v[e] : c->v[e];
	}
	return true;
}

bool op_lens_cycles(const struct op_timing *op, const struct module_desc *m, bool unmap,
		    int phase, double *v)
{
	struct lens_counts c;

	if (!op_lens_counts(op, m, unmap, phase, &c))
		return false;
	*v = lens_est_cycles(&c);
	return true;
}
