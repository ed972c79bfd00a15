/* compare_data.c and pool.c: pfn-valid.dat and bandwidth.dat, from a stored
 * pfn_valid run (tests/data/result-pfn-valid.json) and synthetic hotplug
 * runs with memmap_init timed and memset[] entries; and the hotplug plots'
 * files (change, work-phases, work-size) from fixture runs in exact mode
 * whose B side does 5% more add_pages work. */
#include "check.h"
#include "compare_data.h"
#include "compare_report.h"
#include "fixture.h"
#include "result.h"

#include <unistd.h>

static char tmpdir[] = "/tmp/mhpb-cdata-XXXXXX";

/* The fixture run with memmap_init timed at @bps bytes/s (warmups and the
 * first measured sample of case 0, marked unbalanced, at 1 MB/s: they must
 * not count), and, with @memset_bps, a memset[] entry per case at that
 * rate (64-bit stores at half of it). */
static void hotplug_run(struct result *r, double bps, double memset_bps)
{
	int bad = 0;

	fixture_result(r, -1, RUN_COMPLETE);
	r->module.page_struct_size = 64;
	for (size_t i = 0; i < r->n_samples; i++) {
		struct sample *s = &r->samples[i];
		uint64_t pages = s->c.size / 4096, bytes = pages * 64;
		int slow = s->warmup || (s->case_idx == 0 && !bad++);

		s->map.memmap_pages = pages;
		s->map.phase_ns[MHPB_PH_MAP_MEMMAP_INIT] = (uint64_t)((double)bytes * 1e9 /
								      (slow ? 1e6 : bps));
		s->map.phase_calls[MHPB_PH_MAP_MEMMAP_INIT] = 1;
		s->map.unbalanced = slow && !s->warmup;
	}
	if (!memset_bps)
		return;
	r->n_memsets = suite_case_count(&r->suite);
	r->memsets = calloc(r->n_memsets, sizeof(*r->memsets));
	for (size_t i = 0; r->memsets && i < r->n_memsets; i++) {
		struct memset_rec *m = &r->memsets[i];

		m->case_idx = (uint32_t)i;
		m->c = suite_case(&r->suite, (unsigned)i);
		m->size = m->c.size / 4096 * 64;
		m->memset_ns = (uint64_t)((double)m->size * 1e9 / memset_bps);
		m->stores_ns = 2 * m->memset_ns;
	}
}

static int add_run(struct pool *p, double bps, double memset_bps)
{
	struct result r;
	int rc;

	hotplug_run(&r, bps, memset_bps);
	rc = pool_add(p, &r);
	result_free(&r);
	return rc;
}

typedef int (*writer)(FILE *, const struct comparison *);

static char *render(writer w, const struct comparison *cmp, int *rows)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*rows = w(f, cmp);
	fclose(f);
	return buf;
}

static void remove_dir(const char *dir)
{
	static const char *const names[] = {
		"pfn-valid.dat", "bandwidth.dat", "runs.txt", "change-map.dat", "change-unmap.dat",
		"work-phases-map.dat", "work-phases-unmap.dat", "work-size-map.dat",
		"work-size-unmap.dat",
	};
	char path[512];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

typedef int (*op_writer)(FILE *, const struct comparison *, int);

static char *render_op(op_writer w, const struct comparison *cmp, int op, int *rows)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*rows = w(f, cmp, op);
	fclose(f);
	return buf;
}

/* A fixture run in exact mode (boot @boot), its map add_pages scaled by
 * @add_pages and every sample of a case the same (icount repeats). */
