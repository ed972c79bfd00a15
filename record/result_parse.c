/* The result file parsed: its text -> a JSON tree (a file cut short is
 * salvaged up to its last whole sample) -> struct result (result_parse,
 * result_read, result.h). */
#include "result.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Cut @text after the last whole sample and close the array and object.
 * Samples are the last member and json-c indents them by 4 spaces. */
static json_object *salvage(const char *text)
{
	const char *end = NULL, *p = text;
	json_object *j;
	char *fixed;
	size_t len;

	while ((p = strstr(p, "\n    }")) != NULL) {
		if (p[6] == ',' || p[6] == '\n')
			end = p + 6;
		p++;
	}
	if (!end || !strstr(text, "\"samples\""))
		return NULL;
	len = (size_t)(end - text);
	fixed = malloc(len + 8);
	if (!fixed)
		return NULL;
	memcpy(fixed, text, len);
	strcpy(fixed + len, "\n  ]\n}");
	j = json_tokener_parse(fixed);
	free(fixed);
	return j;
}

/* Line and column (from 1) of byte @off of @text. */
static void text_position(const char *text, size_t off, size_t *line, size_t *col)
{
	const char *nl = text;

	*line = 1;
	for (const char *p = text; p < text + off; p++)
		if (*p == '\n') {
			(*line)++;
			nl = p + 1;
		}
	*col = (size_t)(text + off - nl) + 1;
}

/* @text as one JSON document, or NULL with @err saying what is wrong where:
 * a NUL byte, a syntax error, the end before the document's, or more after
 * it. */
static json_object *parse_json(const char *text, size_t len, char *err, size_t errlen)
{
	struct json_tokener *tok = json_tokener_new();
	json_object *j = NULL;
	size_t at = strlen(text), line, col;
	const char *why = "a NUL byte";

	if (!tok) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (at == len) {
		j = json_tokener_parse_ex(tok, text, (int)len);
		at = json_tokener_get_parse_end(tok);
		why = json_tokener_error_desc(json_tokener_get_error(tok));
		if (!j && json_tokener_get_error(tok) == json_tokener_continue)
			why = "the file ends before the document does";
		while (j && at < len && isspace((unsigned char)text[at]))
			at++;
		if (j && at < len) {
			json_object_put(j);
			j = NULL;
			why = "more after the end of the document";
		}
	}
	json_tokener_free(tok);
	if (!j) {
		text_position(text, at, &line, &col);
		snprintf(err, errlen, "not JSON at line %zu, column %zu (byte %zu): %s", line, col, at,
			 why);
	}
	return j;
}

int result_parse(const char *text, size_t len, struct result *r, char *err, size_t errlen)
{
	json_object *j;
	bool truncated = false;
	int rc;

	memset(r, 0, sizeof(*r));
	if (len > INT_MAX) {
		snprintf(err, errlen, "larger than %d bytes", INT_MAX);
		return -1;
	}
	j = parse_json(text, len, err, errlen);
	if (!j && strlen(text) == len) {
		j = salvage(text);
		truncated = j != NULL;
	}
	if (!j) {
		size_t n = strlen(err);

		snprintf(err + n, errlen - n, ", and nothing to salvage");
		return -1;
	}
	rc = result_from_json(j, r, err, errlen);
	json_object_put(j);
	if (!rc)
		r->truncated = truncated;
	return rc;
}

int result_read(const char *path, struct result *r, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL, msg[512];
	size_t len = 0;
	char chunk[65536];
	size_t n;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	text = calloc(1, 1);
	while (text && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *t = realloc(text, len + n + 1);

		if (!t) {
			free(text);
			text = NULL;
			break;
		}
		text = t;
		memcpy(text + len, chunk, n);
		len += n;
		text[len] = '\0';
	}
	if (text && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	rc = result_parse(text, len, r, err, errlen);
	free(text);
	if (rc) {
		/* prefix the file name to the reader's message */
		snprintf(msg, sizeof(msg), "%s", err);
		snprintf(err, errlen, "%s: %s", path, msg);
	}
	return rc;
}
