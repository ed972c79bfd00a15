/* The environment a run happened in, captured as a JSON record. */
#ifndef MHPB_ENV_H
#define MHPB_ENV_H

#include "iomem.h"

#include <json-c/json.h>
#include <stddef.h>

/* New record of kernel, config, CPU, memory, clock, RCU settings,
 * virtualization, PMEM regions (from @io, may be NULL), ndctl and host. */
json_object *env_capture(const struct iomem *io);

/* Value of "word=" in the kernel command line @cmdline, copied into @buf.
 * Returns 0 if found. */
int env_cmdline_value(const char *cmdline, const char *word, char *buf, size_t len);

/* Readers of a captured record (as found in a result file). */
const char *env_kernel_release(json_object *env);	/* "?" if absent */
/* "TCG guest", "KVM guest", "guest" or "host". */
void env_describe(json_object *env, char *buf, size_t len);

#endif
