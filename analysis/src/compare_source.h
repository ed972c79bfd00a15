/* How the compared kernels were built (environment.kernel.source, as the
 * pools keep it) in the words of the compare reports, and the one command
 * that reproduces a comparison: built here, once, from what the runs
 * record, for every layout and the JSON. */
#ifndef MHPB_COMPARE_SOURCE_H
#define MHPB_COMPARE_SOURCE_H

#include "compare.h"

#include <stdbool.h>
#include <stddef.h>

/* 'git v6.1-7-g1a2b3c4 "mm/sparse: ..."' or 'debian linux-source-6.1
 * 6.1.158-1', then ' + 0001-x.patch "mm: ..."' per patch applied; "" for
 * a NULL @src. */
void source_line(json_object *src, char *buf, size_t len);
/* "tinyconfig + mhpbench.config; instrumentation: tracepoints", then
 * "; dropped: CONFIG_A CONFIG_B" when olddefconfig dropped options; ""
 * for a NULL @src. */
void source_config_line(json_object *src, char *buf, size_t len);
/* Every pool has a source and the same config line: said once. */
bool source_config_shared(const struct comparison *cmp);
/* Two pools whose kernels carry different instrumentation (tracepoints,
 * kretprobes): their phases are not timed alike. Sets @a < @b to the
 * first such pair and returns true, else false. */
bool source_instrumentation_differs(const struct comparison *cmp, size_t *a, size_t *b);
/* The make command that reproduces @cmp (results/README.md, "Reports
 * of mhpbench compare", reproduce). */
void compare_reproduce(const struct comparison *cmp, char *buf, size_t len);

/* A short name of pool @k's kernel for the report's first line and
 * columns: its last patch's file name (without .patch), its git describe
 * or commit, or its release without Debian's "+debNN" and "-amd64"
 * (the whole release when that would name two pools alike; "" when
 * two pools run the same kernel, which their letters then tell apart). */
#define KERNEL_LABEL_LEN 40
void kernel_label(const struct comparison *cmp, size_t k, char *buf, size_t len);

#endif
