/* The short layout of a comparison, text and markdown: what a reviewer
 * pastes into a mail. The verdict first (per compared kernel: rows worse,
 * better, unchanged, not tested), a header of a few lines (the kernels,
 * the machine, the clock, the method), then one line per phase and op that
 * changed, with the range of its change over the cases and how many
 * flagged it (compare_summary.h), then the cases that differ from their
 * phase's line. Every row is in --full. The text never runs past
 * REPORT_WIDTH columns. */
#include "compare_fmt.h"
#include "compare_source.h"
#include "compare_summary.h"
#include "units.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The change in at most 7 characters: two decimals below 100% (the 0.1%
 * resolution of exact mode must show), whole percent above, a ratio
 * beyond. */
static void change_text(double change, char *buf, size_t len)
{
	double p = 100 * change;

	if (!isfinite(change))
		snprintf(buf, len, "-");
	else if (fabs(p) < 99.995)
		snprintf(buf, len, "%+.2f%%", p);
	else if (p < 99999.5)
		snprintf(buf, len, "%+.0f%%", p);
	else
		snprintf(buf, len, "x%.0f", change + 1 < 1e6 ? change + 1 : 999999);
}

/* ---- header ---- */

/* A header line for @out: wrapped to REPORT_WIDTH in text (continuations
 * indented two columns), a list item in markdown. */
struct sink {
	FILE *out;
	enum report_format f;
};

/* Continuation lines go two columns right of the line's own indent. */
static void wrap(FILE *out, const char *line, size_t width)
{
	size_t lead = strspn(line, " "), in = 0;	/* in: the indent now */
	char indent[16];

	snprintf(indent, sizeof(indent), "%*s", (int)(lead + 2 < 12 ? lead + 2 : 12), "");
	while (strlen(line) + in > width) {
		size_t avail = width - in, cut = avail;

		while (cut > lead && line[cut] != ' ')
			cut--;
		if (cut <= lead)	/* one word longer than the line: cut it */
			cut = avail;
		fprintf(out, "%.*s%.*s\n", (int)in, indent, (int)cut, line);
		line += cut;
		while (*line == ' ')
			line++;
		in = strlen(indent);
		lead = 0;
	}
	if (*line)
		fprintf(out, "%.*s%s\n", (int)in, indent, line);
}

/* A header line; @sub: one under the kernel line above it (indented in
 * text, a nested item in markdown). */
