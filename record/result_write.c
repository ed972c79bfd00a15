/* The result file written: struct result -> JSON (json-c), and the
 * atomic write of a JSON document (result.h). */
#include "result.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put(json_object *o, const char *key, json_object *v)
{
	json_object_object_add(o, key, v);
}

static json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *u64_array(const uint64_t *v, unsigned n)
{
	json_object *a = json_object_new_array();

	for (unsigned i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_uint64(v[i]));
	return a;
}

static json_object *suite_to_json(const struct suite *s)
{
	json_object *o = json_object_new_object(), *types, *shifts;

	put(o, "name", json_object_new_string(s->name));
	if (s->description)
		put(o, "description", json_object_new_string(s->description));
	put(o, "file", str_or_null(s->file));
	put(o, "text", str_or_null(s->text));
	put(o, "sizes", u64_array(s->sizes, s->n_sizes));
	put(o, "offsets", u64_array(s->offsets, s->n_offsets));
	types = json_object_new_array();
	for (unsigned i = 0; i < s->n_types; i++)
		json_object_array_add(types, json_object_new_string(pgmap_type_name(s->types[i])));
	put(o, "types", types);
	shifts = json_object_new_array();
	for (unsigned i = 0; i < s->n_shifts; i++)
		json_object_array_add(shifts, json_object_new_int(s->shifts[i]));
	put(o, "vmemmap_shifts", shifts);
	shifts = json_object_new_array();
	for (unsigned i = 0; i < s->n_memmaps; i++)
		json_object_array_add(shifts, json_object_new_string(memmap_loc_name(s->memmaps[i])));
	put(o, "memmaps", shifts);
	put(o, "kind", json_object_new_string(suite_kind_name(s->kind)));
	put(o, "probes", json_object_new_string(probes_mode_name(s->probes)));
	put(o, "loops", json_object_new_int64(s->loops));
	put(o, "window", json_object_new_uint64(s->window));
	put(o, "repeat", json_object_new_int64(s->repeat));
	put(o, "warmup", json_object_new_int64(s->warmup));
	put(o, "spacing_ms", json_object_new_int64(s->spacing_ms));
	put(o, "spacing_jitter_ms", json_object_new_int64(s->spacing_jitter_ms));
	put(o, "mode", json_object_new_string(suite_mode_name(s)));
	put(o, "order", json_object_new_string(suite_order_name(s->order)));
	put(o, "seed", json_object_new_uint64(s->seed));
	put(o, "events", json_object_new_string(s->events));
	return o;
}

static json_object *module_to_json(const struct module_desc *m)
{
	json_object *o = json_object_new_object(), *phases = json_object_new_array();

	put(o, "abi_version", json_object_new_int64(m->abi_version));
	put(o, "srcversion", m->srcversion[0] ? json_object_new_string(m->srcversion) : NULL);
	put(o, "subsection_size", json_object_new_uint64(m->subsection_size));
	put(o, "section_size", json_object_new_uint64(m->section_size));
	put(o, "probe_errors", json_object_new_int64(m->probe_errors));
	put(o, "page_struct_size", json_object_new_int64(m->page_struct_size));
	put(o, "max_physmem_bits", json_object_new_int64(m->max_physmem_bits));
	put(o, "device_private", json_object_new_boolean(m->device_private));
	for (uint32_t i = 0; i < m->nr_phases; i++) {
		const struct phase_desc *p = &m->phases[i];
		json_object *ph = json_object_new_object();

		put(ph, "index", json_object_new_int64(p->index));
		put(ph, "name", json_object_new_string(p->name));
		put(ph, "symbol", json_object_new_string(p->symbol));
		put(ph, "parent", p->parent < m->nr_phases ?
		    json_object_new_string(m->phases[p->parent].name) : NULL);
		put(ph, "op", json_object_new_string(p->unmap ? "unmap" : "map"));
		put(ph, "wait", json_object_new_boolean(p->wait));
		put(ph, "probed", json_object_new_boolean(p->probed));
		put(ph, "source", json_object_new_string(p->tracepoint ? "tracepoint" : "kretprobe"));
		json_object_array_add(phases, ph);
	}
	put(o, "phases", phases);
	put(o, "inject", inject_to_json(&m->inject));
	return o;
}

