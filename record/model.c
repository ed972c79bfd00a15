/* Helpers of the in-memory run record. */
#include "model.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const status_names[] = {
	[RUN_RUNNING] = "running", [RUN_COMPLETE] = "complete",
	[RUN_INTERRUPTED] = "interrupted", [RUN_FAILED] = "failed",
};

const char *run_status_name(enum run_status s)
{
	return status_names[s];
}

int run_status_parse(const char *name, enum run_status *s)
{
	for (unsigned i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (strcmp(name, status_names[i]) == 0) {
			*s = (enum run_status)i;
			return 0;
		}
	return -1;
}

void op_timing_from_kernel(struct op_timing *op, const struct module_desc *m,
			   bool unmap, const struct mhpb_timing *t)
{
	op->done = true;
	op->ok = true;
	op->err = 0;
	op->total_ns = t->total_ns;
	op->unbalanced = t->flags & MHPB_TF_UNBALANCED;
	op->probe_missed = t->missed;
	op->no_probes = t->flags & MHPB_TF_NO_PROBES;
	op->wait_ns = 0;
	for (uint32_t i = 0; i < MHPB_MAX_PHASES; i++) {
		op->phase_ns[i] = t->phase_ns[i];
		op->phase_calls[i] = t->phase_calls[i];
	}
	for (uint32_t i = 0; i < m->nr_phases && i < MHPB_MAX_PHASES; i++)
		if (m->phases[i].unmap == unmap && module_phase_outer_wait(m, i))
			op->wait_ns += t->phase_ns[i];
	/* a probe's clock can overshoot the total by its own overhead */
	op->work_ns = op->total_ns > op->wait_ns ? op->total_ns - op->wait_ns : 0;
}

/*
 * Only the outermost wait phases: children are inside them, siblings
 * never overlap. A wait may sit below a work phase (pagemap_range() of the
 * patched kernel encloses mem_hotplug_begin()).
 */
bool module_phase_outer_wait(const struct module_desc *m, uint32_t i)
{
	const struct phase_desc *p = &m->phases[i];
	bool outermost = true;

	for (uint32_t a = p->parent, d = 0; a < m->nr_phases && d < 8;
	     a = m->phases[a].parent, d++)
		outermost &= !m->phases[a].wait;
	return p->wait && outermost;
}

bool module_phase_holds_wait(const struct module_desc *m, uint32_t i)
{
	for (uint32_t c = 0; c < m->nr_phases && c < MHPB_MAX_PHASES; c++) {
		/* is @i among c's ancestors (or c itself)? */
		for (uint32_t a = c, d = 0; a < m->nr_phases && d < 9; a = m->phases[a].parent, d++)
			if (a == i) {
				if (m->phases[c].wait)
					return true;
				break;
			}
	}
	return false;
}

bool module_phase_outer_work(const struct module_desc *m, uint32_t i)
{
	uint32_t parent = m->phases[i].parent;

	return !module_phase_holds_wait(m, i) &&
	       (parent >= m->nr_phases || module_phase_holds_wait(m, parent));
}

int module_phase_index(const struct module_desc *m, const char *name, bool unmap)
{
	for (uint32_t i = 0; i < m->nr_phases && i < MHPB_MAX_PHASES; i++)
		if (m->phases[i].unmap == unmap && strcmp(m->phases[i].name, name) == 0)
			return (int)i;
	return -1;
}

int result_add_sample(struct result *r, const struct sample *s)
{
	if (r->n_samples == r->cap_samples) {
		size_t cap = r->cap_samples ? r->cap_samples * 2 : 64;
		struct sample *t = realloc(r->samples, cap * sizeof(*t));

		if (!t)
			return -1;
		r->samples = t;
		r->cap_samples = cap;
	}
	r->samples[r->n_samples++] = *s;
	return 0;
}

int result_add_pfn(struct result *r, const struct pfn_rec *p)
{
	if (r->n_pfns == r->cap_pfns) {
		size_t cap = r->cap_pfns ? r->cap_pfns * 2 : 32;
		struct pfn_rec *t = realloc(r->pfns, cap * sizeof(*t));

		if (!t)
			return -1;
		r->pfns = t;
		r->cap_pfns = cap;
	}
	r->pfns[r->n_pfns++] = *p;
	return 0;
}

bool op_memmap_rate(const struct op_timing *op, const struct module_desc *m,
		    double *ns_per_page, double *bytes_per_s)
{
	int i = module_phase_index(m, "memmap_init", false);
	double ns;

	if (i < 0 || !op->done || !op->ok || !op->phase_calls[i] || !op->memmap_pages ||
	    !m->page_struct_size)
		return false;
	ns = (double)op->phase_ns[i];
	if (ns <= 0)
		return false;
	*ns_per_page = ns / (double)op->memmap_pages;
	*bytes_per_s = (double)op->memmap_pages * m->page_struct_size * 1e9 / ns;
	return true;
}

void result_set_error(struct result *r, const char *msg)
{
	free(r->error);
	r->error = msg ? strdup(msg) : NULL;
}

void result_free(struct result *r)
{
	free(r->error);
	free(r->label);
	free(r->collector_version);
	free(r->collector_compiler);
	suite_free(&r->suite);
	if (r->environment)
		json_object_put(r->environment);
	free(r->samples);
	free(r->memsets);
	free(r->pfns);
	memset(r, 0, sizeof(*r));
}

void iso8601_utc(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void compact_utc(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y%m%dT%H%M%SZ", &tm);
}

uint64_t bandwidth_size(const struct bench_case *c, const struct module_desc *m)
{
	uint64_t n = c->size / 4096 * m->page_struct_size;

	n &= ~7ULL;
	return n > MHPB_MEMSET_MAX ? MHPB_MEMSET_MAX : n;
}

bool memset_rate(const struct memset_rec *m, double *memset_bps, double *stores_bps)
{
	if (m->err || !m->memset_ns || !m->stores_ns)
		return false;
	*memset_bps = (double)m->size * 1e9 / (double)m->memset_ns;
	*stores_bps = (double)m->size * 1e9 / (double)m->stores_ns;
	return true;
}

const struct memset_rec *bandwidth_of_case(const struct result *r, uint32_t ci)
{
	for (size_t i = 0; i < r->n_memsets; i++)
		if (r->memsets[i].case_idx == ci)
			return &r->memsets[i];
	return NULL;
}
