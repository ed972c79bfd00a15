/* Kernel-mode event counts around one map or unmap, with perf_event_open()
 * on the collector's own thread and event names encoded by libpfm4. */
#ifndef MHPB_PMU_H
#define MHPB_PMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PMU_MAX_EVENTS	8
#define PMU_NAME_LEN	48

/* The default set: the events a reviewer asks for first. */
#define PMU_DEFAULT_EVENTS "cycles instructions LLC-load-misses dTLB-load-misses"

struct pmu_event {
	char name[PMU_NAME_LEN];
	bool supported;
	char why[96];		/* why not, when !supported */
	int fd;
};

struct pmu {
	unsigned int n;
	struct pmu_event ev[PMU_MAX_EVENTS];
	int leader;		/* fd of the group leader, or -1 */
	int clock_fd;		/* task-clock: always counted */
	bool any_hw;		/* at least one requested event opened */
};

/* One reading: values in the order of pmu.ev (0 when unsupported). */
struct pmu_reading {
	uint64_t value[PMU_MAX_EVENTS];
	uint64_t enabled_ns;	/* of the group: running < enabled means */
	uint64_t running_ns;	/* the events were multiplexed and scaled */
	uint64_t task_clock_ns;	/* time on CPU, the fallback clock */
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
