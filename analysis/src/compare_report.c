/* Printing a comparison (see compare_report.h). */
#include "compare_report.h"
#include "compare_data.h"
#include "compare_fmt.h"
#include "compare_kcidb.h"
#include "compare_source.h"
#include "compare_summary.h"
#include "units.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

int report_format_parse(const char *name, enum report_format *f)
{
	if (strcmp(name, "text") == 0)
		*f = FORMAT_TEXT;
	else if (strcmp(name, "markdown") == 0)
		*f = FORMAT_MARKDOWN;
	else if (strcmp(name, "json") == 0)
		*f = FORMAT_JSON;
	else if (strcmp(name, "kcidb") == 0)
		*f = FORMAT_KCIDB;
	else
		return -1;
	return 0;
}

static double count_of(const struct comparison *cmp, const struct cmp_row *row, double v)
{
	return figure_count(v, row_unit(cmp, row), cmp->shift);
}

void value_in(const struct comparison *cmp, const struct cmp_row *row, double ns,
	      double scale_ns, char *buf, size_t len)
{
	if (row_in_counts(cmp, row))
		format_count_in(count_of(cmp, row, ns), count_of(cmp, row, scale_ns), buf, len);
	else
		format_in(ns, scale_ns, buf, len);
}

static void range_in(const struct comparison *cmp, const struct cmp_row *row, double lo,
		     double hi, double scale_ns, char *buf, size_t len)
{
	char a[24], b[24];

	if (!row_in_counts(cmp, row)) {
		interval_in(lo, hi, scale_ns, buf, len);
		return;
	}
	format_count_in(count_of(cmp, row, lo), count_of(cmp, row, scale_ns), a, sizeof(a));
	format_count_in(count_of(cmp, row, hi), count_of(cmp, row, scale_ns), b, sizeof(b));
	snprintf(buf, len, "[%s, %s]", a, b);
}

static void pct_interval(double lo, double hi, char *buf, size_t len)
{
	if (isnan(lo) || isnan(hi))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "[%+.1f,%+.1f]", 100 * lo, 100 * hi);
}

static void mde_text(double mde, char *buf, size_t len)
{
	if (isinf(mde))
		snprintf(buf, len, "n/a");
	else if (mde >= 10)
		snprintf(buf, len, ">999%%");
	else
		snprintf(buf, len, "%.1f%%", 100 * mde);
}

static void p_text(double p, char *buf, size_t len)
{
	if (p < 0.0001)
		snprintf(buf, len, "%.0e", p);
	else
		snprintf(buf, len, "%.4f", p);
}

/* Instruction-clocked comparisons: the units, the exact rule, and whether
 * boot-to-boot determinism was checked. */
static void exact_lines(FILE *out, const struct comparison *cmp, const char *prefix)
{
	if (cmp->lens)
		fprintf(out, "%sClock icount (shift %d) with the cache lens: work rows (work, work "
			"phases) in estimated cycles\n%s  (L1 hits + 5 x LL hits + 35 x memory, "
			"modelled; the medians of the lens's counts below each);\n%s  totals and "
			"waits in virtual time (ns, us, ms).\n", prefix,
			cmp->shift >= 0 ? cmp->shift : 0, prefix, prefix);
	else
		fprintf(out, "%sClock icount (shift %d): work rows (work, work phases, pfn_valid) "
			"in instructions (icount);\n%s  totals and waits in virtual time (ns, us, "
			"ms).\n", prefix, cmp->shift >= 0 ? cmp->shift : 0, prefix);
	fprintf(out, "%sFar apart: not exact, but 2 runs or more a side within %.0f%% of "
		"themselves, every value\n%s  beyond the other side's, |change| > %.0f x the larger "
		"spread: decided as exact.\n", prefix, 100 * CMP_NEAR_SPREAD, prefix,
		CMP_FAR_FACTOR);
	fprintf(out, "%sExact rows: every value of each side within %.1f%% (max/min - 1): compared "
		"exactly, no p;\n%s  95%% CI column = [min, max]; flagged when the ranges are apart "
		"and |change| > both spreads and %.1f%%.\n", prefix, 100 * CMP_DET_SPREAD, prefix,
		100 * CMP_DET_SPREAD);
	if (cmp->min_boots < 2)
		fprintf(out, "%sone boot a side: boot-to-boot determinism not checked; 2 boots a "
			"side check it\n", prefix);
}

