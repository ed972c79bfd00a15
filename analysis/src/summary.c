/* The summary of a run, built once: medians per case, op and phase under
 * the selection rule of select.h. The writers are in summary_report.c. */
#include "summary.h"
#include "pfn_summary.h"

#include <stdlib.h>
#include <string.h>

/* A figure of sample @s's @op under the pick @pk, as select_value() has it
 * (@m and @lens: see struct metric_ref). */
static bool pick_value(const struct sample *s, enum op_kind op, enum summary_probes pk,
		       enum call_figure fig, uint32_t phase, const struct module_desc *m,
		       bool lens, double *v)
{
	struct metric_ref ref = { op, fig, phase, m, lens };

	if (pk == PICK_PROBES_OFF) {
		if (fig != FIG_TOTAL)
			return false;	/* a disarmed call has its total only */
		ref.fig = FIG_TOTAL_PROBES_OFF;
	}
	return select_value(s, &ref, v);
}

static size_t collect(const struct result *r, uint32_t ci, enum op_kind op,
		      enum summary_probes pk, enum call_figure fig, uint32_t phase, double *v)
{
	struct env_clockinfo clock;
	size_t n = 0;

	env_clock_read(r->environment, &clock);
	for (size_t i = 0; i < r->n_samples; i++)
		if (r->samples[i].case_idx == ci &&
		    pick_value(&r->samples[i], op, pk, fig, phase, &r->module, clock.cache_lens,
			       &v[n]))
			n++;
	return n;
}

/* A phase is shown when a call whose phases count entered it. */
static bool phase_seen(const struct result *r, uint32_t ci, enum op_kind op, uint32_t ph)
{
	for (size_t i = 0; i < r->n_samples; i++) {
		const struct sample *s = &r->samples[i];
		const struct op_timing *t = op == OP_UNMAP ? &s->unmap : &s->map;

		if (s->case_idx == ci && select_call(s, op) == CALL_ALL && t->phase_calls[ph])
			return true;
	}
	return false;
}

/* The phases of @op under @parent, depth first, into o->phases. */
static void build_phases(const struct result *r, uint32_t ci, enum op_kind op,
			 struct sum_op *o, uint32_t parent, unsigned depth, double *v)
{
	const struct module_desc *m = &r->module;

	for (uint32_t i = 0; i < m->nr_phases && o->n_phases < MHPB_MAX_PHASES; i++) {
		struct stats st;

		if (m->phases[i].unmap != (op == OP_UNMAP) || m->phases[i].parent != parent ||
		    !phase_seen(r, ci, op, i))
			continue;
		stats_describe(v, collect(r, ci, op, PICK_PROBES_ON, FIG_PHASE, i, v), &st);
		o->phases[o->n_phases++] = (struct sum_phase){ i, depth, st.median };
		if (depth < 8)
			build_phases(r, ci, op, o, i, depth + 1, v);
	}
}

/* Event @ev (-1: task-clock) of the counted calls, scaled up where the
 * group was multiplexed (running < enabled). */
static size_t collect_counter(const struct result *r, uint32_t ci, enum op_kind op,
			      enum summary_probes pk, int ev, double *v)
{
	size_t n = 0;
	double x;

	for (size_t i = 0; i < r->n_samples; i++) {
		const struct sample *s = &r->samples[i];
		const struct op_timing *t = op == OP_UNMAP ? &s->unmap : &s->map;

		if (s->case_idx != ci || !t->counted ||
		    !pick_value(s, op, pk, FIG_TOTAL, 0, &r->module, false, &x))
			continue;
		x = ev < 0 ? (double)t->pmu.task_clock_ns : (double)t->pmu.value[ev];
		if (ev >= 0 && t->pmu.running_ns && t->pmu.running_ns < t->pmu.enabled_ns)
			x *= (double)t->pmu.enabled_ns / (double)t->pmu.running_ns;
		v[n++] = x;
	}
	return n;
}

static size_t count_failed(const struct result *r, uint32_t ci, enum op_kind op,
			   enum summary_probes pk)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_samples; i++) {
		const struct sample *s = &r->samples[i];

		n += s->case_idx == ci && select_call(s, op) == CALL_FAILED &&
		     s->probes_off == (pk == PICK_PROBES_OFF);
	}
	return n;
}

static void build_op(const struct result *r, uint32_t ci, enum op_kind op,
		     enum summary_probes pk, struct sum_op *o, double *v)
{
	struct stats st;

	memset(o, 0, sizeof(*o));
	o->failed = count_failed(r, ci, op, pk);
	stats_describe(v, collect(r, ci, op, pk, FIG_TOTAL, 0, v), &o->total);
	if (!o->total.n)
		return;
	if (pk == PICK_PROBES_ON) {
		stats_describe(v, collect(r, ci, op, pk, FIG_WAIT, 0, v), &o->wait);
		stats_describe(v, collect(r, ci, op, pk, FIG_WORK, 0, v), &o->work);
		build_phases(r, ci, op, o, MHPB_PHASE_NONE, 0, v);
	}
	stats_describe(v, collect_counter(r, ci, op, pk, -1, v), &o->on_cpu);
	for (unsigned e = 0; e < r->n_pmu && o->on_cpu.n; e++) {
		stats_describe(v, collect_counter(r, ci, op, pk, (int)e, v), &st);
		o->events[e] = st.median;
	}
}

