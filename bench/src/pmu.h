/* Kernel-mode event counts around one map or unmap, with perf_event_open()
 * on the collector's own thread and event names encoded by libpfm4. */
#ifndef MHPB_PMU_H
#define MHPB_PMU_H

#include "pmu_record.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The default set: the events a reviewer asks for first. */
#define PMU_DEFAULT_EVENTS "cycles instructions LLC-load-misses dTLB-load-misses"

struct pmu {
	unsigned int n;
	struct pmu_event ev[PMU_MAX_EVENTS];
	int leader;		/* fd of the group leader, or -1 */
	int clock_fd;		/* task-clock: always counted */
	bool any_hw;		/* at least one requested event opened */
};

/* Open the events named in @names (space separated, at most
 * PMU_MAX_EVENTS). Unknown names are an error; events the machine cannot
 * count are kept, marked unsupported. Returns 0 or -1 with @err set. */
int pmu_open(struct pmu *p, const char *names, char *err, size_t errlen);
void pmu_start(struct pmu *p);
void pmu_stop(struct pmu *p, struct pmu_reading *r);
void pmu_close(struct pmu *p);

/* Open one per-task dummy event and keep it until a signal ends the
 * process: see pmu.c. Writes @ready_line to stdout once it holds. Returns
 * only on failure (-1 with @err set). */
int pmu_hold_sched_events(const char *ready_line, char *err, size_t errlen);

/* One line for the user when some events are not counted, or NULL. */
const char *pmu_fallback_note(const struct pmu *p, char *buf, size_t len);

#endif /* MHPB_PMU_H */