static void method_line(FILE *out, const struct comparison *cmp, const char *prefix)
{
	const struct cmp_params *m = &cmp->prm;

	fprintf(out, "%sThe unit is the run (runs of one boot) or the boot (boots apart), never the "
		"sample.\n", prefix);
	fprintf(out, "%sSeveral units: median = geometric mean of the units' medians, %.0f%% t "
		"interval; change =\n%s  ratio - 1 with its Welch interval; p = two-sided Welch t "
		"on log unit medians,\n", prefix, 100 * m->level, prefix);
	fprintf(out, "%s  Holm-adjusted over each comparison's rows; *SIG* when adjusted p <= %g. "
		"One run: median\n%s  with its order-statistic interval. MDE = smallest change "
		"detectable (%.0f%% power);\n", prefix, m->alpha, prefix, 100 * m->power);
	fprintf(out, "%s  n/a: none can be. Not tested: under %d runs or boots a side, or boots "
		"shared unevenly.\n%s  n column: values/units. Lower is better.\n", prefix,
		CMP_MIN_UNITS, prefix);
	if (cmp->exact)
		exact_lines(out, cmp, prefix);
}

/* "B vs A: 3 of 40 rows *SIG*; tested across boots 40; ..." */
static void family_line(FILE *out, const struct comparison *cmp, size_t k, bool md)
{
	static const enum cmp_design order[] = {
		DESIGN_RUNS, DESIGN_BOOTS, DESIGN_EXACT, DESIGN_FAR, DESIGN_FEW_RUNS,
		DESIGN_FEW_BOOTS, DESIGN_SHARED_BOOTS,
	};

	/* decided rows: the Holm family and the exact rows */
	fprintf(out, md ? "\n**%c vs A: %zu of %zu rows significant**" :
		"%c vs A: %zu of %zu rows *SIG*", LETTER(k), cmp->n_sig[k],
		cmp_decided_rows(cmp, k));
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (cmp->n_design[k][order[i]])
			fprintf(out, "; %s: %zu rows%s", cmp_design_name(order[i]),
				cmp->n_design[k][order[i]],
				order[i] == DESIGN_RUNS || order[i] == DESIGN_BOOTS ||
				cmp_decided_alone(order[i]) ? "" : " NOT TESTED");
	fputc('\n', out);
}

/* The change interval, p and MDE columns: an exact row has none of them. */
static void decision_text(const struct cmp_cell *c, char *chci, size_t lci, char *p, size_t lp,
			  char *mde, size_t lm)
{
	if (cmp_decided_alone(c->design)) {
		snprintf(chci, lci, "%s", c->design == DESIGN_FAR ? "far" : "exact");
		snprintf(p, lp, "-");
		snprintf(mde, lm, "-");
		return;
	}
	pct_interval(c->ch_lo, c->ch_hi, chci, lci);
	p_text(c->p_holm, p, lp);
	mde_text(c->mde, mde, lm);
}

static void n_text(const struct cmp_cell *c, char *buf, size_t len)
{
	/* "n/6b": 6 boots are the units; "n/4r": 4 runs of one boot */
	if (c->boots > 1)
		snprintf(buf, len, "%zu/%zub", c->n, c->boots);
	else if (c->runs > 1)
		snprintf(buf, len, "%zu/%zur", c->n, c->runs);
	else
		snprintf(buf, len, "%zu", c->n);
}

/* One cell of the full text layout: n, median, interval, and against
 * the baseline the change, its interval, p, MDE and the verdict. @scale:
 * the row's (the first median there is, set here when A has none). */
