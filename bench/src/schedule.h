/* The order in which a suite's samples are taken, and the spacing between
 * them. */
#ifndef MHPB_SCHEDULE_H
#define MHPB_SCHEDULE_H

#include "splitmix64.h"
#include "suite.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct planned {
	uint32_t case_idx;
	uint32_t rep;
	bool warmup;
	bool probes_off;	/* take it with the phase probes disarmed */
};

/* All warmups first, case by case; then the measured samples case by case
 * (sequential) or all shuffled together by Fisher-Yates seeded with
 * s->seed (random). With probes "both" every entry becomes a pair taken
 * back to back, probes on first for even repetitions and off first for odd
 * ones; the pairs stay together when shuffled. Returns a malloc'd array of
 * *n entries, or NULL. */
struct planned *schedule_build(const struct suite *s, size_t *n);

/* The stream of the spacing jitter: the suite's seed xor this, so that the
 * jitter neither reuses nor shifts the shuffle's draws. */
#define SPACING_JITTER_STREAM 0x6a09e667f3bcc908ULL

/* The sleep before the next map or unmap, in ns: spacing_ms plus a uniform
 * draw from [0, spacing_jitter_ms) at 1 ns steps from *state. Spacing
 * alone ends a fixed time after the previous op, whose tick-quantized
 * grace period fixed the phase of the tick it ended at, so each op would
 * start at a tick phase set by the previous op's work (analysis/METHOD.md,
 * "Tick phase"). 0 in back-to-back mode. */
uint64_t spacing_ns(const struct suite *s, uint64_t *state);

/* Sleep @ns on CLOCK_MONOTONIC, the whole time even if a signal arrives:
 * an interrupted spacing would make the sample that follows a different
 * measurement. */
void sleep_ns(uint64_t ns);
/* CLOCK_MONOTONIC in ns (a sample's start). */
uint64_t monotonic_ns(void);

#endif
