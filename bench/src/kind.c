/* The suite kinds, one row each: see kind.h. */
#include "kind.h"
#include "collisions.h"
#include "hotplug.h"
#include "pfn.h"
#include "run.h"

/* keys of every kind, and of the kinds that repeat samples */
#define KEYS_EVERY (KEY_BIT(KEY_NAME) | KEY_BIT(KEY_DESCRIPTION) | KEY_BIT(KEY_KIND))
#define KEYS_SAMPLED (KEY_BIT(KEY_REPEAT) | KEY_BIT(KEY_WARMUP) | KEY_BIT(KEY_ORDER) | \
		      KEY_BIT(KEY_SEED))

static const struct kind kinds[] = {
	/* map and unmap every case of the suite's cross product */
	[KIND_HOTPLUG] = {
		.rules = {
			.keys = KEYS_EVERY | KEYS_SAMPLED | KEY_BIT(KEY_SIZES) |
				KEY_BIT(KEY_OFFSETS) | KEY_BIT(KEY_TYPE) | KEY_BIT(KEY_SHIFT) |
				KEY_BIT(KEY_MEMMAP) | KEY_BIT(KEY_PROBES) | KEY_BIT(KEY_SPACING) |
				KEY_BIT(KEY_JITTER) | KEY_BIT(KEY_EVENTS),
			.check = hotplug_check,
		},
		.needs = NEEDS_RANGE | NEEDS_EVENTS,
		.run = run_suite,
		.measure = hotplug_measure,
	},
	/* time pfn_valid() over windows of a layout the run maps */
	[KIND_PFN_VALID] = {
		.rules = {
			.keys = KEYS_EVERY | KEYS_SAMPLED | KEY_BIT(KEY_LOOPS) |
				KEY_BIT(KEY_WINDOW),
			.check = pfn_check,
		},
		.needs = NEEDS_RANGE,
		.run = run_suite,
		.prepare = pfn_prepare,
		.measure = pfn_measure,
	},
	/* the section collisions as pass/fail steps: it claims two empty
	 * sections itself and writes its own format */
	[KIND_COLLISIONS] = {
		.rules = { .keys = KEYS_EVERY },
		.run = collisions_run,
	},
};

_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == KIND_COLLISIONS + 1,
	       "every enum suite_kind has its row");

const struct kind *kind_of(enum suite_kind k)
{
	return (unsigned)k < sizeof(kinds) / sizeof(kinds[0]) ? &kinds[k] : NULL;
}

const struct suite_rules *kind_suite_rules(enum suite_kind k)
{
	const struct kind *row = kind_of(k);

	return row ? &row->rules : NULL;
}