static int exact_run(struct pool *p, const char *env, double add_pages)
{
	struct result r;
	int rc;

	fixture_result(&r, -1, RUN_COMPLETE);
	json_object_put(r.environment);
	r.environment = json_tokener_parse(env);
	for (size_t i = 0; i < r.n_samples; i++) {
		struct sample *s = &r.samples[i];
		uint64_t *ns = &s->map.phase_ns[MHPB_PH_MAP_ADD_PAGES];
		uint64_t more = (uint64_t)((double)*ns * (add_pages - 1) + 0.5);

		*ns += more;
		s->map.total_ns += more - 1000ULL * s->rep;
		s->map.work_ns += more - 1000ULL * s->rep;
		s->unmap.total_ns -= 1000ULL * s->rep;
		s->unmap.work_ns -= 1000ULL * s->rep;
	}
	rc = pool_add(p, &r);
	result_free(&r);
	return rc;
}

/* change-*.dat, work-phases-*.dat and work-size-*.dat of two exact pools,
 * B's add_pages 5% more. */
static void hotplug_plots_section(void)
{
	static const char *const envs[2][2] = {
		{ ICOUNT_ENV("a1"), ICOUNT_ENV("a2") }, { ICOUNT_ENV("b1"), ICOUNT_ENV("b2") },
	};
	const struct cmp_params prm = CMP_DEFAULTS;
	struct pool pools[2];
	struct comparison cmp;
	char *out;
	int rows;

	SECTION("change-map.dat: per phase and case B's change in %, flagged rows' verdicts");
	memset(pools, 0, sizeof(pools));
	for (size_t k = 0; k < 2; k++) {
		for (size_t b = 0; b < 2; b++)
			CHECK(exact_run(&pools[k], envs[k][b], k ? 1.05 : 1) == 0);
		pool_finish(&pools[k]);
	}
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	out = render_op(compare_data_change, &cmp, 0, &rows);
	/* 4 cases x (work, arch_add, add_pages, wait, hotplug_begin, rcu_sync,
	 * total) */
	CHECK(rows == 4 * 7);
	CHECK_CONTAINS(out, "\n# op: map\n# kernel A: 6.1.0-test-amd64\n# kernel B: 6.1.0-test-amd64\n");
	CHECK_CONTAINS(out, "\n# compared: B\n# work unit: instructions, icount\n"
		       "# wait unit: virtual time\n# phases: 7\n# work phases: 3\n");
	/* y order: work first, wait and the phases holding one, total last */
	CHECK_CONTAINS(out, "\n# phase 0 work: work\n# phase 1 work: arch_add\n"
		       "# phase 2 work: add_pages\n# phase 3 wait: wait\n"
		       "# phase 4 wait: hotplug_begin\n# phase 5 wait: rcu_sync\n"
		       "# phase 6 total: total\n");
	CHECK_CONTAINS(out, "\n# sizes: 2\n# size 0: 2M\n# size 1: 4M\n# variants: 2\n"
		       "# variant 0: @+0\n# variant 1: @+2M\n");
	CHECK_CONTAINS(out, "\nphase case size variant name label \"B 6.1.0-test-amd64\" lo hi verdict\n");
	/* exact rows: no interval; add_pages +5% worse (2), arch_add the same
	 * (1: decided, unchanged); case 3 is 4M @+2M */
	CHECK_CONTAINS(out, "\n2 0 0 0 \"add_pages\" \"2M @+0 generic\" 5 nan nan 2\n");
	CHECK_CONTAINS(out, "\n2 3 1 1 \"add_pages\" \"4M @+2M generic\" 5 nan nan 2\n");
	CHECK_CONTAINS(out, "\n1 1 0 1 \"arch_add\" \"2M @+2M generic\" 0 nan nan 1\n");
	/* work: 7.5 us more of 1 ms */
	CHECK_CONTAINS(out, "\n0 0 0 0 \"work\" \"2M @+0 generic\" 0.75 nan nan 2\n");
	free(out);

	SECTION("work-phases-map.dat: a block per size, the outermost work phases and the rest");
	out = render_op(compare_data_work_phases, &cmp, 0, &rows);
	CHECK(rows == 2 * 4);
	CHECK_CONTAINS(out, "\n# ylabel: median map work (thousands of instructions, icount)\n"
		       "# columns: 2\n# blocks: 2\n# block 0: 2M\n# block 1: 4M\n"
		       "bar arch_add other\n");
	/* instructions at shift 0: arch_add 200 k, add_pages inside it */
	CHECK_CONTAINS(out, "\n\"A @+0\" 200 800\n\"B @+0\" 200 807.5\n\"A @+2M\" 300 800\n");
	CHECK_CONTAINS(out, "\n\n\nbar arch_add other\n\"A @+0\" 400 800\n");
	free(out);

	SECTION("work-size-map.dat: a block per kernel and offset, work against size");
	out = render_op(compare_data_work_size, &cmp, 0, &rows);
	CHECK(rows == 2 * 4);
	CHECK_CONTAINS(out, "\n# sizes MiB: 2 4\n# size labels: 2M 4M\n"
		       "# block kernels: 0 0 1 1\n# block variants: 0 1 0 1\n");
	CHECK_CONTAINS(out, "\n\"A 6.1.0-test-amd64 @+0\"\n2 1000 1000 1000\n4 1200 1200 1200\n");
	CHECK_CONTAINS(out, "\n\n\n\"B 6.1.0-test-amd64 @+2M\"\n2 1107.5 ");
	free(out);

	SECTION("unmap: no add_pages, nothing flagged");
	out = render_op(compare_data_change, &cmp, 1, &rows);
	CHECK(rows > 0 && !strstr(out, " nan nan 2\n") && !strstr(out, " nan nan 3\n"));
	CHECK_CONTAINS(out, "\n# op: unmap\n");
	free(out);

	SECTION("compare_write_data writes the six files");
	{
		char dir[] = "/tmp/mhpb-cdata-XXXXXX", path_buf[128];

		CHECK(mkdtemp(dir) != NULL);
		CHECK(compare_write_data(&cmp, dir) == 0);
		out = slurp_in(dir, "change-unmap.dat");
		CHECK_CONTAINS(out, "\n# phase 0 work: work\n");
		free(out);
		/* the totals are no plot's: no file of them */
		CHECK(access(strcat(strcpy(path_buf, dir), "/size-map-aligned.dat"), F_OK) != 0);
		out = slurp_in(dir, "work-size-unmap.dat");
		CHECK_CONTAINS(out, "\n# ylabel: median unmap work (thousands of instructions, icount)\n");
		free(out);
		remove_dir(dir);
	}
	compare_free(&cmp);
	for (size_t k = 0; k < 2; k++)
		pool_free(&pools[k]);
}

