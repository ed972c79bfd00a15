/* The writers of a built summary (summary.h): text, short or full, and
 * JSON. They format; what counts was decided by summary_build(). */
#include "summary.h"

#include <string.h>

static const char *const op_names[OP_KINDS] = { [OP_MAP] = "map", [OP_UNMAP] = "unmap" };

/* Instruction-clocked runs: which figures are instructions, which time. */
static void clock_line(FILE *out, const struct summary *s)
{
	if (s->clock.clock != ENV_CLOCK_ICOUNT)
		return;
	if (s->clock.cache_lens) {
		fprintf(out, "clock icount (shift %d), cache lens: work and work phases in estimated "
			"cycles (L1 hits + 5 LL hits + 35 memory accesses, modelled), totals and "
			"waits in virtual time\n", s->clock.shift >= 0 ? s->clock.shift : 0);
		return;
	}
	fprintf(out, "clock icount (shift %d): work and work phases in instructions (icount), "
		"totals and waits in virtual time\n", s->clock.shift >= 0 ? s->clock.shift : 0);
}

/* ", isolated (spacing 50 ms + random 0-20 ms), n=3 per case, random
 * order, probes both" */
void summary_hotplug_header(FILE *out, const struct suite *su)
{
	fprintf(out, ", %s", suite_mode_name(su));
	if (su->spacing_ms && su->spacing_jitter_ms)
		fprintf(out, " (spacing %u ms + random 0-%u ms)", su->spacing_ms, su->spacing_jitter_ms);
	else if (su->spacing_ms)
		fprintf(out, " (spacing %u ms)", su->spacing_ms);
	fprintf(out, ", n=%u per case, %s order", su->repeat, suite_order_name(su->order));
	if (su->probes != PROBES_ON)
		fprintf(out, ", probes %s", probes_mode_name(su->probes));
}

static void header_line(FILE *out, const struct result *r, summary_settings_fn settings)
{
	const struct suite *su = &r->suite;
	char where[128];

	env_describe(r->environment, where, sizeof(where));
	fprintf(out, "%s on %s, %s", su->name, env_kernel_release(r->environment), where);
	if (settings)
		settings(out, su);
	else
		fprintf(out, ", n=%u per case, %s order", su->repeat, suite_order_name(su->order));
	fprintf(out, ", status %s", run_status_name(r->status));
	if (r->label)
		fprintf(out, ", label: %s", r->label);
	fputc('\n', out);
}

