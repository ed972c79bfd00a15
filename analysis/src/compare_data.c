/* pfn-valid.dat, bandwidth.dat and the hotplug plots' files (see
 * compare_data.h). */
#include "compare_data.h"
#include "compare_fmt.h"
#include "compare_summary.h"
#include "metric.h"
#include "units.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LETTER(k) ((char)('A' + (k) % 26))

/* " median lo hi" of @s described like a compare cell ("nan nan nan" if
 * empty); the median in @median, the units (runs or boots) in @units. */
static int cell(FILE *f, const struct comparison *cmp, size_t k, const struct series *s,
		double *median, size_t *units)
{
	struct cmp_cell c;

	if (compare_describe(&cmp->pools[k], s, cmp->prm.level, &c))
		return -1;
	*median = c.median;
	*units = c.boots > 1 ? c.boots : c.runs;
	if (!c.n)
		fprintf(f, " nan nan nan");
	else
		fprintf(f, " %.6g %.6g %.6g", c.median, c.lo, c.hi);
	return 0;
}

/* Which median columns have a value at all: a series of nan only stops
 * gnuplot, and the labels hold spaces, so the scripts cannot count
 * columns with awk. "# plot columns: 2 6" (none: "# plot columns:"). */
static void plot_columns(FILE *f, const size_t *col, size_t n)
{
	fprintf(f, "# plot columns:");
	for (size_t i = 0; i < n; i++)
		fprintf(f, " %zu", col[i]);
	fputc('\n', f);
}

static const char *interval_note =
	"# one run: the median with its order-statistic interval; several: the geometric\n"
	"# mean of the medians of the runs (one boot) or boots, with its t interval\n";

int compare_data_pfn_valid(FILE *f, const struct comparison *cmp)
{
	int rows = 0;
	size_t any = 0, *col = calloc(cmp->np + 1, sizeof(*col)), ncol = 0;

	if (!col)
		return -1;
	for (size_t k = 0; k < cmp->np; k++) {
		size_t n = 0;

		for (int p = 0; p < PFN_NCASES; p++)
			n += cmp->pools[k].pfn[p].n;
		if (n)
			col[ncol++] = 2 + 4 * k;
		any += n;
	}
	if (cmp->exact)
		fprintf(f, "# clock icount (shift %d): the ns are guest instructions x 2^shift\n",
			cmp->shift >= 0 ? cmp->shift : 0);
	fprintf(f, "# pfn_valid() ns per call (loop with the call - empty loop), measured samples;\n"
		"# per run: median_ns ci_lo_ns ci_hi_ns (%.0f%%) units (runs or boots); nan: none\n%s",
		100 * cmp->prm.level, interval_note);
	plot_columns(f, col, ncol);
	free(col);
	if (!any) {
		fprintf(f, "case \"none\" lo hi units\nnone nan nan nan 0\n");
		return 0;
	}
	fprintf(f, "case");
	for (size_t k = 0; k < cmp->np; k++)
		fprintf(f, " \"%c %s\" lo hi units", LETTER(k), cmp->pools[k].release);
	fputc('\n', f);
	for (int p = 0; p < PFN_NCASES; p++) {
		size_t have = 0;

		for (size_t k = 0; k < cmp->np; k++)
			have += cmp->pools[k].pfn[p].n;
		if (!have)
			continue;
		fprintf(f, "%s", pfn_case_names[p]);
		for (size_t k = 0; k < cmp->np; k++) {
			double med;
			size_t units;

			if (cell(f, cmp, k, &cmp->pools[k].pfn[p], &med, &units))
				return -1;
			fprintf(f, " %zu", units);
		}
		fputc('\n', f);
		rows++;
	}
	return rows;
}

/* The plot columns of the bandwidth file: each pool's memmap_init and
 * memset medians, where it has any. */
