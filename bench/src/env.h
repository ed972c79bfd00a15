/* The environment a run happened in, captured as a JSON record. */
#ifndef MHPB_ENV_H
#define MHPB_ENV_H

#include "env_record.h"
#include "iomem.h"

#include <json-c/json.h>
#include <stddef.h>

/* New record of kernel (with its build identity, kernel.source), config, CPU, memory, clock, RCU settings,
 * virtualization, PMEM regions (from @io, may be NULL), ndctl and host. */
json_object *env_capture(const struct iomem *io);

/* The build identity file @path (/boot/source-<release>.json, written by
 * the kernel build of `make compare`): its object when it is one that
 * env_source_check() accepts, no larger than ENV_SOURCE_MAX_BYTES. Else
 * NULL, with what is wrong in @why, or @why "" when there is no file. */
json_object *env_source_file(const char *path, char *why, size_t len);


/* The clock named by "mhpbench.clock=" and "mhpbench.icount_shift=" in
 * @cmdline (may be NULL): wall when absent or unknown. */
void env_clock_from_cmdline(const char *cmdline, struct env_clockinfo *ci);

#endif