static void vemit(const struct sink *s, bool sub, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void vemit(const struct sink *s, bool sub, const char *fmt, va_list ap)
{
	char line[4096];

	vsnprintf(line + 3, sizeof(line) - 3, fmt, ap);
	memcpy(line, "   ", 3);
	if (s->f == FORMAT_MARKDOWN)
		fprintf(s->out, "%s- %s\n", sub ? "  " : "", line + 3);
	else
		wrap(s->out, sub ? line : line + 3, REPORT_WIDTH);
}

static void emit(const struct sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(const struct sink *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit(s, false, fmt, ap);
	va_end(ap);
}

static void emit_sub(const struct sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void emit_sub(const struct sink *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit(s, true, fmt, ap);
	va_end(ap);
}

/* "A  6.1.0-57-amd64 (2 runs, 2 boots): runs/6.1". In text a folder too
 * long for the line goes on a line of its own, and loses its start, not
 * its end: the end names it. */
static void kernel_line(const struct sink *s, const struct pool *p, size_t k)
{
	char head[256] = "";
	const char *from = p->arg ? p->arg : "?";
	size_t room, flen = strlen(from);

	buf_cat(head, sizeof(head), "%c  %s (%zu run%s", LETTER(k), p->release, p->n_runs,
		p->n_runs == 1 ? "" : "s");
	if (p->n_incomplete)
		buf_cat(head, sizeof(head), ", %zu INCOMPLETE", p->n_incomplete);
	buf_cat(head, sizeof(head), ", %zu boot%s", p->nboots, p->nboots == 1 ? "" : "s");
	if (p->label[0])
		buf_cat(head, sizeof(head), ", label %s", p->label);
	buf_cat(head, sizeof(head), "):");
	room = strlen(head) + 1 < REPORT_WIDTH ? REPORT_WIDTH - strlen(head) - 1 : 0;
	if (s->f != FORMAT_TEXT || flen <= room) {
		emit(s, "%s %s", head, from);
		return;
	}
	/* "   ...": the folder indented under its kernel, its tail kept */
	emit(s, "%s", head);
	room = REPORT_WIDTH - 3;
	if (flen <= room)
		emit(s, "   %s", from);
	else
		emit(s, "   ...%s", from + flen - (room - 3));
}

/* What is wrong with a pool: said before any figure. */
static void pool_warnings(const struct sink *s, const struct pool *p, size_t k)
{
	if (p->mixed_kernel)
		emit(s, "!!! %c pools runs of different kernels: see the files", LETTER(k));
	if (p->mixed_source)
		emit(s, "!!! %c pools runs of kernels built from different sources: see the files",
		     LETTER(k));
	if (p->mixed_suite)
		emit(s, "!!! %c pools runs of different suites", LETTER(k));
	if (p->n_injected)
		emit(s, "!!! %c: DELAY INJECTION ARMED in %zu of %zu runs (tests only, not a "
		     "measurement): %s", LETTER(k), p->n_injected, p->n_runs, p->inject);
}

/* The machine, once if every pool ran on the same, else per pool. */
static void machine_lines(const struct sink *s, const struct comparison *cmp)
{
	bool same = true;

	for (size_t k = 1; k < cmp->np; k++)
		same = same && !strcmp(cmp->pools[k].env, cmp->pools[0].env) &&
		       !strcmp(cmp->pools[k].cpu, cmp->pools[0].cpu);
	if (same && cmp->np) {
		emit(s, "On %s, CPU %s", cmp->pools[0].env, cmp->pools[0].cpu);
		return;
	}
	for (size_t k = 0; k < cmp->np; k++)
		emit(s, "%c on %s, CPU %s", LETTER(k), cmp->pools[k].env, cmp->pools[k].cpu);
}

/* The clock (what the numbers count) and the method, a line each. */
static void clock_method(const struct sink *s, const struct comparison *cmp)
{
	if (cmp->exact && cmp->lens) {
		emit(s, "Clock: icount (shift %d) with the cache lens: work in estimated cycles "
		     "(L1 hits + 5 x LL hits + 35 x memory, modelled); waits and totals in "
		     "virtual ns", cmp->shift >= 0 ? cmp->shift : 0);
	} else if (cmp->exact) {
		emit(s, "Clock: icount (shift %d): work in instructions; waits and totals in "
		     "virtual ns", cmp->shift >= 0 ? cmp->shift : 0);
	}
	if (cmp->exact) {
		emit(s, "Method: work that repeats to %.1f%% a side is compared exactly "
		     "(flagged when the sides are apart by more than either one's spread); "
		     "the rest by Welch's t on boot medians, Holm, alpha %g",
		     100 * CMP_DET_SPREAD, cmp->prm.alpha);
		if (cmp->min_boots < 2)
			emit(s, "One boot a side: boot-to-boot determinism not checked; 2 boots a "
			     "side check it");
		return;
	}
	emit(s, "Clock: wall: every row is time");
	emit(s, "Method: Welch's t on log boot (or run) medians, Holm over the rows, alpha %g",
	     cmp->prm.alpha);
}

/* The counts of the "B vs A" line are by design, and one more slot: a t
 * test that met zero variance, which decided nothing (not tested). */
#define ZERO_VARIANCE DESIGN_COUNT

static unsigned reason(const struct cmp_cell *c)
{
	return c->zero_var ? ZERO_VARIANCE : c->design;
}

/* "B: exact 30, boots 10; not tested: 4 under 3 boots a side": how the
 * rows were decided (the Holm family and the rows decided alone), and why
 * the rest were not, counted from the rows' cells. */
static void family_short(const struct sink *s, const struct comparison *cmp, size_t k)
{
	static const enum cmp_design decided[] = {
		DESIGN_EXACT, DESIGN_FAR, DESIGN_BOOTS, DESIGN_RUNS,
	};
	static const unsigned untested[] = {
		DESIGN_FEW_RUNS, DESIGN_FEW_BOOTS, DESIGN_SHARED_BOOTS, ZERO_VARIANCE,
	};
	size_t nd[ZERO_VARIANCE + 1] = { 0 };
	const char *sep = " ";
	char buf[512] = "";

	for (size_t r = 0; r < cmp->nr; r++)
		nd[reason(&cmp->rows[r].cell[k])]++;
	buf_cat(buf, sizeof(buf), "Decided, %c against A:", LETTER(k));
	for (size_t i = 0; i < sizeof(decided) / sizeof(decided[0]); i++)
		if (nd[decided[i]]) {
			buf_cat(buf, sizeof(buf), "%s%s %zu", sep, cmp_design_name(decided[i]),
				nd[decided[i]]);
			sep = ", ";
		}
	sep = "; not tested: ";
	for (size_t i = 0; i < sizeof(untested) / sizeof(untested[0]); i++)
		if (nd[untested[i]]) {
			buf_cat(buf, sizeof(buf), "%s%zu %s", sep, nd[untested[i]],
				untested[i] == ZERO_VARIANCE ? "zero variance" :
				cmp_design_name((enum cmp_design)untested[i]));
			sep = ", ";
		}
	emit(s, "%s", buf);
}

/* How a kernel was built (environment.kernel.source), under its line. */
static void source_lines(const struct sink *s, const struct pool *p)
{
	char line[2048];

	if (!p->source)
		return;
	source_line(p->source, line, sizeof(line));
	emit_sub(s, "%s", line);
}

/* The config and instrumentation of the kernels with a source: once
 * when every kernel shares them, else per kernel; and a warning when two
 * differ in instrumentation, which times phases differently. */
static void config_lines(const struct sink *s, const struct comparison *cmp)
{
	char line[1024];
	struct env_source x, y;
	size_t a, b;

	if (source_config_shared(cmp)) {
		source_config_line(cmp->pools[0].source, line, sizeof(line));
		emit(s, "Config: %s", line);
	} else {
		for (size_t k = 0; k < cmp->np; k++) {
			if (!cmp->pools[k].source)
				continue;
			source_config_line(cmp->pools[k].source, line, sizeof(line));
			emit(s, "%c config: %s", LETTER(k), line);
		}
	}
	if (!source_instrumentation_differs(cmp, &a, &b))
		return;
	env_source_parse(cmp->pools[a].source, &x);
	env_source_parse(cmp->pools[b].source, &y);
	emit(s, "!!! %c has %s, %c %s: their phases are not comparable", LETTER(a),
	     x.instrumentation, LETTER(b), y.instrumentation);
}

/* The command in text: broken where a blank is, with the shell's " \"
 * so that the lines paste as one command (a word too long for a line
 * is broken without indent: the shell joins its parts). */
static void reproduce_text(FILE *out, const char *cmd)
{
	const char *head = "Reproduce: ";
	size_t col = strlen(head);

	fputs(head, out);
	while (col + strlen(cmd) > REPORT_WIDTH) {
		size_t room = REPORT_WIDTH - col - 2, cut = room;	/* 2: " \" */

		while (cut > 0 && cmd[cut] != ' ')
			cut--;
		if (cut == 0) {
			fprintf(out, "%.*s\\\n", (int)(room + 1), cmd);
			cmd += room + 1;
			col = 0;
			continue;
		}
		fprintf(out, "%.*s \\\n  ", (int)cut, cmd);
		cmd += cut + 1;
		col = 2;
	}
	fprintf(out, "%s\n", cmd);
}

/* The header's last line: the one command that reproduces the report. */
static void reproduce_line(const struct sink *s, const struct comparison *cmp)
{
	char cmd[4096];

	compare_reproduce(cmp, cmd, sizeof(cmd));
	if (s->f == FORMAT_MARKDOWN)
		emit(s, "Reproduce: `%s`", cmd);
	else
		reproduce_text(s->out, cmd);
}

static void header(const struct sink *s, const struct comparison *cmp)
{
	for (size_t k = 0; k < cmp->np; k++) {
		kernel_line(s, &cmp->pools[k], k);
		source_lines(s, &cmp->pools[k]);
		pool_warnings(s, &cmp->pools[k], k);
	}
	config_lines(s, cmp);
	machine_lines(s, cmp);
	clock_method(s, cmp);
	for (size_t k = 1; k < cmp->np; k++)
		family_short(s, cmp, k);
	reproduce_line(s, cmp);
}


/* ---- the verdict and the phase lines ---- */

/* "B 6.12.117 vs A 6.1.0-57: 111 worse, 52 better, 27 unchanged, 70 not
 * tested": the report's first line per compared kernel. */
static void verdict_line(const struct sink *s, const struct comparison *cmp, size_t k)
{
	static const enum cell_verdict order[] = {
		VERDICT_WORSE, VERDICT_BETTER, VERDICT_UNCHANGED, VERDICT_NOT_TESTED,
	};
	size_t count[VERDICT_COUNT];
	char a[KERNEL_LABEL_LEN], b[KERNEL_LABEL_LEN], line[256] = "";

	cmp_verdict_counts(cmp, k, count);
	kernel_label(cmp, 0, a, sizeof(a));
	kernel_label(cmp, k, b, sizeof(b));
	for (int labelled = 1; labelled >= 0; labelled--) {
		line[0] = '\0';
		if (labelled && a[0] && b[0])
			buf_cat(line, sizeof(line), "%c %s vs A %s:", LETTER(k), b, a);
		else
			buf_cat(line, sizeof(line), "%c vs A:", LETTER(k));
		for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
			buf_cat(line, sizeof(line), "%s %zu %s", i ? "," : "", count[order[i]],
				verdict_name(order[i]));
		/* one line to grep: the kernel lines below name them too */
		if (s->f == FORMAT_MARKDOWN || strlen(line) <= REPORT_WIDTH)
			break;
	}
	if (s->f == FORMAT_MARKDOWN)
		fprintf(s->out, "# %s\n\n", line);
	else
		fprintf(s->out, "%s\n", line);
}

/* "-20.70% .. -20.45%", or one change when the cases agree to 0.01%. */
static void range_text(const struct phase_line *l, char *buf, size_t len)
{
	char lo[16], hi[16];

	if (!isfinite(l->ch_min)) {
		snprintf(buf, len, "-");
		return;
	}
	change_text(l->ch_min, lo, sizeof(lo));
	change_text(l->ch_max, hi, sizeof(hi));
	if (!strcmp(lo, hi))
		snprintf(buf, len, "%s", lo);
	else
		snprintf(buf, len, "%s .. %s", lo, hi);
}

/* "10/10 worse", "6/10 worse, 4 better": the line's verdict first. */
static void cases_text(const struct phase_line *l, char *buf, size_t len)
{
	enum cell_verdict other = l->verdict == VERDICT_WORSE ? VERDICT_BETTER : VERDICT_WORSE;

	snprintf(buf, len, "%zu/%zu %s", l->count[l->verdict], l->n, verdict_name(l->verdict));
	if (l->count[other])
		buf_cat(buf, len, ", %zu %s", l->count[other], verdict_name(other));
}

/* What the phase lines' changes are in, by the clock. */
static const char *work_unit(const struct comparison *cmp)
{
	if (!cmp->exact)
		return "time";
	return cmp->lens ? "work: estimated cycles, rest: virtual ns" :
			   "work: instructions, rest: virtual ns";
}

static void phase_lines_text(FILE *out, const struct comparison *cmp, size_t k,
			     const struct phase_line *lines, size_t n)
{
	char range[48], cases[48];

	fprintf(out, "\n%c against A, by phase over %zu case%s (%s)\n", LETTER(k), cmp->nc,
		cmp->nc == 1 ? "" : "s", work_unit(cmp));
	if (!n) {
		fprintf(out, "  no row flagged\n");
		return;
	}
	fprintf(out, "  %-6s %-27s %-19s %s\n", "op", "phase", "change", "cases flagged");
	for (size_t i = 0; i < n; i++) {
		range_text(&lines[i], range, sizeof(range));
		cases_text(&lines[i], cases, sizeof(cases));
		fprintf(out, "  %-6s %-27.27s %-19s %s\n", op_name(&cmp->rows[lines[i].first]),
			lines[i].name, range, cases);
	}
}

/* A case's row that does not follow its phase's line: flagged the other
 * way, or not flagged where the line is (its verdict says why). */
static bool differs(const struct cmp_row *row, size_t k, const struct phase_line *l)
{
	return l && cmp_cell_verdict(row, k) != l->verdict;
}

/* "Differ: 2M @+0 generic: map init_memory_mapping +1.49% worse; ...": per
 * case, the rows that differ from their phase's line. */
static void differ_lines(const struct sink *s, const struct comparison *cmp, size_t k,
			 const struct phase_line *lines, size_t n)
{
	char line[2048], label[96], ch[16];
	bool any = false;

	for (size_t r = 0; r < cmp->nr; r++) {
		const struct cmp_row *row = &cmp->rows[r];
		bool first = !r || row->ci != cmp->rows[r - 1].ci;

		if (first)
			line[0] = '\0';
		if (differs(row, k, phase_line_of(lines, n, row))) {
			if (!line[0]) {
				row_label(cmp, row, label, sizeof(label));
				snprintf(line, sizeof(line), "  %s:", label);
			}
			change_text(row->cell[k].change, ch, sizeof(ch));
			buf_cat(line, sizeof(line), " %s %s %s %s;", op_name(row), row->name, ch,
				verdict_name(cmp_cell_verdict(row, k)));
		}
		if (line[0] && (r + 1 == cmp->nr || cmp->rows[r + 1].ci != row->ci)) {
			if (!any)
				emit(s, "Cases that differ from their phase's line:");
			any = true;
			line[strlen(line) - 1] = '\0';
			emit(s, "%s", line);
		}
	}
}

/* ---- markdown ---- */

static void phase_lines_md(FILE *out, const struct comparison *cmp, size_t k,
			   const struct phase_line *lines, size_t n)
{
	char range[48], cases[48];

	fprintf(out, "\n## %c against A, by phase over %zu case%s (%s)\n\n", LETTER(k), cmp->nc,
		cmp->nc == 1 ? "" : "s", work_unit(cmp));
	if (!n) {
		fprintf(out, "No row flagged.\n");
		return;
	}
	fprintf(out, "| op | phase | change | cases flagged |\n|---|---|--:|---|\n");
	for (size_t i = 0; i < n; i++) {
		range_text(&lines[i], range, sizeof(range));
		cases_text(&lines[i], cases, sizeof(cases));
		fprintf(out, "| %s | %s | %s | %s |\n", op_name(&cmp->rows[lines[i].first]),
			lines[i].name, range, cases);
	}
}

/* Per compared kernel, its phase lines (text or markdown, as @s) and the
 * cases that differ from them: the body of both short layouts. */
static void phase_sections(const struct sink *s, const struct comparison *cmp)
{
	for (size_t k = 1; k < cmp->np; k++) {
		struct phase_line *lines;
		size_t n = cmp_phase_lines(cmp, k, &lines);

		if (n == (size_t)-1)
			return;
		if (s->f == FORMAT_MARKDOWN) {
			phase_lines_md(s->out, cmp, k, lines, n);
			fputc('\n', s->out);
		} else {
			phase_lines_text(s->out, cmp, k, lines, n);
		}
		differ_lines(s, cmp, k, lines, n);
		free(lines);
	}
}

void short_print_text(FILE *out, const struct comparison *cmp)
{
	const struct sink s = { out, FORMAT_TEXT };

	for (size_t k = 1; k < cmp->np; k++)
		verdict_line(&s, cmp, k);
	fprintf(out, "mhpbench compare, suite %s: %zu rows; --full prints every row\n",
		cmp->np ? cmp->pools[0].suite : "?", cmp->nr);
	header(&s, cmp);
	phase_sections(&s, cmp);
}

void short_print_markdown(FILE *out, const struct comparison *cmp)
{
	const struct sink s = { out, FORMAT_MARKDOWN };

	for (size_t k = 1; k < cmp->np; k++)
		verdict_line(&s, cmp, k);
	fprintf(out, "mhpbench compare, suite %s: %zu rows; `--full` prints every row with its "
		"interval, p and MDE\n\n", cmp->np ? cmp->pools[0].suite : "?", cmp->nr);
	header(&s, cmp);
	phase_sections(&s, cmp);
}
