/* suite.c: the suite file parser, its errors and the shipped suites. */
#include "kind.h"
#include "check.h"
#include "suite.h"
#include "pmu.h"
#include "units.h"

#include <mhp_bench.h>

#include <unistd.h>

/* Parse @text; on success return "" else the error message. */
static const char *parse(const char *text, struct suite *s)
{
	static char err[512];

	err[0] = '\0';
	if (suite_parse("suites/x", text, kind_suite_rules, s, err, sizeof(err)) == 0)
		err[0] = '\0';
	else if (!err[0])
		snprintf(err, sizeof(err), "(failed without a message)");
	return err;
}

static void expect_error(const char *text, const char *message)
{
	struct suite s;

	CHECK_STR(parse(text, &s), message);
	suite_free(&s);
}

static void test_events(void)
{
	struct suite s;

	SECTION("events: the default set, a chosen set, none");
	CHECK_STR(parse("name x\nsizes 2M\n", &s), "");
	CHECK_STR(s.events, PMU_DEFAULT_EVENTS);
	suite_free(&s);
	CHECK_STR(parse("name x\nsizes 2M\nevents cycles  task-clock\n", &s), "");
	CHECK_STR(s.events, "cycles task-clock");
	suite_free(&s);
	CHECK_STR(parse("name x\nsizes 2M\nevents none\n", &s), "");
	CHECK_STR(s.events, "");
	suite_free(&s);
}

static void test_max_size(void)
{
	struct suite s;

	SECTION("sizes max: resolved to the largest multiple of every compound page that fits");
	CHECK_STR(parse("name x\nsizes 2M max\noffsets 0 2M\n", &s), "");
	CHECK(s.size_max && s.n_sizes == 1);
	CHECK_U64(suite_add_max_size(&s, 4ULL << 30), (4ULL << 30) - (2ULL << 20));
	CHECK_U64(s.n_sizes, 2);
	CHECK_U64(suite_span(&s), 4ULL << 30);
	suite_free(&s);
	CHECK_STR(parse("name x\nsizes 1G max\nvmemmap_shift 0 18\n", &s), "");
	CHECK_U64(suite_add_max_size(&s, (4ULL << 30) + (100ULL << 20)), 4ULL << 30);
	suite_free(&s);
	CHECK_STR(parse("name x\nsizes 1G max\n", &s), "");
	CHECK_U64(suite_add_max_size(&s, 1ULL << 30), 0);	/* nothing larger fits */
	CHECK_U64(s.n_sizes, 1);
	suite_free(&s);
	expect_error("name x\nsizes max\n", "suites/x:2: sizes: max needs at least one other size");
	expect_error("name x\nsizes 2M max max\n", "suites/x:2: sizes: max is listed twice");
}

