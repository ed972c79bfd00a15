/* What each libFuzzer target does with one input, shared by the targets
 * (fuzz_suite.c, fuzz_result.c) and by test_fuzz_cases.c, which runs the
 * kept inputs (tests/data/fuzz-suite/, tests/data/fuzz-result/) through
 * the same code in every unit-test build. */
#ifndef MHPB_FUZZ_TARGETS_H
#define MHPB_FUZZ_TARGETS_H

#include "kind.h"
#include "result.h"
#include "schedule.h"
#include "suite.h"
#include "summary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The suite parser on @data; on what it accepts, the case list, span and
 * (kind hotplug, a bounded count) the sample schedule. 0 if parsed. */
static inline int fuzz_suite_one(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[512];
	struct suite s;
	int rc;

	if (!text)
		return -1;
	memcpy(text, data, size);
	text[size] = '\0';	/* a NUL inside ends the text early */
	rc = suite_parse("fuzz", text, kind_suite_rules, &s, err, sizeof(err));
	if (rc == 0 && suite_case_count(&s) <= 4096 && (uint64_t)s.repeat + s.warmup <= 64) {
		size_t total = 0;

		(void)suite_span(&s);
		free(schedule_build(&s, &total));
	}
	suite_free(&s);
	free(text);
	return rc;
}

/* The result reader on @data; on what it accepts, the writer and the
 * summaries (text and JSON). 0 if read. */
static inline int fuzz_result_one(const uint8_t *data, size_t size)
{
	static FILE *sink;
	char *text = malloc(size + 1), err[1024];
	struct result r;
	int rc;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!text || !sink) {
		free(text);
		return -1;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	rc = result_parse(text, size, &r, err, sizeof(err));
	if (rc == 0) {
		json_object_put(result_to_json(&r));
		summary_print_as(sink, &r, SUMMARY_TEXT, SUMMARY_FULL);
		summary_print_as(sink, &r, SUMMARY_JSON, SUMMARY_SHORT);
	}
	result_free(&r);
	free(text);
	return rc;
}

#endif
