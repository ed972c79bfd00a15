/* The result file: struct result <-> JSON, with json-c. */
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

/* ---- writing ---- */

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

/* ---- reading ---- */

struct rd {
	char *err;
	size_t errlen;
	int failed;
};

__attribute__((format(printf, 2, 3)))
static void rd_fail(struct rd *rd, const char *fmt, ...)
{
	va_list ap;

	if (rd->failed++)
		return;		/* keep the first error: it is the cause */
	va_start(ap, fmt);
	vsnprintf(rd->err, rd->errlen, fmt, ap);
	va_end(ap);
}

/* Put "@index: " before the error of an element that just failed. */
static void rd_in(struct rd *rd, int failed_before, const char *array, size_t index)
{
	char msg[512];

	if (failed_before || !rd->failed)
		return;
	snprintf(msg, sizeof(msg), "%s", rd->err);
	snprintf(rd->err, rd->errlen, "%s[%zu]: %s", array, index, msg);
}

/* Member @key of @o with type @t, or NULL (and an error unless @optional). */
static json_object *get(struct rd *rd, json_object *o, const char *where,
			const char *key, json_type t, bool optional)
{
	json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null)) {
		if (!optional)
			rd_fail(rd, "%s.%s: missing", where, key);
		return NULL;
	}
	if (!json_object_is_type(v, t) &&
	    !(t == json_type_double && json_object_is_type(v, json_type_int))) {
		rd_fail(rd, "%s.%s: expected %s, found %s", where, key,
			json_type_to_name(t), json_type_to_name(json_object_get_type(v)));
		return NULL;
	}
	return v;
}

static uint64_t get_u64(struct rd *rd, json_object *o, const char *where, const char *key)
{
	json_object *v = get(rd, o, where, key, json_type_int, false);

	if (v && json_object_get_int64(v) < 0) {
		rd_fail(rd, "%s.%s: negative", where, key);
		return 0;
	}
	return v ? json_object_get_uint64(v) : 0;
}

/* An optional non-negative integer (fields added after format 1 began). */
static uint64_t get_u64_or(struct rd *rd, json_object *o, const char *where, const char *key,
			   uint64_t def)
{
	json_object *v = get(rd, o, where, key, json_type_int, true);

	if (!v)
		return def;
	if (json_object_get_int64(v) < 0) {
		rd_fail(rd, "%s.%s: negative", where, key);
		return def;
	}
	return json_object_get_uint64(v);
}

static bool get_bool(struct rd *rd, json_object *o, const char *where, const char *key)
{
	json_object *v = get(rd, o, where, key, json_type_boolean, false);

	return v && json_object_get_boolean(v);
}

static char *get_strdup(struct rd *rd, json_object *o, const char *where,
			const char *key, bool optional)
{
	json_object *v = get(rd, o, where, key, json_type_string, optional);

	return v ? strdup(json_object_get_string(v)) : NULL;
}

static void get_strcpy(struct rd *rd, json_object *o, const char *where,
		       const char *key, char *buf, size_t len, bool optional)
{
	json_object *v = get(rd, o, where, key, json_type_string, optional);

	buf[0] = '\0';
	if (v)
		snprintf(buf, len, "%s", json_object_get_string(v));
}

static unsigned get_u64_list(struct rd *rd, json_object *o, const char *key, uint64_t *out)
{
	json_object *a = get(rd, o, "suite", key, json_type_array, false);
	size_t n = a ? json_object_array_length(a) : 0;

	if (n > SUITE_MAX_LIST) {
		rd_fail(rd, "suite.%s: more than %d values", key, SUITE_MAX_LIST);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(a, i);

		if (!json_object_is_type(v, json_type_int))
			rd_fail(rd, "suite.%s[%zu]: not an integer", key, i);
		out[i] = json_object_get_uint64(v);
	}
	return (unsigned)n;
}

/* Element @i of the suite's array @key (@a) as a string, or NULL and an
 * error. */
