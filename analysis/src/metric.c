/* The direction table of the compared metrics. */
#include "metric.h"

static const struct metric_kind kinds[METRIC_KINDS] = {
	[METRIC_TOTAL] = { "total", "ns", LOWER_IS_BETTER,
			   "whole memremap_pages()/memunmap_pages() call" },
	[METRIC_WAIT] = { "wait", "ns", LOWER_IS_BETTER,
			  "top-level phases flagged wait (RCU grace periods, ref drain)" },
	[METRIC_WORK] = { "work", "ns", LOWER_IS_BETTER, "total - wait" },
	[METRIC_PHASE] = { "phase", "ns", LOWER_IS_BETTER,
			   "inclusive time of one probed kernel function" },
	[METRIC_PFN_CALL] = { "pfn_valid_call", "ns", LOWER_IS_BETTER,
			      "one pfn_valid() call: loop with the call - empty loop" },
};

const struct metric_kind *metric_kind(enum metric_id id)
{
	return &kinds[id < METRIC_KINDS ? id : METRIC_PHASE];
}

const char *metric_verdict(enum metric_id id, double change)
{
	int up = change > 0;

	if (metric_kind(id)->dir == LOWER_IS_BETTER)
		return up ? "worse" : "better";
	return up ? "better" : "worse";
}

int metric_is_work(enum metric_id id, int wait_phase)
{
	return id == METRIC_WORK || id == METRIC_PFN_CALL || (id == METRIC_PHASE && !wait_phase);
}