static void test_full(void)
{
	struct suite s;
	struct bench_case c;

	SECTION("every key, comments, blank lines, defaults");
	CHECK_STR(parse("# a comment\n\nname full  # trailing comment\n"
			"description  two words  \n"
			"sizes 1G 2G\noffsets 0 0x40000000\ntype generic fs_dax\n"
			"vmemmap_shift 0 18\nrepeat 5\nwarmup 0\nspacing_ms 0\n"
			"order sequential\nseed 0xffffffffffffffff\n", &s), "");
	CHECK_STR(s.name, "full");
	CHECK_STR(s.description, "two words");
	CHECK_U64(s.n_sizes, 2);
	CHECK_U64(s.sizes[1], 2 * GIB);
	CHECK_U64(s.offsets[1], GIB);
	CHECK_U64(s.types[1], MHPB_PGMAP_FS_DAX);
	CHECK_U64(s.shifts[1], 18);
	CHECK_U64(s.repeat, 5);
	CHECK_U64(s.warmup, 0);
	CHECK_U64(s.spacing_ms, 0);
	CHECK_U64(s.spacing_jitter_ms, 0);	/* back-to-back: no sleep to vary */
	CHECK_STR(suite_mode_name(&s), "back-to-back");
	CHECK(s.order == ORDER_SEQUENTIAL);
	CHECK(s.seed_given && s.seed == UINT64_MAX);
	CHECK_U64(suite_case_count(&s), 16);
	CHECK_U64(suite_span(&s), 3 * GIB);
	SECTION("cross product order: size, offset, type, shift");
	c = suite_case(&s, 0);
	CHECK(c.size == GIB && c.offset == 0 && c.type == MHPB_PGMAP_GENERIC && c.vmemmap_shift == 0);
	c = suite_case(&s, 1);
	CHECK(c.size == GIB && c.offset == 0 && c.vmemmap_shift == 18);
	c = suite_case(&s, 15);
	CHECK(c.size == 2 * GIB && c.offset == GIB && c.type == MHPB_PGMAP_FS_DAX && c.vmemmap_shift == 18);
	CHECK_U64(suite_case_index(&s, &c), 15);
	suite_free(&s);

	CHECK_STR(parse("name d\nsizes 64M\n", &s), "");
	CHECK(s.repeat == 10 && s.warmup == 2 && s.spacing_ms == 50);
	CHECK_U64(s.spacing_jitter_ms, 20);
	CHECK(s.order == ORDER_RANDOM && !s.seed_given);
	CHECK(s.n_offsets == 1 && s.offsets[0] == 0);
	CHECK(s.n_types == 1 && s.types[0] == MHPB_PGMAP_GENERIC);
	CHECK(s.n_shifts == 1 && s.shifts[0] == 0);
	CHECK_STR(suite_mode_name(&s), "isolated");
	CHECK(s.description == NULL);
	suite_free(&s);
}

