/* summary.c: the human summary, rendered from in-memory and stored runs. */
#include "check.h"
#include "fixture.h"
#include "result.h"
#include "summary.h"

static char *render(const struct result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	summary_print(f, r);
	fclose(f);
	return buf;
}

static json_object *get(json_object *o, const char *path)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save)) {
		if (k[0] >= '0' && k[0] <= '9')
			o = json_object_array_get_idx(o, (size_t)atoi(k));
		else if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	}
	return o;
}

/* The JSON that scripts read: figures as recorded, the rule's counts. */
static void check_json(void)
{
	struct result r;
	struct summary s;
	json_object *j;

	fixture_result(&r, -1, RUN_COMPLETE);
	CHECK(summary_build(&r, &s) == 0);
	j = summary_to_json(&s);
	CHECK_STR(json_object_get_string(get(j, "cases.0.case")), "2M @+0 generic");
	CHECK_U64(json_object_get_uint64(get(j, "cases.0.map.total.n")), 3);
	CHECK(json_object_get_double(get(j, "cases.0.map.total.median")) == 15001000);
	CHECK(json_object_get_double(get(j, "cases.0.map.wait.median")) == 14000000);
	CHECK_STR(json_object_get_string(get(j, "cases.0.map.phases.2.name")), "arch_add");
	CHECK_U64(json_object_get_uint64(get(j, "cases.0.map.phases.3.depth")), 1);
	/* the largest outermost work phases: arch_add holds add_pages */
	CHECK_STR(json_object_get_string(get(j, "cases.0.map.largest_work.0")), "arch_add");
	CHECK(get(j, "cases.0.map.largest_work.1") == NULL);
	CHECK_STR(json_object_get_string(get(j, "cases.1.unmap.largest_work.0")), "arch_remove");
	CHECK_STR(json_object_get_string(get(j, "work_unit")), "ns");
	CHECK(json_object_get_boolean(get(j, "complete")));
	json_object_put(j);
	summary_free(&s);
	result_free(&r);
}

int main(void)
{
	struct result r;
	char err[256];
	char *out;

	printf("test_summary: human summary\n");
	SECTION("complete run: header, per case and op, phases nested, warmups left out");
	fixture_result(&r, -1, RUN_COMPLETE);
	out = render(&r);
	CHECK_CONTAINS(out, "smoke on 6.1.0-test-amd64, TCG guest, isolated (spacing 50 ms + random 0-20 ms), "
			    "n=3 per case, random order, status complete");
	CHECK(strstr(out, "INCOMPLETE") == NULL);
	CHECK_CONTAINS(out, "\n  2M @+0 generic\n");
	CHECK_CONTAINS(out, "\n  4M @+2M generic\n");
	/* warmups add 85 ms to the map: with them Q3 would be far above 15 ms */
	CHECK_CONTAINS(out, "map   n=3   total   15.0 ms [15.0 ms - 15.0 ms]  wait 14.0 ms  work 1.00 ms\n");
	CHECK_CONTAINS(out, "unmap n=3   total   20.0 ms [20.0 ms - 20.0 ms]  wait 18.0 ms  work 2.00 ms\n");
	CHECK_CONTAINS(out, "      hotplug_begin               14.0 ms  (wait)\n"
			    "        rcu_sync                  13.9 ms  (wait)\n"
			    "      arch_add                     200 us\n"
			    "        add_pages                  150 us\n");
	CHECK_CONTAINS(out, "      ref_wait                    18.0 ms  (wait)\n"
			    "      arch_remove                  500 us\n");
	CHECK(strstr(out, "memmap_init") == NULL);	/* never reached */
	printf("%s", out);
	free(out);
	result_free(&r);

	SECTION("the header names the TCG threading the runner recorded");
	fixture_result(&r, -1, RUN_COMPLETE);
	json_object_put(r.environment);
	r.environment = json_tokener_parse(
		"{\"kernel\":{\"release\":\"6.1.0-test-amd64\"},"
		"\"virtualization\":{\"hypervisor\":true,\"accel\":\"tcg\",\"tcg_thread\":\"single\"}}");
	out = render(&r);
	CHECK_CONTAINS(out, "smoke on 6.1.0-test-amd64, TCG guest (single-threaded), isolated");
	free(out);
	result_free(&r);

	SECTION("a stored \"running\" file says loudly that it is incomplete");
	CHECK(result_read(TEST_DATA "/result-smoke-running.json", &r, err, sizeof(err)) == 0);
	out = render(&r);
	CHECK_CONTAINS(out, "status running");
	/* written before spacing_jitter_ms existed: it slept exactly 50 ms */
	CHECK_CONTAINS(out, "isolated (spacing 50 ms), ");
	CHECK_CONTAINS(out, "!!! INCOMPLETE RUN (running): 3 of 12 measured samples; still running, or the collector died");
	free(out);
	result_free(&r);

	SECTION("failed run: error shown, failed samples counted, not in the stats");
	fixture_result(&r, 8, RUN_FAILED);
	r.samples[7].map = (struct op_timing){ .done = true, .err = 12 };
	r.samples[7].unmap = (struct op_timing){ 0 };
	result_set_error(&r, "map 4M @+2M generic failed: Cannot allocate memory (errno 12)");
	out = render(&r);
	CHECK_CONTAINS(out, "!!! INCOMPLETE RUN (failed)");
	CHECK_CONTAINS(out, "!!! error: map 4M @+2M generic failed");
	CHECK_CONTAINS(out, "(1 failed)");
	free(out);
	result_free(&r);
	SECTION("the JSON summary carries the figures and the largest work phases");
	check_json();

	SECTION("a pfn_valid run: its kind's figures, no hotplug cases");
	CHECK(result_read(TEST_DATA "/result-pfn-valid.json", &r, err, sizeof(err)) == 0);
	{
		struct summary s;
		json_object *j;

		CHECK(summary_build(&r, &s) == 0);
		j = summary_to_json(&s);
		CHECK(get(j, "cases") == NULL);
		CHECK_STR(json_object_get_string(get(j, "pfn_valid.0.case")), "added");
		CHECK(json_object_get_double(get(j, "pfn_valid.0.call_median")) == 12.5);
		CHECK_U64(json_object_get_uint64(get(j, "pfn_valid.0.valid")), 512);
		CHECK_U64(json_object_get_uint64(get(j, "expected")), 15);
		json_object_put(j);
		summary_free(&s);
	}
	result_free(&r);

	SECTION("the short summary: one line per op and its largest work phases");
	fixture_result(&r, -1, RUN_COMPLETE);
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		summary_print_as(f, &r, SUMMARY_TEXT, SUMMARY_SHORT);
		fclose(f);
		CHECK_CONTAINS(buf, "map   n=3   total   15.0 ms [15.0 ms - 15.0 ms]  wait 14.0 ms  work 1.00 ms\n"
				    "          largest work: arch_add 200 us\n");
		CHECK(strstr(buf, "add_pages") == NULL);
		free(buf);
	}
	result_free(&r);
	return check_report("test_summary");
}
