/* The human summary of a pfn_valid run. */
#include "pfn_summary.h"
#include "env_record.h"
#include "select.h"
#include "stats.h"
#include "units.h"

#include <stdlib.h>
#include <string.h>

/* The times of a pfn_valid() sample: per call, and the two loops. */
enum pfn_field { PFN_CALL, PFN_RAW, PFN_EMPTY };

static double pfn_field_ps(const struct pfn_rec *p, enum pfn_field f)
{
	switch (f) {
	case PFN_RAW:
		return (double)p->raw_ps;
	case PFN_EMPTY:
		return (double)p->empty_ps;
	case PFN_CALL:
		break;
	}
	return (double)p->call_ps;
}

/* @f in ns of the samples of case @name that count (select_pfn()). */
static size_t collect(const struct result *r, const char *name, enum pfn_field f, double *v)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_pfns; i++) {
		const struct pfn_rec *p = &r->pfns[i];

		if (select_pfn(p) && strcmp(p->name, name) == 0)
			v[n++] = pfn_field_ps(p, f) / 1000;
	}
	return n;
}

void pfn_summary_print(FILE *out, const struct result *r)
{
	double *v = calloc(r->n_pfns ? r->n_pfns : 1, sizeof(*v));
	struct env_clockinfo ci;
	const char *unit = "ns";
	double k1 = 1;	/* ns to the printed unit */

	if (!v)
		return;
	/* instruction-clocked: a call's ns are instructions (at 2^shift ns each) */
	env_clock_read(r->environment, &ci);
	if (ci.clock == ENV_CLOCK_ICOUNT) {
		unit = "instructions";
		k1 = ns_to_instructions(1, ci.shift);
	}
	fprintf(out, "pfn_valid() per call%s: median [Q1 - Q3] of (loop with the call - empty loop), %u passes over %llu pfns per sample; warmups excluded\n",
		ci.clock == ENV_CLOCK_ICOUNT ? " in instructions (icount)" : "",
		r->suite.loops, (unsigned long long)(r->suite.window / 4096));
	for (int k = 0; k < PFN_NCASES; k++) {
		const char *name = pfn_case_names[k];
		const struct pfn_rec *last = NULL;
		struct stats call, raw, empty;

		for (size_t i = 0; i < r->n_pfns; i++)
			if (!strcmp(r->pfns[i].name, name) && !r->pfns[i].warmup)
				last = &r->pfns[i];
		stats_describe(v, collect(r, name, PFN_CALL, v), &call);
		if (!call.n || !last) {
			fprintf(out, "  %-12s n=0\n", name);
			continue;
		}
		stats_describe(v, collect(r, name, PFN_RAW, v), &raw);
		stats_describe(v, collect(r, name, PFN_EMPTY, v), &empty);
		fprintf(out, "  %-12s n=%-3zu %6.2f %s [%.2f - %.2f]  raw %.2f %s  empty %.2f %s  valid %llu/%llu (expected %llu)  pfn 0x%llx\n",
			name, call.n, k1 * call.median, unit, k1 * call.q1, k1 * call.q3,
			k1 * raw.median, unit, k1 * empty.median, unit,
			(unsigned long long)last->valid, (unsigned long long)last->count,
			(unsigned long long)last->expected, (unsigned long long)last->pfn);
	}
	free(v);
}

size_t pfn_summary_expected(const struct suite *su)
{
	return (size_t)PFN_NCASES * su->repeat;
}

void pfn_summary_text(FILE *out, const struct summary *s, enum summary_detail d)
{
	(void)d;	/* one line per case either way */
	pfn_summary_print(out, s->r);
}

static json_object *pfn_case_json(const struct result *r, const char *name, double *v)
{
	json_object *o = json_object_new_object();
	const struct pfn_rec *last = NULL;
	struct stats call;

	for (size_t i = 0; i < r->n_pfns; i++)
		if (select_pfn(&r->pfns[i]) && strcmp(r->pfns[i].name, name) == 0)
			last = &r->pfns[i];
	stats_describe(v, collect(r, name, PFN_CALL, v), &call);
	json_object_object_add(o, "case", json_object_new_string(name));
	json_object_object_add(o, "n", json_object_new_uint64(call.n));
	json_object_object_add(o, "call_median", call.n ? json_object_new_double(call.median) : NULL);
	json_object_object_add(o, "call_q1", call.n ? json_object_new_double(call.q1) : NULL);
	json_object_object_add(o, "call_q3", call.n ? json_object_new_double(call.q3) : NULL);
	json_object_object_add(o, "valid", last ? json_object_new_uint64(last->valid) : NULL);
	json_object_object_add(o, "expected", last ? json_object_new_uint64(last->expected) : NULL);
	return o;
}

void pfn_summary_json(json_object *j, const struct summary *s)
{
	json_object *a = json_object_new_array();
	double *v = calloc(s->r->n_pfns ? s->r->n_pfns : 1, sizeof(*v));

	for (int k = 0; v && k < PFN_NCASES; k++)
		json_object_array_add(a, pfn_case_json(s->r, pfn_case_names[k], v));
	free(v);
	json_object_object_add(j, "pfn_valid", a);
}
