/* Parser of suite files. The format is documented in suites/subsection. */
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

enum key_id {
	K_NAME, K_DESCRIPTION, K_SIZES, K_OFFSETS, K_TYPE, K_SHIFT,
	K_REPEAT, K_WARMUP, K_SPACING, K_JITTER, K_ORDER, K_SEED,
	K_KIND, K_MEMMAP, K_PROBES, K_LOOPS, K_WINDOW, K_EVENTS, K_COUNT
};

static const char *const key_names[K_COUNT] = {
	"name", "description", "sizes", "offsets", "type", "vmemmap_shift",
	"repeat", "warmup", "spacing_ms", "spacing_jitter_ms", "order", "seed",
	"kind", "memmap", "probes", "loops", "window", "events",
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
			return fail(p, "'%s' is not a type (use generic, fs_dax or private)", tok[i]);
		for (unsigned j = 0; j < i; j++)
			if (s->types[j] == s->types[i])
				return fail(p, "%s is listed twice", tok[i]);
	}
	s->n_types = n;
	/* a private map needs a private claim, the others a PMEM one: a run
	 * holds one claim */
	for (unsigned i = 0; n > 1 && i < n; i++)
		if (s->types[i] == MHPB_PGMAP_PRIVATE)
			return fail(p, "private cannot be mixed with other types (it needs its own claim)");
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

static int memmap_list(struct parser *p, char **tok, unsigned n, struct suite *s)
{
	for (unsigned i = 0; i < n; i++) {
		if (memmap_loc_parse(tok[i], &s->memmaps[i]))
			return fail(p, "'%s' is not a memmap location (use dram or pmem)", tok[i]);
		for (unsigned j = 0; j < i; j++)
			if (s->memmaps[j] == s->memmaps[i])
				return fail(p, "%s is listed twice", tok[i]);
	}
	s->n_memmaps = n;
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

/* events NAME... | none: libpfm4 names, checked when the run opens them. */
static int events_value(struct parser *p, char **tok, unsigned n, struct suite *s)
{
	size_t used = 0;

	s->events[0] = '\0';
	if (n == 1 && strcmp(tok[0], "none") == 0)
		return 0;
	if (n > PMU_MAX_EVENTS)
		return fail(p, "more than %d events", PMU_MAX_EVENTS);
	for (unsigned i = 0; i < n; i++) {
		if (strcmp(tok[i], "none") == 0)
			return fail(p, "'none' must stand alone");
		if (strlen(tok[i]) >= PMU_NAME_LEN)
			return fail(p, "'%s' is too long for an event name", tok[i]);
		for (const char *c = tok[i]; *c; c++)
			if (!isalnum((unsigned char)*c) && !strchr("_-:.=", *c))
				return fail(p, "'%s' is not an event name", tok[i]);
		used += (size_t)snprintf(s->events + used, sizeof(s->events) - used, "%s%s",
					 i ? " " : "", tok[i]);
	}
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
	case K_EVENTS:
		return events_value(p, tok, n, s);
	case K_SIZES: {
		/* "max" stands for a size the run resolves: take it out here */
		unsigned m = 0;

		for (unsigned i = 0; i < n; i++) {
			if (strcmp(tok[i], "max") == 0) {
				if (s->size_max)
					return fail(p, "max is listed twice");
				s->size_max = true;
				continue;
			}
			tok[m++] = tok[i];
		}
		if (m == 0)
			return fail(p, "max needs at least one other size");
		return size_list(p, tok, m, s->sizes, &s->n_sizes, false);
	}
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
	case K_JITTER:
		if (one_uint(p, tok, n, 600000, &v))
			return -1;
		s->spacing_jitter_ms = (unsigned)v;
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
	case K_KIND:
		if (n != 1 || suite_kind_parse(tok[0], &s->kind))
			return fail(p, "expects hotplug or pfn_valid");
		return 0;
	case K_MEMMAP:
		return memmap_list(p, tok, n, s);
	case K_PROBES:
		if (n != 1 || probes_mode_parse(tok[0], &s->probes))
			return fail(p, "expects on, off or both");
		return 0;
	case K_LOOPS:
		if (one_uint(p, tok, n, MHPB_PFN_MAX_LOOPS, &v))
			return -1;
		if (v == 0)
			return fail(p, "must be at least 1");
		s->loops = (unsigned)v;
		return 0;
	case K_WINDOW:
		if (n != 1 || parse_size(tok[0], &v))
			return fail(p, "'%s' is not a size (use K, M or G)", tok[0]);
		/* the window after the mapped one must stay in the section */
		if (v == 0 || v % 4096 || v > SECTION_SIZE / 2)
			return fail(p, "must be a non-zero multiple of 4K, at most 64M");
		s->window = v;
		return 0;
	case K_COUNT:
		break;
	}
	return fail(p, "internal error");
}


