/* The cache lens's record and analysis: estimated cycles, the "cache"
 * codec, work without the waits, the run identity of the tags, merging
 * the plugin's lines into a run file, and pooling under the lens. */
#include "lens_work.h"
#include "check.h"
#include "fixture.h"
#include "lens.h"
#include "lens_record.h"

#include <mhp_bench_lens.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define LENS_ENV(boot) \
	"{\"kernel\":{\"release\":\"6.1.0-test-amd64\",\"version\":\"#1 SMP\"}," \
	"\"boot_id\":\"" boot "\",\"virtualization\":{\"hypervisor\":true,\"accel\":\"tcg\"," \
	"\"clock\":\"icount\",\"icount_shift\":0,\"vcpus\":1,\"lens\":{\"name\":\"cache\"}}}"

static void cycles_section(void)
{
	/* 1000 refs; 30 L1 misses, 10 of them to memory */
	struct lens_counts c = { { 600, 300, 100, 10, 15, 5, 4, 5, 1 } };

	SECTION("estimated cycles: L1 hits + 5 LL hits + 35 memory accesses");
	CHECK(fabs(lens_est_cycles(&c) - (970 + 5 * 20 + 35 * 10)) < 1e-9);
	memset(&c, 0, sizeof(c));
	CHECK(lens_est_cycles(&c) == 0);
}

/* A map with lens counts: the call, a wait phase and a work phase. */
static void lens_op(struct op_timing *op)
{
	memset(&op->lens, 0, sizeof(op->lens));
	op->lens.present = true;
	op->lens.balanced = true;
	op->lens.excluded_ir = 7;
	op->lens.total.v[LENS_IR] = 5000;
	op->lens.phase[MHPB_PH_MAP_HOTPLUG_BEGIN].v[LENS_IR] = 3000;
	op->lens.phase_calls[MHPB_PH_MAP_HOTPLUG_BEGIN] = 1;
	op->lens.phase[MHPB_PH_MAP_RCU_SYNC].v[LENS_IR] = 2500;
	op->lens.phase_calls[MHPB_PH_MAP_RCU_SYNC] = 1;
	op->lens.phase[MHPB_PH_MAP_MEMMAP_INIT].v[LENS_IR] = 1200;
	op->lens.phase[MHPB_PH_MAP_MEMMAP_INIT].v[LENS_DW] = 100;
	op->lens.phase[MHPB_PH_MAP_MEMMAP_INIT].v[LENS_D1MW] = 100;
	op->lens.phase_calls[MHPB_PH_MAP_MEMMAP_INIT] = 1;
}

