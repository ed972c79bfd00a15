/* compare --format kcidb (compare_kcidb.c), read back as JSON: the
 * stored exact-mode comparison of Debian's 6.1 and 6.12
 * (results/examples/compare-6.1-vs-6.12-exact/runs) as KCIDB v5 objects,
 * a checkout and a build per side and a test per side and row; every id
 * unique and every link to an object of the document; each test's
 * number the side's median in the row's unit; B's verdicts compare's
 * (the example's report: 111 worse, 49 better, 100 not tested); the same
 * document when written twice. Then fixture runs whose kernels record
 * their source: the git and Debian fields, KCIDB's patchset hash, and
 * SKIP for a row one side lacks. The schema itself: tests/kcidb.sh. */
#include "check.h"
#include "compare_fmt.h"
#include "compare_summary.h"
#include "fixture.h"
#include "result.h"

#include <ctype.h>

#define EXAMPLE TEST_DATA "/../../../results/examples/compare-6.1-vs-6.12-exact/runs"
#define SPARSE_2M "mhpbench.subsection.map.2M-at-0-generic.sparse_add_section"
/* printf '%s\n' <the patch's sha256> | sha256sum (source-debian.json) */
#define DEBIAN_PATCHSET "bb2e6f6cd2d2af14500ea6d00309899fd2f67fa4d73d09df1b8f683c0fb2c010"

/* @o's member @key, or NULL. */
static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* @o's string member @key, or "" (absent, or not a string). */
static const char *str_of(json_object *o, const char *key)
{
	json_object *v = member(o, key);

	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

static json_object *item(json_object *doc, const char *list, size_t i)
{
	return json_object_array_get_idx(member(doc, list), i);
}

/* The object of @list whose @key is @val, or NULL. */
static json_object *find(json_object *doc, const char *list, const char *key, const char *val)
{
	json_object *a = member(doc, list);

	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		if (!strcmp(str_of(json_object_array_get_idx(a, i), key), val))
			return json_object_array_get_idx(a, i);
	return NULL;
}

/* A path of the schema: dot-separated nodes of [a-zA-Z0-9_-]+. */
static bool path_ok(const char *p)
{
	size_t node = 0;

	for (; *p; p++) {
		if (*p == '.' && node) {
			node = 0;
			continue;
		}
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
		node++;
	}
	return node > 0;
}

/* The objects of @list: origin mhpbench, ids "mhpbench:..." and unique,
 * and each @link (or NULL) the id of an object of @target. */
static void check_objects(json_object *doc, const char *list, const char *link,
			  const char *target)
{
	json_object *a = member(doc, list);
	size_t n = a ? json_object_array_length(a) : 0, bad = 0;

	CHECK(n > 0);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(a, i);

		bad += strcmp(str_of(o, "origin"), "mhpbench") != 0;
		bad += strncmp(str_of(o, "id"), "mhpbench:", 9) != 0;
		bad += find(doc, list, "id", str_of(o, "id")) != o;	/* the first with its id */
		bad += link && !find(doc, target, "id", str_of(o, link));
	}
	CHECK_U64(bad, 0);
}

/* Test @t of side @k against @row: its place, status and number. */
static size_t bad_test(const struct comparison *cmp, const struct cmp_row *row, size_t k,
		       json_object *t, json_object *doc)
{
	const struct cmp_cell *c = &row->cell[k];
	json_object *misc = member(t, "misc"), *num = member(t, "number");
	enum figure_unit u = row_unit(cmp, row);
	char side[2] = { LETTER(k), 0 };
	size_t bad = 0;

	bad += strcmp(str_of(misc, "side"), side) || strcmp(str_of(misc, "metric"), row->name);
	bad += strcmp(str_of(misc, "op"), op_name(row)) != 0;
	bad += !path_ok(str_of(t, "path")) || strncmp(str_of(t, "path"), "mhpbench.", 9);
	bad += strcmp(str_of(t, "build_id"), str_of(item(doc, "builds", k), "id")) != 0;
	bad += strcmp(str_of(misc, "unit"), figure_unit_name(u)) != 0;
	if (!c->n)
		return bad + strcmp(str_of(t, "status"), "SKIP") + (num != NULL);
	bad += strcmp(str_of(t, "status"), "DONE") != 0;
	bad += json_object_get_double(member(num, "value")) != figure_count(c->median, u, cmp->shift);
	bad += strcmp(str_of(num, "unit"), figure_unit_name(u)) != 0;
	return bad;
}

