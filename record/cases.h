/* The suite as recorded: what a run measures, case by case. Shared by the
 * collector (which parses suite files, bench/src/suite.h) and the analysis
 * (which reads the suite back from result files). */
#ifndef MHPB_CASES_H
#define MHPB_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SUITE_MAX_LIST 32
#define SUITE_NAME_LEN 64
#define SECTION_SIZE (128ULL << 20) /* x86-64 memory section */

enum suite_order { ORDER_RANDOM, ORDER_SEQUENTIAL };
/* hotplug: map and unmap the cases; pfn_valid: time pfn_valid() (pfn.c);
 * collisions: the section collisions as pass/fail steps (collisions.c,
 * its own result format). What each kind is to the collector: the table
 * of bench/src/kind.c. */
enum suite_kind { KIND_HOTPLUG, KIND_PFN_VALID, KIND_COLLISIONS };
/* Where the memmap of a map lives: DRAM, or the PMEM itself (altmap). */
enum memmap_loc { MEMMAP_DRAM, MEMMAP_PMEM };
/* on: phases timed; off: totals only (probes disarmed); both: each sample
 * taken twice, with and without, back to back */
enum probes_mode { PROBES_ON, PROBES_OFF, PROBES_BOTH };

/* One legal point of the cross product sizes x offsets x types x shifts x
 * memmaps (see suite_case_legal()). */
struct bench_case {
	uint64_t size;
	uint64_t offset;	/* from the section-aligned base of the claim */
	uint32_t type;		/* enum mhpb_pgmap_type */
	uint32_t vmemmap_shift;
	uint32_t memmap;	/* enum memmap_loc */
};

#define SUITE_EVENTS_LEN 512

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
	uint32_t memmaps[SUITE_MAX_LIST];
	unsigned n_memmaps;
	enum suite_kind kind;
	enum probes_mode probes;
	unsigned loops;		/* pfn_valid: passes over the window per sample */
	uint64_t window;	/* pfn_valid: bytes of pfns per case */
	unsigned repeat;
	unsigned warmup;
	unsigned spacing_ms;
	/* each sleep is spacing_ms plus a uniform [0, this) ms, so that no op
	 * starts at a fixed phase of the timer tick (analysis/METHOD.md) */
	unsigned spacing_jitter_ms;
	enum suite_order order;
	uint64_t seed;
	bool seed_given;	/* else the caller picks one and records it */
	/* "max" among the sizes: the largest the claimed range allows, added
	 * to sizes[] by suite_add_max_size() once the range is known */
	bool size_max;
	/* kernel-mode events counted around each call (pmu.h); "" for none */
	char events[SUITE_EVENTS_LEN];
};

void suite_free(struct suite *s);

/* A compound page shift goes only with sizes and offsets that are multiples
 * of its compound page, and a memmap on PMEM needs a map larger than one
 * compound page (it sets the memmap's pages aside at the start). */
bool suite_case_legal(const struct bench_case *c);
/* Legal cases only. 0 for kind pfn_valid. */
unsigned suite_case_count(const struct suite *s);
/* Cases are numbered sizes-major: size, then offset, type, shift, memmap,
 * skipping the illegal ones. */
struct bench_case suite_case(const struct suite *s, unsigned idx);
/* Index of @c among the cases, or -1. */
int suite_case_index(const struct suite *s, const struct bench_case *c);
/* Bytes the claim must cover past its base: max(offset + size). */
uint64_t suite_span(const struct suite *s);

/* Type private (MEMORY_DEVICE_PRIVATE): the run claims free physical
 * address space (MHPB_IOC_CLAIM_PRIVATE), not PMEM. Such a suite has no
 * other type, vmemmap_shift 0 and memmap dram only. */
bool suite_is_private(const struct suite *s);
const char *pgmap_type_name(uint32_t type);
int pgmap_type_parse(const char *name, uint32_t *type);
const char *suite_order_name(enum suite_order o);
int suite_order_parse(const char *name, enum suite_order *o);
/* "isolated" when spaced, "back-to-back" when spacing_ms is 0. */
const char *suite_mode_name(const struct suite *s);
const char *suite_kind_name(enum suite_kind k);
int suite_kind_parse(const char *name, enum suite_kind *k);
const char *memmap_loc_name(uint32_t m);
int memmap_loc_parse(const char *name, uint32_t *m);
const char *probes_mode_name(enum probes_mode p);
int probes_mode_parse(const char *name, enum probes_mode *p);

/* A compound page (4K << shift), at least one sub-section: sizes and
 * offsets of a case with that shift are multiples of it. */
uint64_t case_compound_unit(uint32_t shift);

/* The windows of a pfn_valid suite (bench/src/pfn.c), by name. */
enum pfn_case {
	PFN_ADDED,		/* inside the sub-section(s) the run mapped */
	PFN_NOT_ADDED,		/* the next sub-section(s) of that section */
	PFN_NEVER_ADDED,	/* the claim's second section, never mapped */
	PFN_BOOT_RAM,		/* an early section of boot System RAM */
	PFN_FAR,		/* above every resource, below MAX_PHYSMEM_BITS */
	PFN_NCASES
};

extern const char *const pfn_case_names[PFN_NCASES];

int bench_case_equal(const struct bench_case *a, const struct bench_case *b);
/* The one label of a case everywhere: "2M @+0 generic shift 9 memmap pmem". */
void case_label(const struct bench_case *c, char *buf, size_t len);

#endif
