/* The suite file: what to measure, parsed from a small key/value text
 * (the format is documented in suites/subsection). */
#ifndef MHPB_SUITE_H
#define MHPB_SUITE_H

#include "cases.h"

#include <stddef.h>
#include <stdint.h>

/* Parse @text (named @file in messages). On error returns -1 and writes
 * "file:line: key: reason" into @err. @s must be suite_free()d either way. */
int suite_parse(const char *file, const char *text, struct suite *s,
		char *err, size_t errlen);
/* Read and parse the file at @path. */
int suite_load(const char *path, struct suite *s, char *err, size_t errlen);

/* Resolve "max": add the largest size that fits in @room bytes from the
 * base at every offset, a multiple of every listed compound page. Returns
 * the size added, or 0 (nothing larger than the listed sizes fits). */
uint64_t suite_add_max_size(struct suite *s, uint64_t room);

#endif