static const char *list_string(struct rd *rd, json_object *a, const char *key, size_t i)
{
	json_object *v = json_object_array_get_idx(a, i);

	if (!json_object_is_type(v, json_type_string)) {
		rd_fail(rd, "suite.%s[%zu]: expected string, found %s", key, i,
			json_type_to_name(json_object_get_type(v)));
		return NULL;
	}
	return json_object_get_string(v);
}

static void suite_from_json(struct rd *rd, json_object *o, struct suite *s)
{
	json_object *a, *v;
	size_t n;

	memset(s, 0, sizeof(*s));
	get_strcpy(rd, o, "suite", "name", s->name, sizeof(s->name), false);
	s->description = get_strdup(rd, o, "suite", "description", true);
	s->file = get_strdup(rd, o, "suite", "file", true);
	s->text = get_strdup(rd, o, "suite", "text", true);
	s->n_sizes = get_u64_list(rd, o, "sizes", s->sizes);
	s->n_offsets = get_u64_list(rd, o, "offsets", s->offsets);
	a = get(rd, o, "suite", "types", json_type_array, false);
	n = a ? json_object_array_length(a) : 0;
	for (size_t i = 0; i < n && i < SUITE_MAX_LIST; i++) {
		const char *t = list_string(rd, a, "types", i);

		if (t && pgmap_type_parse(t, &s->types[s->n_types++]))
			rd_fail(rd, "suite.types[%zu]: unknown type '%s'", i, t);
	}
	a = get(rd, o, "suite", "vmemmap_shifts", json_type_array, false);
	n = a ? json_object_array_length(a) : 0;
	for (size_t i = 0; i < n && i < SUITE_MAX_LIST; i++) {
		json_object *shift = json_object_array_get_idx(a, i);
		int64_t sh = json_object_get_int64(shift);

		if (!json_object_is_type(shift, json_type_int) || (sh != 0 && sh != 9 && sh != 18))
			rd_fail(rd, "suite.vmemmap_shifts[%zu]: not 0, 9 or 18", i);
		else
			s->shifts[s->n_shifts++] = (uint32_t)sh;
	}
	s->repeat = (unsigned)get_u64(rd, o, "suite", "repeat");
	s->warmup = (unsigned)get_u64(rd, o, "suite", "warmup");
	s->spacing_ms = (unsigned)get_u64(rd, o, "suite", "spacing_ms");
	/* absent before 2026-11-25: those runs slept exactly spacing_ms */
	s->spacing_jitter_ms = (unsigned)get_u64_or(rd, o, "suite", "spacing_jitter_ms", 0);
	v = get(rd, o, "suite", "order", json_type_string, false);
	if (v && suite_order_parse(json_object_get_string(v), &s->order))
		rd_fail(rd, "suite.order: unknown '%s'", json_object_get_string(v));
	s->seed = get_u64(rd, o, "suite", "seed");
	s->seed_given = true;
	v = get(rd, o, "suite", "events", json_type_string, true);
	snprintf(s->events, sizeof(s->events), "%s", v ? json_object_get_string(v) : "");
	s->memmaps[0] = MEMMAP_DRAM;
	s->n_memmaps = 1;
	a = get(rd, o, "suite", "memmaps", json_type_array, true);
	n = a ? json_object_array_length(a) : 0;
	for (size_t i = 0; i < n && i < SUITE_MAX_LIST; i++) {
		const char *m = list_string(rd, a, "memmaps", i);

		if (m && memmap_loc_parse(m, &s->memmaps[i]))
			rd_fail(rd, "suite.memmaps[%zu]: unknown '%s'", i, m);
	}
	if (n)
		s->n_memmaps = (unsigned)(n < SUITE_MAX_LIST ? n : SUITE_MAX_LIST);
	v = get(rd, o, "suite", "kind", json_type_string, true);
	if (v && suite_kind_parse(json_object_get_string(v), &s->kind))
		rd_fail(rd, "suite.kind: unknown '%s'", json_object_get_string(v));
	v = get(rd, o, "suite", "probes", json_type_string, true);
	if (v && probes_mode_parse(json_object_get_string(v), &s->probes))
		rd_fail(rd, "suite.probes: unknown '%s'", json_object_get_string(v));
	s->loops = (unsigned)get_u64_or(rd, o, "suite", "loops", 0);
	s->window = get_u64_or(rd, o, "suite", "window", 0);
	if (!rd->failed && s->kind == KIND_HOTPLUG &&
	    (!s->n_sizes || !s->n_offsets || !s->n_types || !s->n_shifts))
		rd_fail(rd, "suite: a list of sizes, offsets, types or shifts is empty");
}

