/* Delay injection as a result file records it (module.inject): a run
 * measured with a delay armed is a test of the tools, never a measurement,
 * and summary and compare say so. Capture: bench/src/inject.h. */
#ifndef MHPB_INJECT_RECORD_H
#define MHPB_INJECT_RECORD_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INJECT_TARGET_LEN 32

struct inject_desc {
	bool armed;		/* a target and a delay > 0, or the lens test's reads */
	char target[INJECT_TARGET_LEN];
	uint64_t ns;
	uint64_t hits;		/* waits the module counted (at the run's end) */
	bool changed;		/* the state at the end differed from the start */
	/* the cache lens's test (modules/README.md): every call of
	 * touch_target() reads touch_lines lines; 0: not loaded with it */
	char touch_target[INJECT_TARGET_LEN];
	uint64_t touch_lines;
};

/* null, or {"target", "ns", "hits", "changed"}, and "touch_target",
 * "touch_lines" when the lens test's reads are armed */
json_object *inject_to_json(const struct inject_desc *d);

/* From module.inject (NULL or null: not armed). Returns 0 or -1 with @err. */
int inject_from_json(json_object *o, struct inject_desc *d, char *err, size_t errlen);

/* "8000 ns in every sparse_add_section()" */
void inject_describe(const struct inject_desc *d, char *buf, size_t len);

#endif
