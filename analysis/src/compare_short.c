/* The short layout of a comparison, text and markdown: what a reviewer
 * pastes into a mail. A header of a few lines (the kernels, the machine,
 * the clock, the method, the counts), then every flagged row, then per
 * case and op the headline rows: total, wait, work and the largest work
 * phases. One line per metric, the kernels as columns (MMTests'
 * compare-kernels layout): the value, the change against A in
 * parentheses, a mark. The text never runs past REPORT_WIDTH columns. */
#include "compare_fmt.h"
#include "compare_source.h"
#include "units.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Column widths of the text table. A value: "10.8 ms", "92.2k". A change
 * with its delimiters: "(-20.45%)". */
#define VAL_W 7
#define CHG_W 9
#define INDENT 2		/* a metric under its case heading */
#define MIN_NAME_W 20
/* the mark at the end of a line: the verdict is spelt out when one
 * kernel is compared with A; with more, each cell's '*' and sign say it */
#define MARK_ONE " *SIG* better"
#define MARK_MANY " *SIG*"

/* How a non-baseline cell is decided, for its mark. */
enum cell_status { CELL_DECIDED, CELL_FLAGGED, CELL_UNTESTED };

static enum cell_status cell_status(const struct cmp_cell *c)
{
	if (c->sig)
		return CELL_FLAGGED;
	if (c->tested || cmp_decided_alone(c->design))
		return CELL_DECIDED;
	return CELL_UNTESTED;
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

/* A cell's value in at most VAL_W characters: in the unit of the row's
 * baseline when that fits, so a row reads in one unit, else in its own. */
static void short_value(const struct comparison *cmp, const struct cmp_row *row,
			const struct cmp_cell *c, double scale, char *buf, size_t len)
{
	if (!c->n) {
		snprintf(buf, len, "-");
		return;
	}
	value_in(cmp, row, c->median, scale, buf, len);
	if (strlen(buf) > VAL_W)
		value_in(cmp, row, c->median, c->median, buf, len);
}

/* The scale a row's cells share: the baseline's median, or the first
 * median there is. */
static double row_scale(const struct comparison *cmp, const struct cmp_row *row)
{
	for (size_t k = 0; k < cmp->np; k++)
		if (row->cell[k].n)
			return row->cell[k].median;
	return NAN;
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
		emit(s, "Clock: icount (shift %d) with the cache lens: work in estimated cycles",
		     cmp->shift >= 0 ? cmp->shift : 0);
		emit(s, "  (L1 hits + 5 x LL hits + 35 x memory, modelled), waits and totals in");
		emit(s, "  virtual time");
	} else if (cmp->exact) {
		emit(s, "Clock: icount (shift %d): work in instructions, waits and totals in "
		     "virtual time", cmp->shift >= 0 ? cmp->shift : 0);
	}
	if (cmp->exact) {
		emit(s, "Method: exact rule (sides within %.1f%%, no p), else Welch t + Holm, "
		     "alpha %g", 100 * CMP_DET_SPREAD, cmp->prm.alpha);
		if (cmp->min_boots < 2)
			emit(s, "one boot a side: boot-to-boot determinism not checked; 2 boots a "
			     "side check it");
		return;
	}
	emit(s, "Clock: wall: every row is time");
	emit(s, "Method: Welch t on log boot (or run) medians, Holm over the rows, alpha %g",
	     cmp->prm.alpha);
}

/* The counts of the "B vs A" line are by design, and one more slot: a t
 * test that met zero variance, which decided nothing (not tested). */
#define ZERO_VARIANCE DESIGN_COUNT

static unsigned reason(const struct cmp_cell *c)
{
	return c->zero_var ? ZERO_VARIANCE : c->design;
}

/* "B vs A: 3 of 40 rows *SIG*; exact 30, boots 10; not tested: 4 under 3
 * boots a side": the rows decided (the Holm family and the exact rows),
 * how, and the rows that could not be, counted from the rows' cells. */