/* module.inject: absent in files before it existed, null when not armed. */
static void module_inject_from_json(struct rd *rd, json_object *o, struct module_desc *m)
{
	json_object *v = NULL;
	char err[128];

	if (rd->failed || !json_object_object_get_ex(o, "inject", &v))
		return;
	if (inject_from_json(v, &m->inject, err, sizeof(err)))
		rd_fail(rd, "%s", err);
}

static void module_from_json(struct rd *rd, json_object *o, struct module_desc *m)
{
	json_object *a = get(rd, o, "module", "phases", json_type_array, false), *dp;
	size_t n = a ? json_object_array_length(a) : 0;
	char parents[MHPB_MAX_PHASES][MHPB_NAME_LEN];

	memset(m, 0, sizeof(*m));
	m->abi_version = (uint32_t)get_u64(rd, o, "module", "abi_version");
	get_strcpy(rd, o, "module", "srcversion", m->srcversion, sizeof(m->srcversion), true);
	m->subsection_size = get_u64(rd, o, "module", "subsection_size");
	m->section_size = get_u64(rd, o, "module", "section_size");
	m->probe_errors = (uint32_t)get_u64(rd, o, "module", "probe_errors");
	m->page_struct_size = (uint32_t)get_u64_or(rd, o, "module", "page_struct_size", 0);
	m->max_physmem_bits = (uint32_t)get_u64_or(rd, o, "module", "max_physmem_bits", 0);
	/* absent before module ABI 5 */
	dp = get(rd, o, "module", "device_private", json_type_boolean, true);
	m->device_private = dp && json_object_get_boolean(dp);
	if (n > MHPB_MAX_PHASES) {
		rd_fail(rd, "module.phases: more than %d", MHPB_MAX_PHASES);
		return;
	}
	m->nr_phases = (uint32_t)n;
	for (size_t i = 0; i < n; i++) {
		json_object *ph = json_object_array_get_idx(a, i);
		struct phase_desc *p = &m->phases[i];
		char op[8], source[16];

		/* result files list phases in index order: position is the index */
		p->index = (uint32_t)get_u64(rd, ph, "module.phases[]", "index");
		if (!rd->failed && p->index != i)
			rd_fail(rd, "module.phases[%zu]: index is %u", i, p->index);
		get_strcpy(rd, ph, "module.phases[]", "name", p->name, sizeof(p->name), false);
		get_strcpy(rd, ph, "module.phases[]", "symbol", p->symbol, sizeof(p->symbol), false);
		get_strcpy(rd, ph, "module.phases[]", "parent", parents[i], sizeof(parents[i]), true);
		get_strcpy(rd, ph, "module.phases[]", "op", op, sizeof(op), false);
		p->unmap = strcmp(op, "unmap") == 0;
		p->wait = get_bool(rd, ph, "module.phases[]", "wait");
		p->probed = get_bool(rd, ph, "module.phases[]", "probed");
		/* files before ABI 4 timed every phase with a kretprobe */
		get_strcpy(rd, ph, "module.phases[]", "source", source, sizeof(source), true);
		p->tracepoint = strcmp(source, "tracepoint") == 0;
	}
	for (size_t i = 0; i < n; i++) {
		int pi = parents[i][0] ? module_phase_index(m, parents[i], m->phases[i].unmap) : -1;

		if (parents[i][0] && pi < 0)
			rd_fail(rd, "module.phases[%zu]: unknown parent '%s'", i, parents[i]);
		m->phases[i].parent = pi < 0 ? MHPB_PHASE_NONE : (uint32_t)pi;
	}
	module_inject_from_json(rd, o, m);
}

/* "cache": absent or null (no lens, or a call the lens did not count) or
 * the lens's counts. */