static void full_cell(FILE *out, const struct comparison *cmp, const struct cmp_row *row,
		      size_t k, const char *name, double *scale)
{
	const struct cmp_cell *c = &row->cell[k];
	char med[32], ci[64], ch[24], chci[40], p[16], mde[16], n[32], label[64];

	n_text(c, n, sizeof(n));
	if (isnan(*scale))
		*scale = c->median;
	value_in(cmp, row, c->median, *scale, med, sizeof(med));
	range_in(cmp, row, c->lo, c->hi, *scale, ci, sizeof(ci));
	if (!c->n) {
		snprintf(med, sizeof(med), "-");
		snprintf(ci, sizeof(ci), "-");
	}
	fprintf(out, "%-28s %c %7s %9s %-16s", k ? "" : name, LETTER(k), n, med, ci);
	if (k == 0) {
		fprintf(out, " %-9s\n", c->n ? "(0.00%)" : "");
		return;
	}
	pct(c->change, ch, sizeof(ch));
	if (!c->tested && !cmp_decided_alone(c->design)) {
		fprintf(out, " %-9s not tested: %s\n", ch, untested_why(c));
		return;
	}
	decision_text(c, chci, sizeof(chci), p, sizeof(p), mde, sizeof(mde));
	fprintf(out, " %-9s %-15s %-7s %-6s", ch, chci, p, mde);
	if (c->sig) {
		/* the row's name too: a grep for *SIG* says which */
		row_label(cmp, row, label, sizeof(label));
		fprintf(out, " *SIG* %s: %s %s %s", metric_verdict(row->kind, c->change), label,
			op_name(row), row->name);
	}
	fputc('\n', out);
}

/* Two kernels of different instrumentation: said before any figure. */
static void instrumentation_warning(FILE *out, const struct comparison *cmp, bool md)
{
	struct env_source x, y;
	size_t a, b;

	if (!source_instrumentation_differs(cmp, &a, &b))
		return;
	env_source_parse(cmp->pools[a].source, &x);
	env_source_parse(cmp->pools[b].source, &y);
	fprintf(out, md ? "\n**!!! %c has %s, %c %s: their phases are not comparable**\n" :
		"!!! %c has %s, %c %s: their phases are not comparable\n",
		LETTER(a), x.instrumentation, LETTER(b), y.instrumentation);
}

/* The header's last line: the command that reproduces the comparison
 * (compare_source.c), as code in markdown (@md). */
static void reproduce_full(FILE *out, const struct comparison *cmp, bool md)
{
	char cmd[4096];

	compare_reproduce(cmp, cmd, sizeof(cmd));
	fprintf(out, md ? "\nReproduce: `%s`\n" : "Reproduce: %s\n", cmd);
}

/* Under the cache lens, the median of each of the lens's counts over the
 * values of @row on side @k: what its estimated cycles come from; false
 * for a row without counts (a wait, a total, a run without the lens). */
static bool row_count_medians(const struct comparison *cmp, const struct cmp_row *row, size_t k,
			      double med[LENS_EVENTS])
{
	const struct series *s;

	return cmp->lens && (s = compare_row_series(cmp, row, k)) && series_count_medians(s, med);
}

/* Below a work row's cell in the full text layout: its counts. */
static void full_counts(FILE *out, const struct comparison *cmp, const struct cmp_row *row,
			size_t k)
{
	double med[LENS_EVENTS];
	char buf[256] = "", v[24];

	if (!row_count_medians(cmp, row, k, med))
		return;
	for (int e = 0; e < LENS_EVENTS; e++) {
		format_count(med[e], v, sizeof(v));
		buf_cat(buf, sizeof(buf), " %s %s", lens_event_names[e], v);
	}
	fprintf(out, "%32s%s\n", "", buf);
}

