/* The analysis side's table of suite kinds: what the summary does for
 * each (summary.h). The collector's table is bench/src/kind.c. */
#include "summary.h"
#include "pfn_summary.h"

static const struct summary_kind kinds[] = {
	[KIND_HOTPLUG] = {
		.expected = summary_hotplug_expected,
		.has_cases = true,
		.header = summary_hotplug_header,
		.text = summary_hotplug_text,
		.json = summary_hotplug_json,
	},
	[KIND_PFN_VALID] = {
		.expected = pfn_summary_expected,
		.text = pfn_summary_text,
		.json = pfn_summary_json,
	},
	/* KIND_COLLISIONS: its record ("mhpbench-collisions") is not a run */
	[KIND_COLLISIONS] = { 0 },
};

const struct summary_kind *summary_kind(enum suite_kind k)
{
	static const struct summary_kind none = { 0 };

	return (unsigned)k < sizeof(kinds) / sizeof(kinds[0]) ? &kinds[k] : &none;
}