static int bandwidth_columns(FILE *f, const struct comparison *cmp)
{
	size_t *col = calloc(2 * cmp->np + 1, sizeof(*col)), ncol = 0;

	if (!col)
		return -1;
	for (size_t k = 0; k < cmp->np; k++) {
		size_t init = 0, set = 0;

		for (size_t c = 0; c < cmp->pools[k].nc; c++) {
			init += cmp->pools[k].cases[c].memmap_bps.n;
			set += cmp->pools[k].cases[c].memset_bps.n;
		}
		if (init)
			col[ncol++] = 2 + 7 * k;
		if (set)
			col[ncol++] = 5 + 7 * k;
	}
	plot_columns(f, col, ncol);
	free(col);
	return 0;
}

/* One case's line; 0 when no pool has a value of it, 1 written, -1 error. */
static int bandwidth_row(FILE *f, const struct comparison *cmp, size_t ci)
{
	char label[64];
	size_t have = 0;

	for (size_t k = 0; k < cmp->np; k++) {
		const struct pool_case *pc = pool_case_find(&cmp->pools[k], &cmp->cases[ci]);

		have += pc ? pc->memmap_bps.n + pc->memset_bps.n : 0;
	}
	if (!have)
		return 0;
	case_label(&cmp->cases[ci], label, sizeof(label));
	fprintf(f, "\"%s\"", label);
	for (size_t k = 0; k < cmp->np; k++) {
		const struct pool_case *pc = pool_case_find(&cmp->pools[k], &cmp->cases[ci]);
		double init, set;
		size_t units;

		if (cell(f, cmp, k, pc ? &pc->memmap_bps : NULL, &init, &units) ||
		    cell(f, cmp, k, pc ? &pc->memset_bps : NULL, &set, &units))
			return -1;
		fprintf(f, " %.4g", isnan(init) || isnan(set) || set <= 0 ? NAN : init / set);
	}
	fputc('\n', f);
	return 1;
}

int compare_data_bandwidth(FILE *f, const struct comparison *cmp)
{
	int rows = 0, rc;

	if (cmp->exact) {
		/* a time under icount is an instruction count: bytes per
		 * instruction are no bandwidth, and memset's rep stosb is one
		 * instruction however many bytes it writes */
		fprintf(f, "# clock icount: no memmap_init or memset bandwidth, an icount time is an "
			"instruction count\n# plot columns:\ncase\nnone\n");
		return 0;
	}
	fprintf(f, "# memmap_init bandwidth (struct pages initialised x sizeof(struct page) / memmap_init\n"
		"# time, maps with memmap_init timed) and the kernel's memset() bandwidth of the case\n"
		"# (memset[]), bytes/s; per run: memmap_init median ci_lo ci_hi, memset median ci_lo\n"
		"# ci_hi (%.0f%%), memmap_init/memset (medians); nan: none\n%s",
		100 * cmp->prm.level, interval_note);
	if (bandwidth_columns(f, cmp))
		return -1;
	fprintf(f, "case");
	for (size_t k = 0; k < cmp->np; k++)
		fprintf(f, " \"%c %s memmap_init\" lo hi \"%c %s memset\" lo hi fraction",
			LETTER(k), cmp->pools[k].release, LETTER(k), cmp->pools[k].release);
	fputc('\n', f);
	for (size_t ci = 0; ci < cmp->nc; ci++) {
		if ((rc = bandwidth_row(f, cmp, ci)) < 0)
			return -1;
		rows += rc;
	}
	if (!rows) {
		fprintf(f, "none");
		for (size_t k = 0; k < cmp->np; k++)
			fprintf(f, " nan nan nan nan nan nan nan");
		fputc('\n', f);
	}
	return rows;
}

/* ---- the hotplug plots: change, work phases, work against size ---- */

/* The groups of the change plot's phases, top to bottom. */
enum phase_group { GROUP_WORK, GROUP_WAIT, GROUP_TOTAL };

static const char *const group_names[] = { "work", "wait", "total" };

static enum phase_group row_group(const struct cmp_row *row)
{
	if (row->kind == METRIC_TOTAL)
		return GROUP_TOTAL;
	if (row->kind == METRIC_WAIT || (row->kind == METRIC_PHASE && row->holds_wait))
		return GROUP_WAIT;
	return GROUP_WORK;
}

