/* `mhpbench trend --commits FILE` over runs of kernels built from git
 * commits (environment.kernel.source): a word of the file names a run by
 * a prefix of its commit (7 hex digits or more) or by its describe, and
 * the runs come in the file's order whatever their releases. The order
 * is read from the JSON report. */
#include "check.h"
#include "fixture.h"
#include "trend.h"

#include <unistd.h>

#define NRUNS 4

static const char *const commits[NRUNS] = {
	"00112233445566778899aabbccddeeff00112233",
	"1111111111111111111111111111111111111111",
	"2222222222222222222222222222222222222222",
	"3333333333333333333333333333333333333333",
};

/* Run @i: the fixture, its kernel built from commits[i] (describe
 * v6.1-<i>-g<7 hex>), release 6.1.<9 - i> so that release order is the
 * reverse of commit order. */
static void make_run(struct pool *p, size_t i)
{
	struct result r;
	char env[1024], name[32];

	fixture_result(&r, -1, RUN_COMPLETE);
	json_object_put(r.environment);
	snprintf(env, sizeof(env),
		 "{\"kernel\":{\"release\":\"6.1.%zu\",\"version\":\"#1 SMP\",\"source\":"
		 "{\"kind\":\"git\",\"tree\":\"/home/dev/linux\",\"commit\":\"%s\","
		 "\"describe\":\"v6.1-%zu-g%.7s\",\"subject\":\"commit %zu\",\"patches\":[],"
		 "\"instrumentation\":\"tracepoints\",\"config\":\"tinyconfig + mhpbench.config\","
		 "\"config_dropped\":[]}},\"boot_id\":\"boot%zu\","
		 "\"virtualization\":{\"hypervisor\":true,\"accel\":\"tcg\"}}",
		 9 - i, commits[i], i, commits[i], i, i);
	r.environment = json_tokener_parse(env);
	snprintf(name, sizeof(name), "run%zu.json", i);
	p->arg = strdup(name);
	CHECK(pool_add(p, &r) == 0);
	pool_finish(p);
	result_free(&r);
}

/* The trend of the NRUNS runs ordered by a commits file of @text:
 * the files of its JSON report's runs, in order, into @files. */
static size_t order(const char *text, char files[][32], size_t max)
{
	struct trend_params prm = TREND_DEFAULTS;
	struct trend t = { .prm = prm };
	char path[] = "/tmp/mhpb-test-commits-XXXXXX", err[256], *json = NULL;
	int fd = mkstemp(path);
	size_t n = 0, len = 0;
	FILE *m;
	json_object *o, *runs = NULL;

	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	if (fd >= 0)
		close(fd);
	t.runs = calloc(NRUNS, sizeof(*t.runs));
	for (size_t i = 0; t.runs && i < NRUNS; i++, t.nr++)
		make_run(&t.runs[i], i);
	CHECK(trend_order(&t, path, err, sizeof(err)) == 0);
	CHECK(trend_detect(&t) == 0);
	m = open_memstream(&json, &len);
	trend_print_json(m, &t);
	fclose(m);
	o = json_tokener_parse(json);
	CHECK(json_object_object_get_ex(o, "runs", &runs));
	for (size_t i = 0; runs && i < json_object_array_length(runs) && n < max; i++) {
		json_object *f = NULL;

		json_object_object_get_ex(json_object_array_get_idx(runs, i), "file", &f);
		snprintf(files[n++], 32, "%s", f ? json_object_get_string(f) : "?");
	}
	json_object_put(o);
	free(json);
	trend_free(&t);
	unlink(path);
	return n;
}

int main(void)
{
	char files[NRUNS][32];
	size_t n;

	printf("test_trend_commits: trend --commits names runs by their kernel's commit\n");
	SECTION("prefixes of 7 hex digits or more, a full hash, a describe: the file's order");
	n = order("# newest last\n2222222 second\n00112233445566778899aabbccddeeff00112233\n"
		  "v6.1-3-g3333333 the describe\n1111111111 ten digits\n", files, NRUNS);
	CHECK_U64(n, 4);
	CHECK_STR(files[0], "run2.json");
	CHECK_STR(files[1], "run0.json");
	CHECK_STR(files[2], "run3.json");
	CHECK_STR(files[3], "run1.json");
	SECTION("6 hex digits, or a word that is not hex, name no commit: the run is left out");
	n = order("333333\n2222222\n111111x111\n0011223344\n", files, NRUNS);
	CHECK_U64(n, 2);
	CHECK_STR(files[0], "run2.json");
	CHECK_STR(files[1], "run0.json");
	SECTION("upper-case hex names the same commit");
	n = order("00112233445566778899AABB\n00112233445566778899AABBCCDDEEFF00112233\n", files, NRUNS);
	CHECK_U64(n, 1);
	return check_report("test_trend_commits");
}
