/* A built summary as LAVA measurements (`mhpbench summary --format lava`):
 * one line per case, op and headline figure,
 *
 *	mhpbench-measure: ID VALUE UNIT
 *
 * for the monitors pattern of a LAVA job and for lava-test-case in a test
 * definition (bench/lava/README.md). ID is [a-z0-9_] only, so LAVA keeps
 * it as it is. The figures are the summary's medians: work and its
 * outermost work phases in the run's work unit, the total in ns of the
 * run's clock ("virtual_ns" under icount: the guest's, not the host's). They are a view for LAVA's own pages; the result file,
 * brought home whole, stays the record. */
#include "summary.h"

#include <ctype.h>

/* "map_2m_0_generic_" from the op and "2M @+0 generic": LAVA's rule for
 * test case ids (lower case, every run of other characters one "_"). */
static void case_id(const char *op, const struct bench_case *c, char *buf, size_t len)
{
	char label[96];
	size_t at;
	bool gap = false;

	case_label(c, label, sizeof(label));
	at = (size_t)snprintf(buf, len, "%s_", op);
	for (const char *p = label; *p && at + 2 < len; p++) {
		if (isalnum((unsigned char)*p)) {
			buf[at++] = (char)tolower((unsigned char)*p);
			gap = false;
		} else if (!gap) {
			buf[at++] = '_';
			gap = true;
		}
	}
	if (at < len && !gap)
		buf[at++] = '_';
	buf[at < len ? at : len - 1] = '\0';
}

/* A work figure in the run's work unit: instructions are ns scaled by the
 * icount shift; estimated cycles and wall-clock ns are held as they are. */
static double work_value(const struct summary *s, double ns)
{
	return s->work_unit == FIGURE_INSTRUCTIONS ? ns_to_instructions(ns, s->clock.shift) : ns;
}

static void op_lines(FILE *out, const struct summary *s, const char *id, const struct sum_op *o)
{
	const struct module_desc *m = &s->r->module;
	const char *unit = figure_unit_name(s->work_unit);
	const char *total_unit = s->clock.clock == ENV_CLOCK_ICOUNT ? "virtual_ns" : "ns";

	if (o->total.n)
		fprintf(out, "mhpbench-measure: %stotal %.0f %s\n", id, o->total.median, total_unit);
	if (!o->work.n)
		return;
	fprintf(out, "mhpbench-measure: %swork %.0f %s\n", id, work_value(s, o->work.median), unit);
	for (unsigned i = 0; i < o->n_phases; i++) {
		const struct sum_phase *p = &o->phases[i];

		if (p->depth || m->phases[p->index].wait || module_phase_holds_wait(m, p->index))
			continue;
		fprintf(out, "mhpbench-measure: %s%s %.0f %s\n", id, m->phases[p->index].name,
			work_value(s, p->median), unit);
	}
}

void summary_write_lava(FILE *out, const struct summary *s)
{
	static const char *const op_name[OP_KINDS] = { [OP_MAP] = "map", [OP_UNMAP] = "unmap" };
	char id[160];

	for (uint32_t ci = 0; ci < s->n_cases; ci++) {
		for (int op = 0; op < OP_KINDS; op++) {
			case_id(op_name[op], &s->cases[ci].c, id, sizeof(id));
			op_lines(out, s, id, &s->cases[ci].op[op]);
		}
	}
}