static bool same_phase(const struct cmp_row *a, const struct cmp_row *b)
{
	return a->kind == b->kind && !strcmp(a->name, b->name);
}

/* A hotplug row of @op (not a pfn_valid() one). */
static bool op_row(const struct cmp_row *row, int op)
{
	return row->op == op && row->ci != CMP_NO_CASE;
}

static const struct cmp_row *case_row(const struct comparison *cmp, size_t ci,
				      const struct cmp_row *like)
{
	for (size_t r = 0; r < cmp->nr; r++)
		if (cmp->rows[r].ci == ci && cmp->rows[r].op == like->op &&
		    same_phase(&cmp->rows[r], like))
			return &cmp->rows[r];
	return NULL;
}

/* The phases of @op's rows, once each, into @ph (room for cmp->nr): per
 * group, its sum row (work, wait, total) then its phases in the order
 * they first come. Returns their count. */
/* Add @row to the phases ph[0, n) unless a row of its phase is there;
 * the new count. */
static size_t add_phase(const struct cmp_row **ph, size_t n, const struct cmp_row *row)
{
	for (size_t i = 0; i < n; i++)
		if (same_phase(ph[i], row))
			return n;
	ph[n] = row;
	return n + 1;
}

static size_t phase_axis(const struct comparison *cmp, int op, const struct cmp_row **ph)
{
	size_t n = 0;

	for (int g = GROUP_WORK; g <= GROUP_TOTAL; g++)
		for (int phase = 0; phase < 2; phase++)
			for (size_t r = 0; r < cmp->nr; r++) {
				const struct cmp_row *row = &cmp->rows[r];

				if (op_row(row, op) && (int)row_group(row) == g &&
				    (row->kind == METRIC_PHASE) == phase)
					n = add_phase(ph, n, row);
			}
	return n;
}

/* A case without its size: "@+2M", "@+0 fs_dax shift 9 memmap pmem" (the
 * generic type is left unsaid). */
static void variant_label(const struct bench_case *c, char *buf, size_t len)
{
	char off[16];

	format_size(c->offset, off, sizeof(off));
	snprintf(buf, len, "@+%s", off);
	if (strcmp(pgmap_type_name(c->type), "generic"))
		buf_cat(buf, len, " %s", pgmap_type_name(c->type));
	if (c->vmemmap_shift)
		buf_cat(buf, len, " shift %u", c->vmemmap_shift);
	if (c->memmap == MEMMAP_PMEM)
		buf_cat(buf, len, " memmap pmem");
}

static bool same_variant(const struct bench_case *a, const struct bench_case *b)
{
	return a->offset == b->offset && a->type == b->type &&
	       a->vmemmap_shift == b->vmemmap_shift && a->memmap == b->memmap;
}

/* The cases' sizes and variants, each numbered in the order it first
 * comes: size[ci], variant[ci]; first_size[i] and first_variant[i] the
 * case that brought number i. */
struct case_axes {
	size_t *size, *variant, *first_size, *first_variant;
	size_t nsize, nvariant;
};

static void axes_free(struct case_axes *a)
{
	free(a->size);
	free(a->variant);
	free(a->first_size);
	free(a->first_variant);
}

static int axes_build(const struct comparison *cmp, struct case_axes *a)
{
	size_t n = cmp->nc ? cmp->nc : 1;

	memset(a, 0, sizeof(*a));
	a->size = calloc(n, sizeof(size_t));
	a->variant = calloc(n, sizeof(size_t));
	a->first_size = calloc(n, sizeof(size_t));
	a->first_variant = calloc(n, sizeof(size_t));
	if (!a->size || !a->variant || !a->first_size || !a->first_variant) {
		axes_free(a);
		return -1;
	}
	for (size_t ci = 0; ci < cmp->nc; ci++) {
		const struct bench_case *c = &cmp->cases[ci];
		size_t s = 0, v = 0;

		while (s < a->nsize && cmp->cases[a->first_size[s]].size != c->size)
			s++;
		if (s == a->nsize)
			a->first_size[a->nsize++] = ci;
		while (v < a->nvariant && !same_variant(&cmp->cases[a->first_variant[v]], c))
			v++;
		if (v == a->nvariant)
			a->first_variant[a->nvariant++] = ci;
		a->size[ci] = s;
		a->variant[ci] = v;
	}
	return 0;
}