/* The full text layout: every row, the tree of phases, every column. */
static void print_text(FILE *out, const struct comparison *cmp)
{
	fprintf(out, "mhpbench compare\n");
	for (size_t k = 0; k < cmp->np; k++) {
		fprintf(out, "  %c  ", LETTER(k));
		pool_axes(out, &cmp->pools[k]);
	}
	instrumentation_warning(out, cmp, false);
	method_line(out, cmp, "");
	for (size_t k = 1; k < cmp->np; k++)
		family_line(out, cmp, k, false);
	reproduce_full(out, cmp, false);
	for (size_t r = 0; r < cmp->nr; r++) {
		const struct cmp_row *row = &cmp->rows[r];
		char name[64], label[64];
		double scale = row->cell[0].n ? row->cell[0].median : NAN;

		if (r == 0 || row->ci != cmp->rows[r - 1].ci) {
			row_label(cmp, row, label, sizeof(label));
			fprintf(out, "\n%-28s %-1s %7s %9s %-16s %-9s %-15s %-7s %-6s\n", label, "",
				"n", "median", "95% CI", "change", "95% CI", "p Holm", "MDE");
		}
		if (r == 0 || row->op != cmp->rows[r - 1].op || row->ci != cmp->rows[r - 1].ci)
			fprintf(out, "%s\n", op_name(row));
		snprintf(name, sizeof(name), "  %*s%s%s", (int)(2 * row->depth), "", row->name,
			 row->wait ? " (w)" : "");
		for (size_t k = 0; k < cmp->np; k++) {
			full_cell(out, cmp, row, k, name, &scale);
			full_counts(out, cmp, row, k);
		}
	}
}

/* How each kernel was built, as a list under the kernels' table. */
static void md_sources(FILE *out, const struct comparison *cmp)
{
	char line[2048], config[1024];
	bool any = false;

	for (size_t k = 0; k < cmp->np; k++) {
		const struct pool *p = &cmp->pools[k];

		if (!p->source && !p->mixed_source)
			continue;
		source_line(p->source, line, sizeof(line));
		source_config_line(p->source, config, sizeof(config));
		fprintf(out, "%s- %c: %s; config %s%s\n", any ? "" : "\n", LETTER(k),
			line[0] ? line : "no source", config[0] ? config : "?",
			p->mixed_source ? " (**!!! runs of different sources**)" : "");
		any = true;
	}
	instrumentation_warning(out, cmp, true);
}

