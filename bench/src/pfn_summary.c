/* The human summary of a pfn_valid run. */
#include "pfn.h"
#include "stats.h"

#include <stdlib.h>
#include <string.h>

/* ps fields of the measured, successful samples of case @name. */
static size_t collect(const struct result *r, const char *name, int field, double *v)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_pfns; i++) {
		const struct pfn_rec *p = &r->pfns[i];

		if (p->warmup || p->err || strcmp(p->name, name))
			continue;
		v[n++] = (double)(field == 0 ? p->call_ps : field == 1 ? p->raw_ps : p->empty_ps) / 1000;
	}
	return n;
}

void pfn_summary_print(FILE *out, const struct result *r)
{
	double *v = calloc(r->n_pfns ? r->n_pfns : 1, sizeof(*v));

	if (!v)
		return;
	fprintf(out, "pfn_valid() per call: median [Q1 - Q3] of (loop with the call - empty loop), %u passes over %llu pfns per sample; warmups excluded\n",
		r->suite.loops, (unsigned long long)(r->suite.window / 4096));
	for (int k = 0; k < PFN_NCASES; k++) {
		const char *name = pfn_case_names[k];
		const struct pfn_rec *last = NULL;
		struct stats call, raw, empty;

		for (size_t i = 0; i < r->n_pfns; i++)
			if (!strcmp(r->pfns[i].name, name) && !r->pfns[i].warmup)
				last = &r->pfns[i];
		stats_describe(v, collect(r, name, 0, v), &call);
		if (!call.n || !last) {
			fprintf(out, "  %-12s n=0\n", name);
			continue;
		}
		stats_describe(v, collect(r, name, 1, v), &raw);
		stats_describe(v, collect(r, name, 2, v), &empty);
		fprintf(out, "  %-12s n=%-3zu %6.2f ns [%.2f - %.2f]  raw %.2f ns  empty %.2f ns  valid %llu/%llu (expected %llu)  pfn 0x%llx\n",
			name, call.n, call.median, call.q1, call.q3, raw.median, empty.median,
			(unsigned long long)last->valid, (unsigned long long)last->count,
			(unsigned long long)last->expected, (unsigned long long)last->pfn);
	}
	free(v);
}
