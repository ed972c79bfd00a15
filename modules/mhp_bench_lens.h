/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cache lens's markers (uapi/mhp_bench_lens.h), compiled in only by
 * a build with LENS=1 (make -C modules LENS=1): every other build runs
 * exactly the instructions it ran before the lens existed, so that an
 * instruction-clocked run is not changed by it.
 */
#ifndef _MHP_BENCH_LENS_H
#define _MHP_BENCH_LENS_H

#include <linux/types.h>

#include "uapi/mhp_bench_lens.h"

#ifdef MHPB_LENS
void mhpb_lens_phase_begin(u32 phase);
void mhpb_lens_phase_end(u32 phase);
/*
 * After mhpb_phases_init(): the lens test's touch, if its parameters ask;
 * @probed as for mhpb_inject_init().
 */
int mhpb_lens_init(const char *(*probed)(const char *name));
void mhpb_lens_exit(void);
/* In a phase probe's entry, counted: the lens test's reads on its target. */
void mhpb_lens_touch(const char *symbol);
#define mhpb_lens_mark(kind, arg)	MHPB_LENS_MARK(kind, arg)
#else
static inline void mhpb_lens_phase_begin(u32 phase) { }
static inline void mhpb_lens_phase_end(u32 phase) { }
static inline int mhpb_lens_init(const char *(*probed)(const char *name))
{
	return 0;
}
static inline void mhpb_lens_exit(void) { }
static inline void mhpb_lens_touch(const char *symbol) { }
#define mhpb_lens_mark(kind, arg)	do { (void)(kind); (void)(arg); } while (0)
#endif

#endif /* _MHP_BENCH_LENS_H */
