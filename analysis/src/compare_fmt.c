/* What the writers of a comparison share (compare_fmt.h): values in their
 * units, row labels, and the rows the short layout calls headlines. The
 * writers call these; these call no writer. */
#include "compare_fmt.h"
#include "compare_source.h"
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void unit_of(double scale_ns, double *div, const char **unit)
{
	*div = 1;
	*unit = "ns";
	if (scale_ns >= 999.5e6) {
		*div = 1e9;
		*unit = "s";
	} else if (scale_ns >= 999.5e3) {
		*div = 1e6;
		*unit = "ms";
	} else if (scale_ns >= 999.5) {
		*div = 1e3;
		*unit = "us";
	}
}

/* 3 significant digits of @v (already scaled) */
static void sig3(double v, char *buf, size_t len)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(buf, len, "-");
	else if (a >= 99.95 || a == 0)
		snprintf(buf, len, "%.0f", v);
	else if (a >= 9.995)
		snprintf(buf, len, "%.1f", v);
	else if (a >= 0.9995)
		snprintf(buf, len, "%.2f", v);
	else
		snprintf(buf, len, "%.3f", v);
}

void format_in(double ns, double scale_ns, char *buf, size_t len)
{
	double div;
	const char *unit;
	char v[32];

	unit_of(scale_ns, &div, &unit);
	sig3(ns / div, v, sizeof(v));
	snprintf(buf, len, "%s %s", v, unit);
}

bool row_in_counts(const struct comparison *cmp, const struct cmp_row *row)
{
	return cmp->exact && metric_is_work(row->kind, row->holds_wait);
}

enum figure_unit row_unit(const struct comparison *cmp, const struct cmp_row *row)
{
	if (!row_in_counts(cmp, row))
		return FIGURE_NS;
	return cmp->lens ? FIGURE_EST_CYCLES : FIGURE_INSTRUCTIONS;
}

void pct(double change, char *buf, size_t len)
{
	if (!isfinite(change))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%+.2f%%", 100 * change);
}

const char *untested_why(const struct cmp_cell *c)
{
	return c->zero_var ? "zero variance" : cmp_design_name(c->design);
}

void row_label(const struct comparison *cmp, const struct cmp_row *row, char *buf, size_t len)
{
	if (row->ci == CMP_NO_CASE)
		snprintf(buf, len, "pfn_valid() per call");
	else
		case_label(&cmp->cases[row->ci], buf, len);
}

const char *op_name(const struct cmp_row *row)
{
	return row->op == CMP_OP_PFN ? "pfn_valid" : row->op ? "unmap" : "map";
}

void pool_axes(FILE *out, const struct pool *p)
{
	fprintf(out, "kernel %s, build %s\n", p->release, p->version);
	fprintf(out, "     %s, CPU %s, suite %s, %zu run%s", p->env, p->cpu, p->suite,
		p->n_runs, p->n_runs == 1 ? "" : "s");
	if (p->n_incomplete)
		fprintf(out, " (%zu INCOMPLETE)", p->n_incomplete);
	fprintf(out, ", repeat %u, collector %s\n", p->repeat, p->collector);
	fprintf(out, "     from %s", p->arg ? p->arg : "?");
	if (p->label[0])
		fprintf(out, ", label %s", p->label);
	fputc('\n', out);
	if (p->source) {
		char line[2048];

		source_line(p->source, line, sizeof(line));
		fprintf(out, "     source %s\n", line);
		source_config_line(p->source, line, sizeof(line));
		fprintf(out, "     config %s\n", line);
	}
	if (p->mixed_kernel)
		fprintf(out, "     !!! pools runs of different kernels: see the files\n");
	if (p->mixed_source)
		fprintf(out, "     !!! pools runs of kernels built from different sources: see the "
			"files\n");
	if (p->mixed_suite)
		fprintf(out, "     !!! pools runs of different suites\n");
	if (p->n_injected)
		fprintf(out, "     !!! DELAY INJECTION ARMED in %zu of %zu runs (tests only, not a measurement): %s\n",
			p->n_injected, p->n_runs, p->inject);
}

bool row_flagged(const struct comparison *cmp, const struct cmp_row *row)
{
	for (size_t k = 1; k < cmp->np; k++)
		if (row->cell[k].sig)
			return true;
	return false;
}

/* An outermost work phase (module_phase_outer_work()): holds no wait, so
 * its figure is work (under icount an instruction count), and does not
 * repeat a part of a larger one. The short summary picks the same. */
static bool work_phase(const struct cmp_row *row)
{
	return row->kind == METRIC_PHASE && row->outer_work;
}

/* Mark the SHORT_TOP_PHASES work phases of rows [g0, g1) (one case and
 * op) with the largest baseline medians. A phase A never entered has no
 * rank. */
static void mark_top_phases(const struct comparison *cmp, size_t g0, size_t g1,
			    unsigned char *show)
{
	for (int n = 0; n < SHORT_TOP_PHASES; n++) {
		size_t best = g1;

		for (size_t r = g0; r < g1; r++) {
			const struct cmp_row *row = &cmp->rows[r];

			if (!work_phase(row) || (show[r] & SHOW_HEADLINE) || !row->cell[0].n)
				continue;
			if (best == g1 || row->cell[0].median > cmp->rows[best].cell[0].median)
				best = r;
		}
		if (best == g1)
			return;
		show[best] |= SHOW_HEADLINE;
	}
}

static bool same_group(const struct cmp_row *a, const struct cmp_row *b)
{
	return a->ci == b->ci && a->op == b->op;
}

unsigned char *short_rows(const struct comparison *cmp)
{
	unsigned char *show = calloc(cmp->nr + 1, 1);
	size_t g0 = 0;

	if (!show)
		return NULL;
	for (size_t r = 0; r < cmp->nr; r++) {
		const struct cmp_row *row = &cmp->rows[r];

		if (row_flagged(cmp, row))
			show[r] |= SHOW_FLAGGED;
		/* total, wait, work, and every pfn_valid() row: each a figure
		 * of its own, where phases are a tree to choose from */
		if (row->kind != METRIC_PHASE)
			show[r] |= SHOW_HEADLINE;
		/* rows come grouped by case and op (compare.c sorts them) */
		if (r + 1 == cmp->nr || !same_group(row, &cmp->rows[r + 1])) {
			mark_top_phases(cmp, g0, r + 1, show);
			g0 = r + 1;
		}
	}
	return show;
}

void interval_in(double lo, double hi, double scale_ns, char *buf, size_t len)
{
	double div;
	const char *unit;
	char a[24], b[24];

	unit_of(scale_ns, &div, &unit);
	sig3(lo / div, a, sizeof(a));
	sig3(hi / div, b, sizeof(b));
	snprintf(buf, len, "[%s, %s]", a, b);
}
