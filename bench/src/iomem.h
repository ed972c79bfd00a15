/* Free Persistent Memory ranges, found in the text of /proc/iomem. */
#ifndef MHPB_IOMEM_H
#define MHPB_IOMEM_H

#include <stddef.h>
#include <stdint.h>

#define IOMEM_NAME_LEN 64

struct iomem_entry {
	uint64_t start, end;	/* inclusive, as printed */
	unsigned depth;		/* 0 for top level, one per 2 spaces */
	int parent;		/* index of the enclosing entry, -1 at top */
	char name[IOMEM_NAME_LEN];
};

struct iomem {
	struct iomem_entry *e;
	size_t n;
};

struct iomem_part {
	uint64_t start, end;	/* inclusive */
	int region;		/* index of its Persistent Memory entry */
};

/* Parse @text. Returns 0, or -1 with a message (bad line, or all addresses
 * zero: /proc/iomem read without root). */
int iomem_parse(const char *text, struct iomem *io, char *err, size_t errlen);
void iomem_free(struct iomem *io);

/* malloc'd contents of @path (a /proc file: size unknown), or NULL. */
char *iomem_read_text(const char *path);

/* Top-level "Persistent Memory" or "Persistent Memory (legacy)". */
int iomem_is_pmem_region(const struct iomem *io, size_t i);

/* The parts of each PMEM region not covered by any child, in address
 * order. Returns their count (0 if none); *parts is malloc'd. */
size_t iomem_free_parts(const struct iomem *io, struct iomem_part **parts);

/* First free part where [roundup(start, 128M), +needed) fits: sets *base.
 * Returns 0, or -1 with a message naming the largest part and @needed. */
int iomem_pick(const struct iomem *io, uint64_t needed, uint64_t *base,
	       char *err, size_t errlen);

/* The first 2 MiB-aligned @window bytes of top-level System RAM above
 * 16 MiB (pfn_valid's boot RAM case). Returns 0 or -1. */
int iomem_system_ram_window(const struct iomem *io, uint64_t window, uint64_t *start);
/* The same for 2 MiB (for the negative checks). */
int iomem_system_ram_probe(const struct iomem *io, uint64_t *start);

/* A free PMEM region that shares a memory section of @section bytes with
 * the System RAM right below it: the region starts 2 MiB aligned but not
 * @section aligned, a top-level System RAM entry ends just before it and
 * holds at least the 2 MiB below it, and no driver holds any of it. */
struct iomem_ram_adjacent {
	uint64_t pmem_start, pmem_end;	/* the region, inclusive */
	uint64_t ram_below;		/* the 2 MiB of RAM below: start */
	int has_ram_above;		/* RAM right after it, in the same section */
	uint64_t ram_above;		/* then the 2 MiB of RAM above: start */
	int region;			/* index of the PMEM entry */
};

/* The first such region. Returns 0, or -1 with the reason in @why. */
int iomem_ram_adjacent_pmem(const struct iomem *io, uint64_t section,
			    struct iomem_ram_adjacent *out, char *why, size_t whylen);

#endif