static void print_markdown(FILE *out, const struct comparison *cmp)
{
	fprintf(out, "# mhpbench compare\n\n| run | kernel | build | environment | CPU | suite | runs | repeat |\n"
		"|---|---|---|---|---|---|---|---|\n");
	for (size_t k = 0; k < cmp->np; k++) {
		const struct pool *p = &cmp->pools[k];

		fprintf(out, "| %c | %s | %s | %s | %s | %s | %zu%s | %u |\n", LETTER(k), p->release,
			p->version, p->env, p->cpu, p->suite, p->n_runs,
			p->n_incomplete ? " (incomplete)" : "", p->repeat);
	}
	for (size_t k = 0; k < cmp->np; k++)
		if (cmp->pools[k].n_injected)
			fprintf(out, "\n**!!! %c: DELAY INJECTION ARMED in %zu of %zu runs (tests only, not a measurement): %s**\n",
				LETTER(k), cmp->pools[k].n_injected, cmp->pools[k].n_runs,
				cmp->pools[k].inject);
	md_sources(out, cmp);
	fputc('\n', out);
	method_line(out, cmp, "");
	for (size_t k = 1; k < cmp->np; k++)
		family_line(out, cmp, k, true);
	reproduce_full(out, cmp, true);
	for (size_t r = 0; r < cmp->nr; r++) {
		const struct cmp_row *row = &cmp->rows[r];
		double scale = row->cell[0].n ? row->cell[0].median : row->cell[cmp->np - 1].median;

		if (r == 0 || row->ci != cmp->rows[r - 1].ci) {
			char label[64];

			row_label(cmp, row, label, sizeof(label));
			fprintf(out, "\n## %s\n\n| op | metric | run | n | median | 95%% CI | change | "
				"95%% CI | p (Holm) | MDE | |\n|---|---|---|--:|--:|---|--:|---|--:|--:|---|\n",
				label);
		}
		for (size_t k = 0; k < cmp->np; k++) {
			const struct cmp_cell *c = &row->cell[k];
			char med[32], ci[64], ch[24] = "", chci[40] = "", p[48] = "", mde[16] = "";
			char n[32];

			n_text(c, n, sizeof(n));
			value_in(cmp, row, c->median, scale, med, sizeof(med));
			range_in(cmp, row, c->lo, c->hi, scale, ci, sizeof(ci));
			if (k == 0 && c->n)
				snprintf(ch, sizeof(ch), "(0.00%%)");
			if (k && (c->tested || cmp_decided_alone(c->design))) {
				pct(c->change, ch, sizeof(ch));
				decision_text(c, chci, sizeof(chci), p, sizeof(p), mde, sizeof(mde));
			} else if (k) {
				pct(c->change, ch, sizeof(ch));
				snprintf(p, sizeof(p), "not tested: %s", untested_why(c));
			}
			fprintf(out, "| %s | %s%s%s | %c | %s | %s | %s | %s | %s | %s | %s | %s%s |\n",
				k ? "" : op_name(row), k ? "" : row->name,
				!k && row->wait ? " (wait)" : "", "", LETTER(k), n, c->n ? med : "-",
				c->n ? ci : "-", ch, chci, p, mde, c->sig ? "**SIG** " : "",
				c->sig ? metric_verdict(row->kind, c->change) : "");
		}
	}
}

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *axes_json(const struct pool *p, size_t k)
{
	json_object *o = json_object_new_object();
	char letter[2] = { LETTER(k), 0 };

	json_object_object_add(o, "run", json_object_new_string(letter));
	json_object_object_add(o, "from", json_object_new_string(p->arg ? p->arg : ""));
	json_object_object_add(o, "kernel_release", json_object_new_string(p->release));
	json_object_object_add(o, "kernel_version", json_object_new_string(p->version));
	json_object_object_add(o, "environment", json_object_new_string(p->env));
	json_object_object_add(o, "cpu", json_object_new_string(p->cpu));
	json_object_object_add(o, "suite", json_object_new_string(p->suite));
	json_object_object_add(o, "runs", json_object_new_int64((int64_t)p->n_runs));
	json_object_object_add(o, "incomplete_runs", json_object_new_int64((int64_t)p->n_incomplete));
	json_object_object_add(o, "repeat", json_object_new_int64(p->repeat));
	json_object_object_add(o, "collector", json_object_new_string(p->collector));
	json_object_object_add(o, "mixed_kernel", json_object_new_boolean(p->mixed_kernel));
	json_object_object_add(o, "mixed_suite", json_object_new_boolean(p->mixed_suite));
	/* environment.kernel.source of the first run, as recorded */
	json_object_object_add(o, "source", json_object_get(p->source));
	json_object_object_add(o, "mixed_source", json_object_new_boolean(p->mixed_source));
	json_object_object_add(o, "injected_runs", json_object_new_int64((int64_t)p->n_injected));
	json_object_object_add(o, "inject", p->n_injected ? json_object_new_string(p->inject) : NULL);
	return o;
}

/* Exact mode, every cell: the side's range and spread, and whether it is
 * deterministic by the rule (then median_ci_ns is that range). */
static void exact_json(json_object *e, const struct cmp_cell *x)
{
	json_object *range = json_object_new_array();

	json_object_array_add(range, num(x->vmin));
	json_object_array_add(range, num(x->vmax));
	json_object_object_add(e, "range_ns", range);
	json_object_object_add(e, "spread", num(x->spread));
	json_object_object_add(e, "deterministic", json_object_new_boolean(x->det));
}

/* An exact row's decision: the change, no interval, no p. */
static void exact_verdict_json(json_object *e, const struct cmp_cell *x)
{
	json_object_object_add(e, "change", num(x->change));
	json_object_object_add(e, "change_ci", NULL);
	json_object_object_add(e, "p", NULL);
	json_object_object_add(e, "p_holm", NULL);
	json_object_object_add(e, "mde", NULL);
}

