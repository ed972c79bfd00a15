/* pfn-valid.dat and bandwidth.dat (see compare_data.h). */
#include "compare_data.h"

#include <math.h>
#include <stdlib.h>

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
