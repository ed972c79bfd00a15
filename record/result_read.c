/* The result file read: a JSON tree -> struct result, every field
 * checked and an error naming the member (result_from_json, result.h). */
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
