/* The result file: struct result <-> JSON (format "mhpbench-run" v1),
 * written by result_write.c, its text parsed (and a cut file salvaged) by
 * result_parse.c, the tree read into the struct by result_read.c. Fields
 * are documented in results/README.md. */
#ifndef MHPB_RESULT_H
#define MHPB_RESULT_H

#include "model.h"

#include <stddef.h>

#define RESULT_FORMAT "mhpbench-run"
#define RESULT_FORMAT_VERSION 1

/* New JSON tree of @r; the caller json_object_put()s it. */
json_object *result_to_json(const struct result *r);

/* Write @r pretty-printed to PATH.tmp, fsync, rename to @path: a reader
 * sees the old or the new file, never a partial one. */
int result_write(const struct result *r, const char *path, char *err, size_t errlen);
/* Write @j pretty-printed to @path atomically: FILE.tmp, fsync, rename, so
 * that the file on disk is always a whole document. 0 or -1 with @err. */
int json_write_atomic(json_object *j, const char *path, char *err, size_t errlen);

/* Load @j into @r (which the caller result_free()s, also on error). */
int result_from_json(json_object *j, struct result *r, char *err, size_t errlen);

/* Parse the @len bytes of @text (NUL-terminated at @len) as result_read()
 * does a file's; @err names what is wrong and where (line, column and byte
 * of a syntax error; the member, e.g. samples[3].map.total_ns, of a bad
 * field), without the file name. */
int result_parse(const char *text, size_t len, struct result *r, char *err, size_t errlen);

/* Read a result file. A file cut short (a crash of a writer that did not
 * write atomically, a copy in progress) is salvaged: the samples before the
 * cut are kept and r->truncated is set. */
int result_read(const char *path, struct result *r, char *err, size_t errlen);

#endif