static void codec_section(void)
{
	struct module_desc m;
	struct op_timing op;
	struct op_lens back;
	json_object *j;
	char err[256] = "";
	double v = 0;

	SECTION("cache: to JSON and back; work is the call without its outer waits");
	fixture_module(&m);
	memset(&op, 0, sizeof(op));
	lens_op(&op);
	j = op_lens_to_json(&op.lens, &m, false);
	CHECK(j && json_object_object_get_ex(j, "phases", NULL));
	CHECK(op_lens_from_json(j, &m, false, &back, err, sizeof(err)) == 0);
	CHECK(back.present && back.balanced && back.excluded_ir == 7);
	CHECK_U64(back.phase[MHPB_PH_MAP_MEMMAP_INIT].v[LENS_D1MW], 100);
	CHECK_U64(back.phase_calls[MHPB_PH_MAP_RCU_SYNC], 1);
	CHECK(op_lens_from_json(j, &m, true, &back, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "is not a phase of the op");
	json_object_put(j);
	/* work: 5000 - 3000 (hotplug_begin holds rcu_sync: counted once) */
	CHECK(op_lens_cycles(&op, &m, false, -1, &v) && v == 2000);
	/* memmap_init: 1200 + 100 Dw, 100 of them D1 misses that hit LL */
	CHECK(op_lens_cycles(&op, &m, false, MHPB_PH_MAP_MEMMAP_INIT, &v) &&
	      v == 1200 + 5 * 100);
	op.lens.present = false;
	CHECK(!op_lens_cycles(&op, &m, false, -1, &v));
	j = json_tokener_parse("{\"balanced\":true,\"excluded_ir\":1,\"total\":{\"Ir\":1},"
			       "\"phases\":{}}");
	CHECK(op_lens_from_json(j, &m, false, &back, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "total.Dr: missing or not a count");
	json_object_put(j);
}

static void tag_section(void)
{
	char name[32];

	SECTION("tags: the run's identity is its file name's, on either side");
	CHECK(lens_run_id("/mnt/out/x/smoke-6.1-20261207T000000Z.json") ==
	      lens_run_id("smoke-6.1-20261207T000000Z.json"));
	CHECK(lens_run_id("a.json") != lens_run_id("b.json"));
	CHECK_U64(MHPB_LENS_TAG(0x2cc866b0u, 3, 1), 0x2cc866b000000007ULL);
	CHECK(lens_from_cmdline("quiet mhpbench.lens=cache tsc=reliable", name, sizeof(name)));
	CHECK_STR(name, "cache");
	CHECK(!lens_from_cmdline("quiet mhpbench.clock=icount", name, sizeof(name)));
	CHECK(!lens_from_cmdline(NULL, name, sizeof(name)));
}

/* A run file of the fixture with the lens on, and the plugin's lines for
 * every measured call but the last sample's unmap. */
static void write_merge_inputs(const char *dir, char *run, size_t len, size_t *calls)
{
	char path[512], err[256];
	struct result r;
	FILE *f;
	uint32_t id;

	fixture_result(&r, -1, RUN_COMPLETE);
	json_object_put(r.environment);
	r.environment = json_tokener_parse(LENS_ENV("b1"));
	snprintf(run, len, "%s/smoke-test.json", dir);
	CHECK(result_write(&r, run, err, sizeof(err)) == 0);
	id = lens_run_id(run);
	snprintf(path, sizeof(path), "%s/lens-cache.jsonl", dir);
	f = fopen(path, "w");
	fprintf(f, "{\"format\":\"mhpbench-lens\",\"lens\":\"cache\",\"plugin\":\"mhpb-cache t\","
		"\"plugin_api\":1,\"qemu\":\"7.2\",\"model\":{\"name\":\"t\",\"line\":64}}\n");
	fprintf(f, "{\"tag\":null,\"op\":\"map\",\"balanced\":true,\"excluded_ir\":0,"
		"\"total\":{},\"phases\":{}}\n");	/* a call of check-errors */
	*calls = 0;
	for (size_t i = 0; i < r.n_samples; i++)
		for (int u = 0; u < 2; u++) {
			if (i + 1 == r.n_samples && u)
				continue;
			fprintf(f, "{\"tag\":\"%016llx\",\"op\":\"%s\",\"balanced\":true,"
				"\"excluded_ir\":5,\"total\":{\"Ir\":%zu,\"Dr\":0,\"Dw\":0,\"I1mr\":0,"
				"\"D1mr\":0,\"D1mw\":0,\"ILmr\":0,\"DLmr\":0,\"DLmw\":0},"
				"\"phases\":{}}\n",
				(unsigned long long)MHPB_LENS_TAG(id, r.samples[i].seq, u),
				u ? "unmap" : "map", 1000 + i);
			++*calls;
		}
	fprintf(f, "{\"tag\":\"00000000000");	/* cut by a killed guest */
	fclose(f);
	result_free(&r);
}

static void merge_section(void)
{
	char dir[] = "/tmp/mhpb-lens-XXXXXX", run[512], err[256], cmd[600];
	struct result r;
	size_t calls = 0, counted = 0;

	SECTION("lens-merge: by tag; a call without its line gets null, exit 1");
	CHECK(mkdtemp(dir) != NULL);
	write_merge_inputs(dir, run, sizeof(run), &calls);
	CHECK(lens_merge_dir(dir) == 1);
	CHECK(result_read(run, &r, err, sizeof(err)) == 0);
	for (size_t i = 0; i < r.n_samples; i++) {
		counted += r.samples[i].map.lens.present + r.samples[i].unmap.lens.present;
		CHECK(!r.samples[i].map.lens.present ||
		      r.samples[i].map.lens.total.v[LENS_IR] == 1000 + i);
	}
	CHECK_U64(counted, calls);
	CHECK(!r.samples[r.n_samples - 1].unmap.lens.present);
	{
		struct env_clockinfo ci;

		env_clock_read(r.environment, &ci);
		CHECK(ci.cache_lens);
	}
	result_free(&r);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	CHECK(lens_merge_dir("/nonexistent") == 2);
}

static void touch_section(void)
{
	struct inject_desc d, back;
	json_object *j;
	char err[128], what[160];

	SECTION("the lens test's reads: recorded as armed, described, read back");
	memset(&d, 0, sizeof(d));
	snprintf(d.touch_target, sizeof(d.touch_target), "sparse_add_section");
	d.touch_lines = 2097152;
	d.armed = true;
	j = inject_to_json(&d);
	CHECK(j != NULL);
	CHECK(inject_from_json(j, &back, err, sizeof(err)) == 0);
	CHECK(back.armed && back.touch_lines == 2097152 && back.ns == 0);
	CHECK_STR(back.touch_target, "sparse_add_section");
	inject_describe(&back, what, sizeof(what));
	CHECK_STR(what, "2097152 lines read in every sparse_add_section() of the measured calls "
		  "(the cache lens's test)");
	json_object_put(j);
}

static void mixing_section(void)
{
	struct env_clockinfo i0 = { .clock = ENV_CLOCK_ICOUNT, .shift = 0 };
	struct env_clockinfo l0 = { .clock = ENV_CLOCK_ICOUNT, .shift = 0, .cache_lens = true };
	char err[512];

	SECTION("pooling: lensed and plain runs are refused together, naming the lens");
	CHECK(pool_clock_check("a", &l0, "b", &l0, err, sizeof(err)) == 0);
	CHECK(pool_clock_check("a", &i0, "b", &l0, err, sizeof(err)) == -1);
	CHECK_STR(err, "cannot mix clocks: a is clock icount (shift 0), b is clock icount "
		  "(shift 0) with the cache lens (estimated cycles and instructions do not "
		  "compare)");
}

int main(void)
{
	printf("test_lens: the cache lens's record, merge and estimated cycles\n");
	cycles_section();
	codec_section();
	tag_section();
	merge_section();
	mixing_section();
	touch_section();
	return check_report("test_lens");
}
