/* Parser of suite files. The format is documented in suites/subsection. */
#include "suite.h"
#include "units.h"

#include <mhp_bench.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 64 /* more than any list may hold, to detect overflow */

enum key_id {
	K_NAME, K_DESCRIPTION, K_SIZES, K_OFFSETS, K_TYPE, K_SHIFT,
	K_REPEAT, K_WARMUP, K_SPACING, K_ORDER, K_SEED, K_COUNT
};

static const char *const key_names[K_COUNT] = {
	"name", "description", "sizes", "offsets", "type", "vmemmap_shift",
	"repeat", "warmup", "spacing_ms", "order", "seed",
};

struct parser {
	const char *file;
	unsigned line;
	const char *key;
	char *err;
	size_t errlen;
	unsigned key_line[K_COUNT];	/* 0: key not seen yet */
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->line)
		n = snprintf(p->err, p->errlen, "%s:%u: %s: ", p->file, p->line, p->key);
	else
		n = snprintf(p->err, p->errlen, "%s: ", p->file);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int one_uint(struct parser *p, char **tok, unsigned n, uint64_t max,
		    uint64_t *out)
{
	if (n != 1)
		return fail(p, "expects exactly one value, got %u", n);
	if (parse_uint(tok[0], max, out))
		return fail(p, "'%s' is not a whole number", tok[0]);
	return 0;
}

static int size_list(struct parser *p, char **tok, unsigned n,
		     uint64_t *list, unsigned *count, bool allow_zero)
{
	char buf[32];

	for (unsigned i = 0; i < n; i++) {
		uint64_t v;

		if (parse_size(tok[i], &v))
			return fail(p, "'%s' is not a size (use K, M or G)", tok[i]);
		if (v == 0 && !allow_zero)
			return fail(p, "size must not be 0");
		if (v % MHPB_SUBSECTION_SIZE)
			return fail(p, "'%s' is not a multiple of 2M (one sub-section)", tok[i]);
		for (unsigned j = 0; j < i; j++)
			if (list[j] == v) {
				format_size(v, buf, sizeof(buf));
				return fail(p, "%s is listed twice", buf);
			}
		list[i] = v;
	}
	*count = n;
	return 0;
}

static int type_list(struct parser *p, char **tok, unsigned n, struct suite *s)
{
	for (unsigned i = 0; i < n; i++) {
		if (pgmap_type_parse(tok[i], &s->types[i]))
			return fail(p, "'%s' is not a type (use generic or fs_dax)", tok[i]);
		for (unsigned j = 0; j < i; j++)
			if (s->types[j] == s->types[i])
				return fail(p, "%s is listed twice", tok[i]);
	}
	s->n_types = n;
	return 0;
}

static int shift_list(struct parser *p, char **tok, unsigned n, struct suite *s)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t v;

		if (parse_uint(tok[i], 64, &v) || (v != 0 && v != 9 && v != 18))
			return fail(p, "'%s' is not a vmemmap shift (use 0, 9 or 18)", tok[i]);
		for (unsigned j = 0; j < i; j++)
			if (s->shifts[j] == v)
				return fail(p, "%s is listed twice", tok[i]);
		s->shifts[i] = (uint32_t)v;
	}
	s->n_shifts = n;
	return 0;
}