/* Against A (sides after it): compare's verdict and A's test named. */
static size_t bad_verdict(const struct cmp_row *row, size_t k, json_object *t, json_object *a)
{
	json_object *v = member(member(t, "misc"), "compare");

	if (!k)
		return v != NULL;
	return (size_t)(strcmp(str_of(v, "verdict"), verdict_key(cmp_cell_verdict(row, k))) != 0) +
	       (strcmp(str_of(v, "baseline_test_id"), str_of(a, "id")) != 0) +
	       (strcmp(str_of(a, "path"), str_of(t, "path")) != 0);
}

/* One test per side and row, row by row, A then B. */
static void check_tests(const struct comparison *cmp, json_object *doc)
{
	size_t bad = 0;

	CHECK_U64(json_object_array_length(member(doc, "tests")), cmp->nr * cmp->np);
	for (size_t r = 0; r < cmp->nr; r++)
		for (size_t k = 0; k < cmp->np; k++) {
			json_object *t = item(doc, "tests", r * cmp->np + k);

			bad += bad_test(cmp, &cmp->rows[r], k, t, doc);
			bad += bad_verdict(&cmp->rows[r], k, t, item(doc, "tests", r * cmp->np));
		}
	CHECK_U64(bad, 0);
}

static void check_document(const struct comparison *cmp, json_object *doc)
{
	CHECK(json_object_get_int(member(member(doc, "version"), "major")) == 5);
	CHECK(json_object_get_int(member(member(doc, "version"), "minor")) == 3);
	CHECK_U64(json_object_array_length(member(doc, "checkouts")), cmp->np);
	CHECK_U64(json_object_array_length(member(doc, "builds")), cmp->np);
	check_objects(doc, "checkouts", NULL, NULL);
	check_objects(doc, "builds", "checkout_id", "checkouts");
	check_objects(doc, "tests", "build_id", "builds");
	check_tests(cmp, doc);
}

/* B's build: the rows by verdict, as the report's first line. */
static void check_verdict_counts(const struct comparison *cmp, json_object *doc)
{
	json_object *v = member(member(member(item(doc, "builds", 1), "misc"), "compare"),
				"verdicts");
	size_t count[VERDICT_COUNT];

	cmp_verdict_counts(cmp, 1, count);
	for (int i = 0; i < VERDICT_COUNT; i++)
		CHECK_U64(json_object_get_int64(member(v, verdict_key((enum cell_verdict)i))),
			  count[i]);
	CHECK_U64(count[VERDICT_WORSE], 111);
	CHECK_U64(count[VERDICT_BETTER], 49);
	CHECK_U64(count[VERDICT_UNCHANGED], 0);
	CHECK_U64(count[VERDICT_NOT_TESTED], 100);
}

/* The example's README: sparse_add_section of a 2 MiB map executes 13593
 * instructions on 6.1, 14397 on 6.12, flagged worse by the exact rule. */
