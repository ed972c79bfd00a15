/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Phase timing of one memremap_pages()/memunmap_pages() call with
 * kretprobes. Only one call is measured at a time: callers serialise with
 * mhpb_measure_begin()/mhpb_measure_end().
 */
#ifndef _MHP_BENCH_PHASES_H
#define _MHP_BENCH_PHASES_H

#include "uapi/mhp_bench.h"

int mhpb_phases_init(void);
void mhpb_phases_exit(void);
unsigned int mhpb_phases_probe_errors(void);
int mhpb_phase_describe(struct mhpb_phase_info *pi);
/* Arm (true) or disarm every phase kretprobe; see MHPB_IOC_PROBES. */
int mhpb_phases_set_enabled(bool enable);
bool mhpb_phases_enabled(void);

/*
 * The symbol name of the phase kretprobe registered on kernel function
 * @symbol, as the probe's entry handler passes it to mhpb_inject_delay(),
 * or NULL when none is registered there.
 */
const char *mhpb_phases_symbol(const char *symbol);

/* Attribute probe hits of the current task to @t until mhpb_measure_end(). */
void mhpb_measure_begin(struct mhpb_timing *t, bool unmap);
void mhpb_measure_end(void);

#endif /* _MHP_BENCH_PHASES_H */