static void test_errors(void)
{
	struct suite s;

	SECTION("errors name file, line, key and reason");
	expect_error("name x\n\nsizes 2M 3X\n", "suites/x:3: sizes: '3X' is not a size (use K, M or G)");
	expect_error("name x\nsizes 2M\nbogus 1\n", "suites/x:3: bogus: unknown key");
	SECTION("spacing_jitter_ms");
	expect_error("name x\nsizes 2M\nspacing_ms 0\nspacing_jitter_ms 5\n",
		     "suites/x:4: spacing_jitter_ms: needs spacing_ms above 0 (back-to-back has no sleep to vary)");
	expect_error("name x\nkind pfn_valid\nspacing_jitter_ms 5\n",
		     "suites/x:3: spacing_jitter_ms: not used by kind pfn_valid");
	CHECK_STR(parse("name x\nsizes 2M\nspacing_ms 0\nspacing_jitter_ms 0\n", &s), "");
	suite_free(&s);
	CHECK_STR(parse("name x\nsizes 2M\nspacing_ms 10\nspacing_jitter_ms 0\n", &s), "");
	CHECK(s.spacing_ms == 10 && s.spacing_jitter_ms == 0);
	suite_free(&s);
	expect_error("name x\nsizes\n", "suites/x:2: sizes: missing value");
	expect_error("name x\nsizes 2M\nsizes 4M\n", "suites/x:3: sizes: duplicate key (first on line 2)");
	expect_error("name x\nsizes 3M\n", "suites/x:2: sizes: '3M' is not a multiple of 2M (one sub-section)");
	expect_error("name x\nsizes 0\n", "suites/x:2: sizes: size must not be 0");
	expect_error("name x\nsizes 2M\nevents cycles none\n", "suites/x:3: events: 'none' must stand alone");
	expect_error("name x\nsizes 2M\nevents cyc!es\n", "suites/x:3: events: 'cyc!es' is not an event name");
	expect_error("name x\nsizes 2M\nevents a b c d e f g h i\n", "suites/x:3: events: more than 8 events");
	expect_error("name x\nsizes 2M\noffsets 1M\n", "suites/x:3: offsets: '1M' is not a multiple of 2M (one sub-section)");
	expect_error("name x\nsizes 2M\nvmemmap_shift 5\n", "suites/x:3: vmemmap_shift: '5' is not a vmemmap shift (use 0, 9 or 18)");
	expect_error("name x\nsizes 2M\nrepeat 0\n", "suites/x:3: repeat: must be at least 1");
	expect_error("name x\nsizes 2M\nrepeat 2 3\n", "suites/x:3: repeat: expects exactly one value, got 2");
	expect_error("name x\nsizes 2M\nwarmup -1\n", "suites/x:3: warmup: '-1' is not a whole number");
	expect_error("sizes 2M\n", "suites/x: name: missing (every suite needs 'name WORD')");
	expect_error("name x\n", "suites/x: sizes: missing (e.g. 'sizes 2M 64M')");
	expect_error("name a/b\nsizes 2M\n", "suites/x:1: name: 'a/b' may only use letters, digits, '_', '.', '-'");
	expect_error("name x\nsizes 2M\ntype devdax\n", "suites/x:3: type: 'devdax' is not a type (use generic, fs_dax or private)");
	SECTION("type private: alone, base pages, memmap in DRAM, no max");
	expect_error("name x\nsizes 2M\ntype generic private\n",
		     "suites/x:3: type: private cannot be mixed with other types (it needs its own claim)");
	expect_error("name x\nsizes 2M\ntype private\nvmemmap_shift 9\n",
		     "suites/x:3: type: private takes vmemmap_shift 0 only");
	expect_error("name x\nsizes 4M\nmemmap pmem\ntype private\n",
		     "suites/x:4: type: private takes memmap dram only");
	expect_error("name x\nsizes 2M max\ntype private\n",
		     "suites/x:3: type: private takes no sizes max (it sizes a free PMEM range)");
	expect_error("name x\nsizes 2M\norder shuffled\n", "suites/x:3: order: expects random or sequential");
	expect_error("name x\nsizes 2M 2M\n", "suites/x:2: sizes: 2M is listed twice");
	SECTION("compound pages: shift 18 needs 1G multiples, 9 needs 2M");
	expect_error("name x\nsizes 2M 4M\nvmemmap_shift 0 18\n",
		     "suites/x:3: vmemmap_shift: 18 needs sizes that are multiples of its compound page, size 2M is not");
	expect_error("name x\nsizes 1G\noffsets 2M\nvmemmap_shift 18\n",
		     "suites/x:4: vmemmap_shift: 18 needs offsets that are multiples of its compound page, offset 2M is not");
	expect_error("name x\nsizes 2M\nvmemmap_shift 9\nmemmap pmem\n",
		     "suites/x:4: memmap: no legal case: pmem needs sizes larger than the compound page");
	SECTION("new keys: kind, memmap, probes, loops, window");
	expect_error("name x\nsizes 2M\nmemmap nvme\n", "suites/x:3: memmap: 'nvme' is not a memmap location (use dram or pmem)");
	expect_error("name x\nsizes 2M\nprobes maybe\n", "suites/x:3: probes: expects on, off or both");
	expect_error("name x\nkind other\n", "suites/x:2: kind: expects hotplug, pfn_valid or collisions");
	expect_error("name x\nkind pfn_valid\nsizes 2M\n", "suites/x:3: sizes: not used by kind pfn_valid");
	expect_error("name x\nsizes 2M\nloops 5\n", "suites/x:3: loops: not used by kind hotplug");
	expect_error("name x\nkind pfn_valid\nwindow 6K\n", "suites/x:3: window: must be a non-zero multiple of 4K, at most 64M");
	expect_error("name x\nkind pfn_valid\nwindow 128M\n", "suites/x:3: window: must be a non-zero multiple of 4K, at most 64M");
	expect_error("name x\nsizes 2M\noffsets 2M\nvmemmap_shift 9\n", "");
}