/* "# size I: 2M" and "# variant I: @+0" lines, after their counts. */
static void axes_header(FILE *f, const struct comparison *cmp, const struct case_axes *a)
{
	char buf[64];

	fprintf(f, "# sizes: %zu\n", a->nsize);
	for (size_t i = 0; i < a->nsize; i++) {
		format_size(cmp->cases[a->first_size[i]].size, buf, sizeof(buf));
		fprintf(f, "# size %zu: %s\n", i, buf);
	}
	fprintf(f, "# variants: %zu\n", a->nvariant);
	for (size_t i = 0; i < a->nvariant; i++) {
		variant_label(&cmp->cases[a->first_variant[i]], buf, sizeof(buf));
		fprintf(f, "# variant %zu: %s\n", i, buf);
	}
}

static const char *op_word(int op)
{
	return op ? "unmap" : "map";
}

/* The op, the kernels and the environment, for the legends and titles. */
static void kernels_header(FILE *f, const struct comparison *cmp, int op)
{
	fprintf(f, "# op: %s\n", op_word(op));
	for (size_t k = 0; k < cmp->np; k++)
		fprintf(f, "# kernel %c: %s\n", LETTER(k), cmp->pools[k].release);
	fprintf(f, "# env: %s, suite %s\n", cmp->np ? cmp->pools[0].env : "?",
		cmp->np ? cmp->pools[0].suite : "?");
}

/* The unit of a work figure, and the figure in it: us, or under icount
 * thousands of instructions (the cache lens: of estimated cycles). */
static enum figure_unit work_unit(const struct comparison *cmp)
{
	if (!cmp->exact)
		return FIGURE_NS;
	return cmp->lens ? FIGURE_EST_CYCLES : FIGURE_INSTRUCTIONS;
}

static const char *work_unit_text(const struct comparison *cmp)
{
	static const char *const text[] = {
		[FIGURE_NS] = "us",
		[FIGURE_INSTRUCTIONS] = "thousands of instructions, icount",
		[FIGURE_EST_CYCLES] = "thousands of estimated cycles, cache lens",
	};

	return text[work_unit(cmp)];
}

static double work_k(const struct comparison *cmp, double ns)
{
	return figure_count(ns, work_unit(cmp), cmp->shift) / 1e3;
}

static double pct_or_nan(double v)
{
	return isfinite(v) ? 100 * v : NAN;
}