static json_object *case_json(const struct bench_case *bc)
{
	json_object *c = json_object_new_object();

	json_object_object_add(c, "size", json_object_new_uint64(bc->size));
	json_object_object_add(c, "offset", json_object_new_uint64(bc->offset));
	json_object_object_add(c, "type", json_object_new_string(pgmap_type_name(bc->type)));
	json_object_object_add(c, "vmemmap_shift", json_object_new_int(bc->vmemmap_shift));
	json_object_object_add(c, "memmap", json_object_new_string(memmap_loc_name(bc->memmap)));
	return c;
}

/* A tested row's decision: the change with its interval, p and MDE. */
static void tested_json(json_object *e, const struct cmp_cell *x)
{
	json_object *cc = json_object_new_array();

	json_object_object_add(e, "change", num(x->change));
	json_object_array_add(cc, num(x->ch_lo));
	json_object_array_add(cc, num(x->ch_hi));
	json_object_object_add(e, "change_ci", cc);
	json_object_object_add(e, "p", num(x->p));
	json_object_object_add(e, "p_holm", num(x->p_holm));
	json_object_object_add(e, "mde", num(x->mde));
}

/* A work row's cell under the cache lens: its counts ("counts"). */
static void lens_counts_json(json_object *e, const struct comparison *cmp,
			     const struct cmp_row *row, size_t k)
{
	double med[LENS_EVENTS];
	json_object *c;

	if (!row_count_medians(cmp, row, k, med))
		return;
	c = json_object_new_object();
	for (int ev = 0; ev < LENS_EVENTS; ev++)
		json_object_object_add(c, lens_event_names[ev], num(med[ev]));
	json_object_object_add(e, "counts", c);
}

/* Cell @k of @row. Every cell but the baseline's says whether it is
 * significant, so that a reader selects the flagged rows without
 * knowing which designs can be. */
static json_object *cell_json(const struct comparison *cmp, const struct cmp_row *row, size_t k)
{
	const struct cmp_cell *x = &row->cell[k];
	json_object *e = json_object_new_object(), *ci = json_object_new_array();
	char letter[2] = { LETTER(k), 0 };

	json_object_object_add(e, "run", json_object_new_string(letter));
	json_object_object_add(e, "n", json_object_new_int64((int64_t)x->n));
	json_object_object_add(e, "runs", json_object_new_int64((int64_t)x->runs));
	json_object_object_add(e, "boots", json_object_new_int64((int64_t)x->boots));
	if (k)
		json_object_object_add(e, "design", json_object_new_string(
			cmp_design_name(x->design)));
	json_object_object_add(e, "median_ns", num(x->median));
	json_object_array_add(ci, num(x->lo));
	json_object_array_add(ci, num(x->hi));
	json_object_object_add(e, "median_ci_ns", ci);
	json_object_object_add(e, "median_ci_coverage", num(x->coverage));
	if (cmp->exact)
		exact_json(e, x);
	lens_counts_json(e, cmp, row, k);
	if (!k)
		return e;
	if (x->zero_var)
		json_object_object_add(e, "not_tested", json_object_new_string("zero variance"));
	if (cmp_decided_alone(x->design))
		exact_verdict_json(e, x);
	else if (x->tested)
		tested_json(e, x);
	else
		json_object_object_add(e, "change", num(x->change));
	json_object_object_add(e, "significant", json_object_new_boolean(x->sig));
	if (x->sig)
		json_object_object_add(e, "verdict", json_object_new_string(
			metric_verdict(row->kind, x->change)));
	return e;
}