void summary_header(FILE *out, const struct summary *s, summary_settings_fn settings)
{
	const struct result *r = s->r;

	header_line(out, r, settings);
	if (r->status != RUN_COMPLETE || r->truncated) {
		fprintf(out, "!!! INCOMPLETE RUN (%s%s): %zu of %zu measured samples",
			run_status_name(r->status), r->truncated ? ", file truncated" : "",
			s->measured, s->expected);
		if (r->status == RUN_RUNNING)
			fprintf(out, "; still running, or the collector died");
		fputc('\n', out);
	}
	if (r->error)
		fprintf(out, "!!! error: %s\n", r->error);
	clock_line(out, s);
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

static void format_work(const struct summary *s, double ns, char *buf, size_t len)
{
	format_figure(ns, s->work_unit, s->clock.shift, buf, len);
}

/* A phase's median: virtual time when it holds a wait, else work. */
static void format_phase(const struct summary *s, const struct sum_phase *p, char *buf, size_t len)
{
	if (module_phase_holds_wait(&s->r->module, p->index))
		format_ns(p->median, buf, len);
	else
		format_work(s, p->median, buf, len);
}

/* "map   n=3   total   15.0 ms [15.0 ms - 15.0 ms]  wait 14.0 ms  work 1.00 ms" */
static bool print_op_line(FILE *out, const struct summary *s, const struct sum_op *o,
			  enum op_kind op)
{
	char med[32], q1[32], q3[32], w[32], k[32];

	if (!o->total.n) {
		fprintf(out, "    %-5s n=0%s\n", op_names[op], o->failed ? "  (all failed)" : "");
		return false;
	}
	format_ns(o->total.median, med, sizeof(med));
	format_ns(o->total.q1, q1, sizeof(q1));
	format_ns(o->total.q3, q3, sizeof(q3));
	fprintf(out, "    %-5s n=%-3zu total %9s [%s - %s]", op_names[op], o->total.n, med, q1, q3);
	if (o->wait.n) {
		format_ns(o->wait.median, w, sizeof(w));
		format_work(s, o->work.median, k, sizeof(k));
		fprintf(out, "  wait %s  work %s", w, k);
	} else {
		fprintf(out, "  (probes off: total only)");
	}
	if (o->failed)
		fprintf(out, "  (%zu failed)", o->failed);
	fputc('\n', out);
	return true;
}

static void print_phase_tree(FILE *out, const struct summary *s, const struct sum_op *o)
{
	for (unsigned i = 0; i < o->n_phases; i++) {
		const struct sum_phase *p = &o->phases[i];
		const struct phase_desc *d = &s->r->module.phases[p->index];
		char med[32];

		format_phase(s, p, med, sizeof(med));
		fprintf(out, "      %*s%-*s %10s%s\n", (int)(2 * p->depth), "",
			(int)(24 - 2 * p->depth), d->name, med, d->wait ? "  (wait)" : "");
	}
}

static void print_top_work(FILE *out, const struct summary *s, const struct sum_op *o)
{
	int top[2];
	char med[32];

	summary_top_work(s, o, top);
	if (top[0] < 0)
		return;
	fprintf(out, "          largest work:");
	for (int i = 0; i < 2 && top[i] >= 0; i++) {
		format_phase(s, &o->phases[top[i]], med, sizeof(med));
		fprintf(out, "%s %s %s", i ? "," : "", s->r->module.phases[o->phases[top[i]].index].name, med);
	}
	fputc('\n', out);
}

static void print_counters(FILE *out, const struct result *r, const struct sum_op *o)
{
	char buf[32];

	if (!o->on_cpu.n)
		return;
	format_ns(o->on_cpu.median, buf, sizeof(buf));
	fprintf(out, "      counters (kernel): on CPU %s", buf);
	for (unsigned e = 0; e < r->n_pmu; e++)
		if (r->pmu[e].supported)
			fprintf(out, ", %s %.4g", r->pmu[e].name, o->events[e]);
	fputc('\n', out);
}

/* probes both: the totals without probes, and on/off ratios of medians. */
static void print_probe_ratio(FILE *out, const struct sum_case *c)
{
	const struct sum_op *on = c->op, *off = c->off;
	char a[32], b[32];

	if (!off[OP_MAP].total.n || !off[OP_UNMAP].total.n) {
		fprintf(out, "    probes off: no samples\n");
		return;
	}
	format_ns(off[OP_MAP].total.median, a, sizeof(a));
	format_ns(off[OP_UNMAP].total.median, b, sizeof(b));
	fprintf(out, "    probes off: map total %s, unmap total %s; on/off ratio of medians map %.3f, unmap %.3f\n",
		a, b, on[OP_MAP].total.median / off[OP_MAP].total.median,
		on[OP_UNMAP].total.median / off[OP_UNMAP].total.median);
}

/* memmap_init per struct page; under icount instructions per page only:
 * bytes per instruction are not a bandwidth, and memset's instructions
 * (rep stosb: one per call) would make a meaningless fraction. */
static void print_memmap(FILE *out, const struct summary *s, const struct sum_case *c, uint32_t ci)
{
	const struct sum_memmap *mm = &c->memmap;
	const struct memset_rec *m = bandwidth_of_case(s->r, ci);
	double set_bps, stores_bps;
	char per[32];

	if (!mm->n)
		return;
	if (s->work_unit == FIGURE_INSTRUCTIONS) {
		format_work(s, mm->ns_per_page, per, sizeof(per));
		fprintf(out, "    memmap init: %llu struct pages, %s instructions per page "
			"(no bandwidth: under icount a time is an instruction count)\n",
			(unsigned long long)mm->pages, per);
		return;
	}
	format_ns(mm->ns_per_page, per, sizeof(per));
	fprintf(out, "    memmap init: %llu struct pages, %s per page, %.3g GB/s",
		(unsigned long long)mm->pages, per, mm->bytes_per_s / 1e9);
	if (m && memset_rate(m, &set_bps, &stores_bps))
		fprintf(out, " = %.3f of memset (%.3g GB/s; 64-bit stores %.3g GB/s, %llu bytes)",
			mm->bytes_per_s / set_bps, set_bps / 1e9, stores_bps / 1e9,
			(unsigned long long)m->size);
	else if (m && m->err)
		fprintf(out, " (memset failed: errno %d)", m->err);
	fputc('\n', out);
	if (mm->altmap_free)
		fprintf(out, "    altmap: %llu pages set aside, %llu used by the memmap\n",
			(unsigned long long)mm->altmap_free, (unsigned long long)mm->altmap_alloc);
}

static void print_case(FILE *out, const struct summary *s, uint32_t ci, enum summary_detail d)
{
	const struct sum_case *c = &s->cases[ci];
	char label[96];

	case_label(&c->c, label, sizeof(label));
	fprintf(out, "\n  %s\n", label);
	for (int op = OP_MAP; op < OP_KINDS; op++) {
		if (!print_op_line(out, s, &c->op[op], (enum op_kind)op))
			continue;
		if (d == SUMMARY_SHORT) {
			print_top_work(out, s, &c->op[op]);
			continue;
		}
		print_phase_tree(out, s, &c->op[op]);
		print_counters(out, s->r, &c->op[op]);
	}
	if (d == SUMMARY_FULL && s->r->suite.probes == PROBES_BOTH)
		print_probe_ratio(out, c);
	if (d == SUMMARY_FULL)
		print_memmap(out, s, c, ci);
}

void summary_hotplug_text(FILE *out, const struct summary *s, enum summary_detail d)
{
	fprintf(out, "medians; total also [Q1 - Q3]; warmups excluded%s\n",
		d == SUMMARY_SHORT ? "; every phase: mhpbench summary --full" : "");
	for (uint32_t ci = 0; ci < s->n_cases; ci++)
		print_case(out, s, ci, d);
}