static void lens_from_json(struct rd *rd, json_object *o, const struct module_desc *m,
			   bool unmap, struct op_timing *op)
{
	json_object *c = get(rd, o, unmap ? "unmap" : "map", "cache", json_type_object, true);
	char err[256] = "";

	if (c && op_lens_from_json(c, m, unmap, &op->lens, err, sizeof(err)))
		rd_fail(rd, "%s.cache: %s", unmap ? "unmap" : "map", err);
}

static void op_from_json(struct rd *rd, json_object *o, const struct module_desc *m,
			 bool unmap, struct op_timing *op)
{
	const char *w = unmap ? "unmap" : "map";
	json_object *phases, *v;

	memset(op, 0, sizeof(*op));
	if (!o)
		return;		/* not attempted */
	op->done = true;
	op->ok = get_bool(rd, o, w, "ok");
	op->err = (int)get_u64(rd, o, w, "errno");
	op->total_ns = get_u64(rd, o, w, "total_ns");
	op->wait_ns = get_u64(rd, o, w, "wait_ns");
	op->work_ns = get_u64(rd, o, w, "work_ns");
	op->probe_missed = (uint32_t)get_u64(rd, o, w, "probe_missed");
	op->unbalanced = get_bool(rd, o, w, "unbalanced");
	v = get(rd, o, w, "no_probes", json_type_boolean, true);
	op->no_probes = v && json_object_get_boolean(v);
	op->memmap_pages = get_u64_or(rd, o, w, "memmap_pages", 0);
	op->altmap_free = get_u64_or(rd, o, w, "altmap_free", 0);
	op->altmap_alloc = get_u64_or(rd, o, w, "altmap_alloc", 0);
	lens_from_json(rd, o, m, unmap, op);
	phases = get(rd, o, w, "phases", json_type_object, false);
	if (!phases)
		return;
	json_object_object_foreach(phases, name, ph) {
		int i = module_phase_index(m, name, unmap);

		if (i < 0) {
			rd_fail(rd, "%s.phases: '%s' is not a %s phase of module.phases", w, name, w);
			return;
		}
		op->phase_ns[i] = get_u64(rd, ph, w, "ns");
		op->phase_calls[i] = (uint32_t)get_u64(rd, ph, w, "calls");
	}
}

static void case_from_json(struct rd *rd, json_object *c, struct bench_case *k)
{
	json_object *v;

	k->size = get_u64(rd, c, "case", "size");
	k->offset = get_u64(rd, c, "case", "offset");
	v = get(rd, c, "case", "type", json_type_string, false);
	if (v && pgmap_type_parse(json_object_get_string(v), &k->type))
		rd_fail(rd, "case.type: unknown '%s'", json_object_get_string(v));
	k->vmemmap_shift = (uint32_t)get_u64(rd, c, "case", "vmemmap_shift");
	k->memmap = MEMMAP_DRAM;
	v = get(rd, c, "case", "memmap", json_type_string, true);
	if (v && memmap_loc_parse(json_object_get_string(v), &k->memmap))
		rd_fail(rd, "case.memmap: unknown '%s'", json_object_get_string(v));
}

static void memsets_from_json(struct rd *rd, json_object *a, struct result *r)
{
	size_t n = a ? json_object_array_length(a) : 0;

	if (!n)
		return;
	r->memsets = calloc(n, sizeof(*r->memsets));
	if (!r->memsets) {
		rd_fail(rd, "out of memory");
		return;
	}
	for (size_t i = 0; i < n && !rd->failed; i++) {
		json_object *o = json_object_array_get_idx(a, i);
		struct memset_rec *m = &r->memsets[r->n_memsets];
		int idx, before = rd->failed;

		case_from_json(rd, get(rd, o, "memset", "case", json_type_object, false), &m->c);
		m->size = get_u64(rd, o, "memset", "size");
		m->err = (int)get_u64(rd, o, "memset", "errno");
		m->stores_ns = get_u64(rd, o, "memset", "stores_ns");
		m->memset_ns = get_u64(rd, o, "memset", "memset_ns");
		idx = suite_case_index(&r->suite, &m->c);
		if (idx < 0 && !rd->failed)
			rd_fail(rd, "case is not one of the suite's");
		rd_in(rd, before, "memset", i);
		m->case_idx = idx < 0 ? 0 : (uint32_t)idx;
		r->n_memsets++;
	}
}

