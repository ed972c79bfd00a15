/* Delay injection (tests only): the module's inject_* parameters, read and
 * set through sysfs, and their record in a result. A run measured with a
 * delay armed is a test of the tools, never a measurement: the result
 * file says so (module.inject), and summary and compare print a warning. */
#ifndef MHPB_INJECT_H
#define MHPB_INJECT_H

#include "inject_record.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the module's bound on inject_ns */
#define INJECT_MAX_NS 10000000ULL

/* The module's parameters: /sys/module/mhp_bench/parameters, or the folder
 * named by MHPB_SYSFS_PARAMS (a test hook). */
#define INJECT_SYSFS_DIR "/sys/module/mhp_bench/parameters"


/* "TARGET:NS" of --inject. Returns 0 or -1 with @err. */
int inject_parse(const char *arg, struct inject_desc *d, char *err, size_t errlen);

/* Is the module loaded with inject_allow=1? 1 yes, 0 loaded without it
 * (or a module without the switch), -1 not loaded. */
int inject_allowed(void);

/* The module's state now; not armed (all zero) when it is not loaded or
 * has no such parameters. */
void inject_read(struct inject_desc *d);

/* Write inject_target then inject_ns (@ns 0 disarms). Returns 0 or the
 * errno of the write (EPERM: loaded without inject_allow). */
int inject_write(const char *target, uint64_t ns);

/* Fold the state at the run's end into the one at its start. */
void inject_merge(struct inject_desc *start, const struct inject_desc *end);



#endif