int main(void)
{
	const struct cmp_params prm = CMP_DEFAULTS;
	struct pool pools[3];
	struct comparison cmp;
	const struct pool_case *pc;
	char *out;
	int rows;

	printf("test_compare_data: pfn-valid.dat, bandwidth.dat and the hotplug plots' files\n");
	memset(pools, 0, sizeof(pools));
	SECTION("pools keep the measured pfn_valid samples, memmap_init and memset rates");
	CHECK(add_run(&pools[0], 1e9, 4e9) == 0);
	CHECK(fixture_add_file(&pools[0], TEST_DATA "/result-pfn-valid.json") == 0);
	CHECK(add_run(&pools[1], 2e9, 0) == 0);
	pool_finish(&pools[0]);
	pool_finish(&pools[1]);
	CHECK(pools[0].n_runs == 2 && pools[0].mixed_suite);
	CHECK_U64(pools[0].pfn[PFN_ADDED].n, 3);
	CHECK_U64(pools[0].pfn[PFN_FAR].n, 3);
	CHECK_U64(pools[1].pfn[PFN_ADDED].n, 0);
	pc = pool_case_find(&pools[0], &pools[0].cases[0].c);
	CHECK(pc == &pools[0].cases[0]);
	/* case 0: 3 measured maps, one unbalanced */
	CHECK_U64(pc->memmap_bps.n, 2);
	CHECK_U64(pc->memset_bps.n, 1);
	CHECK_U64(pools[0].cases[1].memmap_bps.n, 3);
	CHECK_U64(pools[1].cases[0].memset_bps.n, 0);

	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	SECTION("pfn-valid.dat: one line per case, a pool without pfn_valid runs nan");
	out = render(compare_data_pfn_valid, &cmp, &rows);
	CHECK(rows == PFN_NCASES);
	CHECK_CONTAINS(out, "\ncase \"A 6.1.0-test-amd64\" lo hi units \"B 6.1.0-test-amd64\" lo hi units\n");
	/* one run of 3: the median, [min, max] (95% needs n > 5) */
	CHECK_CONTAINS(out, "\nadded 12.5 12 13 1 nan nan nan 0\n");
	CHECK_CONTAINS(out, "\nnot_added 4.2 4 4.4 1 nan nan nan 0\n");
	CHECK_CONTAINS(out, "\nboot_ram 11 11 11.5 1 nan nan nan 0\n");
	CHECK_CONTAINS(out, "\nfar 2 1.9 2.1 1 nan nan nan 0\n");
	CHECK(out && out[0] == '#' && strstr(out, "ns per call"));
	/* B has no pfn_valid samples: its series is left out of the plot */
	CHECK_CONTAINS(out, "\n# plot columns: 2\n");
	free(out);

	SECTION("compare rows: one per pfn_valid() case, after the hotplug rows, B's untested");
	{
		const struct cmp_row *last = &cmp.rows[cmp.nr - 1];
		char *buf = NULL;
		size_t len = 0, pfn = 0;
		FILE *f;

		for (size_t r = 0; r < cmp.nr; r++)
			if (cmp.rows[r].op == CMP_OP_PFN) {
				pfn++;
				CHECK(r >= cmp.nr - PFN_NCASES);	/* they sort last */
				CHECK(cmp.rows[r].ci == CMP_NO_CASE);
				CHECK(cmp.rows[r].kind == METRIC_PFN_CALL);
			}
		CHECK_U64(pfn, PFN_NCASES);
		CHECK(strcmp(last->name, "far") == 0);
		CHECK_U64(last->cell[0].n, 3);
		CHECK(last->cell[1].n == 0 && !last->cell[1].tested);
		f = open_memstream(&buf, &len);
		compare_print(f, &cmp, FORMAT_TEXT);
		fclose(f);
		CHECK_CONTAINS(buf, "\npfn_valid() per call ");
		CHECK_CONTAINS(buf, "\npfn_valid\n  added ");
		free(buf);
		buf = NULL;
		f = open_memstream(&buf, &len);
		compare_print(f, &cmp, FORMAT_JSON);
		fclose(f);
		CHECK_CONTAINS(buf, "\"case\":null,");
		CHECK_CONTAINS(buf, "\"op\":\"pfn_valid\",");
		CHECK_CONTAINS(buf, "\"kind\":\"pfn_valid_call\",");
		free(buf);
	}

	SECTION("bandwidth.dat: memmap_init and memset bytes/s per case and pool, and their ratio");
	out = render(compare_data_bandwidth, &cmp, &rows);
	CHECK(rows == 4);
	CHECK_CONTAINS(out, "\ncase \"A 6.1.0-test-amd64 memmap_init\" lo hi \"A 6.1.0-test-amd64 memset\" lo hi fraction \"B");
	CHECK_CONTAINS(out, "\n\"2M @+0 generic\" 1e+09 1e+09 1e+09 4e+09 4e+09 4e+09 0.25 2e+09 2e+09 2e+09 nan nan nan nan\n");
	CHECK_CONTAINS(out, "\n\"4M @+2M generic\" 1e+09 1e+09 1e+09 4e+09 4e+09 4e+09 0.25 2e+09 2e+09 2e+09 nan nan nan nan\n");
	CHECK(out && strstr(out, "bytes/s"));
	/* A memmap_init and memset, B memmap_init only */
	CHECK_CONTAINS(out, "\n# plot columns: 2 5 9\n");
	free(out);

	SECTION("compare_write_data writes both files beside the others");
	CHECK(mkdtemp(tmpdir) != NULL);
	CHECK(compare_write_data(&cmp, tmpdir) == 0);
	out = slurp_in(tmpdir, "pfn-valid.dat");
	CHECK_CONTAINS(out, "\nadded 12.5 12 13 1 nan nan nan 0\n");
	free(out);
	out = slurp_in(tmpdir, "bandwidth.dat");
	CHECK_CONTAINS(out, "\n\"2M @+2M generic\" 1e+09 ");
	free(out);
	remove_dir(tmpdir);
	compare_free(&cmp);
	pool_free(&pools[1]);

	SECTION("several runs of one boot: the geometric mean of the run medians, units 2");
	CHECK(fixture_add_file(&pools[1], TEST_DATA "/result-pfn-valid.json") == 0);
	CHECK(fixture_add_file(&pools[1], TEST_DATA "/result-pfn-valid.json") == 0);
	pool_finish(&pools[1]);
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	out = render(compare_data_pfn_valid, &cmp, &rows);
	CHECK_CONTAINS(out, "\nadded 12.5 12 13 1 12.5 12.5 12.5 2\n");
	CHECK_CONTAINS(out, "\n# plot columns: 2 6\n");
	free(out);
	out = render(compare_data_bandwidth, &cmp, &rows);
	CHECK(rows == 4);
	CHECK_CONTAINS(out, "\n\"2M @+0 generic\" 1e+09 1e+09 1e+09 4e+09 4e+09 4e+09 0.25 nan nan nan nan nan nan nan\n");
	free(out);
	compare_free(&cmp);

	SECTION("neither: a \"none\" line, so that the plots still draw");
	{
		struct result r;

		fixture_result(&r, -1, RUN_COMPLETE);
		CHECK(pool_add(&pools[2], &r) == 0);
		result_free(&r);
	}
	pool_finish(&pools[2]);
	CHECK(compare_build(&cmp, &pools[2], 1, &prm) == 0);
	out = render(compare_data_pfn_valid, &cmp, &rows);
	CHECK(rows == 0);
	CHECK_CONTAINS(out, "\n# plot columns:\n");
	CHECK_CONTAINS(out, "\ncase \"none\" lo hi units\nnone nan nan nan 0\n");
	free(out);
	out = render(compare_data_bandwidth, &cmp, &rows);
	CHECK(rows == 0);
	CHECK_CONTAINS(out, "\n# plot columns:\n");
	CHECK_CONTAINS(out, "\nnone nan nan nan nan nan nan nan\n");
	free(out);
	compare_free(&cmp);

	SECTION("pfn_valid runs only: the hotplug plots' files say none");
	CHECK(compare_build(&cmp, &pools[1], 1, &prm) == 0);
	out = render_op(compare_data_change, &cmp, 0, &rows);
	CHECK(rows == 0);
	CHECK_CONTAINS(out, "\n# phases: 0\n");
	CHECK_CONTAINS(out, "\nphase case size variant name label\nnone nan nan nan \"none\" \"none\"\n");
	free(out);
	out = render_op(compare_data_work_phases, &cmp, 1, &rows);
	CHECK(rows == 0);
	CHECK_CONTAINS(out, "\n# blocks: 0\nbar other\nnone nan\n");
	free(out);
	out = render_op(compare_data_work_size, &cmp, 0, &rows);
	CHECK(rows == 0);
	CHECK_CONTAINS(out, "\n\"none\"\nnone nan nan nan\n");
	free(out);
	compare_free(&cmp);

	for (int k = 0; k < 3; k++)
		pool_free(&pools[k]);
	hotplug_plots_section();
	return check_report("test_compare_data");
}
