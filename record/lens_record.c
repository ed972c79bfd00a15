/* The cache lens's counts and the estimated cycles derived from them. */
#include "lens_record.h"

#include "model.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

const char *const lens_event_names[LENS_EVENTS] = {
	"Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw",
};

/*
 * Itamar Turner-Trauring's weights, as iai-callgrind (Gungraun), yab and
 * calliper apply them to cachegrind's counts: an L1 hit costs 1 cycle, a
 * last-level hit 5, an access that misses the last level 35
 * (analysis/METHOD.md gives the references and what the weights leave
 * out).
 */
#define LENS_L1_CYCLES	1.0
#define LENS_LL_CYCLES	5.0
#define LENS_RAM_CYCLES	35.0

double lens_est_cycles(const struct lens_counts *c)
{
	const uint64_t *v = c->v;
	double refs = (double)v[LENS_IR] + (double)v[LENS_DR] + (double)v[LENS_DW];
	double l1_miss = (double)v[LENS_I1MR] + (double)v[LENS_D1MR] + (double)v[LENS_D1MW];
	double ram = (double)v[LENS_ILMR] + (double)v[LENS_DLMR] + (double)v[LENS_DLMW];

	return LENS_L1_CYCLES * (refs - l1_miss) + LENS_LL_CYCLES * (l1_miss - ram) +
	       LENS_RAM_CYCLES * ram;
}

static json_object *counts_to_json(const struct lens_counts *c, json_object *o)
{
	for (int e = 0; e < LENS_EVENTS; e++)
		json_object_object_add(o, lens_event_names[e], json_object_new_uint64(c->v[e]));
	return o;
}

json_object *op_lens_to_json(const struct op_lens *l, const struct module_desc *m, bool unmap)
{
	json_object *o, *phases;

	if (!l->present)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "balanced", json_object_new_boolean(l->balanced));
	json_object_object_add(o, "excluded_ir", json_object_new_uint64(l->excluded_ir));
	json_object_object_add(o, "total", counts_to_json(&l->total, json_object_new_object()));
	phases = json_object_new_object();
	for (uint32_t i = 0; i < m->nr_phases && i < MHPB_MAX_PHASES; i++) {
		json_object *ph;

		if (m->phases[i].unmap != unmap || !l->phase_calls[i])
			continue;
		ph = json_object_new_object();
		json_object_object_add(ph, "calls", json_object_new_int64(l->phase_calls[i]));
		json_object_object_add(phases, m->phases[i].name, counts_to_json(&l->phase[i], ph));
	}
	json_object_object_add(o, "phases", phases);
	return o;
}

/* A non-negative integer member @key of @o into @v. */
static int get_count(json_object *o, const char *key, uint64_t *v)
{
	json_object *j;

	if (!json_object_object_get_ex(o, key, &j) || !json_object_is_type(j, json_type_int) ||
	    json_object_get_int64(j) < 0)
		return -1;
	*v = json_object_get_uint64(j);
	return 0;
}

static int counts_from_json(json_object *o, struct lens_counts *c, char *err, size_t errlen,
			    const char *where)
{
	for (int e = 0; e < LENS_EVENTS; e++) {
		if (get_count(o, lens_event_names[e], &c->v[e])) {
			snprintf(err, errlen, "%s.%s: missing or not a count", where,
				 lens_event_names[e]);
			return -1;
		}
	}
	return 0;
}

int op_lens_from_json(json_object *o, const struct module_desc *m, bool unmap, struct op_lens *l,
		      char *err, size_t errlen)
{
	json_object *v, *phases;
	uint64_t calls;

	memset(l, 0, sizeof(*l));
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "balanced", &v) ||
	    !json_object_is_type(v, json_type_boolean) ||
	    get_count(o, "excluded_ir", &l->excluded_ir) ||
	    !json_object_object_get_ex(o, "total", &v) ||
	    !json_object_object_get_ex(o, "phases", &phases) ||
	    !json_object_is_type(phases, json_type_object)) {
		snprintf(err, errlen, "not a lens record (balanced, excluded_ir, total, phases)");
		return -1;
	}
	l->balanced = json_object_get_boolean(json_object_object_get(o, "balanced"));
	if (counts_from_json(v, &l->total, err, errlen, "total"))
		return -1;
	json_object_object_foreach(phases, name, ph) {
		int i = module_phase_index(m, name, unmap);

		if (i < 0) {
			snprintf(err, errlen, "phases: '%s' is not a phase of the op", name);
			return -1;
		}
		if (get_count(ph, "calls", &calls) || calls > UINT32_MAX ||
		    counts_from_json(ph, &l->phase[i], err, errlen, name)) {
			if (!err[0] || calls > UINT32_MAX)
				snprintf(err, errlen, "phases.%s.calls: not a count", name);
			return -1;
		}
		l->phase_calls[i] = (uint32_t)calls;
	}
	l->present = true;
	return 0;
}
