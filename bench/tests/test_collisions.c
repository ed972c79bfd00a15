/* The collisions suite's pure parts: the RAM-adjacent PMEM finder, kernel
 * log records, the suite's kind and the result record. */
#include "check.h"
#include "collisions.h"
#include "iomem.h"
#include "kind.h"
#include "kmsg.h"
#include "units.h"

#define SEC (128 * MIB)

static int adjacent(const char *text, struct iomem_ram_adjacent *a, char *why, size_t len)
{
	struct iomem io;
	char err[256];
	int rc;

	if (iomem_parse(text, &io, err, sizeof(err))) {
		fprintf(stderr, "FAIL parse: %s\n", err);
		exit(1);
	}
	rc = iomem_ram_adjacent_pmem(&io, SEC, a, why, len);
	iomem_free(&io);
	return rc;
}

static void test_adjacent(void)
{
	struct iomem_ram_adjacent a;
	char why[256] = "", *text;

	SECTION("memmap=62M!0x70200000 in a 2G guest: PMEM between RAM in one section");
	text = iomem_read_text(TEST_DATA "/iomem-legacy-next-to-ram.txt");
	CHECK(text != NULL);
	CHECK(adjacent(text, &a, why, sizeof(why)) == 0);
	CHECK_U64(a.pmem_start, 0x70200000);
	CHECK_U64(a.pmem_end, 0x73ffffff);
	CHECK_U64(a.ram_below, 0x70000000);
	CHECK(a.has_ram_above);
	CHECK_U64(a.ram_above, 0x74000000);
	free(text);

	SECTION("section-aligned legacy PMEM is not RAM-adjacent in a section");
	CHECK(adjacent("00100000-fffffff : System RAM\n10000000-17ffffff : Persistent Memory (legacy)\n",
		       &a, why, sizeof(why)) == -1);
	CHECK_CONTAINS(why, "memmap=62M!0x70200000");

	SECTION("a region a driver holds is skipped");
	CHECK(adjacent("00100000-701fffff : System RAM\n70200000-73ffffff : Persistent Memory (legacy)\n"
		       "  70200000-73ffffff : namespace0.0\n", &a, why, sizeof(why)) == -1);

	SECTION("RAM above in the next section is not reported");
	CHECK(adjacent("00100000-701fffff : System RAM\n70200000-77ffffff : Persistent Memory (legacy)\n"
		       "78000000-7fffffff : System RAM\n", &a, why, sizeof(why)) == 0);
	CHECK_U64(a.ram_below, 0x70000000);
	CHECK(!a.has_ram_above);

	SECTION("no PMEM at all");
	CHECK(adjacent("00100000-701fffff : System RAM\n", &a, why, sizeof(why)) == -1);
	CHECK_STR(why, "no Persistent Memory region in /proc/iomem");
}

static void test_kmsg(void)
{
	const char rec[] = "4,812,123456,-;WARNING: CPU: 0 PID: 1 at mm/memory_hotplug.c:300 __add_pages+0x1/0x2\n SUBSYSTEM=cpu\n";
	char *m = kmsg_record_message(rec, sizeof(rec) - 1);

	SECTION("kernel log records and alarms");
	CHECK_STR(m, "WARNING: CPU: 0 PID: 1 at mm/memory_hotplug.c:300 __add_pages+0x1/0x2");
	CHECK(kmsg_is_alarm(m));
	free(m);
	m = kmsg_record_message("6,1,2,-;mhp_bench: loaded", 25);
	CHECK_STR(m, "mhp_bench: loaded");
	CHECK(!kmsg_is_alarm(m));
	free(m);
	CHECK(kmsg_record_message("no prefix", 9) == NULL);
	CHECK(kmsg_is_alarm("BUG: unable to handle page fault"));
	CHECK(kmsg_is_alarm("Oops: 0002 [#1] SMP"));
	CHECK(kmsg_is_alarm("------------[ cut here ]------------"));
}

static void test_suite_and_record(void)
{
	struct collisions c = { 0 };
	struct collision_step st[2];
	json_object *j, *s, *v;
	struct suite suite;
	char err[512] = "";

	SECTION("the shipped suite is of kind collisions, smoke is not");
	CHECK(suite_load(TEST_DATA "/../../suites/collisions", kind_suite_rules, &suite, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK(suite.kind == KIND_COLLISIONS);
	CHECK_STR(suite_kind_name(suite.kind), "collisions");
	CHECK(kind_of(suite.kind)->run == collisions_run);
	CHECK(!(kind_of(suite.kind)->needs & NEEDS_RANGE));
	suite_free(&suite);
	CHECK(suite_load(TEST_DATA "/../../suites/smoke", kind_suite_rules, &suite, err, sizeof(err)) == 0);
	CHECK(suite.kind == KIND_HOTPLUG);
	suite_free(&suite);

	SECTION("the result record");
	memset(st, 0, sizeof(st));
	strcpy(st[0].name, "refuse-1M");
	st[0].result = STEP_PASS;
	strcpy(st[0].observed, "map size 1M: EINVAL");
	strcpy(st[1].name, "2M-next-to-system-ram");
	st[1].result = STEP_SKIP;
	strcpy(st[1].detail, "no layout");
	c.steps = st;
	c.n_steps = 2;
	c.complete = true;
	c.range_start = 0x100000000ULL;
	c.range_size = 2 * SEC;
	j = collisions_to_json(&c);
	CHECK_STR(json_object_get_string(json_object_object_get(j, "format")), "mhpbench-collisions");
	CHECK_STR(json_object_get_string(json_object_object_get(j, "status")), "complete");
	CHECK(json_object_get_int(json_object_object_get(j, "passed")) == 1);
	CHECK(json_object_get_int(json_object_object_get(j, "skipped")) == 1);
	CHECK(json_object_get_int(json_object_object_get(j, "failed")) == 0);
	s = json_object_array_get_idx(json_object_object_get(j, "steps"), 1);
	CHECK_STR(json_object_get_string(json_object_object_get(s, "result")), "skip");
	CHECK(!json_object_get_boolean(json_object_object_get(s, "ok")));
	CHECK(json_object_get_boolean(json_object_object_get(s, "skipped")));
	v = json_object_object_get(s, "kernel_alarms");
	CHECK(json_object_is_type(v, json_type_array) && json_object_array_length(v) == 0);
	CHECK(json_object_object_get_ex(j, "ram_adjacent", &v) && v == NULL);
	json_object_put(j);
}

int main(void)
{
	printf("test_collisions: RAM-adjacent PMEM, kernel log, result record\n");
	test_adjacent();
	test_kmsg();
	test_suite_and_record();
	return check_report("test_collisions");
}
