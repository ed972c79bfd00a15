/* result_write.c, result_read.c, result_parse.c: JSON writer and reader round trip, incomplete and cut files.
 * Run with --regen to rewrite tests/data/result-smoke-running.json. */
#include "check.h"
#include "fixture.h"
#include "result.h"

#include <errno.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/mhpb-test-XXXXXX";

static void tmp_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmpdir, name);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void same_op(const struct op_timing *a, const struct op_timing *b)
{
	CHECK(a->done == b->done && a->ok == b->ok && a->err == b->err);
	CHECK(a->total_ns == b->total_ns && a->wait_ns == b->wait_ns && a->work_ns == b->work_ns);
	CHECK(memcmp(a->phase_ns, b->phase_ns, sizeof(a->phase_ns)) == 0);
	CHECK(memcmp(a->phase_calls, b->phase_calls, sizeof(a->phase_calls)) == 0);
}

static void test_round_trip(void)
{
	struct result a, b;
	char path[256], err[512] = "";

	SECTION("complete run: write, read back, every field equal");
	CHECK(fixture_result(&a, -1, RUN_COMPLETE) == 0);
	/* a failed map: recorded with errno, no unmap */
	a.samples[a.n_samples - 1].map = (struct op_timing){ .done = true, .err = ENOMEM };
	a.samples[a.n_samples - 1].unmap = (struct op_timing){ 0 };
	tmp_path(path, sizeof(path), "complete.json");
	CHECK(result_write(&a, path, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK(access(path, F_OK) == 0);
	strcat(path, ".tmp");
	CHECK(access(path, F_OK) != 0);	/* renamed away */
	path[strlen(path) - 4] = '\0';
	CHECK(result_read(path, &b, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK(b.status == RUN_COMPLETE && !b.truncated);
	CHECK_STR(b.label, a.label);
	CHECK_STR(b.started, a.started);
	CHECK_STR(b.finished, a.finished);
	CHECK_STR(b.collector_version, "test");
	CHECK_STR(b.suite.name, "smoke");
	CHECK_STR(b.suite.text, fixture_suite_text);
	CHECK(b.suite.n_sizes == 2 && b.suite.sizes[1] == 4ULL << 20);
	CHECK(b.suite.repeat == 3 && b.suite.warmup == 1 && b.suite.seed == 42);
	CHECK(b.suite.spacing_ms == 50 && b.suite.order == ORDER_RANDOM);
	CHECK_U64(b.module.nr_phases, MHPB_NR_PHASES);
	for (uint32_t i = 0; i < b.module.nr_phases; i++) {
		const struct phase_desc *p = &a.module.phases[i], *q = &b.module.phases[i];

		CHECK(p->parent == q->parent && p->unmap == q->unmap && p->wait == q->wait &&
		      p->probed == q->probed && p->tracepoint == q->tracepoint);
		CHECK_STR(q->name, p->name);
		CHECK_STR(q->symbol, p->symbol);
	}
	CHECK_STR(b.module.srcversion, "ABCDEF0123456789");
	CHECK(b.range_start == a.range_start && b.range_size == a.range_size &&
	      b.range_base == a.range_base);
	CHECK_STR(json_object_get_string(json_object_object_get(
			  json_object_object_get(b.environment, "kernel"), "release")),
		  "6.1.0-test-amd64");
	CHECK_U64(b.n_samples, a.n_samples);
	for (size_t i = 0; i < a.n_samples && i < b.n_samples; i++) {
		const struct sample *x = &a.samples[i], *y = &b.samples[i];

		CHECK(x->seq == y->seq && x->case_idx == y->case_idx && x->rep == y->rep &&
		      x->warmup == y->warmup && x->t_ns == y->t_ns);
		/* field by field: the struct's tail padding is not data */
		CHECK(x->c.size == y->c.size && x->c.offset == y->c.offset &&
		      x->c.type == y->c.type && x->c.vmemmap_shift == y->c.vmemmap_shift &&
		      x->c.memmap == y->c.memmap);
		same_op(&x->map, &y->map);
		same_op(&x->unmap, &y->unmap);
	}
	SECTION("wait = top-level WAIT phases of the op only; work = total - wait");
	CHECK_U64(b.samples[0].map.wait_ns, 14000000);	/* not + rcu_sync (a child) */
	CHECK_U64(b.samples[0].map.work_ns, b.samples[0].map.total_ns - 14000000);
	CHECK_U64(b.samples[0].unmap.wait_ns, 18000000);
	result_free(&a);
	result_free(&b);
}

/* The patched kernel's tree: waits below a work phase still count once. */
static void test_nested_wait(void)
{
	struct module_desc m;
	struct mhpb_timing t;
	struct op_timing op;

	SECTION("wait = outermost WAIT phases, also below pagemap_range/pageunmap_range");
	fixture_module(&m);
	m.phases[MHPB_PH_MAP_HOTPLUG_BEGIN].parent = MHPB_PH_MAP_PAGEMAP_RANGE;
	m.phases[MHPB_PH_UNMAP_HOTPLUG_BEGIN].parent = MHPB_PH_UNMAP_PAGEUNMAP_RANGE;
	m.phases[MHPB_PH_UNMAP_PGMAP_RCU].parent = MHPB_PH_UNMAP_PAGEUNMAP_RANGE;
	memset(&t, 0, sizeof(t));
	t.total_ns = 20000000;
	t.phase_ns[MHPB_PH_MAP_PAGEMAP_RANGE] = 19000000;
	t.phase_ns[MHPB_PH_MAP_HOTPLUG_BEGIN] = 14000000;
	t.phase_ns[MHPB_PH_MAP_RCU_SYNC] = 13900000;
	op_timing_from_kernel(&op, &m, false, &t);
	CHECK_U64(op.wait_ns, 14000000);	/* not rcu_sync, not pagemap_range */
	CHECK_U64(op.work_ns, 6000000);
	memset(&t, 0, sizeof(t));
	t.total_ns = 50000000;
	t.phase_ns[MHPB_PH_UNMAP_REF_WAIT] = 13000000;
	t.phase_ns[MHPB_PH_UNMAP_PAGEUNMAP_RANGE] = 36000000;
	t.phase_ns[MHPB_PH_UNMAP_HOTPLUG_BEGIN] = 16000000;
	t.phase_ns[MHPB_PH_UNMAP_RCU_SYNC] = 15900000;
	t.phase_ns[MHPB_PH_UNMAP_PGMAP_RCU] = 15000000;
	op_timing_from_kernel(&op, &m, true, &t);
	CHECK_U64(op.wait_ns, 44000000);	/* ref_wait + hotplug_begin + pgmap_rcu */
}

static void test_new_records(void)
{
	struct result a, b;
	char path[256], err[512] = "";
	/* static: zero padding, for the memcmp below */
	static const struct pfn_rec p = { .seq = 0, .name = "boot_ram", .rep = 1, .pfn = 0x1000, .count = 512,
					   .loops = 10, .expected = 512, .valid = 512, .calls = 5120,
					   .raw_ns = 99000, .empty_ns = 6000, .raw_ps = 19335, .empty_ps = 1171,
					   .call_ps = 18164 };

	SECTION("memset and pfn_valid records, memmap and probes fields round trip");
	CHECK(fixture_result(&a, -1, RUN_COMPLETE) == 0);
	a.module.page_struct_size = 64;
	a.module.max_physmem_bits = 46;
	a.memsets = calloc(1, sizeof(*a.memsets));
	a.n_memsets = 1;
	a.memsets[0] = (struct memset_rec){ .case_idx = 3, .c = a.samples[0].c, .size = 65536,
					    .stores_ns = 10000, .memset_ns = 8000 };
	a.memsets[0].c = suite_case(&a.suite, 3);
	CHECK(result_add_pfn(&a, &p) == 0);
	a.samples[0].probes_off = true;
	a.samples[0].map.no_probes = true;
	a.samples[1].map.memmap_pages = 512;
	a.samples[1].map.altmap_free = 8;
	a.samples[1].map.altmap_alloc = 0;
	a.samples[1].map.phase_ns[MHPB_PH_MAP_MEMMAP_INIT] = 51200;
	a.samples[1].map.phase_calls[MHPB_PH_MAP_MEMMAP_INIT] = 1;
	/* two events, one counted: the unsupported one keeps its reason */
	a.n_pmu = 2;
	a.pmu_any_hw = true;
	snprintf(a.pmu[0].name, sizeof(a.pmu[0].name), "cycles");
	a.pmu[0].supported = true;
	snprintf(a.pmu[1].name, sizeof(a.pmu[1].name), "dTLB-load-misses");
	snprintf(a.pmu[1].why, sizeof(a.pmu[1].why), "No such file or directory");
	a.samples[2].unmap.counted = true;
	a.samples[2].unmap.pmu = (struct pmu_reading){ .value = { 123456789 }, .enabled_ns = 900,
						       .running_ns = 450, .task_clock_ns = 777 };
	tmp_path(path, sizeof(path), "records.json");
	CHECK(result_write(&a, path, err, sizeof(err)) == 0);
	CHECK(result_read(path, &b, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK(b.module.page_struct_size == 64 && b.module.max_physmem_bits == 46);
	CHECK_U64(b.n_memsets, 1);
	CHECK(b.n_memsets == 1 && b.memsets[0].case_idx == 3 && b.memsets[0].size == 65536 &&
	      b.memsets[0].stores_ns == 10000 && b.memsets[0].memset_ns == 8000);
	CHECK_U64(b.n_pfns, 1);
	CHECK(b.n_pfns == 1 && memcmp(&b.pfns[0], &p, sizeof(p)) == 0);
	CHECK(b.samples[0].probes_off && b.samples[0].map.no_probes && !b.samples[1].probes_off);
	CHECK(b.samples[1].map.memmap_pages == 512 && b.samples[1].map.altmap_free == 8);
	CHECK(b.n_pmu == 2 && b.pmu_any_hw && b.pmu[0].supported && !b.pmu[1].supported);
	CHECK_STR(b.pmu[1].name, "dTLB-load-misses");
	CHECK_STR(b.pmu[1].why, "No such file or directory");
	CHECK(b.samples[2].unmap.counted && !b.samples[2].map.counted);
	CHECK_U64(b.samples[2].unmap.pmu.value[0], 123456789);
	CHECK(b.samples[2].unmap.pmu.value[1] == 0 && b.samples[2].unmap.pmu.task_clock_ns == 777 &&
	      b.samples[2].unmap.pmu.enabled_ns == 900 && b.samples[2].unmap.pmu.running_ns == 450);
	SECTION("memmap init rate: ns per struct page and bytes per second");
	{
		double nsp = 0, bps = 0;

		CHECK(op_memmap_rate(&b.samples[1].map, &b.module, &nsp, &bps));
		CHECK(nsp == 100.0 && bps == 512.0 * 64 * 1e9 / 51200);
		CHECK(!op_memmap_rate(&b.samples[2].map, &b.module, &nsp, &bps));
	}
	result_free(&a);
	result_free(&b);
}

static void test_json_shape(void)
{
	struct result a;
	char path[256], err[512];
	char *text;

	SECTION("JSON shape: pretty, only reached phases, unmap null after a failed map");
	fixture_result(&a, 2, RUN_FAILED);
	a.samples[1].map = (struct op_timing){ .done = true, .err = ENOMEM };
	a.samples[1].unmap = (struct op_timing){ 0 };
	result_set_error(&a, "map 2M @+0 generic shift 0 failed");
	tmp_path(path, sizeof(path), "shape.json");
	CHECK(result_write(&a, path, err, sizeof(err)) == 0);
	text = slurp(path);
	CHECK_CONTAINS(text, "\"format\": \"mhpbench-run\"");
	CHECK_CONTAINS(text, "\"format_version\": 1");
	CHECK_CONTAINS(text, "\"status\": \"failed\"");
	CHECK_CONTAINS(text, "\"error\": \"map 2M @+0 generic shift 0 failed\"");
	CHECK_CONTAINS(text, "\"label\": \"fixture \\\"quoted\\\" label\"");
	CHECK_CONTAINS(text, "\"mode\": \"isolated\"");
	CHECK_CONTAINS(text, "\"parent\": \"hotplug_begin\"");
	CHECK_CONTAINS(text, "\"errno\": 12");
	CHECK_CONTAINS(text, "\"error\": \"Cannot allocate memory\"");
	CHECK_CONTAINS(text, "\"unmap\": null");
	CHECK(strstr(text, "\"memmap_init\": {") == NULL);	/* calls 0: left out */
	CHECK_CONTAINS(text, "\"arch_add\": {");
	free(text);
	result_free(&a);
}

static void test_incomplete(void)
{
	struct result a, b;
	char path[256], cut[256], err[512] = "";
	char *text, *p;
	FILE *f;

	SECTION("a run still \"running\" reads back with its finished samples");
	fixture_result(&a, 7, RUN_RUNNING);
	tmp_path(path, sizeof(path), "running.json");
	CHECK(result_write(&a, path, err, sizeof(err)) == 0);
	CHECK(result_read(path, &b, err, sizeof(err)) == 0);
	CHECK(b.status == RUN_RUNNING && !b.truncated);
	CHECK_STR(b.finished, "");
	CHECK_U64(b.n_samples, 7);
	result_free(&b);

	SECTION("a file cut inside a sample is salvaged up to the last whole sample");
	text = slurp(path);
	p = strstr(text, "\"seq\": 6");
	CHECK(p != NULL);
	if (p) {
		p[40] = '\0';
		tmp_path(cut, sizeof(cut), "cut.json");
		f = fopen(cut, "w");
		fputs(text, f);
		fclose(f);
		CHECK(result_read(cut, &b, err, sizeof(err)) == 0);
		CHECK(b.truncated);
		CHECK(b.status == RUN_RUNNING);
		CHECK_U64(b.n_samples, 6);
		result_free(&b);
	}
	SECTION("a file cut before any sample is an error");
	p = strstr(text, "\"samples\"");
	if (p) {
		p[0] = '\0';
		f = fopen(cut, "w");
		fputs(text, f);
		fclose(f);
		CHECK(result_read(cut, &b, err, sizeof(err)) == -1);
		CHECK_CONTAINS(err, "nothing to salvage");
		result_free(&b);
	}
	free(text);
	result_free(&a);

	SECTION("the stored sample file (tests/data) still reads: format is stable");
	CHECK(result_read(TEST_DATA "/result-smoke-running.json", &b, err, sizeof(err)) == 0);
	CHECK(b.status == RUN_RUNNING);
	CHECK_U64(b.n_samples, 7);
	result_free(&b);

	SECTION("not a result file");
	CHECK(result_read(TEST_DATA "/iomem-legacy.txt", &b, err, sizeof(err)) == -1);
	result_free(&b);
	f = fopen(cut, "w");
	fputs("{\"format\": \"other\"}", f);
	fclose(f);
	CHECK(result_read(cut, &b, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "not an mhpbench-run file");
	result_free(&b);
}

/* Write @len bytes of @text to tmpdir/@name and read it: -1 expected, the
 * error in @err. */
static int read_bytes(const char *name, const char *text, size_t len, char *err, size_t errlen)
{
	char path[256];
	struct result r;
	FILE *f;
	int rc;

	tmp_path(path, sizeof(path), name);
	f = fopen(path, "wb");
	fwrite(text, 1, len, f);
	fclose(f);
	rc = result_read(path, &r, err, errlen);
	result_free(&r);
	return rc;
}

/* A corrupted file: refused, the error naming the file and where. */
static void test_corrupt(void)
{
	char *text = slurp_in(TEST_DATA, "result-smoke-running.json"), *p, err[512], want[300];
	size_t len = text ? strlen(text) : 0;

	SECTION("a corrupted result file: the error names the file and the place");
	if (!text)
		return;
	p = strstr(text, "\"module\"");
	CHECK(read_bytes("bad.json", text, (size_t)(p - text), err, sizeof(err)) == -1);
	snprintf(want, sizeof(want), "%s/bad.json: not JSON at line 47, column 3 (byte %zu): "
		 "the file ends before the document does, and nothing to salvage",
		 tmpdir, (size_t)(p - text));
	CHECK_STR(err, want);
	p[1] = '\0';
	CHECK(read_bytes("bad.json", text, len, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "bad.json: not JSON at line 47, column 4 (byte ");
	CHECK_CONTAINS(err, "): a NUL byte, and nothing to salvage");
	p[1] = 'm';
	p[0] = '@';
	CHECK(read_bytes("bad.json", text, len, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "bad.json: not JSON at line 47, column 3 (byte ");
	p[0] = '"';
	CHECK(read_bytes("bad.json", "{} {}", 5, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "bad.json: not JSON at line 1, column 4 (byte 3): more after the end of the document");
	CHECK(read_bytes("bad.json", "", 0, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "bad.json: not JSON at line 1, column 1 (byte 0): the file ends before");
	SECTION("a bad field names its member: samples[N].map..., suite.types[N]");
	p = strstr(strstr(text, "\"seq\": 2"), "\"total_ns\": ") + 12;
	p[0] = '"';	/* the number's first and last digits made quotes: a string */
	p[strspn(p + 1, "0123456789")] = '"';
	CHECK(read_bytes("bad.json", text, len, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "bad.json: samples[2]: map.total_ns: expected int, found string");
	free(text);
	text = slurp_in(TEST_DATA, "fuzz-result/types-null.json");
	CHECK(text && read_bytes("bad.json", text, strlen(text), err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "bad.json: suite.types[0]: expected string, found null");
	free(text);
}

static void cleanup(void)
{
	const char *names[] = { "complete.json", "shape.json", "running.json", "cut.json", "bad.json" };
	char path[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		tmp_path(path, sizeof(path), names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--regen") == 0) {
		struct result a;
		char err[256];

		fixture_result(&a, 7, RUN_RUNNING);
		if (result_write(&a, TEST_DATA "/result-smoke-running.json", err, sizeof(err)))
			fprintf(stderr, "%s\n", err);
		result_free(&a);
		return 0;
	}
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	printf("test_result: JSON result writer and reader\n");
	test_round_trip();
	test_nested_wait();
	test_new_records();
	test_json_shape();
	test_incomplete();
	test_corrupt();
	cleanup();
	return check_report("test_result");
}
