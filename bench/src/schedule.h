/* The order in which a suite's samples are taken. */
#ifndef MHPB_SCHEDULE_H
#define MHPB_SCHEDULE_H

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

/* splitmix64: small, and the same sequence on every libc for a seed. */
uint64_t splitmix64(uint64_t *state);

/* All warmups first, case by case; then the measured samples case by case
 * (sequential) or all shuffled together by Fisher-Yates seeded with
 * s->seed (random). With probes "both" every entry becomes a pair taken
 * back to back, probes on first for even repetitions and off first for odd
 * ones; the pairs stay together when shuffled. Returns a malloc'd array of
 * *n entries, or NULL. */
struct planned *schedule_build(const struct suite *s, size_t *n);

#endif