/* One row: what it measures, where the short report shows it, its cells. */
static json_object *row_json(const struct comparison *cmp, const struct cmp_row *row,
			     unsigned char show)
{
	json_object *o = json_object_new_object(), *cells = json_object_new_array();
	char label[64];

	if (row->ci != CMP_NO_CASE) {
		case_label(&cmp->cases[row->ci], label, sizeof(label));
		json_object_object_add(o, "case", case_json(&cmp->cases[row->ci]));
		json_object_object_add(o, "case_label", json_object_new_string(label));
	} else {
		json_object_object_add(o, "case", NULL);
		json_object_object_add(o, "case_label", NULL);
	}
	json_object_object_add(o, "op", json_object_new_string(op_name(row)));
	json_object_object_add(o, "metric", json_object_new_string(row->name));
	json_object_object_add(o, "kind", json_object_new_string(metric_kind(row->kind)->name));
	json_object_object_add(o, "direction", json_object_new_string(
		metric_kind(row->kind)->dir == LOWER_IS_BETTER ? "lower_is_better" : "higher_is_better"));
	json_object_object_add(o, "wait", json_object_new_boolean(row->wait));
	json_object_object_add(o, "depth", json_object_new_int(row->depth));
	/* what the row counts; its *_ns fields stay ns (at icount shift 0 the
	 * same numbers as instructions) */
	json_object_object_add(o, "unit", json_object_new_string(
		figure_unit_name(row_unit(cmp, row))));
	json_object_object_add(o, "flagged", json_object_new_boolean(show & SHOW_FLAGGED));
	json_object_object_add(o, "headline", json_object_new_boolean(show & SHOW_HEADLINE));
	for (size_t k = 0; k < cmp->np; k++)
		json_object_array_add(cells, cell_json(cmp, row, k));
	json_object_object_add(o, "cells", cells);
	return o;
}

/* Rows by verdict: the report's first line. */
static json_object *verdict_json(const struct comparison *cmp, size_t k)
{
	json_object *o = json_object_new_object();
	size_t count[VERDICT_COUNT];

	cmp_verdict_counts(cmp, k, count);
	for (int v = 0; v < VERDICT_COUNT; v++)
		json_object_object_add(o, verdict_key((enum cell_verdict)v),
				       json_object_new_int64((int64_t)count[v]));
	return o;
}

/* The phase lines (compare_summary.h): one per phase and op flagged in
 * some case. */
static json_object *phase_lines_json(const struct comparison *cmp, size_t k)
{
	json_object *a = json_object_new_array();
	struct phase_line *lines;
	size_t n = cmp_phase_lines(cmp, k, &lines);

	for (size_t i = 0; n != (size_t)-1 && i < n; i++) {
		json_object *o = json_object_new_object(), *c = json_object_new_object();
		const struct phase_line *l = &lines[i];

		json_object_object_add(o, "op", json_object_new_string(op_name(&cmp->rows[l->first])));
		json_object_object_add(o, "metric", json_object_new_string(l->name));
		json_object_object_add(o, "verdict", json_object_new_string(verdict_name(l->verdict)));
		json_object_object_add(o, "change_min", num(l->ch_min));
		json_object_object_add(o, "change_max", num(l->ch_max));
		json_object_object_add(o, "cases", json_object_new_int64((int64_t)l->n));
		for (int v = 0; v < VERDICT_COUNT; v++)
			json_object_object_add(c, verdict_key((enum cell_verdict)v),
					       json_object_new_int64((int64_t)l->count[v]));
		json_object_object_add(o, "by_verdict", c);
		json_object_array_add(a, o);
	}
	if (n != (size_t)-1)
		free(lines);
	return a;
}

/* Per side against the baseline: what the report's "B vs A" line says. */
static json_object *summary_json(const struct comparison *cmp, size_t k)
{
	json_object *o = json_object_new_object(), *d = json_object_new_object();
	char letter[2] = { LETTER(k), 0 };

	json_object_object_add(o, "run", json_object_new_string(letter));
	json_object_object_add(o, "significant", json_object_new_int64((int64_t)cmp->n_sig[k]));
	json_object_object_add(o, "decided", json_object_new_int64((int64_t)(
		cmp_decided_rows(cmp, k))));
	for (int i = 0; i < DESIGN_COUNT; i++)
		if (cmp->n_design[k][i])
			json_object_object_add(d, cmp_design_name((enum cmp_design)i),
					       json_object_new_int64((int64_t)cmp->n_design[k][i]));
	json_object_object_add(o, "designs", d);
	json_object_object_add(o, "verdict", verdict_json(cmp, k));
	json_object_object_add(o, "phases", phase_lines_json(cmp, k));
	return o;
}