/* Every listed value must take part in at least one legal case: a shift
 * needs a size and an offset that are multiples of its compound page. */
static int check_cases(struct parser *p, const struct suite *s)
{
	char buf[32];

	for (unsigned i = 0; i < s->n_shifts; i++) {
		uint64_t unit = case_compound_unit(s->shifts[i]);
		unsigned j;

		p->line = p->key_line[K_SHIFT];
		p->key = key_names[K_SHIFT];
		for (j = 0; j < s->n_sizes && s->sizes[j] % unit; j++)
			;
		if (j == s->n_sizes) {
			format_size(s->sizes[0], buf, sizeof(buf));
			return fail(p, "%u needs sizes that are multiples of its compound page, size %s is not",
				    s->shifts[i], buf);
		}
		for (j = 0; j < s->n_offsets && s->offsets[j] % unit; j++)
			;
		if (j == s->n_offsets) {
			format_size(s->offsets[0], buf, sizeof(buf));
			return fail(p, "%u needs offsets that are multiples of its compound page, offset %s is not",
				    s->shifts[i], buf);
		}
	}
	if (suite_is_private(s)) {
		/* device-private maps are struct pages only: base pages, and
		 * device memory cannot hold their memmap */
		p->key = key_names[K_TYPE];
		p->line = p->key_line[K_TYPE];
		if (s->n_shifts != 1 || s->shifts[0] != 0)
			return fail(p, "private takes vmemmap_shift 0 only");
		if (s->n_memmaps != 1 || s->memmaps[0] != MEMMAP_DRAM)
			return fail(p, "private takes memmap dram only");
		if (s->size_max)
			return fail(p, "private takes no sizes max (it sizes a free PMEM range)");
	}
	if (suite_case_count(s) == 0) {
		p->line = p->key_line[K_MEMMAP];
		p->key = key_names[K_MEMMAP];
		return fail(p, "no legal case: pmem needs sizes larger than the compound page");
	}
	return 0;
}

/* Keys of one kind that the other kind does not use. */
static int check_kind(struct parser *p, const struct suite *s)
{
	static const enum key_id hotplug_only[] = {
		K_SIZES, K_OFFSETS, K_TYPE, K_SHIFT, K_MEMMAP, K_PROBES, K_SPACING, K_JITTER,
		K_EVENTS,
	};
	static const enum key_id pfn_only[] = { K_LOOPS, K_WINDOW };
	const enum key_id *bad = s->kind == KIND_PFN_VALID ? hotplug_only : pfn_only;
	size_t n = s->kind == KIND_PFN_VALID ? sizeof(hotplug_only) / sizeof(hotplug_only[0]) :
					      sizeof(pfn_only) / sizeof(pfn_only[0]);

	for (size_t i = 0; i < n; i++)
		if (p->key_line[bad[i]]) {
			p->line = p->key_line[bad[i]];
			p->key = key_names[bad[i]];
			return fail(p, "not used by kind %s", suite_kind_name(s->kind));
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
	if (check_kind(&p, s))
		return -1;
	if (s->kind != KIND_HOTPLUG || s->spacing_ms == 0) {
		/* back-to-back means no sleep at all, jitter included */
		if (s->kind == KIND_HOTPLUG && p.key_line[K_JITTER] && s->spacing_jitter_ms) {
			p.line = p.key_line[K_JITTER];
			p.key = key_names[K_JITTER];
			return fail(&p, "needs spacing_ms above 0 (back-to-back has no sleep to vary)");
		}
		s->spacing_jitter_ms = 0;
	}
	if (s->kind == KIND_PFN_VALID) {
		if ((s->window / 4096) * s->loops <= MHPB_PFN_MAX_CALLS)
			return 0;
		p.line = p.key_line[K_LOOPS];
		p.key = key_names[K_LOOPS];
		return fail(&p, "window pfns x loops is above %llu",
			    (unsigned long long)MHPB_PFN_MAX_CALLS);
	}
	if (!p.key_line[K_SIZES]) {
		p.line = 0;
		return fail(&p, "sizes: missing (e.g. 'sizes 2M 64M')");
	}
	return check_cases(&p, s);
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