static void pfns_from_json(struct rd *rd, json_object *a, struct result *r)
{
	size_t n = a ? json_object_array_length(a) : 0;

	for (size_t i = 0; i < n && !rd->failed; i++) {
		json_object *o = json_object_array_get_idx(a, i);
		struct pfn_rec p;
		int before = rd->failed;

		memset(&p, 0, sizeof(p));
		p.seq = (uint32_t)get_u64(rd, o, "pfn_valid", "seq");
		get_strcpy(rd, o, "pfn_valid", "case", p.name, sizeof(p.name), false);
		p.rep = (uint32_t)get_u64(rd, o, "pfn_valid", "rep");
		p.warmup = get_bool(rd, o, "pfn_valid", "warmup");
		p.pfn = get_u64(rd, o, "pfn_valid", "pfn");
		p.count = get_u64(rd, o, "pfn_valid", "count");
		p.loops = (uint32_t)get_u64(rd, o, "pfn_valid", "loops");
		p.expected = get_u64(rd, o, "pfn_valid", "expected");
		p.err = (int)get_u64(rd, o, "pfn_valid", "errno");
		p.valid = get_u64(rd, o, "pfn_valid", "valid");
		p.calls = get_u64(rd, o, "pfn_valid", "calls");
		p.raw_ns = get_u64(rd, o, "pfn_valid", "raw_ns");
		p.empty_ns = get_u64(rd, o, "pfn_valid", "empty_ns");
		p.raw_ps = get_u64(rd, o, "pfn_valid", "raw_ps");
		p.empty_ps = get_u64(rd, o, "pfn_valid", "empty_ps");
		p.call_ps = get_u64(rd, o, "pfn_valid", "call_ps");
		rd_in(rd, before, "pfn_valid", i);
		if (!rd->failed && result_add_pfn(r, &p))
			rd_fail(rd, "out of memory");
	}
}

static void counters_from_json(struct rd *rd, json_object *o, const struct result *r,
			       struct op_timing *op)
{
	if (!o)
		return;
	op->counted = true;
	op->pmu.task_clock_ns = get_u64(rd, o, "counters", "task_clock_ns");
	op->pmu.enabled_ns = get_u64_or(rd, o, "counters", "enabled_ns", 0);
	op->pmu.running_ns = get_u64_or(rd, o, "counters", "running_ns", 0);
	for (unsigned i = 0; i < r->n_pmu; i++)
		if (r->pmu[i].supported)
			op->pmu.value[i] = get_u64(rd, o, "counters", r->pmu[i].name);
}

static void pmu_from_json(struct rd *rd, json_object *o, struct result *r)
{
	json_object *a;
	size_t n;

	r->n_pmu = 0;
	if (!o)
		return;
	r->pmu_any_hw = get_bool(rd, o, "pmu", "hardware");
	a = get(rd, o, "pmu", "events", json_type_array, false);
	n = a ? json_object_array_length(a) : 0;
	for (size_t i = 0; i < n && i < PMU_MAX_EVENTS; i++) {
		json_object *e = json_object_array_get_idx(a, i);
		struct pmu_event *p = &r->pmu[r->n_pmu++];

		get_strcpy(rd, e, "pmu.events", "name", p->name, sizeof(p->name), false);
		p->supported = get_bool(rd, e, "pmu.events", "supported");
		get_strcpy(rd, e, "pmu.events", "error", p->why, sizeof(p->why), true);
		p->fd = -1;
	}
}

