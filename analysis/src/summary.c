/* The human summary of a run: medians per case, op and phase. */
#include "summary.h"
#include "model.h"
#include "env_record.h"
#include "pfn_summary.h"
#include "stats.h"
#include "units.h"

#include <stdlib.h>
#include <string.h>

/* Instruction-clocked runs: which figures are instructions, which time. */
static void clock_line(FILE *out, const struct result *r)
{
	struct env_clockinfo ci;

	env_clock_read(r->environment, &ci);
	if (ci.clock != ENV_CLOCK_ICOUNT)
		return;
	fprintf(out, "clock icount (shift %d): work and work phases in instructions (icount), "
		"totals and waits in virtual time\n", ci.shift >= 0 ? ci.shift : 0);
}

static void header(FILE *out, const struct result *r)
{
	const struct suite *s = &r->suite;
	char where[128];
	size_t measured = 0, expected = (size_t)suite_case_count(s) * s->repeat;

	if (s->probes == PROBES_BOTH)
		expected *= 2;
	if (s->kind == KIND_PFN_VALID)
		expected = (size_t)PFN_NCASES * s->repeat;
	for (size_t i = 0; i < r->n_samples; i++)
		measured += !r->samples[i].warmup;
	for (size_t i = 0; i < r->n_pfns; i++)
		measured += !r->pfns[i].warmup;
	env_describe(r->environment, where, sizeof(where));
	fprintf(out, "%s on %s, %s", s->name, env_kernel_release(r->environment), where);
	if (s->kind == KIND_HOTPLUG)
		fprintf(out, ", %s", suite_mode_name(s));
	if (s->kind == KIND_HOTPLUG && s->spacing_ms && s->spacing_jitter_ms)
		fprintf(out, " (spacing %u ms + random 0-%u ms)", s->spacing_ms, s->spacing_jitter_ms);
	else if (s->kind == KIND_HOTPLUG && s->spacing_ms)
		fprintf(out, " (spacing %u ms)", s->spacing_ms);
	fprintf(out, ", n=%u per case, %s order", s->repeat, suite_order_name(s->order));
	if (s->kind == KIND_HOTPLUG && s->probes != PROBES_ON)
		fprintf(out, ", probes %s", probes_mode_name(s->probes));
	fprintf(out, ", status %s", run_status_name(r->status));
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
	clock_line(out, r);
	if (r->n_pmu && !r->pmu_any_hw)
		fprintf(out, "no hardware PMU (%s...: %s): event counts are task-clock only\n",
			r->pmu[0].name, r->pmu[0].why);
	if (r->module.probe_errors)
		fprintf(out, "!!! %u phase probes failed to register: their phases read 0\n",
			r->module.probe_errors);
	if (r->module.inject.armed) {
		char what[128];

		inject_describe(&r->module.inject, what, sizeof(what));
		fprintf(out, "!!! DELAY INJECTION ARMED (tests only, not a measurement): %s\n", what);
	}
}

/* Median of @field over the measured, successful @op of case @ci. */
struct pick {
	const struct result *r;
	uint32_t ci;
	bool unmap;
	bool probes_off;	/* samples taken with the probes disarmed */
	enum figure_unit work;	/* of work figures: instructions under icount */
	int shift;		/* icount shift */
};

/* A work figure @ns as the run's clock counts it. */
static void format_work(const struct pick *pk, double ns, char *buf, size_t len)
{
	format_figure(ns, pk->work, pk->shift, buf, len);
}

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

		if (s->warmup || s->case_idx != pk->ci || !op->done || !op->ok ||
		    s->probes_off != pk->probes_off)
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
		    s->probes_off == pk->probes_off && op->phase_calls[phase])
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
		if (module_phase_holds_wait(m, i))
			format_ns(st.median, med, sizeof(med));
		else
			format_work(pk, st.median, med, sizeof(med));
		fprintf(out, "      %*s%-*s %10s%s\n", (int)(2 * depth), "",
			(int)(24 - 2 * depth), p->name, med, p->wait ? "  (wait)" : "");
		if (depth < 8)
			print_phases(out, pk, v, i, depth + 1);
	}
}