int compare_data_change(FILE *f, const struct comparison *cmp, int op)
{
	const struct cmp_row **ph = calloc(cmp->nr + 1, sizeof(*ph));
	struct case_axes ax;
	size_t nph, nwork = 0;
	int rows = 0;

	if (!ph || axes_build(cmp, &ax)) {
		free(ph);
		return -1;
	}
	nph = phase_axis(cmp, op, ph);
	fprintf(f, "# Which phases did the kernels change against A, %s: per phase and case,\n"
		"# change = median / A's median - 1 (%%), its %.0f%% interval (nan: none), and\n"
		"# the verdict: 0 not tested, 1 unchanged, 2 worse, 3 better (2, 3: flagged)\n",
		op_word(op), 100 * cmp->prm.level);
	kernels_header(f, cmp, op);
	fprintf(f, "# compared:");
	for (size_t k = 1; k < cmp->np; k++)
		fprintf(f, " %c", LETTER(k));
	fputc('\n', f);
	/* the groups' units, for the labels of the plot */
	if (cmp->exact)
		fprintf(f, "# work unit: %s\n# wait unit: virtual time\n",
			cmp->lens ? "estimated cycles, cache lens" : "instructions, icount");
	else
		fprintf(f, "# work unit: time\n# wait unit: time\n");
	for (size_t i = 0; i < nph; i++)
		nwork += row_group(ph[i]) == GROUP_WORK;
	fprintf(f, "# phases: %zu\n# work phases: %zu\n", nph, nwork);
	for (size_t i = 0; i < nph; i++)
		fprintf(f, "# phase %zu %s: %s\n", i, group_names[row_group(ph[i])], ph[i]->name);
	axes_header(f, cmp, &ax);
	fprintf(f, "phase case size variant name label");
	for (size_t k = 1; k < cmp->np; k++)
		fprintf(f, " \"%c %s\" lo hi verdict", LETTER(k), cmp->pools[k].release);
	fputc('\n', f);
	for (size_t i = 0; i < nph; i++)
		for (size_t ci = 0; ci < cmp->nc; ci++) {
			const struct cmp_row *row = case_row(cmp, ci, ph[i]);
			char label[64];

			if (!row)
				continue;
			case_label(&cmp->cases[ci], label, sizeof(label));
			fprintf(f, "%zu %zu %zu %zu \"%s\" \"%s\"", i, ci, ax.size[ci], ax.variant[ci],
				row->name, label);
			for (size_t k = 1; k < cmp->np; k++) {
				const struct cmp_cell *c = &row->cell[k];
				bool both = c->n && row->cell[0].n;

				fprintf(f, " %.4g %.4g %.4g %d", both ? pct_or_nan(c->change) : NAN,
					both ? pct_or_nan(c->ch_lo) : NAN,
					both ? pct_or_nan(c->ch_hi) : NAN, (int)cmp_cell_verdict(row, k));
			}
			fputc('\n', f);
			rows++;
		}
	if (!rows) {
		fprintf(f, "none nan nan nan \"none\" \"none\"");
		for (size_t k = 1; k < cmp->np; k++)
			fprintf(f, " nan nan nan 0");
		fputc('\n', f);
	}
	axes_free(&ax);
	free(ph);
	return rows;
}

/* The outermost work phases of @op (the stack of the phases plot: holding
 * no wait, and not inside a phase that holds none), once each, into @ph
 * (room for cmp->nr); their count. */
static size_t work_columns(const struct comparison *cmp, int op, const struct cmp_row **ph)
{
	size_t n = 0;

	for (size_t r = 0; r < cmp->nr; r++) {
		const struct cmp_row *row = &cmp->rows[r];

		if (op_row(row, op) && row->kind == METRIC_PHASE && row->outer_work)
			n = add_phase(ph, n, row);
	}
	return n;
}

/* The "work" row of case @ci and @op, or NULL. */
static const struct cmp_row *work_row(const struct comparison *cmp, size_t ci, int op)
{
	for (size_t r = 0; r < cmp->nr; r++)
		if (cmp->rows[r].ci == ci && cmp->rows[r].op == op &&
		    cmp->rows[r].kind == METRIC_WORK)
			return &cmp->rows[r];
	return NULL;
}

/* Pool @k's work cell of case @ci and @op, or NULL when it has none. */
static const struct cmp_cell *work_cell(const struct comparison *cmp, size_t ci, int op, size_t k)
{
	const struct cmp_row *w = work_row(cmp, ci, op);

	return w && w->cell[k].n ? &w->cell[k] : NULL;
}

/* The work cells of @op of the cases of size @s (all sizes: SIZE_MAX). */
static size_t size_cells(const struct comparison *cmp, int op, const struct case_axes *ax,
			 size_t s)
{
	size_t n = 0;

	for (size_t ci = 0; ci < cmp->nc; ci++)
		for (size_t k = 0; k < cmp->np; k++)
			n += (s == SIZE_MAX || ax->size[ci] == s) && work_cell(cmp, ci, op, k);
	return n;
}

/* One block of work-phases: the cases of size @s, each variant's kernels
 * side by side. */