static void samples_from_json(struct rd *rd, json_object *a, struct result *r)
{
	size_t n = json_object_array_length(a);

	for (size_t i = 0; i < n && !rd->failed; i++) {
		json_object *o = json_object_array_get_idx(a, i), *c, *v;
		struct sample s;
		int idx;

		int before = rd->failed;

		memset(&s, 0, sizeof(s));
		s.seq = (uint32_t)get_u64(rd, o, "sample", "seq");
		c = get(rd, o, "sample", "case", json_type_object, false);
		case_from_json(rd, c, &s.c);
		v = get(rd, o, "sample", "probes", json_type_string, true);
		s.probes_off = v && strcmp(json_object_get_string(v), "off") == 0;
		s.rep = (uint32_t)get_u64(rd, o, "sample", "rep");
		s.warmup = get_bool(rd, o, "sample", "warmup");
		s.t_ns = get_u64(rd, o, "sample", "t_ns");
		v = get(rd, o, "sample", "map", json_type_object, true);
		op_from_json(rd, v, &r->module, false, &s.map);
		if (v)
			counters_from_json(rd, get(rd, v, "sample.map", "counters",
						   json_type_object, true), r, &s.map);
		v = get(rd, o, "sample", "unmap", json_type_object, true);
		op_from_json(rd, v, &r->module, true, &s.unmap);
		if (v)
			counters_from_json(rd, get(rd, v, "sample.unmap", "counters",
						   json_type_object, true), r, &s.unmap);
		idx = suite_case_index(&r->suite, &s.c);
		if (idx < 0 && !rd->failed)
			rd_fail(rd, "case is not one of the suite's");
		s.case_idx = idx < 0 ? 0 : (uint32_t)idx;
		rd_in(rd, before, "samples", i);
		if (!rd->failed && result_add_sample(r, &s))
			rd_fail(rd, "out of memory");
	}
}

int result_from_json(json_object *j, struct result *r, char *err, size_t errlen)
{
	struct rd rd = { .err = err, .errlen = errlen };
	json_object *v, *col, *range;

	memset(r, 0, sizeof(*r));
	v = get(&rd, j, "result", "format", json_type_string, false);
	if (v && strcmp(json_object_get_string(v), RESULT_FORMAT) != 0)
		rd_fail(&rd, "not an %s file (format '%s')", RESULT_FORMAT, json_object_get_string(v));
	v = get(&rd, j, "result", "format_version", json_type_int, false);
	if (v && json_object_get_int(v) != RESULT_FORMAT_VERSION)
		rd_fail(&rd, "format_version %d, this reader knows %d",
			json_object_get_int(v), RESULT_FORMAT_VERSION);
	if (rd.failed)
		return -1;
	v = get(&rd, j, "result", "status", json_type_string, false);
	if (v && run_status_parse(json_object_get_string(v), &r->status))
		rd_fail(&rd, "status: unknown '%s'", json_object_get_string(v));
	r->error = get_strdup(&rd, j, "result", "error", true);
	r->label = get_strdup(&rd, j, "result", "label", true);
	get_strcpy(&rd, j, "result", "started", r->started, sizeof(r->started), false);
	get_strcpy(&rd, j, "result", "finished", r->finished, sizeof(r->finished), true);
	col = get(&rd, j, "result", "collector", json_type_object, false);
	r->collector_version = get_strdup(&rd, col, "collector", "version", true);
	r->collector_compiler = get_strdup(&rd, col, "collector", "compiler", true);
	suite_from_json(&rd, get(&rd, j, "result", "suite", json_type_object, false), &r->suite);
	v = get(&rd, j, "result", "environment", json_type_object, true);
	r->environment = v ? json_object_get(v) : NULL;
	module_from_json(&rd, get(&rd, j, "result", "module", json_type_object, false), &r->module);
	range = get(&rd, j, "result", "range", json_type_object, false);
	r->range_start = get_u64(&rd, range, "range", "start");
	r->range_size = get_u64(&rd, range, "range", "size");
	r->range_base = get_u64(&rd, range, "range", "base");
	if (!rd.failed)
		memsets_from_json(&rd, get(&rd, j, "result", "memset", json_type_array, true), r);
	if (!rd.failed)
		pfns_from_json(&rd, get(&rd, j, "result", "pfn_valid", json_type_array, true), r);
	if (!rd.failed)
		pmu_from_json(&rd, get(&rd, j, "result", "pmu", json_type_object, true), r);
	v = get(&rd, j, "result", "samples", json_type_array, false);
	if (v && !rd.failed)
		samples_from_json(&rd, v, r);
	return rd.failed ? -1 : 0;
}