static json_object *op_to_json(const struct op_timing *op, const struct module_desc *m,
			       bool unmap)
{
	json_object *o, *phases;

	if (!op->done)
		return NULL;
	o = json_object_new_object();
	put(o, "ok", json_object_new_boolean(op->ok));
	put(o, "errno", json_object_new_int(op->err));
	if (!op->ok)
		put(o, "error", json_object_new_string(strerror(op->err)));
	put(o, "total_ns", json_object_new_uint64(op->total_ns));
	put(o, "wait_ns", json_object_new_uint64(op->wait_ns));
	put(o, "work_ns", json_object_new_uint64(op->work_ns));
	put(o, "probe_missed", json_object_new_int64(op->probe_missed));
	put(o, "unbalanced", json_object_new_boolean(op->unbalanced));
	put(o, "no_probes", json_object_new_boolean(op->no_probes));
	if (!unmap) {
		double ns_pp, bps;

		put(o, "memmap_pages", json_object_new_uint64(op->memmap_pages));
		put(o, "altmap_free", json_object_new_uint64(op->altmap_free));
		if (op_memmap_rate(op, m, &ns_pp, &bps)) {
			put(o, "memmap_init_ns_per_page", json_object_new_double(ns_pp));
			put(o, "memmap_init_bytes_per_s", json_object_new_double(bps));
		}
	}
	put(o, "altmap_alloc", json_object_new_uint64(op->altmap_alloc));
	phases = json_object_new_object();
	for (uint32_t i = 0; i < m->nr_phases && i < MHPB_MAX_PHASES; i++) {
		json_object *ph;

		if (m->phases[i].unmap != unmap || op->phase_calls[i] == 0)
			continue;
		ph = json_object_new_object();
		put(ph, "ns", json_object_new_uint64(op->phase_ns[i]));
		put(ph, "calls", json_object_new_int64(op->phase_calls[i]));
		put(phases, m->phases[i].name, ph);
	}
	put(o, "phases", phases);
	if (op->lens.present)
		put(o, "cache", op_lens_to_json(&op->lens, m, unmap));
	return o;
}

static json_object *case_to_json(const struct bench_case *k)
{
	json_object *c = json_object_new_object();

	put(c, "size", json_object_new_uint64(k->size));
	put(c, "offset", json_object_new_uint64(k->offset));
	put(c, "type", json_object_new_string(pgmap_type_name(k->type)));
	put(c, "vmemmap_shift", json_object_new_int(k->vmemmap_shift));
	put(c, "memmap", json_object_new_string(memmap_loc_name(k->memmap)));
	return c;
}

/* The event counts of one call: the counted events by name (supported
 * ones only), the group's enabled/running times and task-clock. */
static json_object *counters_to_json(const struct op_timing *op, const struct result *r)
{
	json_object *o = json_object_new_object();

	put(o, "task_clock_ns", json_object_new_uint64(op->pmu.task_clock_ns));
	if (r->pmu_any_hw) {
		put(o, "enabled_ns", json_object_new_uint64(op->pmu.enabled_ns));
		put(o, "running_ns", json_object_new_uint64(op->pmu.running_ns));
	}
	for (unsigned i = 0; i < r->n_pmu; i++)
		if (r->pmu[i].supported)
			put(o, r->pmu[i].name, json_object_new_uint64(op->pmu.value[i]));
	return o;
}

static json_object *pmu_to_json(const struct result *r)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	for (unsigned i = 0; i < r->n_pmu; i++) {
		json_object *e = json_object_new_object();

		put(e, "name", json_object_new_string(r->pmu[i].name));
		put(e, "supported", json_object_new_boolean(r->pmu[i].supported));
		if (!r->pmu[i].supported)
			put(e, "error", json_object_new_string(r->pmu[i].why));
		json_object_array_add(a, e);
	}
	put(o, "events", a);
	put(o, "hardware", json_object_new_boolean(r->pmu_any_hw));
	put(o, "mode", json_object_new_string("kernel only (PFM_PLM0), collector thread"));
	return o;
}

static json_object *sample_to_json(const struct sample *s, const struct result *r)
{
	const struct module_desc *m = &r->module;
	json_object *o = json_object_new_object();

	put(o, "seq", json_object_new_int64(s->seq));
	put(o, "case", case_to_json(&s->c));
	put(o, "rep", json_object_new_int64(s->rep));
	put(o, "warmup", json_object_new_boolean(s->warmup));
	put(o, "probes", json_object_new_string(s->probes_off ? "off" : "on"));
	put(o, "t_ns", json_object_new_uint64(s->t_ns));
	put(o, "map", op_to_json(&s->map, m, false));
	put(o, "unmap", op_to_json(&s->unmap, m, true));
	if (s->map.counted)
		put(json_object_object_get(o, "map"), "counters", counters_to_json(&s->map, r));
	if (s->unmap.counted)
		put(json_object_object_get(o, "unmap"), "counters",
		    counters_to_json(&s->unmap, r));
	return o;
}

static double per_s(uint64_t bytes, uint64_t ns)
{
	return ns ? (double)bytes * 1e9 / (double)ns : 0;
}