/* Each kind takes the keys of its row in kind.c and refuses the others. */
static void test_kinds(void)
{
	struct suite s;

	SECTION("kind collisions: name, description and kind only");
	CHECK_STR(parse("name c\ndescription steps\nkind collisions\n", &s), "");
	CHECK(s.kind == KIND_COLLISIONS);
	CHECK_STR(suite_kind_name(s.kind), "collisions");
	CHECK_U64(s.spacing_jitter_ms, 0);	/* nothing sleeps */
	CHECK_U64(suite_case_count(&s), 0);
	suite_free(&s);
	expect_error("name c\nkind collisions\nrepeat 3\n",
		     "suites/x:3: repeat: not used by kind collisions");
	expect_error("name c\nsizes 2M\nkind collisions\n",
		     "suites/x:2: sizes: not used by kind collisions");
	SECTION("several unused keys: the first in key order is named");
	expect_error("name x\nkind pfn_valid\nevents none\nspacing_ms 5\nmemmap dram\n",
		     "suites/x:5: memmap: not used by kind pfn_valid");
	expect_error("name x\nwindow 4M\nloops 5\nsizes 2M\n",
		     "suites/x:3: loops: not used by kind hotplug");
	SECTION("pfn_valid records no jitter, keeps the other defaults");
	CHECK_STR(parse("name p\nkind pfn_valid\n", &s), "");
	CHECK(s.spacing_jitter_ms == 0 && s.spacing_ms == 50 && s.loops == 1000);
	CHECK_STR(s.events, PMU_DEFAULT_EVENTS);
	suite_free(&s);
	expect_error("name p\nkind pfn_valid\nwindow 64M\nloops 5000\n",
		     "suites/x:4: loops: window pfns x loops is above 67108864");
}

/* Illegal points of the cross product are skipped, in order. */
static void test_legal_cases(void)
{
	struct suite s;
	struct bench_case c;

	SECTION("cross product skips illegal shift and memmap combinations");
	CHECK_STR(parse("name l\nsizes 2M 1G\noffsets 0 2M\nvmemmap_shift 0 9 18\n"
			"memmap dram pmem\nprobes both\n", &s), "");
	/* 2M: 0 x {0,9} x dram + 0 x pmem = 3 per offset; 1G @0: 3 shifts x 2
	 * memmaps - (18, pmem) = 5; 1G @2M: {0, 9} x 2 = 4 */
	CHECK_U64(suite_case_count(&s), 3 + 3 + 5 + 4);
	c = suite_case(&s, 0);
	CHECK(c.size == 2 * MIB && c.vmemmap_shift == 0 && c.memmap == MEMMAP_DRAM);
	c = suite_case(&s, 1);
	CHECK(c.size == 2 * MIB && c.vmemmap_shift == 0 && c.memmap == MEMMAP_PMEM);
	c = suite_case(&s, 2);
	CHECK(c.size == 2 * MIB && c.vmemmap_shift == 9 && c.memmap == MEMMAP_DRAM);
	c = suite_case(&s, 10);
	CHECK(c.size == GIB && c.offset == 0 && c.vmemmap_shift == 18 && c.memmap == MEMMAP_DRAM);
	CHECK_U64(suite_case_index(&s, &c), 10);
	c.memmap = MEMMAP_PMEM;
	CHECK(suite_case_index(&s, &c) == -1);
	CHECK(s.probes == PROBES_BOTH);
	suite_free(&s);

	CHECK_STR(parse("name p\nkind pfn_valid\nloops 7\nwindow 4M\n", &s), "");
	CHECK(s.kind == KIND_PFN_VALID && s.loops == 7 && s.window == 4 * MIB);
	CHECK_U64(suite_case_count(&s), 0);
	CHECK_U64(suite_span(&s), 256 * MIB);
	suite_free(&s);
}