static void check_sparse_row(json_object *doc)
{
	json_object *tests = member(doc, "tests"), *a = NULL, *b = NULL, *v;

	for (size_t i = 0; tests && i < json_object_array_length(tests); i++) {
		json_object *t = json_object_array_get_idx(tests, i);

		if (strcmp(str_of(t, "path"), SPARSE_2M))
			continue;
		if (!a)
			a = t;
		else
			b = t;
	}
	CHECK(a && b);
	CHECK(json_object_get_double(member(member(a, "number"), "value")) == 13593);
	CHECK(json_object_get_double(member(member(b, "number"), "value")) == 14397);
	CHECK_STR(str_of(member(b, "number"), "unit"), "instructions");
	CHECK_STR(str_of(member(b, "misc"), "clock"), "icount");
	v = member(member(b, "misc"), "compare");
	CHECK_STR(str_of(v, "verdict"), "worse");
	CHECK_STR(str_of(v, "method"), "exact");
	CHECK(member(v, "p") == NULL);	/* an exact row has no p */
	CHECK_STR(str_of(b, "comment"), "2M @+0 generic map sparse_add_section: worse against A, "
		  "+5.91% (exact)");
}

/* Stock Debian kernels: no source, the release; the build's config hash. */
static void check_stock_kernels(json_object *doc)
{
	json_object *co = item(doc, "checkouts", 0), *b = item(doc, "builds", 1);

	CHECK_STR(str_of(co, "comment"), "6.1.0-57-amd64");
	CHECK(!member(co, "git_commit_hash") && !member(co, "patchset_hash"));
	CHECK_STR(str_of(b, "architecture"), "x86_64");
	CHECK_STR(str_of(b, "status"), "PASS");
	CHECK_U64(strlen(str_of(member(b, "misc"), "config_sha256")), 64);
	CHECK_CONTAINS(str_of(b, "comment"), "6.12.117+deb12-amd64 #1 SMP PREEMPT_DYNAMIC Debian");
}

static void example_section(void)
{
	const struct cmp_params prm = CMP_DEFAULTS;
	struct pool pools[2];
	struct comparison cmp;
	char err[512], *text, *again;
	json_object *doc;

	SECTION("the stored 6.1 against 6.12 (exact): objects, links, numbers, verdicts");
	memset(pools, 0, sizeof(pools));
	CHECK(pool_load(&pools[0], EXAMPLE "/6.1", err, sizeof(err)) == 0);
	CHECK(pool_load(&pools[1], EXAMPLE "/6.12", err, sizeof(err)) == 0);
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	text = fixture_report(&cmp, FORMAT_KCIDB, LAYOUT_SHORT);
	doc = json_tokener_parse(text);
	CHECK(doc != NULL);
	check_document(&cmp, doc);
	check_verdict_counts(&cmp, doc);
	check_sparse_row(doc);
	check_stock_kernels(doc);
	SECTION("written twice: the same document, the same ids");
	again = fixture_report(&cmp, FORMAT_KCIDB, LAYOUT_SHORT);
	CHECK(text && again && !strcmp(text, again));
	json_object_put(doc);
	free(text);
	free(again);
	compare_free(&cmp);
	pool_free(&pools[0]);
	pool_free(&pools[1]);
}

/* A fixture run in @env with kernel.source from TEST_DATA/@source; with
 * @extra, map init_mapping timed too (a phase the other side lacks). */
static int add_sourced(struct pool *p, const char *env, const char *source, bool extra)
{
	char path[512];
	struct result r;
	json_object *kernel = NULL;
	int rc;

	fixture_result(&r, -1, RUN_COMPLETE);
	json_object_put(r.environment);
	r.environment = json_tokener_parse(env);
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, source);
	json_object_object_get_ex(r.environment, "kernel", &kernel);
	json_object_object_add(kernel, "source", json_object_from_file(path));
	for (size_t i = 0; extra && i < r.n_samples; i++) {
		r.samples[i].map.phase_ns[MHPB_PH_MAP_INIT_MAPPING] = 60000;
		r.samples[i].map.phase_calls[MHPB_PH_MAP_INIT_MAPPING] = 1;
	}
	rc = pool_add(p, &r);
	result_free(&r);
	return rc;
}