static json_object *memsets_to_json(const struct result *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->n_memsets; i++) {
		const struct memset_rec *m = &r->memsets[i];
		json_object *o = json_object_new_object();

		put(o, "case", case_to_json(&m->c));
		put(o, "size", json_object_new_uint64(m->size));
		put(o, "errno", json_object_new_int(m->err));
		put(o, "stores_ns", json_object_new_uint64(m->stores_ns));
		put(o, "memset_ns", json_object_new_uint64(m->memset_ns));
		if (!m->err) {
			put(o, "stores_bytes_per_s", json_object_new_double(per_s(m->size, m->stores_ns)));
			put(o, "memset_bytes_per_s", json_object_new_double(per_s(m->size, m->memset_ns)));
		}
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *pfns_to_json(const struct result *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->n_pfns; i++) {
		const struct pfn_rec *p = &r->pfns[i];
		json_object *o = json_object_new_object();

		put(o, "seq", json_object_new_int64(p->seq));
		put(o, "case", json_object_new_string(p->name));
		put(o, "rep", json_object_new_int64(p->rep));
		put(o, "warmup", json_object_new_boolean(p->warmup));
		put(o, "pfn", json_object_new_uint64(p->pfn));
		put(o, "count", json_object_new_uint64(p->count));
		put(o, "loops", json_object_new_int64(p->loops));
		put(o, "expected", json_object_new_uint64(p->expected));
		put(o, "errno", json_object_new_int(p->err));
		put(o, "valid", json_object_new_uint64(p->valid));
		put(o, "calls", json_object_new_uint64(p->calls));
		put(o, "raw_ns", json_object_new_uint64(p->raw_ns));
		put(o, "empty_ns", json_object_new_uint64(p->empty_ns));
		put(o, "raw_ps", json_object_new_uint64(p->raw_ps));
		put(o, "empty_ps", json_object_new_uint64(p->empty_ps));
		put(o, "call_ps", json_object_new_uint64(p->call_ps));
		json_object_array_add(a, o);
	}
	return a;
}

json_object *result_to_json(const struct result *r)
{
	json_object *o = json_object_new_object(), *col, *range, *samples;

	put(o, "format", json_object_new_string(RESULT_FORMAT));
	put(o, "format_version", json_object_new_int(RESULT_FORMAT_VERSION));
	put(o, "status", json_object_new_string(run_status_name(r->status)));
	if (r->error)
		put(o, "error", json_object_new_string(r->error));
	put(o, "label", str_or_null(r->label));
	put(o, "started", json_object_new_string(r->started));
	if (r->finished[0])
		put(o, "finished", json_object_new_string(r->finished));
	col = json_object_new_object();
	put(col, "version", str_or_null(r->collector_version));
	put(col, "compiler", str_or_null(r->collector_compiler));
	put(o, "collector", col);
	put(o, "suite", suite_to_json(&r->suite));
	put(o, "environment", r->environment ? json_object_get(r->environment) : NULL);
	put(o, "module", module_to_json(&r->module));
	range = json_object_new_object();
	put(range, "start", json_object_new_uint64(r->range_start));
	put(range, "size", json_object_new_uint64(r->range_size));
	put(range, "base", json_object_new_uint64(r->range_base));
	put(o, "range", range);
	put(o, "memset", memsets_to_json(r));
	put(o, "pfn_valid", pfns_to_json(r));
	if (r->n_pmu)
		put(o, "pmu", pmu_to_json(r));
	/* last on purpose: result_read() salvages a file cut inside this array */
	samples = json_object_new_array();
	for (size_t i = 0; i < r->n_samples; i++)
		json_object_array_add(samples, sample_to_json(&r->samples[i], r));
	put(o, "samples", samples);
	return o;
}

int json_write_atomic(json_object *j, const char *path, char *err, size_t errlen)
{
	const char *text = json_object_to_json_string_ext(j,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	char tmp[4096];
	size_t len = strlen(text);
	FILE *f;
	int ok;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	ok = fwrite(text, 1, len, f) == len && fputc('\n', f) != EOF &&
	     fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (!ok)
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
	if (fclose(f) != 0 && ok) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		ok = 0;
	}
	if (ok && rename(tmp, path) != 0) {
		snprintf(err, errlen, "rename %s: %s", tmp, strerror(errno));
		ok = 0;
	}
	if (!ok)
		unlink(tmp);
	return ok ? 0 : -1;
}

int result_write(const struct result *r, const char *path, char *err, size_t errlen)
{
	json_object *j = result_to_json(r);
	int rc = json_write_atomic(j, path, err, errlen);

	json_object_put(j);
	return rc;
}
