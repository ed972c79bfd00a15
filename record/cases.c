/* The suite as recorded: its cases, their names and their labels. Both
 * the collector and the analysis use it; the parser is bench/src/suite.c. */
#include "cases.h"
#include "units.h"

#include <mhp_bench.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pfn_case_names[PFN_NCASES] = {
	[PFN_ADDED] = "added",
	[PFN_NOT_ADDED] = "not_added",
	[PFN_NEVER_ADDED] = "never_added",
	[PFN_BOOT_RAM] = "boot_ram",
	[PFN_FAR] = "far",
};

uint64_t case_compound_unit(uint32_t shift)
{
	uint64_t unit = 4096ULL << shift;

	return unit > MHPB_SUBSECTION_SIZE ? unit : MHPB_SUBSECTION_SIZE;
}

bool suite_case_legal(const struct bench_case *c)
{
	uint64_t unit = case_compound_unit(c->vmemmap_shift);

	if (c->size % unit || c->offset % unit)
		return false;
	return c->memmap != MEMMAP_PMEM || c->size > (4096ULL << c->vmemmap_shift);
}

void suite_free(struct suite *s)
{
	free(s->description);
	free(s->file);
	free(s->text);
	s->description = s->file = s->text = NULL;
}

static unsigned product_size(const struct suite *s)
{
	if (s->kind != KIND_HOTPLUG)
		return 0;
	return s->n_sizes * s->n_offsets * s->n_types * s->n_shifts * s->n_memmaps;
}

/* Point @idx of the whole cross product, legal or not. */
static struct bench_case product_case(const struct suite *s, unsigned idx)
{
	struct bench_case c;

	c.memmap = s->memmaps[idx % s->n_memmaps];
	idx /= s->n_memmaps;
	c.vmemmap_shift = s->shifts[idx % s->n_shifts];
	idx /= s->n_shifts;
	c.type = s->types[idx % s->n_types];
	idx /= s->n_types;
	c.offset = s->offsets[idx % s->n_offsets];
	idx /= s->n_offsets;
	c.size = s->sizes[idx];
	return c;
}

unsigned suite_case_count(const struct suite *s)
{
	unsigned n = product_size(s), legal = 0;

	for (unsigned i = 0; i < n; i++) {
		struct bench_case c = product_case(s, i);

		legal += suite_case_legal(&c);
	}
	return legal;
}

struct bench_case suite_case(const struct suite *s, unsigned idx)
{
	unsigned n = product_size(s);
	struct bench_case c = { 0 };

	for (unsigned i = 0; i < n; i++) {
		c = product_case(s, i);
		if (suite_case_legal(&c) && idx-- == 0)
			return c;
	}
	return c;
}

int suite_case_index(const struct suite *s, const struct bench_case *c)
{
	unsigned n = suite_case_count(s);

	for (unsigned i = 0; i < n; i++) {
		struct bench_case k = suite_case(s, i);

		if (k.size == c->size && k.offset == c->offset && k.type == c->type &&
		    k.vmemmap_shift == c->vmemmap_shift && k.memmap == c->memmap)
			return (int)i;
	}
	return -1;
}

uint64_t suite_span(const struct suite *s)
{
	uint64_t span = 0;

	/* pfn_valid maps one sub-section in the first section of the claim
	 * and leaves the second alone (pfn.c) */
	if (s->kind == KIND_PFN_VALID)
		return 2 * SECTION_SIZE;

	for (unsigned i = 0; i < s->n_sizes; i++)
		for (unsigned j = 0; j < s->n_offsets; j++)
			if (s->offsets[j] + s->sizes[i] > span)
				span = s->offsets[j] + s->sizes[i];
	return span;
}

bool suite_is_private(const struct suite *s)
{
	return s->kind == KIND_HOTPLUG && s->n_types == 1 && s->types[0] == MHPB_PGMAP_PRIVATE;
}

const char *pgmap_type_name(uint32_t type)
{
	switch (type) {
	case MHPB_PGMAP_GENERIC: return "generic";
	case MHPB_PGMAP_FS_DAX: return "fs_dax";
	case MHPB_PGMAP_PRIVATE: return "private";
	}
	return "unknown";
}

int pgmap_type_parse(const char *name, uint32_t *type)
{
	if (strcmp(name, "generic") == 0)
		*type = MHPB_PGMAP_GENERIC;
	else if (strcmp(name, "fs_dax") == 0)
		*type = MHPB_PGMAP_FS_DAX;
	else if (strcmp(name, "private") == 0)
		*type = MHPB_PGMAP_PRIVATE;
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

static const char *const kind_names[] = {
	[KIND_HOTPLUG] = "hotplug",
	[KIND_PFN_VALID] = "pfn_valid",
	[KIND_COLLISIONS] = "collisions",
};

const char *suite_kind_name(enum suite_kind k)
{
	return (unsigned)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "unknown";
}

int suite_kind_parse(const char *name, enum suite_kind *k)
{
	for (unsigned i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strcmp(name, kind_names[i]) == 0) {
			*k = (enum suite_kind)i;
			return 0;
		}
	return -1;
}

const char *memmap_loc_name(uint32_t m)
{
	return m == MEMMAP_PMEM ? "pmem" : "dram";
}

int memmap_loc_parse(const char *name, uint32_t *m)
{
	if (strcmp(name, "dram") == 0)
		*m = MEMMAP_DRAM;
	else if (strcmp(name, "pmem") == 0)
		*m = MEMMAP_PMEM;
	else
		return -1;
	return 0;
}

static const char *const probes_names[] = {
	[PROBES_ON] = "on", [PROBES_OFF] = "off", [PROBES_BOTH] = "both",
};

const char *probes_mode_name(enum probes_mode p)
{
	return probes_names[p];
}

int probes_mode_parse(const char *name, enum probes_mode *p)
{
	for (unsigned i = 0; i < sizeof(probes_names) / sizeof(probes_names[0]); i++)
		if (strcmp(name, probes_names[i]) == 0) {
			*p = (enum probes_mode)i;
			return 0;
		}
	return -1;
}

int bench_case_equal(const struct bench_case *a, const struct bench_case *b)
{
	return a->size == b->size && a->offset == b->offset && a->type == b->type &&
	       a->vmemmap_shift == b->vmemmap_shift && a->memmap == b->memmap;
}

void case_label(const struct bench_case *c, char *buf, size_t len)
{
	char size[32], off[32], shift[24] = "";

	format_size(c->size, size, sizeof(size));
	format_size(c->offset, off, sizeof(off));
	if (c->vmemmap_shift)
		snprintf(shift, sizeof(shift), " shift %u", c->vmemmap_shift);
	snprintf(buf, len, "%s @+%s %s%s%s", size, off, pgmap_type_name(c->type), shift,
		 c->memmap == MEMMAP_PMEM ? " memmap pmem" : "");
}
