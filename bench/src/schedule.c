/* The order in which a suite's samples are taken, and the spacing between
 * them. */
#include "schedule.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

/* Uniform in [0, bound) without modulo bias. */
static uint64_t below(uint64_t *state, uint64_t bound)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound, x;

	do
		x = splitmix64(state);
	while (x >= limit);
	return x % bound;
}

uint64_t spacing_ns(const struct suite *s, uint64_t *state)
{
	uint64_t ns = (uint64_t)s->spacing_ms * 1000000ULL;

	if (s->spacing_ms && s->spacing_jitter_ms)
		ns += below(state, (uint64_t)s->spacing_jitter_ms * 1000000ULL);
	return ns;
}

uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void sleep_ns(uint64_t ns)
{
	struct timespec until;

	if (!ns)
		return;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += (time_t)(ns / 1000000000ULL);
	until.tv_nsec += (long)(ns % 1000000000ULL);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
}

struct planned *schedule_build(const struct suite *s, size_t *n)
{
	unsigned nc = suite_case_count(s);
	size_t total = (size_t)nc * (s->warmup + s->repeat), k = 0, first;
	struct planned *p = calloc(total ? total : 1, sizeof(*p));
	uint64_t state = s->seed;

	if (!p)
		return NULL;
	for (unsigned c = 0; c < nc; c++)
		for (unsigned r = 0; r < s->warmup; r++)
			p[k++] = (struct planned){ c, r, true, false };
	first = k;
	for (unsigned c = 0; c < nc; c++)
		for (unsigned r = 0; r < s->repeat; r++)
			p[k++] = (struct planned){ c, r, false, false };
	/* total > first: no measured sample (no case) has nothing to shuffle */
	if (s->order == ORDER_RANDOM && total > first)
		for (size_t i = total - 1; i > first; i--) {
			size_t j = first + (size_t)below(&state, i - first + 1);
			struct planned t = p[i];

			p[i] = p[j];
			p[j] = t;
		}
	if (s->probes == PROBES_OFF)
		for (size_t i = 0; i < total; i++)
			p[i].probes_off = true;
	if (s->probes == PROBES_BOTH) {
		struct planned *two = calloc(total ? 2 * total : 1, sizeof(*two));

		if (!two) {
			free(p);
			return NULL;
		}
		for (size_t i = 0; i < total; i++) {
			bool off_first = p[i].rep % 2;

			two[2 * i] = p[i];
			two[2 * i].probes_off = off_first;
			two[2 * i + 1] = p[i];
			two[2 * i + 1].probes_off = !off_first;
		}
		free(p);
		p = two;
		total *= 2;
	}
	*n = total;
	return p;
}