static void test_shipped(void)
{
	struct suite s;
	char err[512] = "";

	SECTION("suites/subsection as specified");
	CHECK(suite_load(TEST_DATA "/../../suites/subsection", kind_suite_rules, &s, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK_STR(s.name, "subsection");
	CHECK_U64(s.n_sizes, 5);
	CHECK(s.sizes[0] == 2 * MIB && s.sizes[1] == 4 * MIB && s.sizes[2] == 64 * MIB &&
	      s.sizes[3] == 128 * MIB && s.sizes[4] == GIB);
	CHECK(s.n_offsets == 2 && s.offsets[0] == 0 && s.offsets[1] == 2 * MIB);
	CHECK(s.repeat == 10 && s.warmup == 2 && s.spacing_ms == 50);
	CHECK_U64(suite_case_count(&s), 10);
	CHECK_U64(suite_span(&s), GIB + 2 * MIB);
	CHECK(strstr(s.text, "Suite file format") != NULL);
	suite_free(&s);

	SECTION("suites/pfn_valid and suites/full parse");
	CHECK(suite_load(TEST_DATA "/../../suites/pfn_valid", kind_suite_rules, &s, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK(s.kind == KIND_PFN_VALID);
	suite_free(&s);
	CHECK(suite_load(TEST_DATA "/../../suites/full", kind_suite_rules, &s, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK(s.probes == PROBES_BOTH && s.n_memmaps == 2 && s.n_shifts == 3);
	suite_free(&s);

	SECTION("suites/private: type private, the sizes and offsets of subsection");
	CHECK(suite_load(TEST_DATA "/../../suites/private", kind_suite_rules, &s, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK(suite_is_private(&s));
	CHECK(s.n_types == 1 && s.types[0] == MHPB_PGMAP_PRIVATE);
	CHECK_STR(pgmap_type_name(s.types[0]), "private");
	CHECK_U64(suite_case_count(&s), 10);
	CHECK_U64(suite_span(&s), GIB + 2 * MIB);
	suite_free(&s);
	CHECK(suite_load(TEST_DATA "/../../suites/subsection", kind_suite_rules, &s, err, sizeof(err)) == 0);
	CHECK(!suite_is_private(&s));
	suite_free(&s);

	SECTION("suites/smoke as specified");
	CHECK(suite_load(TEST_DATA "/../../suites/smoke", kind_suite_rules, &s, err, sizeof(err)) == 0);
	CHECK(s.n_sizes == 2 && s.sizes[0] == 2 * MIB && s.sizes[1] == 4 * MIB);
	CHECK(s.n_offsets == 2 && s.offsets[1] == 2 * MIB);
	CHECK(s.repeat == 3 && s.warmup == 1);
	suite_free(&s);

	SECTION("a missing file is an error naming it");
	CHECK(suite_load("/nonexistent/suite", kind_suite_rules, &s, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "/nonexistent/suite: cannot read suite");
	suite_free(&s);
}

/* Write @len bytes of @text to a temporary suite file and load it: -1
 * expected, the error in @err (the path in @path). */
static int load_bytes(const char *text, size_t len, char *path, char *err, size_t errlen)
{
	struct suite s;
	int fd, rc;

	strcpy(path, "/tmp/mhpb-suite-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		return 0;
	close(fd);
	rc = suite_load(path, kind_suite_rules, &s, err, errlen);
	suite_free(&s);
	unlink(path);
	return rc;
}

static void test_corrupt(void)
{
	static const char text[] = "name x\nsizes 2M 4M\nrepeat 3\n";
	char path[64], err[512], want[600];

	SECTION("a truncated or corrupted suite file: the error names file and line");
	CHECK(load_bytes(text, 14, path, err, sizeof(err)) == -1);	/* cut in "2M" */
	snprintf(want, sizeof(want), "%s:2: sizes: '2' is not a multiple of 2M (one sub-section)", path);
	CHECK_STR(err, want);
	CHECK(load_bytes(text, 22, path, err, sizeof(err)) == -1);	/* cut in "repeat" */
	snprintf(want, sizeof(want), "%s:3: rep: unknown key", path);
	CHECK_STR(err, want);
	CHECK(load_bytes(text, sizeof(text) - 1, path, err, sizeof(err)) == 0);
	CHECK(load_bytes("name x\nsizes 2M\0\n", 17, path, err, sizeof(err)) == -1);
	snprintf(want, sizeof(want), "%s:2: a NUL byte at column 9 (byte 15): not a text file", path);
	CHECK_STR(err, want);
	CHECK(load_bytes("\xff\xfe\x01\n", 4, path, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, ":1: ");
}

int main(void)
{
	printf("test_suite: suite file parser\n");
	test_full();
	test_events();
	test_max_size();
	test_errors();
	test_legal_cases();
	test_kinds();
	test_shipped();
	test_corrupt();
	return check_report("test_suite");
}