/* Event @ev (-1: task-clock) of the counted calls, scaled up where the
 * group was multiplexed (running < enabled). */
static size_t collect_counter(const struct pick *pk, int ev, double *v)
{
	size_t n = 0;

	for (size_t i = 0; i < pk->r->n_samples; i++) {
		const struct sample *s = &pk->r->samples[i];
		const struct op_timing *op = op_of(s, pk->unmap);
		double x;

		if (s->warmup || s->case_idx != pk->ci || !op->done || !op->ok ||
		    !op->counted || s->probes_off != pk->probes_off)
			continue;
		if (ev < 0) {
			v[n++] = (double)op->pmu.task_clock_ns;
			continue;
		}
		x = (double)op->pmu.value[ev];
		if (op->pmu.running_ns && op->pmu.running_ns < op->pmu.enabled_ns)
			x *= (double)op->pmu.enabled_ns / (double)op->pmu.running_ns;
		v[n++] = x;
	}
	return n;
}

static void print_counters(FILE *out, const struct pick *pk, double *v)
{
	const struct result *r = pk->r;
	struct stats st;
	char buf[32];

	stats_describe(v, collect_counter(pk, -1, v), &st);
	if (!st.n)
		return;
	format_ns(st.median, buf, sizeof(buf));
	fprintf(out, "      counters (kernel): on CPU %s", buf);
	for (unsigned e = 0; e < r->n_pmu; e++) {
		if (!r->pmu[e].supported)
			continue;
		stats_describe(v, collect_counter(pk, (int)e, v), &st);
		fprintf(out, ", %s %.4g", r->pmu[e].name, st.median);
	}
	fputc('\n', out);
}

