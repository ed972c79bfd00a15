/* The environment a run happened in, as its result file records it
 * (environment.*, results/README.md): the clock, the kernel, the machine.
 * Capture: bench/src/env.h. */
#ifndef MHPB_ENV_RECORD_H
#define MHPB_ENV_RECORD_H

#include <json-c/json.h>
#include <stddef.h>

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