/* The git side's and the Debian side's checkouts and builds. */
static void check_sources(json_object *doc)
{
	json_object *a = item(doc, "checkouts", 0), *b = item(doc, "checkouts", 1);
	json_object *bb = item(doc, "builds", 1);

	CHECK_STR(str_of(a, "git_commit_hash"), "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
	CHECK_STR(str_of(a, "git_commit_name"), "v6.1-7-g1a2b3c4");
	CHECK(member(a, "patchset_hash") && !str_of(a, "patchset_hash")[0]);	/* no patches */
	CHECK_STR(str_of(a, "comment"), "6.1.0-test-amd64: git v6.1-7-g1a2b3c4 \"mm/sparse: "
		  "count loop in section activation\"");
	CHECK_STR(str_of(item(doc, "builds", 0), "config_name"), "tinyconfig + mhpbench.config");
	CHECK(!member(b, "git_commit_hash") && !member(b, "git_commit_name"));
	CHECK_STR(str_of(b, "patchset_hash"), DEBIAN_PATCHSET);
	CHECK_CONTAINS(str_of(b, "comment"), ": debian linux-source-6.1 6.1.158-1 + "
		       "0001-mm-sparse-count.patch \"mm/sparse: ");
	CHECK_STR(str_of(member(member(b, "misc"), "source"), "kind"), "debian");
	CHECK_STR(str_of(bb, "config_name"), "/home/dev/my.config + mhpbench.config");
	CHECK_STR(str_of(member(bb, "misc"), "instrumentation"), "kretprobes");
	CHECK_STR(json_object_get_string(json_object_array_get_idx(
		member(member(bb, "misc"), "config_dropped"), 0)), "CONFIG_DEBUG_INFO_BTF");
}

/* init_mapping, timed on B only: A's test SKIP, B's DONE, not tested. */
static void check_skip(json_object *doc)
{
	json_object *tests = member(doc, "tests");
	size_t skipped = 0, done = 0, bad = 0;

	for (size_t i = 0; tests && i < json_object_array_length(tests); i++) {
		json_object *t = json_object_array_get_idx(tests, i), *m = member(t, "misc");

		if (strcmp(str_of(m, "metric"), "init_mapping"))
			continue;
		if (!strcmp(str_of(m, "side"), "A")) {
			skipped += !strcmp(str_of(t, "status"), "SKIP") && !member(t, "number");
			continue;
		}
		done += !strcmp(str_of(t, "status"), "DONE");
		bad += strcmp(str_of(member(m, "compare"), "verdict"), "not_tested") != 0;
	}
	CHECK_U64(skipped, 4);	/* the smoke suite's 4 cases */
	CHECK_U64(done, 4);
	CHECK_U64(bad, 0);
}

static void source_section(void)
{
	const struct cmp_params prm = CMP_DEFAULTS;
	struct pool pools[2];
	struct comparison cmp;
	char *text;
	json_object *doc;

	SECTION("git against Debian with a patch: commit, describe, patchset hash; SKIP");
	memset(pools, 0, sizeof(pools));
	CHECK(add_sourced(&pools[0], ICOUNT_ENV("a1"), "source-git.json", false) == 0);
	CHECK(add_sourced(&pools[1], ICOUNT_ENV("b1"), "source-debian.json", true) == 0);
	for (size_t k = 0; k < 2; k++) {
		pool_finish(&pools[k]);
		pools[k].arg = strdup(k ? "runs/b" : "runs/a");
	}
	CHECK(compare_build(&cmp, pools, 2, &prm) == 0);
	text = fixture_report(&cmp, FORMAT_KCIDB, LAYOUT_SHORT);
	doc = json_tokener_parse(text);
	CHECK(doc != NULL);
	check_document(&cmp, doc);
	check_sources(doc);
	check_skip(doc);
	json_object_put(doc);
	free(text);
	compare_free(&cmp);
	pool_free(&pools[0]);
	pool_free(&pools[1]);
}

int main(void)
{
	printf("test_compare_kcidb: compare --format kcidb, read back\n");
	example_section();
	source_section();
	return check_report("test_compare_kcidb");
}