static void work_phases_block(FILE *f, const struct comparison *cmp, int op,
			      const struct case_axes *ax, size_t s, const struct cmp_row **ph,
			      size_t nph)
{
	fprintf(f, "bar");
	for (size_t i = 0; i < nph; i++)
		fprintf(f, " %s", ph[i]->name);
	fprintf(f, " other\n");
	for (size_t ci = 0; ci < cmp->nc; ci++) {
		char var[64];

		if (ax->size[ci] != s)
			continue;
		variant_label(&cmp->cases[ci], var, sizeof(var));
		for (size_t k = 0; k < cmp->np; k++) {
			const struct cmp_cell *w = work_cell(cmp, ci, op, k);
			double rest;

			if (!w)
				continue;
			rest = w->median;
			fprintf(f, "\"%c %s\"", LETTER(k), var);
			for (size_t i = 0; i < nph; i++) {
				const struct cmp_row *row = case_row(cmp, ci, ph[i]);
				double v = row && row->cell[k].n ? row->cell[k].median : 0;

				rest -= v;
				fprintf(f, " %.6g", work_k(cmp, v));
			}
			fprintf(f, " %.6g\n", work_k(cmp, rest > 0 ? rest : 0));
		}
	}
}

int compare_data_work_phases(FILE *f, const struct comparison *cmp, int op)
{
	const struct cmp_row **ph = calloc(cmp->nr + 1, sizeof(*ph));
	struct case_axes ax;
	size_t nph, blocks = 0;
	char buf[32];

	if (!ph || axes_build(cmp, &ax)) {
		free(ph);
		return -1;
	}
	nph = work_columns(cmp, op, ph);
	fprintf(f, "# Where the work of each %s goes: per case and kernel, the median of each\n"
		"# outermost work phase (one holding no wait) and of the work no such phase\n"
		"# covers (other: work - their sum); the waits are left out. One block per\n"
		"# size (gnuplot index), its first line the column titles\n", op_word(op));
	kernels_header(f, cmp, op);
	fprintf(f, "# ylabel: median %s work (%s)\n# columns: %zu\n", op_word(op),
		work_unit_text(cmp), nph + 1);
	for (size_t s = 0; s < ax.nsize; s++)
		blocks += size_cells(cmp, op, &ax, s) > 0;
	fprintf(f, "# blocks: %zu\n", blocks);
	blocks = 0;
	for (size_t s = 0; s < ax.nsize; s++)
		if (size_cells(cmp, op, &ax, s)) {
			format_size(cmp->cases[ax.first_size[s]].size, buf, sizeof(buf));
			fprintf(f, "# block %zu: %s\n", blocks++, buf);
		}
	blocks = 0;
	for (size_t s = 0; s < ax.nsize; s++)
		if (size_cells(cmp, op, &ax, s)) {
			fprintf(f, "%s", blocks++ ? "\n\n" : "");
			work_phases_block(f, cmp, op, &ax, s, ph, nph);
		}
	if (!blocks)
		fprintf(f, "bar other\nnone nan\n");
	blocks = size_cells(cmp, op, &ax, SIZE_MAX);
	axes_free(&ax);
	free(ph);
	return (int)blocks;
}