/* Cut @text after the last whole sample and close the array and object.
 * Samples are the last member and json-c indents them by 4 spaces. */
static json_object *salvage(const char *text)
{
	const char *end = NULL, *p = text;
	json_object *j;
	char *fixed;
	size_t len;

	while ((p = strstr(p, "\n    }")) != NULL) {
		if (p[6] == ',' || p[6] == '\n')
			end = p + 6;
		p++;
	}
	if (!end || !strstr(text, "\"samples\""))
		return NULL;
	len = (size_t)(end - text);
	fixed = malloc(len + 8);
	if (!fixed)
		return NULL;
	memcpy(fixed, text, len);
	strcpy(fixed + len, "\n  ]\n}");
	j = json_tokener_parse(fixed);
	free(fixed);
	return j;
}

/* Line and column (from 1) of byte @off of @text. */
static void text_position(const char *text, size_t off, size_t *line, size_t *col)
{
	const char *nl = text;

	*line = 1;
	for (const char *p = text; p < text + off; p++)
		if (*p == '\n') {
			(*line)++;
			nl = p + 1;
		}
	*col = (size_t)(text + off - nl) + 1;
}

/* @text as one JSON document, or NULL with @err saying what is wrong where:
 * a NUL byte, a syntax error, the end before the document's, or more after
 * it. */
static json_object *parse_json(const char *text, size_t len, char *err, size_t errlen)
{
	struct json_tokener *tok = json_tokener_new();
	json_object *j = NULL;
	size_t at = strlen(text), line, col;
	const char *why = "a NUL byte";

	if (!tok) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (at == len) {
		j = json_tokener_parse_ex(tok, text, (int)len);
		at = json_tokener_get_parse_end(tok);
		why = json_tokener_error_desc(json_tokener_get_error(tok));
		if (!j && json_tokener_get_error(tok) == json_tokener_continue)
			why = "the file ends before the document does";
		while (j && at < len && isspace((unsigned char)text[at]))
			at++;
		if (j && at < len) {
			json_object_put(j);
			j = NULL;
			why = "more after the end of the document";
		}
	}
	json_tokener_free(tok);
	if (!j) {
		text_position(text, at, &line, &col);
		snprintf(err, errlen, "not JSON at line %zu, column %zu (byte %zu): %s", line, col, at,
			 why);
	}
	return j;
}

int result_parse(const char *text, size_t len, struct result *r, char *err, size_t errlen)
{
	json_object *j;
	bool truncated = false;
	int rc;

	memset(r, 0, sizeof(*r));
	if (len > INT_MAX) {
		snprintf(err, errlen, "larger than %d bytes", INT_MAX);
		return -1;
	}
	j = parse_json(text, len, err, errlen);
	if (!j && strlen(text) == len) {
		j = salvage(text);
		truncated = j != NULL;
	}
	if (!j) {
		size_t n = strlen(err);

		snprintf(err + n, errlen - n, ", and nothing to salvage");
		return -1;
	}
	rc = result_from_json(j, r, err, errlen);
	json_object_put(j);
	if (!rc)
		r->truncated = truncated;
	return rc;
}

int result_read(const char *path, struct result *r, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL, msg[512];
	size_t len = 0;
	char chunk[65536];
	size_t n;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	text = calloc(1, 1);
	while (text && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *t = realloc(text, len + n + 1);

		if (!t) {
			free(text);
			text = NULL;
			break;
		}
		text = t;
		memcpy(text + len, chunk, n);
		len += n;
		text[len] = '\0';
	}
	if (text && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	rc = result_parse(text, len, r, err, errlen);
	free(text);
	if (rc) {
		/* prefix the file name to the reader's message */
		snprintf(msg, sizeof(msg), "%s", err);
		snprintf(err, errlen, "%s: %s", path, msg);
	}
	return rc;
}
