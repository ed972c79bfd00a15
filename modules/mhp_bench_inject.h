/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Delay injection for the end-to-end test of mhpbench compare: off by
 * default, refused unless the module was loaded with inject_allow=1. See
 * mhp_bench_inject.c.
 */
#ifndef _MHP_BENCH_INJECT_H
#define _MHP_BENCH_INJECT_H

/* After mhpb_phases_init(): arms what the load parameters asked for. */
int mhpb_inject_init(void);
/* Before mhpb_phases_exit(): disarms, and refuses any later setting. */
void mhpb_inject_exit(void);
/*
 * The phase probes call this on every hit of the measuring task, right
 * after the entry timestamp: busy-waits when @symbol is the armed target.
 */
void mhpb_inject_hit(const char *symbol);

#endif /* _MHP_BENCH_INJECT_H */
