/* Event counts as a result file records them (result.pmu and each call's
 * pmu). Counting: bench/src/pmu.h. */
#ifndef MHPB_PMU_RECORD_H
#define MHPB_PMU_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#define PMU_MAX_EVENTS	8
#define PMU_NAME_LEN	48

/* fd: the collector's open event; unused in a file read back */
struct pmu_event {
	char name[PMU_NAME_LEN];
	bool supported;
	char why[96];		/* why not, when !supported */
	int fd;
};

/* One reading: values in the order of pmu.ev (0 when unsupported). */
struct pmu_reading {
	uint64_t value[PMU_MAX_EVENTS];
	uint64_t enabled_ns;	/* of the group: running < enabled means */
	uint64_t running_ns;	/* the events were multiplexed and scaled */
	uint64_t task_clock_ns;	/* time on CPU, the fallback clock */
};

#endif
