/* Parser of suite files. The format is documented in suites/subsection;
 * what each kind makes of the keys, in kind.c. */
#include "suite.h"
#include "pmu.h"
#include "units.h"

#include <mhp_bench.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 64 /* more than any list may hold, to detect overflow */
#define MAX_REPEAT 1000000	/* repeat, warmup */
#define MAX_SPACING_MS 600000	/* spacing_ms, spacing_jitter_ms */

struct parser {
	struct suite_check c;
	unsigned line;		/* 0: the message is about the whole file */
	const char *key;	/* the current line's key, as written */
	suite_rules_fn rules;	/* the kinds' (suite.h) */
};

/* The value of one line: its words after the key, and the raw rest of the
 * line (for description, which tokenizing would cut). */
struct value {
	char **tok;
	unsigned n;
	const char *rest;
};

__attribute__((format(printf, 4, 0)))
static int vreject(struct suite_check *c, unsigned line, const char *key, const char *fmt,
		   va_list ap)
{
	int n;

	if (line)
		n = snprintf(c->err, c->errlen, "%s:%u: %s: ", c->file, line, key);
	else if (key)
		n = snprintf(c->err, c->errlen, "%s: %s: ", c->file, key);
	else
		n = snprintf(c->err, c->errlen, "%s: ", c->file);
	if (n >= 0 && (size_t)n < c->errlen)
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	return -1;
}

/* A message about the line being parsed. */
__attribute__((format(printf, 2, 3)))
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(&p->c, p->line, p->line ? p->key : NULL, fmt, ap);
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

static int one_uint(struct parser *p, const struct value *v, uint64_t max, uint64_t *out)
{
	if (v->n != 1)
		return fail(p, "expects exactly one value, got %u", v->n);
	if (parse_uint(v->tok[0], max, out))
		return fail(p, "'%s' is not a whole number", v->tok[0]);
	return 0;
}

