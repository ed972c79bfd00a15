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
	result_set_error(&r, "map 4M @+2M generic shift 0 failed: Cannot allocate memory (errno 12)");
	out = render(&r);
	CHECK_CONTAINS(out, "!!! INCOMPLETE RUN (failed)");
	CHECK_CONTAINS(out, "!!! error: map 4M @+2M generic shift 0 failed");
	CHECK_CONTAINS(out, "(1 failed)");
	free(out);
	result_free(&r);
	return check_report("test_summary");
}
