/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Delay injection for the end-to-end test of mhpbench compare: off by
 * default, refused unless the module was loaded with inject_allow=1. See
 * mhp_bench_inject.c.
 */
#ifndef _MHP_BENCH_INJECT_H
#define _MHP_BENCH_INJECT_H

#include <linux/types.h>

/*
 * After mhpb_phases_init(): arms what the load parameters asked for.
 * @probed gives the phase probes' own string for a kernel function that
 * has one (NULL otherwise): the armed target is compared by address on
 * every hit. Passed in, so that the injection calls no probe code: the
 * probes call it, never the other way round.
 */
int mhpb_inject_init(const char *(*probed)(const char *name));
/* Before mhpb_phases_exit(): disarms, and refuses any later setting. */
void mhpb_inject_exit(void);
/*
 * For the phase probes, on a hit of the measuring task: the delay to
 * inject into kernel function @symbol (0 unless it is the armed target),
 * asked before the entry timestamp so that the check costs no phase
 * anything; then mhpb_inject_wait() after the timestamp.
 */
u64 mhpb_inject_delay(const char *symbol);
void mhpb_inject_wait(u64 ns);

#endif /* _MHP_BENCH_INJECT_H */
