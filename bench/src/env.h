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

/* The guest clock a run was timed by. Under QEMU's -icount the guest's
 * ktime advances 2^shift ns per executed instruction, so a work phase is an
 * instruction count, repeatable from boot to boot; waits stay virtual time.
 * The QEMU runner says which on the kernel command line. */
enum env_clock {
	ENV_CLOCK_WALL,		/* the host's clock (or TCG/KVM's): today's meaning */
	ENV_CLOCK_ICOUNT,	/* instruction-clocked TCG guest */
};

struct env_clockinfo {
	enum env_clock clock;
	int shift;		/* icount shift, -1 when not given */
};

const char *env_clock_name(enum env_clock c);	/* "wall", "icount" */

/* The clock named by "mhpbench.clock=" and "mhpbench.icount_shift=" in
 * @cmdline (may be NULL): wall when absent or unknown. */
void env_clock_from_cmdline(const char *cmdline, struct env_clockinfo *ci);

/* The clock recorded in @env (environment.virtualization.clock and
 * icount_shift): wall for files without the fields. */
void env_clock_read(json_object *env, struct env_clockinfo *ci);

/* Same clock and shift: their numbers can be compared. */
int env_clock_equal(const struct env_clockinfo *a, const struct env_clockinfo *b);

/* "icount (shift 0)", "wall". */
void env_clock_describe(const struct env_clockinfo *ci, char *buf, size_t len);

/* Readers of a captured record (as found in a result file). */
const char *env_kernel_release(json_object *env);	/* "?" if absent */
/* "TCG guest", "KVM guest", "guest" or "host"; with the threading, the
 * clock when instruction-clocked and the vCPUs when recorded:
 * "TCG guest, instruction-clocked (icount shift 0), 1 vCPU". */
void env_describe(json_object *env, char *buf, size_t len);

#endif