static void print_op(FILE *out, const struct pick *pk, double *v)
{
	struct stats total, wait, work;
	char med[32], q1[32], q3[32], w[32], k[32];
	size_t failed = 0;

	for (size_t i = 0; i < pk->r->n_samples; i++) {
		const struct sample *s = &pk->r->samples[i];
		const struct op_timing *op = op_of(s, pk->unmap);

		failed += !s->warmup && s->case_idx == pk->ci && op->done && !op->ok &&
			  s->probes_off == pk->probes_off;
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
	format_work(pk, work.median, k, sizeof(k));
	fprintf(out, "    %-5s n=%-3zu total %9s [%s - %s]  wait %s  work %s", pk->unmap ? "unmap" : "map",
		total.n, med, q1, q3, w, k);
	if (failed)
		fprintf(out, "  (%zu failed)", failed);
	fputc('\n', out);
	print_phases(out, pk, v, MHPB_PHASE_NONE, 0);
	print_counters(out, pk, v);
}

static double median_total(const struct pick *pk, double *v)
{
	struct stats st;

	stats_describe(v, collect(pk, -1, 0, v), &st);
	return st.n ? st.median : 0;
}

/* probes both: the totals without probes, and on/off ratios of medians. */
static void print_probe_ratio(FILE *out, const struct pick *on, double *v)
{
	struct pick off = *on;
	double map_on, map_off, un_on, un_off;
	char a[32], b[32];

	off.probes_off = true;
	off.unmap = false;
	map_off = median_total(&off, v);
	off.unmap = true;
	un_off = median_total(&off, v);
	off = *on;
	off.unmap = false;
	map_on = median_total(&off, v);
	off.unmap = true;
	un_on = median_total(&off, v);
	if (!map_off || !un_off) {
		fprintf(out, "    probes off: no samples\n");
		return;
	}
	format_ns(map_off, a, sizeof(a));
	format_ns(un_off, b, sizeof(b));
	fprintf(out, "    probes off: map total %s, unmap total %s; on/off ratio of medians map %.3f, unmap %.3f\n",
		a, b, map_on / map_off, un_on / un_off);
}

/* Instruction-clocked: memmap_init's instructions per struct page only.
 * Bytes per instruction are not a bandwidth, and memset's instructions
 * (rep stosb: one per call) would make a meaningless fraction. */
static void print_memmap_icount(FILE *out, const struct pick *pk, uint64_t pages, double nsp)
{
	char per[32];

	format_work(pk, nsp, per, sizeof(per));
	fprintf(out, "    memmap init: %llu struct pages, %s instructions per page "
		"(no bandwidth: under icount a time is an instruction count)\n",
		(unsigned long long)pages, per);
}

/* memmap_init per struct page, and its bandwidth against the kernel's memset. */
static void print_memmap(FILE *out, const struct pick *pk, double *v)
{
	const struct result *r = pk->r;
	uint32_t ci = pk->ci;
	const struct memset_rec *m = bandwidth_of_case(r, ci);
	double nsp, bps, set_bps, stores_bps, *w = v + r->n_samples;
	size_t n = 0;
	uint64_t pages = 0, alloc = 0, free_pages = 0;
	struct stats a, b;
	char ns[32];

	for (size_t i = 0; i < r->n_samples; i++) {
		const struct sample *s = &r->samples[i];

		if (s->warmup || s->case_idx != ci || s->probes_off ||
		    !op_memmap_rate(&s->map, &r->module, &nsp, &bps))
			continue;
		v[n] = nsp;
		w[n++] = bps;
		pages = s->map.memmap_pages;
		alloc = s->map.altmap_alloc;
		free_pages = s->map.altmap_free;
	}
	if (!n)
		return;
	stats_describe(v, n, &a);
	stats_describe(w, n, &b);
	if (pk->work == FIGURE_INSTRUCTIONS) {
		print_memmap_icount(out, pk, pages, a.median);
		return;
	}
	format_ns(a.median, ns, sizeof(ns));
	fprintf(out, "    memmap init: %llu struct pages, %s per page, %.3g GB/s",
		(unsigned long long)pages, ns, b.median / 1e9);
	if (m && memset_rate(m, &set_bps, &stores_bps))
		fprintf(out, " = %.3f of memset (%.3g GB/s; 64-bit stores %.3g GB/s, %llu bytes)",
			b.median / set_bps, set_bps / 1e9, stores_bps / 1e9,
			(unsigned long long)m->size);
	else if (m && m->err)
		fprintf(out, " (memset failed: errno %d)", m->err);
	fputc('\n', out);
	if (free_pages)
		fprintf(out, "    altmap: %llu pages set aside, %llu used by the memmap\n",
			(unsigned long long)free_pages, (unsigned long long)alloc);
}

void summary_print(FILE *out, const struct result *r)
{
	const struct suite *s = &r->suite;
	unsigned nc = suite_case_count(s);
	double *v = calloc(r->n_samples ? 2 * r->n_samples : 1, sizeof(*v));
	struct env_clockinfo clk;

	env_clock_read(r->environment, &clk);
	header(out, r);
	if (!v)
		return;
	if (s->kind == KIND_PFN_VALID) {
		free(v);
		pfn_summary_print(out, r);
		return;
	}
	fprintf(out, "medians; total also [Q1 - Q3]; warmups excluded\n");
	for (unsigned ci = 0; ci < nc; ci++) {
		struct bench_case c = suite_case(s, ci);
		struct pick pk = { r, ci, false, s->probes == PROBES_OFF,
				   clk.clock == ENV_CLOCK_ICOUNT ? FIGURE_INSTRUCTIONS : FIGURE_NS,
				   clk.shift };
		char size[32], off[32];

		format_size(c.size, size, sizeof(size));
		format_size(c.offset, off, sizeof(off));
		fprintf(out, "\n  %s @+%s %s", size, off, pgmap_type_name(c.type));
		if (c.vmemmap_shift)
			fprintf(out, " vmemmap_shift %u", c.vmemmap_shift);
		if (c.memmap == MEMMAP_PMEM)
			fprintf(out, " memmap pmem");
		fputc('\n', out);
		print_op(out, &pk, v);
		pk.unmap = true;
		print_op(out, &pk, v);
		if (s->probes == PROBES_BOTH)
			print_probe_ratio(out, &pk, v);
		pk.unmap = false;
		print_memmap(out, &pk, v);
	}
	free(v);
}
