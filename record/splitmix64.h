/* splitmix64 (Steele, Lea and Flood 2014): small, seedable, and the same
 * sequence on every libc for a seed. The one copy: the collector draws the
 * order of a suite's samples and its spacing jitter from it (the recorded
 * seed replays both), the analysis its resampling. */
#ifndef MHPB_SPLITMIX64_H
#define MHPB_SPLITMIX64_H

#include <stdint.h>

static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
