/* Delay injection records (tests only): --inject parsing, the module's
 * sysfs parameters (a fake folder through MHPB_SYSFS_PARAMS), the merge of
 * the start and end states, the result file round trip and the warnings of
 * summary and compare. */
#include "check.h"
#include "fixture.h"

#include "compare_fmt.h"
#include "compare_report.h"
#include "inject.h"
#include "pool.h"
#include "result.h"
#include "summary.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/mhpb-inject-XXXXXX";

static void put_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/params/%s", tmpdir, name);
	f = fopen(path, "w");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void test_parse(void)
{
	struct inject_desc d;
	char err[256];

	SECTION("--inject TARGET:NS");
	CHECK(inject_parse("sparse_add_section:8000", &d, err, sizeof(err)) == 0);
	CHECK_STR(d.target, "sparse_add_section");
	CHECK_U64(d.ns, 8000);
	CHECK(d.armed);
	CHECK(inject_parse("memmap_init_zone_device:10000000", &d, err, sizeof(err)) == 0);
	CHECK(inject_parse("sparse_add_section:10000001", &d, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "NS must be 1..10000000");
	CHECK(inject_parse("sparse_add_section:0", &d, err, sizeof(err)) == -1);
	CHECK(inject_parse("sparse_add_section:-5", &d, err, sizeof(err)) == -1);
	CHECK(inject_parse("sparse_add_section:8us", &d, err, sizeof(err)) == -1);
	CHECK(inject_parse("sparse_add_section", &d, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "expected TARGET:NS");
	CHECK(inject_parse(":100", &d, err, sizeof(err)) == -1);
}

static void test_sysfs(void)
{
	struct inject_desc d, end;
	char path[256];

	SECTION("module parameters through sysfs");
	snprintf(path, sizeof(path), "%s/params", tmpdir);
	setenv("MHPB_SYSFS_PARAMS", path, 1);
	CHECK(inject_allowed() == -1);	/* module not loaded */
	inject_read(&d);
	CHECK(!d.armed);
	CHECK(mkdir(path, 0700) == 0);
	put_file("inject_allow", "N\n");
	CHECK(inject_allowed() == 0);
	put_file("inject_allow", "Y\n");
	CHECK(inject_allowed() == 1);
	put_file("inject_target", "\n");
	put_file("inject_ns", "0\n");
	put_file("inject_hits", "0\n");
	inject_read(&d);
	CHECK(!d.armed);
	CHECK(inject_write("sparse_add_section", 8000) == 0);
	put_file("inject_hits", "130\n");
	inject_read(&d);
	CHECK(d.armed);
	CHECK_STR(d.target, "sparse_add_section");
	CHECK_U64(d.ns, 8000);
	CHECK_U64(d.hits, 130);

	SECTION("start and end states");
	end = d;
	end.hits = 260;
	inject_merge(&d, &end);
	CHECK(d.armed && !d.changed);
	CHECK_U64(d.hits, 260);
	/* disarmed during the run: still recorded, as changed */
	memset(&end, 0, sizeof(end));
	inject_merge(&d, &end);
	CHECK(d.armed && d.changed);
	/* armed during the run */
	memset(&d, 0, sizeof(d));
	CHECK(inject_write("memmap_init_zone_device", 500) == 0);
	inject_read(&end);
	inject_merge(&d, &end);
	CHECK(d.armed && d.changed);
	CHECK_STR(d.target, "memmap_init_zone_device");
	/* never armed */
	CHECK(inject_write("", 0) == 0);
	memset(&d, 0, sizeof(d));
	inject_read(&end);
	inject_merge(&d, &end);
	CHECK(!d.armed && !d.changed);
	unsetenv("MHPB_SYSFS_PARAMS");
}

static void test_records(void)
{
	struct result a, b;
	char path[256], err[512] = "", *text = NULL;
	size_t len = 0;
	FILE *f;

	SECTION("result file: module.inject null, or the state");
	CHECK(fixture_result(&a, -1, RUN_COMPLETE) == 0);
	snprintf(path, sizeof(path), "%s/plain.json", tmpdir);
	CHECK(result_write(&a, path, err, sizeof(err)) == 0);
	CHECK(result_read(path, &b, err, sizeof(err)) == 0);
	CHECK(!b.module.inject.armed);
	f = open_memstream(&text, &len);
	summary_print(f, &b);
	fclose(f);
	CHECK(!strstr(text, "INJECTION"));
	free(text);
	result_free(&b);

	a.module.inject = (struct inject_desc){ .armed = true, .target = "sparse_add_section",
						.ns = 8000, .hits = 16 };
	snprintf(path, sizeof(path), "%s/inj/injected.json", tmpdir);
	snprintf(err, sizeof(err), "%s/inj", tmpdir);
	CHECK(mkdir(err, 0700) == 0);
	err[0] = '\0';
	CHECK(result_write(&a, path, err, sizeof(err)) == 0);
	CHECK(result_read(path, &b, err, sizeof(err)) == 0);
	CHECK(b.module.inject.armed && !b.module.inject.changed);
	CHECK_STR(b.module.inject.target, "sparse_add_section");
	CHECK_U64(b.module.inject.ns, 8000);
	CHECK_U64(b.module.inject.hits, 16);
	text = NULL;
	f = open_memstream(&text, &len);
	summary_print(f, &b);
	fclose(f);
	CHECK_CONTAINS(text, "!!! DELAY INJECTION ARMED (tests only, not a measurement): 8000 ns in every sparse_add_section()");
	free(text);
	result_free(&b);
	result_free(&a);

	SECTION("compare: a pool with an injected run says so");
	{
		struct pool p;

		memset(&p, 0, sizeof(p));
		snprintf(path, sizeof(path), "%s/inj", tmpdir);
		CHECK(pool_load(&p, path, err, sizeof(err)) == 0);
		CHECK_U64(p.n_injected, 1);
		text = NULL;
		f = open_memstream(&text, &len);
		pool_axes(f, &p);
		fclose(f);
		CHECK_CONTAINS(text, "!!! DELAY INJECTION ARMED in 1 of 1 runs (tests only, not a measurement): 8000 ns in every sparse_add_section()");
		free(text);
		pool_free(&p);
	}
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	printf("test_inject: delay injection records\n");
	test_parse();
	test_sysfs();
	test_records();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "test_inject: cannot remove %s\n", tmpdir);
	return check_report("test_inject");
}
