/* Free Persistent Memory ranges, found in the text of /proc/iomem. */
#include "iomem.h"
#include "suite.h"
#include "units.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_line(const char *line, struct iomem_entry *e)
{
	unsigned spaces = 0;
	unsigned long long s, t;
	int used = 0;
	const char *name;
	size_t len;

	while (line[spaces] == ' ')
		spaces++;
	if (spaces % 2)
		return -1;
	if (sscanf(line + spaces, "%llx-%llx : %n", &s, &t, &used) != 2 || !used)
		return -1;
	name = line + spaces + used;
	len = strlen(name);
	while (len && (name[len - 1] == '\n' || name[len - 1] == '\r' || name[len - 1] == ' '))
		len--;
	if (len >= IOMEM_NAME_LEN)
		len = IOMEM_NAME_LEN - 1;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	e->start = s;
	e->end = t;
	e->depth = spaces / 2;
	return 0;
}

int iomem_parse(const char *text, struct iomem *io, char *err, size_t errlen)
{
	size_t cap = 0, lineno = 0;
	int stack[32];
	int nonzero = 0;
	const char *p = text;

	io->e = NULL;
	io->n = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[256];
		struct iomem_entry e;

		lineno++;
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : p + strlen(p);
		if (line[strspn(line, " \t\r")] == '\0')
			continue;
		if (parse_line(line, &e) || e.depth >= 32 ||
		    (e.depth > 0 && (io->n == 0 || e.depth > io->e[io->n - 1].depth + 1))) {
			snprintf(err, errlen, "iomem line %zu: cannot parse '%s'", lineno, line);
			iomem_free(io);
			return -1;
		}
		e.parent = e.depth ? stack[e.depth - 1] : -1;
		if (io->n == cap) {
			struct iomem_entry *t;

			cap = cap ? cap * 2 : 64;
			t = realloc(io->e, cap * sizeof(*t));
			if (!t) {
				snprintf(err, errlen, "out of memory");
				iomem_free(io);
				return -1;
			}
			io->e = t;
		}
		stack[e.depth] = (int)io->n;
		io->e[io->n++] = e;
		nonzero |= e.start || e.end;
	}
	if (io->n && !nonzero) {
		snprintf(err, errlen, "/proc/iomem shows all addresses as 0: it must be read as root");
		iomem_free(io);
		return -1;
	}
	return 0;
}

void iomem_free(struct iomem *io)
{
	free(io->e);
	io->e = NULL;
	io->n = 0;
}

char *iomem_read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 1);
	while (buf && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *t = realloc(buf, len + n + 1);

		if (!t) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = t;
		memcpy(buf + len, chunk, n);
		len += n;
		buf[len] = '\0';
	}
	fclose(f);
	return buf;
}

int iomem_is_pmem_region(const struct iomem *io, size_t i)
{
	return io->e[i].depth == 0 &&
	       (strcmp(io->e[i].name, "Persistent Memory") == 0 ||
		strcmp(io->e[i].name, "Persistent Memory (legacy)") == 0);
}

static int add_part(struct iomem_part **parts, size_t *n, size_t *cap,
		    uint64_t start, uint64_t end, int region)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct iomem_part *t = realloc(*parts, ncap * sizeof(*t));

		if (!t)
			return -1;
		*parts = t;
		*cap = ncap;
	}
	(*parts)[*n].start = start;
	(*parts)[*n].end = end;
	(*parts)[*n].region = region;
	(*n)++;
	return 0;
}

/* /proc/iomem lists children in address order; any child owns its span
 * (grandchildren lie inside their parent, so direct children suffice). */
size_t iomem_free_parts(const struct iomem *io, struct iomem_part **parts)
{
	size_t n = 0, cap = 0;

	*parts = NULL;
	for (size_t r = 0; r < io->n; r++) {
		const struct iomem_entry *reg = &io->e[r];
		uint64_t cursor = reg->start;
		int full = 0;	/* a child reaches the end of the region */

		if (!iomem_is_pmem_region(io, r))
			continue;
		for (size_t c = r + 1; c < io->n && io->e[c].depth > 0; c++) {
			const struct iomem_entry *ch = &io->e[c];

			if (ch->parent != (int)r || full)
				continue;
			if (ch->start > cursor &&
			    add_part(parts, &n, &cap, cursor, ch->start - 1, (int)r))
				return n;
			if (ch->end >= reg->end)
				full = 1;
			else if (ch->end + 1 > cursor)
				cursor = ch->end + 1;
		}
		if (!full && cursor <= reg->end &&
		    add_part(parts, &n, &cap, cursor, reg->end, (int)r))
			return n;
	}
	return n;
}