/* memmap_init per struct page, under the rule of the phase rows. */
static void build_memmap(const struct result *r, uint32_t ci, struct sum_memmap *mm, double *v)
{
	double nsp, bps, *w = v + r->n_samples;
	struct stats a, b;

	memset(mm, 0, sizeof(*mm));
	for (size_t i = 0; i < r->n_samples; i++) {
		const struct sample *s = &r->samples[i];

		if (s->case_idx != ci || select_call(s, OP_MAP) != CALL_ALL ||
		    !op_memmap_rate(&s->map, &r->module, &nsp, &bps))
			continue;
		v[mm->n] = nsp;
		w[mm->n++] = bps;
		mm->pages = s->map.memmap_pages;
		mm->altmap_alloc = s->map.altmap_alloc;
		mm->altmap_free = s->map.altmap_free;
	}
	if (!mm->n)
		return;
	stats_describe(v, mm->n, &a);
	stats_describe(w, mm->n, &b);
	mm->ns_per_page = a.median;
	mm->bytes_per_s = b.median;
}

size_t summary_hotplug_expected(const struct suite *su)
{
	size_t n = (size_t)suite_case_count(su) * su->repeat;

	return su->probes == PROBES_BOTH ? 2 * n : n;
}

/* What each suite kind plans: its measured samples, and whether it has
 * hotplug cases (summary_build() fills cases[]). A kind the summary
 * cannot read (collisions) plans nothing. */
static const struct {
	size_t (*expected)(const struct suite *su);
	bool has_cases;
} plans[] = {
	[KIND_HOTPLUG] = { summary_hotplug_expected, true },
	[KIND_PFN_VALID] = { pfn_summary_expected, false },
	[KIND_COLLISIONS] = { NULL, false },
};

static bool kind_has_cases(enum suite_kind k)
{
	return (unsigned)k < sizeof(plans) / sizeof(plans[0]) && plans[k].has_cases;
}

static void count_samples(const struct result *r, struct summary *s)
{
	enum suite_kind k = r->suite.kind;

	s->expected = (unsigned)k < sizeof(plans) / sizeof(plans[0]) && plans[k].expected ?
		      plans[k].expected(&r->suite) : 0;
	for (size_t i = 0; i < r->n_samples; i++)
		s->measured += !r->samples[i].warmup;
	for (size_t i = 0; i < r->n_pfns; i++)
		s->measured += !r->pfns[i].warmup;
}

int summary_build(const struct result *r, struct summary *s)
{
	double *v;

	memset(s, 0, sizeof(*s));
	s->r = r;
	env_clock_read(r->environment, &s->clock);
	s->work_unit = s->clock.clock != ENV_CLOCK_ICOUNT ? FIGURE_NS :
		       s->clock.cache_lens ? FIGURE_EST_CYCLES : FIGURE_INSTRUCTIONS;
	s->probes = r->suite.probes == PROBES_OFF ? PICK_PROBES_OFF : PICK_PROBES_ON;
	count_samples(r, s);
	s->n_cases = kind_has_cases(r->suite.kind) ? suite_case_count(&r->suite) : 0;
	if (!s->n_cases)
		return 0;
	s->cases = calloc(s->n_cases, sizeof(*s->cases));
	v = calloc(r->n_samples ? 2 * r->n_samples : 1, sizeof(*v));
	if (!s->cases || !v) {
		free(v);
		summary_free(s);
		return -1;
	}
	for (uint32_t ci = 0; ci < s->n_cases; ci++) {
		struct sum_case *c = &s->cases[ci];

		c->c = suite_case(&r->suite, ci);
		for (int op = OP_MAP; op < OP_KINDS; op++) {
			build_op(r, ci, (enum op_kind)op, s->probes, &c->op[op], v);
			if (r->suite.probes == PROBES_BOTH)
				build_op(r, ci, (enum op_kind)op, PICK_PROBES_OFF, &c->off[op], v);
		}
		build_memmap(r, ci, &c->memmap, v);
	}
	free(v);
	return 0;
}

void summary_free(struct summary *s)
{
	free(s->cases);
	s->cases = NULL;
	s->n_cases = 0;
}

void summary_top_work(const struct summary *s, const struct sum_op *op, int top[2])
{
	const struct module_desc *m = &s->r->module;

	top[0] = top[1] = -1;
	for (unsigned i = 0; i < op->n_phases; i++) {
		double med = op->phases[i].median;

		if (!module_phase_outer_work(m, op->phases[i].index))
			continue;
		if (top[0] < 0 || med > op->phases[top[0]].median) {
			top[1] = top[0];
			top[0] = (int)i;
		} else if (top[1] < 0 || med > op->phases[top[1]].median) {
			top[1] = (int)i;
		}
	}
}