/* One whole number from @min to @max. */
static int bounded_uint(struct parser *p, const struct value *v, uint64_t min, uint64_t max,
			unsigned *out)
{
	uint64_t x;

	if (one_uint(p, v, max, &x))
		return -1;
	if (x < min)
		return fail(p, "must be at least %llu", (unsigned long long)min);
	*out = (unsigned)x;
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

static int name_value(struct parser *p, const struct value *v, struct suite *s)
{
	if (v->n != 1)
		return fail(p, "expects one word, got %u", v->n);
	if (strlen(v->tok[0]) >= sizeof(s->name))
		return fail(p, "longer than %zu characters", sizeof(s->name) - 1);
	/* the name becomes part of the result file name */
	for (const char *c = v->tok[0]; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_.-", *c))
			return fail(p, "'%s' may only use letters, digits, '_', '.', '-'", v->tok[0]);
	strcpy(s->name, v->tok[0]);
	return 0;
}

static int description_value(struct parser *p, const struct value *v, struct suite *s)
{
	s->description = strdup(v->rest);
	return s->description ? 0 : fail(p, "out of memory");
}

/* "hotplug, pfn_valid or collisions": the kinds the rules know. */
static void kind_choices(suite_rules_fn rules, char *buf, size_t len)
{
	size_t used = 0;
	int n = 0;

	while (rules((enum suite_kind)n))
		n++;
	buf[0] = '\0';
	for (int i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i == 0 ? "" : i == n - 1 ? " or " : ", ",
					 suite_kind_name((enum suite_kind)i));
}

static int kind_value(struct parser *p, const struct value *v, struct suite *s)
{
	char kinds[128];

	if (v->n == 1 && suite_kind_parse(v->tok[0], &s->kind) == 0 && p->rules(s->kind))
		return 0;
	kind_choices(p->rules, kinds, sizeof(kinds));
	return fail(p, "expects %s", kinds);
}

/* "max" stands for a size the run resolves: taken out here. */
static int sizes_value(struct parser *p, const struct value *v, struct suite *s)
{
	unsigned m = 0;

	for (unsigned i = 0; i < v->n; i++) {
		if (strcmp(v->tok[i], "max") == 0) {
			if (s->size_max)
				return fail(p, "max is listed twice");
			s->size_max = true;
			continue;
		}
		v->tok[m++] = v->tok[i];
	}
	if (m == 0)
		return fail(p, "max needs at least one other size");
	return size_list(p, v->tok, m, s->sizes, &s->n_sizes, false);
}

static int offsets_value(struct parser *p, const struct value *v, struct suite *s)
{
	return size_list(p, v->tok, v->n, s->offsets, &s->n_offsets, true);
}

static int type_value(struct parser *p, const struct value *v, struct suite *s)
{
	for (unsigned i = 0; i < v->n; i++) {
		if (pgmap_type_parse(v->tok[i], &s->types[i]))
			return fail(p, "'%s' is not a type (use generic, fs_dax or private)", v->tok[i]);
		for (unsigned j = 0; j < i; j++)
			if (s->types[j] == s->types[i])
				return fail(p, "%s is listed twice", v->tok[i]);
	}
	s->n_types = v->n;
	/* a private map needs a private claim, the others a PMEM one: a run
	 * holds one claim */
	for (unsigned i = 0; v->n > 1 && i < v->n; i++)
		if (s->types[i] == MHPB_PGMAP_PRIVATE)
			return fail(p, "private cannot be mixed with other types (it needs its own claim)");
	return 0;
}

static int shift_value(struct parser *p, const struct value *v, struct suite *s)
{
	for (unsigned i = 0; i < v->n; i++) {
		uint64_t x;

		if (parse_uint(v->tok[i], 64, &x) || (x != 0 && x != 9 && x != 18))
			return fail(p, "'%s' is not a vmemmap shift (use 0, 9 or 18)", v->tok[i]);
		for (unsigned j = 0; j < i; j++)
			if (s->shifts[j] == x)
				return fail(p, "%s is listed twice", v->tok[i]);
		s->shifts[i] = (uint32_t)x;
	}
	s->n_shifts = v->n;
	return 0;
}

static int memmap_value(struct parser *p, const struct value *v, struct suite *s)
{
	for (unsigned i = 0; i < v->n; i++) {
		if (memmap_loc_parse(v->tok[i], &s->memmaps[i]))
			return fail(p, "'%s' is not a memmap location (use dram or pmem)", v->tok[i]);
		for (unsigned j = 0; j < i; j++)
			if (s->memmaps[j] == s->memmaps[i])
				return fail(p, "%s is listed twice", v->tok[i]);
	}
	s->n_memmaps = v->n;
	return 0;
}

static int probes_value(struct parser *p, const struct value *v, struct suite *s)
{
	if (v->n != 1 || probes_mode_parse(v->tok[0], &s->probes))
		return fail(p, "expects on, off or both");
	return 0;
}

static int spacing_value(struct parser *p, const struct value *v, struct suite *s)
{
	return bounded_uint(p, v, 0, MAX_SPACING_MS, &s->spacing_ms);
}

static int jitter_value(struct parser *p, const struct value *v, struct suite *s)
{
	return bounded_uint(p, v, 0, MAX_SPACING_MS, &s->spacing_jitter_ms);
}

/* events NAME... | none: libpfm4 names, checked when the run opens them. */
static int events_value(struct parser *p, const struct value *v, struct suite *s)
{
	size_t used = 0;

	s->events[0] = '\0';
	if (v->n == 1 && strcmp(v->tok[0], "none") == 0)
		return 0;
	if (v->n > PMU_MAX_EVENTS)
		return fail(p, "more than %d events", PMU_MAX_EVENTS);
	for (unsigned i = 0; i < v->n; i++) {
		const char *t = v->tok[i];

		if (strcmp(t, "none") == 0)
			return fail(p, "'none' must stand alone");
		if (strlen(t) >= PMU_NAME_LEN)
			return fail(p, "'%s' is too long for an event name", t);
		for (const char *c = t; *c; c++)
			if (!isalnum((unsigned char)*c) && !strchr("_-:.=", *c))
				return fail(p, "'%s' is not an event name", t);
		used += (size_t)snprintf(s->events + used, sizeof(s->events) - used, "%s%s",
					 i ? " " : "", t);
	}
	return 0;
}

static int repeat_value(struct parser *p, const struct value *v, struct suite *s)
{
	return bounded_uint(p, v, 1, MAX_REPEAT, &s->repeat);
}

static int warmup_value(struct parser *p, const struct value *v, struct suite *s)
{
	return bounded_uint(p, v, 0, MAX_REPEAT, &s->warmup);
}

static int order_value(struct parser *p, const struct value *v, struct suite *s)
{
	if (v->n != 1 || suite_order_parse(v->tok[0], &s->order))
		return fail(p, "expects random or sequential");
	return 0;
}

static int seed_value(struct parser *p, const struct value *v, struct suite *s)
{
	if (one_uint(p, v, UINT64_MAX, &s->seed))
		return -1;
	s->seed_given = true;
	return 0;
}

static int loops_value(struct parser *p, const struct value *v, struct suite *s)
{
	return bounded_uint(p, v, 1, MHPB_PFN_MAX_LOOPS, &s->loops);
}

static int window_value(struct parser *p, const struct value *v, struct suite *s)
{
	uint64_t x;

	if (v->n != 1 || parse_size(v->tok[0], &x))
		return fail(p, "'%s' is not a size (use K, M or G)", v->tok[0]);
	/* the window after the mapped one must stay in the section */
	if (x == 0 || x % 4096 || x > SECTION_SIZE / 2)
		return fail(p, "must be a non-zero multiple of 4K, at most 64M");
	s->window = x;
	return 0;
}

/* Each key: its name in the file and what reads its value into the suite. */
static const struct {
	const char *name;
	int (*apply)(struct parser *p, const struct value *v, struct suite *s);
} keys[KEY_COUNT] = {
	[KEY_NAME] = { "name", name_value },
	[KEY_DESCRIPTION] = { "description", description_value },
	[KEY_KIND] = { "kind", kind_value },
	[KEY_SIZES] = { "sizes", sizes_value },
	[KEY_OFFSETS] = { "offsets", offsets_value },
	[KEY_TYPE] = { "type", type_value },
	[KEY_SHIFT] = { "vmemmap_shift", shift_value },
	[KEY_MEMMAP] = { "memmap", memmap_value },
	[KEY_PROBES] = { "probes", probes_value },
	[KEY_SPACING] = { "spacing_ms", spacing_value },
	[KEY_JITTER] = { "spacing_jitter_ms", jitter_value },
	[KEY_EVENTS] = { "events", events_value },
	[KEY_REPEAT] = { "repeat", repeat_value },
	[KEY_WARMUP] = { "warmup", warmup_value },
	[KEY_ORDER] = { "order", order_value },
	[KEY_SEED] = { "seed", seed_value },
	[KEY_LOOPS] = { "loops", loops_value },
	[KEY_WINDOW] = { "window", window_value },
};

int suite_reject(struct suite_check *c, enum suite_key k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(c, c->key_line[k], keys[k].name, fmt, ap);
	va_end(ap);
	return -1;
}

bool suite_has_key(const struct suite_check *c, enum suite_key k)
{
	return c->key_line[k] != 0;
}

static int apply_key(struct parser *p, enum suite_key k, const struct value *v, struct suite *s)
{
	if (v->n == 0)
		return fail(p, "missing value");
	if (v->n > SUITE_MAX_LIST && k != KEY_DESCRIPTION)
		return fail(p, "more than %d values", SUITE_MAX_LIST);
	return keys[k].apply(p, v, s);
}

static void set_defaults(struct suite *s)
{
	s->offsets[0] = 0;
	s->n_offsets = 1;
	s->types[0] = MHPB_PGMAP_GENERIC;
	s->n_types = 1;
	s->shifts[0] = 0;
	s->n_shifts = 1;
	s->memmaps[0] = MEMMAP_DRAM;
	s->n_memmaps = 1;
	s->kind = KIND_HOTPLUG;
	s->probes = PROBES_ON;
	snprintf(s->events, sizeof(s->events), "%s", PMU_DEFAULT_EVENTS);
	s->loops = 1000;
	s->window = MHPB_SUBSECTION_SIZE;
	s->repeat = 10;
	s->warmup = 2;
	s->spacing_ms = 50;
	s->spacing_jitter_ms = 20;
	s->order = ORDER_RANDOM;
}

/* The raw text after the key of @line, trailing blanks cut; malloc'd. */
static char *rest_of_line(const char *line)
{
	const char *r = line + strspn(line, " \t\r");
	char *rest;

	r += strcspn(r, " \t\r");
	r += strspn(r, " \t\r");
	rest = strdup(r);
	for (size_t len = rest ? strlen(rest) : 0; len && strchr(" \t\r", rest[len - 1]); len--)
		rest[len - 1] = '\0';
	return rest;
}

/* One line (comments already cut): blank, or a key and its value. */
static int parse_line(struct parser *p, char *line, struct suite *s)
{
	char *tok[MAX_TOKENS], *save, *rest = rest_of_line(line);
	struct value v = { tok + 1, 0, rest };
	unsigned n = 0;
	int k, rc;

	if (!rest)
		return fail(p, "out of memory");
	for (char *t = strtok_r(line, " \t\r", &save); t && n < MAX_TOKENS;
	     t = strtok_r(NULL, " \t\r", &save))
		tok[n++] = t;
	if (n == 0) {
		free(rest);
		return 0;
	}
	p->key = tok[0];
	v.n = n - 1;
	for (k = 0; k < KEY_COUNT && strcmp(tok[0], keys[k].name); k++)
		;
	if (k == KEY_COUNT) {
		rc = fail(p, "unknown key");
	} else if (p->c.key_line[k]) {
		rc = fail(p, "duplicate key (first on line %u)", p->c.key_line[k]);
	} else {
		p->c.key_line[k] = p->line;
		rc = apply_key(p, (enum suite_key)k, &v, s);
	}
	free(rest);
	return rc;
}

static int parse_lines(struct parser *p, char *text, struct suite *s)
{
	char *next;

	for (char *line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		p->line++;
		line[strcspn(line, "#")] = '\0';
		if (parse_line(p, line, s))
			return -1;
	}
	return 0;
}

/* Once every line is read: a name, no key the kind does not use, and what
 * the kind itself checks. */
static int check_suite(struct suite_check *c, suite_rules_fn rules, struct suite *s)
{
	const struct suite_rules *k = rules(s->kind);

	if (!suite_has_key(c, KEY_NAME))
		return suite_reject(c, KEY_NAME, "missing (every suite needs 'name WORD')");
	for (int i = 0; i < KEY_COUNT; i++)
		if (suite_has_key(c, (enum suite_key)i) && !(k->keys & KEY_BIT(i)))
			return suite_reject(c, (enum suite_key)i, "not used by kind %s",
					    suite_kind_name(s->kind));
	/* nothing sleeps between its calls: no jitter to record */
	if (!(k->keys & KEY_BIT(KEY_JITTER)))
		s->spacing_jitter_ms = 0;
	return k->check ? k->check(c, s) : 0;
}

int suite_parse(const char *file, const char *text, suite_rules_fn rules, struct suite *s,
		char *err, size_t errlen)
{
	struct parser p = { .c = { .file = file, .err = err, .errlen = errlen }, .rules = rules };
	char *copy;
	int rc;

	memset(s, 0, sizeof(*s));
	set_defaults(s);
	s->file = strdup(file);
	s->text = strdup(text);
	copy = strdup(text);
	if (!s->file || !s->text || !copy) {
		free(copy);
		return fail(&p, "out of memory");
	}
	rc = parse_lines(&p, copy, s);
	free(copy);
	return rc ? rc : check_suite(&p.c, rules, s);
}

/* The error for a NUL byte in a suite file: where the first one is. */
static void nul_byte(const char *path, const char *text, char *err, size_t errlen)
{
	size_t at = strlen(text), line = 1, col = 1;

	for (size_t i = 0; i < at; i++, col++)
		if (text[i] == '\n') {
			line++;
			col = 0;
		}
	snprintf(err, errlen, "%s:%zu: a NUL byte at column %zu (byte %zu): not a text file", path,
		 line, col, at);
}

int suite_load(const char *path, suite_rules_fn rules, struct suite *s, char *err,
	       size_t errlen)
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
		if (ferror(f))
			snprintf(err, errlen, "%s: cannot read suite: I/O error", path);
		else
			nul_byte(path, text, err, errlen);
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	rc = suite_parse(path, text, rules, s, err, errlen);
	free(text);
	return rc;
}

uint64_t suite_add_max_size(struct suite *s, uint64_t room)
{
	uint64_t unit = MHPB_SUBSECTION_SIZE, max_off = 0, size, largest = 0;

	for (unsigned i = 0; i < s->n_shifts; i++)
		if (case_compound_unit(s->shifts[i]) > unit)
			unit = case_compound_unit(s->shifts[i]);
	for (unsigned i = 0; i < s->n_offsets; i++)
		if (s->offsets[i] > max_off)
			max_off = s->offsets[i];
	for (unsigned i = 0; i < s->n_sizes; i++)
		if (s->sizes[i] > largest)
			largest = s->sizes[i];
	if (!s->size_max || room <= max_off || s->n_sizes >= SUITE_MAX_LIST)
		return 0;
	size = (room - max_off) / unit * unit;
	if (size <= largest)
		return 0;
	s->sizes[s->n_sizes++] = size;
	return size;
}
