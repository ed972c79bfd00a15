/* Suites of kind hotplug: map and unmap every case of the suite's cross
 * product, timed phase by phase by the module. */
#ifndef MHPB_HOTPLUG_H
#define MHPB_HOTPLUG_H

#include "suite.h"

struct run_ctx;

/* The suite, once every key is read: spacing and jitter agree, sizes are
 * given, every listed value takes part in a legal case, a private suite
 * keeps to base pages in DRAM. 0, or -1 after suite_reject(). */
int hotplug_check(struct suite_check *c, struct suite *s);

/* The write bandwidth per case, then every planned sample (schedule.h)
 * into x->r, saved after each. A failed call ends the run (failed, the
 * sample kept), a signal too (interrupted). */
void hotplug_measure(struct run_ctx *x);

#endif