int iomem_pick(const struct iomem *io, uint64_t needed, uint64_t *base,
	       char *err, size_t errlen)
{
	struct iomem_part *parts;
	size_t n = iomem_free_parts(io, &parts);
	uint64_t largest = 0;
	char need[32], big[32];

	for (size_t i = 0; i < n; i++) {
		uint64_t b = (parts[i].start + SECTION_SIZE - 1) & ~(SECTION_SIZE - 1);
		uint64_t usable = 0;

		if (b >= parts[i].start && b <= parts[i].end)
			usable = parts[i].end - b + 1;

		if (parts[i].end - parts[i].start + 1 > largest)
			largest = parts[i].end - parts[i].start + 1;
		if (usable >= needed) {
			*base = b;
			free(parts);
			return 0;
		}
	}
	free(parts);
	format_size(needed, need, sizeof(need));
	if (!n) {
		int any = 0;

		for (size_t i = 0; i < io->n; i++)
			any |= iomem_is_pmem_region(io, i);
		snprintf(err, errlen, any ?
			 "no free PMEM range: every Persistent Memory region is owned by a driver (namespace, pmem, dax or a crashed mhpbench)" :
			 "no PMEM range: /proc/iomem has no Persistent Memory region (use --range START+SIZE)");
		return -1;
	}
	format_size(largest, big, sizeof(big));
	snprintf(err, errlen,
		 "no free PMEM range fits: needed %s from a 128M-aligned base, the largest free part is %s",
		 need, big);
	return -1;
}

int iomem_system_ram_window(const struct iomem *io, uint64_t window, uint64_t *start)
{
	const uint64_t low = 16 * MIB, two = 2 * MIB;

	for (size_t i = 0; i < io->n; i++) {
		const struct iomem_entry *e = &io->e[i];
		uint64_t s;

		if (e->depth || strcmp(e->name, "System RAM") || e->end < low)
			continue;
		s = e->start > low ? e->start : low;
		s = (s + two - 1) & ~(two - 1);
		if (s + window - 1 <= e->end) {
			*start = s;
			return 0;
		}
	}
	return -1;
}

int iomem_system_ram_probe(const struct iomem *io, uint64_t *start)
{
	return iomem_system_ram_window(io, 2 * MIB, start);
}

/* Index of the top-level System RAM entry holding [@start, @end], or -1. */
static int ram_holding(const struct iomem *io, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < io->n; i++) {
		const struct iomem_entry *e = &io->e[i];

		if (!e->depth && !strcmp(e->name, "System RAM") && e->start <= start &&
		    end <= e->end)
			return (int)i;
	}
	return -1;
}

int iomem_ram_adjacent_pmem(const struct iomem *io, uint64_t section,
			    struct iomem_ram_adjacent *out, char *why, size_t whylen)
{
	const uint64_t two = 2 * MIB;
	int pmem = 0;

	for (size_t i = 0; i < io->n; i++) {
		const struct iomem_entry *e = &io->e[i];
		uint64_t s = e->start, sec = s & ~(section - 1), above;
		int owned = 0;

		if (!iomem_is_pmem_region(io, i))
			continue;
		pmem++;
		for (size_t j = i + 1; j < io->n && io->e[j].depth > 0; j++)
			owned |= io->e[j].parent == (int)i;
		if (owned || s % two || s == sec || e->end - s + 1 < two ||
		    ram_holding(io, s - two, s - 1) < 0)
			continue;
		memset(out, 0, sizeof(*out));
		out->pmem_start = s;
		out->pmem_end = e->end;
		out->ram_below = s - two;
		out->region = (int)i;
		above = e->end + 1;
		if (above % two == 0 && above + two <= sec + section &&
		    ram_holding(io, above, above + two - 1) >= 0) {
			out->has_ram_above = 1;
			out->ram_above = above;
		}
		return 0;
	}
	snprintf(why, whylen, "%s",
		 pmem ? "no free Persistent Memory region of /proc/iomem starts inside a section right after System RAM (boot with memmap=62M!0x70200000 and at least 2G of RAM)"
		      : "no Persistent Memory region in /proc/iomem");
	return -1;
}