static int name_value(struct parser *p, char **tok, unsigned n, struct suite *s)
{
	if (n != 1)
		return fail(p, "expects one word, got %u", n);
	if (strlen(tok[0]) >= sizeof(s->name))
		return fail(p, "longer than %zu characters", sizeof(s->name) - 1);
	/* the name becomes part of the result file name */
	for (const char *c = tok[0]; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_.-", *c))
			return fail(p, "'%s' may only use letters, digits, '_', '.', '-'", tok[0]);
	strcpy(s->name, tok[0]);
	return 0;
}

/* @rest is the raw text after the key, for description. */
static int apply_key(struct parser *p, enum key_id k, char **tok, unsigned n,
		     const char *rest, struct suite *s)
{
	uint64_t v;

	if (n == 0)
		return fail(p, "missing value");
	if (n > SUITE_MAX_LIST && k != K_DESCRIPTION)
		return fail(p, "more than %d values", SUITE_MAX_LIST);
	switch (k) {
	case K_NAME:
		return name_value(p, tok, n, s);
	case K_DESCRIPTION:
		s->description = strdup(rest);
		return s->description ? 0 : fail(p, "out of memory");
	case K_SIZES:
		return size_list(p, tok, n, s->sizes, &s->n_sizes, false);
	case K_OFFSETS:
		return size_list(p, tok, n, s->offsets, &s->n_offsets, true);
	case K_TYPE:
		return type_list(p, tok, n, s);
	case K_SHIFT:
		return shift_list(p, tok, n, s);
	case K_REPEAT:
		if (one_uint(p, tok, n, 1000000, &v))
			return -1;
		if (v == 0)
			return fail(p, "must be at least 1");
		s->repeat = (unsigned)v;
		return 0;
	case K_WARMUP:
		if (one_uint(p, tok, n, 1000000, &v))
			return -1;
		s->warmup = (unsigned)v;
		return 0;
	case K_SPACING:
		if (one_uint(p, tok, n, 600000, &v))
			return -1;
		s->spacing_ms = (unsigned)v;
		return 0;
	case K_ORDER:
		if (n != 1 || suite_order_parse(tok[0], &s->order))
			return fail(p, "expects random or sequential");
		return 0;
	case K_SEED:
		if (one_uint(p, tok, n, UINT64_MAX, &s->seed))
			return -1;
		s->seed_given = true;
		return 0;
	case K_COUNT:
		break;
	}
	return fail(p, "internal error");
}

/* 1 GiB compound pages need 1 GiB aligned sizes and offsets. */
static int check_compound(struct parser *p, const struct suite *s)
{
	char buf[32];

	for (unsigned i = 0; i < s->n_shifts; i++) {
		uint64_t unit = MHPB_SUBSECTION_SIZE;

		if (s->shifts[i] == 0)
			continue;
		if ((4096ULL << s->shifts[i]) > unit)
			unit = 4096ULL << s->shifts[i];
		p->line = p->key_line[K_SHIFT];
		p->key = key_names[K_SHIFT];
		for (unsigned j = 0; j < s->n_sizes; j++)
			if (s->sizes[j] % unit) {
				format_size(s->sizes[j], buf, sizeof(buf));
				return fail(p, "%u needs sizes that are multiples of its compound page, size %s is not",
					    s->shifts[i], buf);
			}
		for (unsigned j = 0; j < s->n_offsets; j++)
			if (s->offsets[j] % unit) {
				format_size(s->offsets[j], buf, sizeof(buf));
				return fail(p, "%u needs offsets that are multiples of its compound page, offset %s is not",
					    s->shifts[i], buf);
			}
	}
	return 0;
}

static void set_defaults(struct suite *s)
{
	s->offsets[0] = 0;
	s->n_offsets = 1;
	s->types[0] = MHPB_PGMAP_GENERIC;
	s->n_types = 1;
	s->shifts[0] = 0;
	s->n_shifts = 1;
	s->repeat = 10;
	s->warmup = 2;
	s->spacing_ms = 50;
	s->order = ORDER_RANDOM;
}

int suite_parse(const char *file, const char *text, struct suite *s,
		char *err, size_t errlen)
{
	struct parser p = { .file = file, .err = err, .errlen = errlen };
	char *copy, *line, *next;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	set_defaults(s);
	s->file = strdup(file);
	s->text = strdup(text);
	copy = strdup(text);
	if (!s->file || !s->text || !copy) {
		free(copy);
		return fail(&p, "out of memory");
	}

	for (line = copy; line && rc == 0; line = next) {
		char *tok[MAX_TOKENS], *rest, *hash, *save;
		unsigned n = 0;
		int k;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		p.line++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		/* the description is the raw rest of the line, tokenizing cuts it */
		rest = line + strspn(line, " \t\r");
		rest += strcspn(rest, " \t\r");
		rest += strspn(rest, " \t\r");
		rest = strdup(rest);
		if (!rest) {
			rc = fail(&p, "out of memory");
			break;
		}
		for (size_t len = strlen(rest); len && strchr(" \t\r", rest[len - 1]); len--)
			rest[len - 1] = '\0';
		for (char *t = strtok_r(line, " \t\r", &save); t && n < MAX_TOKENS;
		     t = strtok_r(NULL, " \t\r", &save))
			tok[n++] = t;
		if (n == 0) {
			free(rest);
			continue;
		}
		p.key = tok[0];
		for (k = 0; k < K_COUNT; k++)
			if (strcmp(tok[0], key_names[k]) == 0)
				break;
		if (k == K_COUNT)
			rc = fail(&p, "unknown key");
		else if (p.key_line[k])
			rc = fail(&p, "duplicate key (first on line %u)", p.key_line[k]);
		else {
			p.key_line[k] = p.line;
			rc = apply_key(&p, (enum key_id)k, tok + 1, n - 1, rest, s);
		}
		free(rest);
	}
	free(copy);
	if (rc)
		return rc;
	if (!p.key_line[K_NAME]) {
		p.line = 0;
		return fail(&p, "name: missing (every suite needs 'name WORD')");
	}
	if (!p.key_line[K_SIZES]) {
		p.line = 0;
		return fail(&p, "sizes: missing (e.g. 'sizes 2M 64M')");
	}
	return check_compound(&p, s);
}

int suite_load(const char *path, struct suite *s, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!f) {
		snprintf(err, errlen, "%s: cannot read suite: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 4096) {
			char *t;

			cap = cap ? cap * 2 : 8192;
			t = realloc(text, cap);
			if (!t) {
				free(text);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	text[len] = '\0';
	if (ferror(f) || strlen(text) != len) {
		snprintf(err, errlen, "%s: cannot read suite (I/O error or NUL byte)", path);
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	rc = suite_parse(path, text, s, err, errlen);
	free(text);
	return rc;
}

void suite_free(struct suite *s)
{
	free(s->description);
	free(s->file);
	free(s->text);
	s->description = s->file = s->text = NULL;
}

unsigned suite_case_count(const struct suite *s)
{
	return s->n_sizes * s->n_offsets * s->n_types * s->n_shifts;
}

struct bench_case suite_case(const struct suite *s, unsigned idx)
{
	struct bench_case c;

	c.vmemmap_shift = s->shifts[idx % s->n_shifts];
	idx /= s->n_shifts;
	c.type = s->types[idx % s->n_types];
	idx /= s->n_types;
	c.offset = s->offsets[idx % s->n_offsets];
	idx /= s->n_offsets;
	c.size = s->sizes[idx];
	return c;
}

int suite_case_index(const struct suite *s, const struct bench_case *c)
{
	unsigned n = suite_case_count(s);

	for (unsigned i = 0; i < n; i++) {
		struct bench_case k = suite_case(s, i);

		if (k.size == c->size && k.offset == c->offset &&
		    k.type == c->type && k.vmemmap_shift == c->vmemmap_shift)
			return (int)i;
	}
	return -1;
}

uint64_t suite_span(const struct suite *s)
{
	uint64_t span = 0;

	for (unsigned i = 0; i < s->n_sizes; i++)
		for (unsigned j = 0; j < s->n_offsets; j++)
			if (s->offsets[j] + s->sizes[i] > span)
				span = s->offsets[j] + s->sizes[i];
	return span;
}

const char *pgmap_type_name(uint32_t type)
{
	switch (type) {
	case MHPB_PGMAP_GENERIC: return "generic";
	case MHPB_PGMAP_FS_DAX: return "fs_dax";
	}
	return "unknown";
}

int pgmap_type_parse(const char *name, uint32_t *type)
{
	if (strcmp(name, "generic") == 0)
		*type = MHPB_PGMAP_GENERIC;
	else if (strcmp(name, "fs_dax") == 0)
		*type = MHPB_PGMAP_FS_DAX;
	else
		return -1;
	return 0;
}

const char *suite_order_name(enum suite_order o)
{
	return o == ORDER_SEQUENTIAL ? "sequential" : "random";
}

int suite_order_parse(const char *name, enum suite_order *o)
{
	if (strcmp(name, "random") == 0)
		*o = ORDER_RANDOM;
	else if (strcmp(name, "sequential") == 0)
		*o = ORDER_SEQUENTIAL;
	else
		return -1;
	return 0;
}

const char *suite_mode_name(const struct suite *s)
{
	return s->spacing_ms ? "isolated" : "back-to-back";
}
