/* A built summary as JSON (`mhpbench summary --format json`): what the
 * tests and scripts read instead of the text. Figures are ns as recorded
 * (instructions at icount shift 0 for work figures: see "work_unit"). */
#include "summary.h"

static void put(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *stats_json(const struct stats *st)
{
	json_object *o;

	if (!st->n)
		return NULL;
	o = json_object_new_object();
	put(o, "n", json_object_new_uint64(st->n));
	put(o, "median", json_object_new_double(st->median));
	put(o, "q1", json_object_new_double(st->q1));
	put(o, "q3", json_object_new_double(st->q3));
	return o;
}

static json_object *phases_json(const struct summary *s, const struct sum_op *o)
{
	const struct module_desc *m = &s->r->module;
	json_object *a = json_object_new_array();

	for (unsigned i = 0; i < o->n_phases; i++) {
		const struct sum_phase *p = &o->phases[i];
		json_object *j = json_object_new_object();

		put(j, "name", json_object_new_string(m->phases[p->index].name));
		put(j, "depth", json_object_new_int((int)p->depth));
		put(j, "median", json_object_new_double(p->median));
		put(j, "wait", json_object_new_boolean(m->phases[p->index].wait));
		put(j, "holds_wait", json_object_new_boolean(module_phase_holds_wait(m, p->index)));
		json_object_array_add(a, j);
	}
	return a;
}

static json_object *op_json(const struct summary *s, const struct sum_op *o)
{
	json_object *j = json_object_new_object(), *top = json_object_new_array();
	int t[2];

	put(j, "failed", json_object_new_uint64(o->failed));
	put(j, "total", stats_json(&o->total));
	put(j, "wait", stats_json(&o->wait));
	put(j, "work", stats_json(&o->work));
	put(j, "phases", phases_json(s, o));
	summary_top_work(s, o, t);
	for (int i = 0; i < 2 && t[i] >= 0; i++)
		json_object_array_add(top, json_object_new_string(
			s->r->module.phases[o->phases[t[i]].index].name));
	put(j, "largest_work", top);
	return j;
}

static json_object *case_json(const struct summary *s, const struct sum_case *c)
{
	json_object *j = json_object_new_object();
	char label[96];

	case_label(&c->c, label, sizeof(label));
	put(j, "case", json_object_new_string(label));
	put(j, "size", json_object_new_uint64(c->c.size));
	put(j, "offset", json_object_new_uint64(c->c.offset));
	put(j, "type", json_object_new_string(pgmap_type_name(c->c.type)));
	put(j, "vmemmap_shift", json_object_new_int((int)c->c.vmemmap_shift));
	put(j, "memmap", json_object_new_string(memmap_loc_name(c->c.memmap)));
	put(j, "map", op_json(s, &c->op[OP_MAP]));
	put(j, "unmap", op_json(s, &c->op[OP_UNMAP]));
	if (s->r->suite.probes == PROBES_BOTH) {
		put(j, "map_probes_off_total", stats_json(&c->off[OP_MAP].total));
		put(j, "unmap_probes_off_total", stats_json(&c->off[OP_UNMAP].total));
	}
	if (c->memmap.n) {
		json_object *m = json_object_new_object();

		put(m, "struct_pages", json_object_new_uint64(c->memmap.pages));
		put(m, "ns_per_page", json_object_new_double(c->memmap.ns_per_page));
		put(j, "memmap_init", m);
	}
	return j;
}

json_object *summary_run_json(const struct summary *s)
{
	const struct result *r = s->r;
	json_object *j = json_object_new_object();
	char inject[128];

	put(j, "suite", json_object_new_string(r->suite.name));
	put(j, "kind", json_object_new_string(suite_kind_name(r->suite.kind)));
	put(j, "kernel", json_object_new_string(env_kernel_release(r->environment)));
	put(j, "clock", json_object_new_string(env_clock_name(s->clock.clock)));
	put(j, "work_unit", json_object_new_string(figure_unit_name(s->work_unit)));
	put(j, "status", json_object_new_string(run_status_name(r->status)));
	put(j, "complete", json_object_new_boolean(r->status == RUN_COMPLETE && !r->truncated));
	put(j, "truncated", json_object_new_boolean(r->truncated));
	put(j, "error", r->error ? json_object_new_string(r->error) : NULL);
	put(j, "measured", json_object_new_uint64(s->measured));
	put(j, "expected", json_object_new_uint64(s->expected));
	put(j, "probe_errors", json_object_new_uint64(r->module.probe_errors));
	inject_describe(&r->module.inject, inject, sizeof(inject));
	put(j, "inject", r->module.inject.armed ? json_object_new_string(inject) : NULL);
	return j;
}

void summary_hotplug_json(json_object *j, const struct summary *s)
{
	json_object *cases = json_object_new_array();

	for (uint32_t ci = 0; ci < s->n_cases; ci++)
		json_object_array_add(cases, case_json(s, &s->cases[ci]));
	put(j, "cases", cases);
}