static void family_short(const struct sink *s, const struct comparison *cmp, size_t k)
{
	static const enum cmp_design decided[] = {
		DESIGN_EXACT, DESIGN_FAR, DESIGN_BOOTS, DESIGN_RUNS,
	};
	static const unsigned untested[] = {
		DESIGN_FEW_RUNS, DESIGN_FEW_BOOTS, DESIGN_SHARED_BOOTS, ZERO_VARIANCE,
	};
	size_t nd[ZERO_VARIANCE + 1] = { 0 };
	const char *sep = "; ";
	char buf[512] = "";

	for (size_t r = 0; r < cmp->nr; r++)
		nd[reason(&cmp->rows[r].cell[k])]++;
	buf_cat(buf, sizeof(buf), s->f == FORMAT_TEXT ? "%c vs A: %zu of %zu rows *SIG*" :
		"**%c vs A: %zu of %zu rows significant**", LETTER(k), cmp->n_sig[k],
		cmp_decided_rows(cmp, k));
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

/* ---- text tables ---- */

/* The columns of one table: the name, A, and the kernels [k0, k1), with
 * @gap blanks before each value (two where the width allows, else one). */
struct table {
	size_t name_w, gap;
	size_t k0, k1;
};

/* Columns a table of @nb kernels beside A takes. */
static size_t table_width(size_t name_w, size_t nb, size_t gap)
{
	return name_w + gap + VAL_W + nb * (gap + VAL_W + 1 + CHG_W + 1) +
	       strlen(nb == 1 ? MARK_ONE : MARK_MANY);
}

/* The name column fits the longest name shown (a longer one than the
 * width leaves for it is cut). */
static size_t name_width(const struct comparison *cmp, const unsigned char *show)
{
	size_t w = MIN_NAME_W, most = REPORT_WIDTH - table_width(0, 1, 1);

	for (size_t r = 0; r < cmp->nr; r++)
		if (show[r] && strlen(cmp->rows[r].name) + INDENT > w)
			w = strlen(cmp->rows[r].name) + INDENT;
	return w < most ? w : most;
}

/* As many kernels beside A as fit in REPORT_WIDTH go into one table; the
 * rest into the next. */
static void table_layout(struct table *t, size_t others)
{
	size_t nb = 1;

	while (nb < others && table_width(t->name_w, nb + 1, 1) <= REPORT_WIDTH)
		nb++;
	t->gap = table_width(t->name_w, nb, 2) <= REPORT_WIDTH ? 2 : 1;
	t->k1 = t->k0 + nb;
}

/* Print @line without its trailing blanks. */
static void put_line(FILE *out, char *line)
{
	size_t n = strlen(line);

	while (n && line[n - 1] == ' ')
		line[--n] = 0;
	fprintf(out, "%s\n", line);
}

/* The section's title, then the letters over the value columns. */
static void table_head(FILE *out, const struct table *t, const char *title)
{
	char line[256] = "";

	fprintf(out, "\n%s\n", title);
	buf_cat(line, sizeof(line), "%-*s%*s%*c", (int)t->name_w, "", (int)t->gap, "", VAL_W,
		'A');
	for (size_t k = t->k0; k < t->k1; k++)
		buf_cat(line, sizeof(line), "%*s%*c", (int)t->gap, "", VAL_W, LETTER(k));
	put_line(out, line);
}

/* One non-baseline cell: value, change, and a mark: '?' not tested, '*'
 * flagged (where the line's *SIG* cannot say which kernel it is). */
static void cell_text(const struct comparison *cmp, const struct cmp_row *row, size_t k,
		      const struct table *t, char *line, size_t len)
{
	const struct cmp_cell *c = &row->cell[k];
	const char status_mark[] = {
		[CELL_DECIDED] = ' ', [CELL_UNTESTED] = '?',
		[CELL_FLAGGED] = t->k1 - t->k0 > 1 ? '*' : ' ',
	};
	bool both = c->n && row->cell[0].n;
	char val[32], ch[24], paren[32] = "";

	short_value(cmp, row, c, row_scale(cmp, row), val, sizeof(val));
	change_text(c->change, ch, sizeof(ch));
	if (both)
		snprintf(paren, sizeof(paren), "(%s)", ch);
	buf_cat(line, len, "%*s%*s %*s%c", (int)t->gap, "", VAL_W, val, CHG_W, paren,
		both ? status_mark[cell_status(c)] : ' ');
}

static void row_text(FILE *out, const struct comparison *cmp, const struct cmp_row *row,
		     const struct table *t)
{
	char line[512] = "", val[32];
	const struct cmp_cell *flagged = NULL;
	size_t nflagged = 0;

	buf_cat(line, sizeof(line), "%*s%-*.*s", INDENT, "", (int)(t->name_w - INDENT),
		(int)(t->name_w - INDENT), row->name);
	short_value(cmp, row, &row->cell[0], row_scale(cmp, row), val, sizeof(val));
	buf_cat(line, sizeof(line), "%*s%*s", (int)t->gap, "", VAL_W, val);
	for (size_t k = t->k0; k < t->k1; k++) {
		cell_text(cmp, row, k, t, line, sizeof(line));
		if (row->cell[k].sig) {
			flagged = &row->cell[k];
			nflagged++;
		}
	}
	/* greppable, as in the full layout: *SIG* is on every flagged line */
	if (nflagged && t->k1 - t->k0 == 1)
		buf_cat(line, sizeof(line), " *SIG* %s", metric_verdict(row->kind, flagged->change));
	else if (nflagged)
		buf_cat(line, sizeof(line), "%s", MARK_MANY);
	put_line(out, line);
}

/* The rows with @bit in @show, under their case and op headings. */
static void table_rows(FILE *out, const struct comparison *cmp, const unsigned char *show,
		       enum short_show bit, const struct table *t)
{
	const struct cmp_row *prev = NULL;

	for (size_t r = 0; r < cmp->nr; r++) {
		const struct cmp_row *row = &cmp->rows[r];
		char label[96];

		if (!(show[r] & bit))
			continue;
		if (!prev || !same_group(prev, row)) {
			row_label(cmp, row, label, sizeof(label));
			if (row->op == CMP_OP_PFN)
				fprintf(out, "%.*s\n", REPORT_WIDTH, label);
			else
				fprintf(out, "%.*s: %s\n", REPORT_WIDTH - 7, label, op_name(row));
		}
		row_text(out, cmp, row, t);
		prev = row;
	}
}

static size_t count_rows(const struct comparison *cmp, const unsigned char *show,
			 enum short_show bit)
{
	size_t n = 0;

	for (size_t r = 0; r < cmp->nr; r++)
		n += (show[r] & bit) != 0;
	return n;
}

/* A section, in as many tables as the kernels need; a section without
 * rows is one line. */
static void text_section(FILE *out, const struct comparison *cmp, const unsigned char *show,
			 enum short_show bit, const char *title)
{
	struct table t = { .name_w = name_width(cmp, show), .k0 = 1 };
	char head[160];

	if (!count_rows(cmp, show, bit)) {
		fprintf(out, "\n%s\n", title);
		return;
	}
	do {
		table_layout(&t, cmp->np - t.k0);
		if (t.k1 > cmp->np)
			t.k1 = cmp->np;
		snprintf(head, sizeof(head), "%s%s", title, t.k0 > 1 ? " (continued)" : "");
		table_head(out, &t, head);
		table_rows(out, cmp, show, bit, &t);
		t.k0 = t.k1;
	} while (t.k0 < cmp->np);
}

/* The titles of the two sections. */
static void titles(const struct comparison *cmp, const unsigned char *show, char *flagged,
		   char *per_case, size_t len)
{
	bool hotplug = cmp->nr && cmp->rows[0].ci != CMP_NO_CASE;	/* they sort first */
	size_t n = count_rows(cmp, show, SHOW_FLAGGED);

	if (n)
		snprintf(flagged, len, "Flagged: %zu row%s", n, n == 1 ? "" : "s");
	else
		snprintf(flagged, len, "Flagged: none");
	if (hotplug)
		snprintf(per_case, len, "Per case: total, wait, work and the %d largest outer work "
			 "phases", SHORT_TOP_PHASES);
	else
		snprintf(per_case, len, "Per case");
}

void short_print_text(FILE *out, const struct comparison *cmp)
{
	const struct sink s = { out, FORMAT_TEXT };
	unsigned char *show = short_rows(cmp);
	char flagged[128], per_case[128];

	if (!show)
		return;
	fprintf(out, "mhpbench compare, suite %s: %zu rows; --full prints them all\n",
		cmp->np ? cmp->pools[0].suite : "?", cmp->nr);
	header(&s, cmp);
	fprintf(out, "Cells: median (change against A)%s, ? not tested; lower is better\n",
		cmp->np > 2 ? ", * flagged" : "");
	titles(cmp, show, flagged, per_case, sizeof(flagged));
	text_section(out, cmp, show, SHOW_FLAGGED, flagged);
	text_section(out, cmp, show, SHOW_HEADLINE, per_case);
	free(show);
}

/* ---- markdown ---- */

/* One non-baseline cell: value (change), and its verdict in words. */
static void md_cell(const struct comparison *cmp, const struct cmp_row *row, size_t k,
		    double scale, FILE *out)
{
	const struct cmp_cell *c = &row->cell[k];
	char val[32], ch[24];

	short_value(cmp, row, c, scale, val, sizeof(val));
	change_text(c->change, ch, sizeof(ch));
	fprintf(out, " %s", val);
	if (!c->n || !row->cell[0].n) {
		fprintf(out, " |");
		return;
	}
	if (cell_status(c) == CELL_FLAGGED)
		fprintf(out, " (%s) **SIG** %s |", ch, metric_verdict(row->kind, c->change));
	else if (cell_status(c) == CELL_UNTESTED)
		fprintf(out, " (%s, not tested) |", ch);
	else
		fprintf(out, " (%s) |", ch);
}

static void md_section(FILE *out, const struct comparison *cmp, const unsigned char *show,
		       enum short_show bit, const char *title)
{
	const struct cmp_row *prev = NULL;

	fprintf(out, "\n## %s\n", title);
	if (!count_rows(cmp, show, bit))
		return;
	fprintf(out, "\n| case | op | metric |");
	for (size_t k = 0; k < cmp->np; k++)
		fprintf(out, " %c |", LETTER(k));
	fprintf(out, "\n|---|---|---|");
	for (size_t k = 0; k < cmp->np; k++)
		fprintf(out, "--:|");
	fputc('\n', out);
	for (size_t r = 0; r < cmp->nr; r++) {
		const struct cmp_row *row = &cmp->rows[r];
		double scale = row_scale(cmp, row);
		char label[96] = "", val[32];

		if (!(show[r] & bit))
			continue;
		if (!prev || !same_group(prev, row))
			row_label(cmp, row, label, sizeof(label));
		short_value(cmp, row, &row->cell[0], scale, val, sizeof(val));
		fprintf(out, "| %s | %s | %s | %s |", label, label[0] ? op_name(row) : "",
			row->name, val);
		for (size_t k = 1; k < cmp->np; k++)
			md_cell(cmp, row, k, scale, out);
		fputc('\n', out);
		prev = row;
	}
}

void short_print_markdown(FILE *out, const struct comparison *cmp)
{
	const struct sink s = { out, FORMAT_MARKDOWN };
	unsigned char *show = short_rows(cmp);
	char flagged[128], per_case[128];

	if (!show)
		return;
	fprintf(out, "# mhpbench compare, suite %s: %zu rows\n\n",
		cmp->np ? cmp->pools[0].suite : "?", cmp->nr);
	header(&s, cmp);
	fprintf(out, "- Cells: median (change against A); lower is better; `--full` prints "
		"every row with its interval, p and MDE\n");
	titles(cmp, show, flagged, per_case, sizeof(flagged));
	md_section(out, cmp, show, SHOW_FLAGGED, flagged);
	md_section(out, cmp, show, SHOW_HEADLINE, per_case);
	free(show);
}