int compare_data_work_size(FILE *f, const struct comparison *cmp, int op)
{
	struct case_axes ax;
	char buf[64];
	size_t blocks = 0;
	int rows = 0;

	if (axes_build(cmp, &ax))
		return -1;
	fprintf(f, "# How %s work grows with size: per kernel and variant (offset, type,\n"
		"# shift, memmap) a block (gnuplot index), its first line the quoted title,\n"
		"# then size_MiB median ci_lo ci_hi (%.0f%%); the waits are left out\n",
		op_word(op), 100 * cmp->prm.level);
	kernels_header(f, cmp, op);
	fprintf(f, "# ylabel: median %s work (%s)\n", op_word(op), work_unit_text(cmp));
	fprintf(f, "# sizes MiB:");
	for (size_t s = 0; s < ax.nsize; s++)
		fprintf(f, " %.6g", (double)cmp->cases[ax.first_size[s]].size / 1048576);
	fprintf(f, "\n# size labels:");
	for (size_t s = 0; s < ax.nsize; s++) {
		format_size(cmp->cases[ax.first_size[s]].size, buf, sizeof(buf));
		fprintf(f, " %s", buf);
	}
	fputc('\n', f);
	/* the blocks' kernel and variant numbers: line colour and dash */
	for (int pass = 0; pass < 2; pass++) {
		fprintf(f, "# block %s:", pass ? "variants" : "kernels");
		for (size_t k = 0; k < cmp->np; k++)
			for (size_t v = 0; v < ax.nvariant; v++) {
				bool any = false;

				for (size_t ci = 0; ci < cmp->nc && !any; ci++)
					any = ax.variant[ci] == v && work_cell(cmp, ci, op, k);
				if (any)
					fprintf(f, " %zu", pass ? v : k);
			}
		fputc('\n', f);
	}
	for (size_t k = 0; k < cmp->np; k++)
		for (size_t v = 0; v < ax.nvariant; v++) {
			bool first = true;

			for (size_t ci = 0; ci < cmp->nc; ci++) {
				const struct cmp_cell *w = work_cell(cmp, ci, op, k);

				if (ax.variant[ci] != v || !w)
					continue;
				if (first) {
					variant_label(&cmp->cases[ci], buf, sizeof(buf));
					fprintf(f, "%s\"%c %s %s\"\n", blocks++ ? "\n\n" : "",
						LETTER(k), cmp->pools[k].release, buf);
					first = false;
				}
				fprintf(f, "%.6g %.6g %.6g %.6g\n",
					(double)cmp->cases[ci].size / 1048576, work_k(cmp, w->median),
					work_k(cmp, w->lo), work_k(cmp, w->hi));
				rows++;
			}
		}
	if (!blocks)
		fprintf(f, "\"none\"\nnone nan nan nan\n");
	axes_free(&ax);
	return rows;
}

typedef int (*data_writer)(FILE *, const struct comparison *, int);

int compare_data_write(const struct comparison *cmp, const char *dir)
{
	static const struct {
		const char *stem;
		data_writer write;
	} files[] = {
		{ "change", compare_data_change },
		{ "work-phases", compare_data_work_phases },
		{ "work-size", compare_data_work_size },
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		for (int op = 0; op < 2; op++) {
			char path[4096];
			FILE *f;

			snprintf(path, sizeof(path), "%s/%s-%s.dat", dir, files[i].stem, op_word(op));
			if (!(f = fopen(path, "w"))) {
				fprintf(stderr, "mhpbench: cannot write %s: %s\n", path, strerror(errno));
				return -1;
			}
			rc |= files[i].write(f, cmp, op) < 0;
			rc |= fclose(f);
		}
	return rc ? -1 : 0;
}

static FILE *open_in(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "mhpbench: cannot write %s: %s\n", path, strerror(errno));
	return f;
}

int compare_write_data(const struct comparison *cmp, const char *dir)
{
	FILE *f;
	int rc = 0;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "mhpbench: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (!(f = open_in(dir, "pfn-valid.dat")))
		return -1;
	rc |= compare_data_pfn_valid(f, cmp) < 0;
	rc |= fclose(f);
	if (!(f = open_in(dir, "bandwidth.dat")))
		return -1;
	rc |= compare_data_bandwidth(f, cmp) < 0;
	rc |= fclose(f);
	rc |= compare_data_write(cmp, dir);
	/* the plot titles: kernels and environment */
	if (!(f = open_in(dir, "runs.txt")))
		return -1;
	for (size_t k = 0; k < cmp->np; k++)
		fprintf(f, "%s%c=%s", k ? ", " : "", LETTER(k), cmp->pools[k].release);
	fprintf(f, " (%s, %s)\n", cmp->np ? cmp->pools[0].env : "?",
		cmp->np ? cmp->pools[0].suite : "?");
	return rc | fclose(f);
}