/* The clock of the comparison, and the exact rule when it applies. */
static void method_clock_json(json_object *m, const struct comparison *cmp)
{
	json_object_object_add(m, "clock", json_object_new_string(
		env_clock_name(cmp->exact ? ENV_CLOCK_ICOUNT : ENV_CLOCK_WALL)));
	json_object_object_add(m, "icount_shift",
			       cmp->exact && cmp->shift >= 0 ? json_object_new_int(cmp->shift) : NULL);
	if (!cmp->exact)
		return;
	json_object_object_add(m, "exact", json_object_new_string(
		"rows within det_spread on each side: change = median ratio - 1, significant "
		"when the ranges are apart and |change| > both spreads; no p, not in Holm"));
	json_object_object_add(m, "det_spread", json_object_new_double(CMP_DET_SPREAD));
	json_object_object_add(m, "boot_determinism_checked",
			       json_object_new_boolean(cmp->min_boots >= 2));
}

static json_object *reproduce_json(const struct comparison *cmp)
{
	char cmd[4096];

	compare_reproduce(cmp, cmd, sizeof(cmd));
	return json_object_new_string(cmd);
}

static void print_json(FILE *out, const struct comparison *cmp)
{
	json_object *o = json_object_new_object(), *runs = json_object_new_array();
	json_object *rows = json_object_new_array(), *m = json_object_new_object();
	json_object *sum = json_object_new_array();
	unsigned char *show = short_rows(cmp);

	json_object_object_add(o, "format", json_object_new_string("mhpbench-compare"));
	json_object_object_add(o, "format_version", json_object_new_int(2));
	json_object_object_add(m, "alpha_familywise", json_object_new_double(cmp->prm.alpha));
	json_object_object_add(m, "level", json_object_new_double(cmp->prm.level));
	json_object_object_add(m, "power", json_object_new_double(cmp->prm.power));
	json_object_object_add(m, "test", json_object_new_string(
		"two-sided Welch t on log unit medians (unit: run within one boot, boot across "
		"boots); Holm"));
	method_clock_json(m, cmp);
	json_object_object_add(o, "method", m);
	for (size_t k = 0; k < cmp->np; k++)
		json_object_array_add(runs, axes_json(&cmp->pools[k], k));
	json_object_object_add(o, "runs", runs);
	for (size_t k = 1; k < cmp->np; k++)
		json_object_array_add(sum, summary_json(cmp, k));
	json_object_object_add(o, "summary", sum);
	json_object_object_add(o, "reproduce", reproduce_json(cmp));
	for (size_t r = 0; r < cmp->nr; r++)
		json_object_array_add(rows, row_json(cmp, &cmp->rows[r], show ? show[r] : SHOW_NONE));
	json_object_object_add(o, "rows", rows);
	free(show);
	fprintf(out, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

void compare_report(FILE *out, const struct comparison *cmp, enum report_format f,
		    enum report_layout l)
{
	if (f == FORMAT_JSON)
		print_json(out, cmp);
	else if (f == FORMAT_KCIDB)
		compare_kcidb(out, cmp);
	else if (f == FORMAT_MARKDOWN && l == LAYOUT_FULL)
		print_markdown(out, cmp);
	else if (f == FORMAT_MARKDOWN)
		short_print_markdown(out, cmp);
	else if (l == LAYOUT_FULL)
		print_text(out, cmp);
	else
		short_print_text(out, cmp);
}

void compare_print(FILE *out, const struct comparison *cmp, enum report_format f)
{
	compare_report(out, cmp, f, LAYOUT_FULL);
}


