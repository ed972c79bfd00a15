/* The suite file: what to measure, parsed from a small key/value text. */
#ifndef MHPB_SUITE_H
#define MHPB_SUITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SUITE_MAX_LIST 32
#define SUITE_NAME_LEN 64
#define SECTION_SIZE (128ULL << 20) /* x86-64 memory section */

enum suite_order { ORDER_RANDOM, ORDER_SEQUENTIAL };

/* One point of the cross product sizes x offsets x types x shifts. */
struct bench_case {
	uint64_t size;
	uint64_t offset;	/* from the section-aligned base of the claim */
	uint32_t type;		/* enum mhpb_pgmap_type */
	uint32_t vmemmap_shift;
};

struct suite {
	char name[SUITE_NAME_LEN];
	char *description;	/* NULL if absent */
	char *file;		/* path as given, for messages and the record */
	char *text;		/* the whole file, recorded verbatim */
	uint64_t sizes[SUITE_MAX_LIST];
	unsigned n_sizes;
	uint64_t offsets[SUITE_MAX_LIST];
	unsigned n_offsets;
	uint32_t types[SUITE_MAX_LIST];
	unsigned n_types;
	uint32_t shifts[SUITE_MAX_LIST];
	unsigned n_shifts;
	unsigned repeat;
	unsigned warmup;
	unsigned spacing_ms;
	enum suite_order order;
	uint64_t seed;
	bool seed_given;	/* else the caller picks one and records it */
};

/* Parse @text (named @file in messages). On error returns -1 and writes
 * "file:line: key: reason" into @err. @s must be suite_free()d either way. */
int suite_parse(const char *file, const char *text, struct suite *s,
		char *err, size_t errlen);
/* Read and parse the file at @path. */
int suite_load(const char *path, struct suite *s, char *err, size_t errlen);
void suite_free(struct suite *s);

unsigned suite_case_count(const struct suite *s);
/* Cases are numbered sizes-major: size, then offset, type, shift. */
struct bench_case suite_case(const struct suite *s, unsigned idx);
/* Index of @c among the cases, or -1. */
int suite_case_index(const struct suite *s, const struct bench_case *c);
/* Bytes the claim must cover past its base: max(offset + size). */
uint64_t suite_span(const struct suite *s);

const char *pgmap_type_name(uint32_t type);
int pgmap_type_parse(const char *name, uint32_t *type);
const char *suite_order_name(enum suite_order o);
int suite_order_parse(const char *name, enum suite_order *o);
/* "isolated" when spaced, "back-to-back" when spacing_ms is 0. */
const char *suite_mode_name(const struct suite *s);

#endif
