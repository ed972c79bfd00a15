/* A comparison as KernelCI KCIDB objects (I/O schema v5.3, as kcidb-io
 * defines it): per compared side a checkout (how its kernel was built, as
 * the runs record it) and a build; per side and row a test whose number
 * is the side's median, status DONE (SKIP: the side has no value); on
 * every side but the baseline the row's verdict against it in the test's
 * misc. KCIDB has no object for a comparison: the verdict is data about
 * a measurement, never a FAIL. Only compare.c's rows are written, no
 * statistic is computed here. The mapping field by field: docs/kcidb.md. */
#ifndef MHPB_COMPARE_KCIDB_H
#define MHPB_COMPARE_KCIDB_H

#include "compare.h"

#include <stdio.h>

/* The KCIDB document of @cmp: {version, checkouts, builds, tests}; the
 * caller json_object_put()s it. */
json_object *compare_kcidb_json(const struct comparison *cmp);

/* The document, pretty-printed, on @out. */
void compare_kcidb(FILE *out, const struct comparison *cmp);

#endif
