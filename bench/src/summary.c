/* The human summary of a run: medians per case, op and phase. */
#include "summary.h"
#include "env.h"
#include "stats.h"
#include "units.h"

#include <stdlib.h>
#include <string.h>

static void header(FILE *out, const struct result *r)
{
	const struct suite *s = &r->suite;
	char where[64];
	size_t measured = 0, expected = (size_t)suite_case_count(s) * s->repeat;

	for (size_t i = 0; i < r->n_samples; i++)
		measured += !r->samples[i].warmup;
	env_describe(r->environment, where, sizeof(where));
	fprintf(out, "%s on %s, %s, %s", s->name, env_kernel_release(r->environment), where,
		suite_mode_name(s));
	if (s->spacing_ms)
		fprintf(out, " (spacing %u ms)", s->spacing_ms);
	fprintf(out, ", n=%u per case, %s order, status %s", s->repeat,
		suite_order_name(s->order), run_status_name(r->status));
	if (r->label)
		fprintf(out, ", label: %s", r->label);
	fputc('\n', out);
	if (r->status != RUN_COMPLETE || r->truncated) {
		fprintf(out, "!!! INCOMPLETE RUN (%s%s): %zu of %zu measured samples",
			run_status_name(r->status), r->truncated ? ", file truncated" : "",
			measured, expected);
		if (r->status == RUN_RUNNING)
			fprintf(out, "; still running, or the collector died");
		fputc('\n', out);
	}
	if (r->error)
		fprintf(out, "!!! error: %s\n", r->error);
	if (r->module.probe_errors)
		fprintf(out, "!!! %u phase probes failed to register: their phases read 0\n",
			r->module.probe_errors);
}

/* Median of @field over the measured, successful @op of case @ci. */
struct pick {
	const struct result *r;
	uint32_t ci;
	bool unmap;
};

static const struct op_timing *op_of(const struct sample *s, bool unmap)
{
	return unmap ? &s->unmap : &s->map;
}

static size_t collect(const struct pick *pk, int phase, int field, double *v)
{
	size_t n = 0;

	for (size_t i = 0; i < pk->r->n_samples; i++) {
		const struct sample *s = &pk->r->samples[i];
		const struct op_timing *op = op_of(s, pk->unmap);

		if (s->warmup || s->case_idx != pk->ci || !op->done || !op->ok)
			continue;
		if (phase >= 0)
			v[n++] = (double)op->phase_ns[phase];
		else
			v[n++] = (double)(field == 0 ? op->total_ns :
					  field == 1 ? op->wait_ns : op->work_ns);
	}
	return n;
}

static bool phase_seen(const struct pick *pk, uint32_t phase)
{
	for (size_t i = 0; i < pk->r->n_samples; i++) {
		const struct sample *s = &pk->r->samples[i];
		const struct op_timing *op = op_of(s, pk->unmap);

		if (!s->warmup && s->case_idx == pk->ci && op->done && op->ok &&
		    op->phase_calls[phase])
			return true;
	}
	return false;
}

static void print_phases(FILE *out, const struct pick *pk, double *v,
			 uint32_t parent, unsigned depth)
{
	const struct module_desc *m = &pk->r->module;

	for (uint32_t i = 0; i < m->nr_phases; i++) {
		const struct phase_desc *p = &m->phases[i];
		struct stats st;
		char med[32];

		if (p->unmap != pk->unmap || p->parent != parent || !phase_seen(pk, i))
			continue;
		stats_describe(v, collect(pk, (int)i, 0, v), &st);
		format_ns(st.median, med, sizeof(med));
		fprintf(out, "      %*s%-*s %10s%s\n", (int)(2 * depth), "",
			(int)(24 - 2 * depth), p->name, med, p->wait ? "  (wait)" : "");
		if (depth < 8)
			print_phases(out, pk, v, i, depth + 1);
	}
}

static void print_op(FILE *out, const struct pick *pk, double *v)
{
	struct stats total, wait, work;
	char med[32], q1[32], q3[32], w[32], k[32];
	size_t failed = 0;

	for (size_t i = 0; i < pk->r->n_samples; i++) {
		const struct sample *s = &pk->r->samples[i];
		const struct op_timing *op = op_of(s, pk->unmap);

		failed += !s->warmup && s->case_idx == pk->ci && op->done && !op->ok;
	}
	stats_describe(v, collect(pk, -1, 0, v), &total);
	if (total.n == 0) {
		fprintf(out, "    %-5s n=0%s\n", pk->unmap ? "unmap" : "map",
			failed ? "  (all failed)" : "");
		return;
	}
	stats_describe(v, collect(pk, -1, 1, v), &wait);
	stats_describe(v, collect(pk, -1, 2, v), &work);
	format_ns(total.median, med, sizeof(med));
	format_ns(total.q1, q1, sizeof(q1));
	format_ns(total.q3, q3, sizeof(q3));
	format_ns(wait.median, w, sizeof(w));
	format_ns(work.median, k, sizeof(k));
	fprintf(out, "    %-5s n=%-3zu total %9s [%s - %s]  wait %s  work %s", pk->unmap ? "unmap" : "map",
		total.n, med, q1, q3, w, k);
	if (failed)
		fprintf(out, "  (%zu failed)", failed);
	fputc('\n', out);
	print_phases(out, pk, v, MHPB_PHASE_NONE, 0);
}

void summary_print(FILE *out, const struct result *r)
{
	const struct suite *s = &r->suite;
	unsigned nc = suite_case_count(s);
	double *v = calloc(r->n_samples ? r->n_samples : 1, sizeof(*v));

	header(out, r);
	if (!v)
		return;
	fprintf(out, "medians; total also [Q1 - Q3]; warmups excluded\n");
	for (unsigned ci = 0; ci < nc; ci++) {
		struct bench_case c = suite_case(s, ci);
		struct pick pk = { r, ci, false };
		char size[32], off[32];

		format_size(c.size, size, sizeof(size));
		format_size(c.offset, off, sizeof(off));
		fprintf(out, "\n  %s @+%s %s", size, off, pgmap_type_name(c.type));
		if (c.vmemmap_shift)
			fprintf(out, " vmemmap_shift %u", c.vmemmap_shift);
		fputc('\n', out);
		print_op(out, &pk, v);
		pk.unmap = true;
		print_op(out, &pk, v);
	}
	free(v);
}
