/* The environment a run happened in, as its result file records it
 * (environment.*, results/README.md): the clock, the kernel, the machine.
 * Capture: bench/src/env.h. */
#ifndef MHPB_ENV_RECORD_H
#define MHPB_ENV_RECORD_H

#include <json-c/json.h>
#include <stdbool.h>
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
	bool cache_lens;	/* virtualization.lens is the cache lens: work
				 * figures are its estimated cycles */
	char qemu[96];		/* "Debian 1:7.2+dfsg-7+deb12u18+b3", or QEMU's
				 * version: virtualization.host.qemu, "" when
				 * unknown */
};

const char *env_clock_name(enum env_clock c);	/* "wall", "icount" */

/* The clock recorded in @env (environment.virtualization.clock and
 * icount_shift): wall for files without the fields. */
void env_clock_read(json_object *env, struct env_clockinfo *ci);

/* Same clock and shift: their numbers can be compared. */
int env_clock_equal(const struct env_clockinfo *a, const struct env_clockinfo *b);

/* Exact-mode runs of two known, different QEMUs: their instruction counts
 * may differ for QEMU's sake (its CPU model, its firmware), not the
 * kernel's, so they are not pooled or compared. */
bool env_qemu_differs(const struct env_clockinfo *a, const struct env_clockinfo *b);

/* "icount (shift 0)", "wall". */
void env_clock_describe(const struct env_clockinfo *ci, char *buf, size_t len);

/* Readers of a captured record (as found in a result file). */
const char *env_kernel_release(json_object *env);	/* "?" if absent */

/* environment.kernel.source: how the kernel was built, as the build
 * script of `make compare KTREE=... BASE=... HEAD=...` or `make compare
 * PATCH=...` left it in /boot/source-<release>.json (results/README.md).
 * Stock kernels and real hardware have none. */
#define ENV_SOURCE_MAX_BYTES (64 * 1024)	/* larger is not a build identity */

enum env_source_kind { ENV_SOURCE_NONE, ENV_SOURCE_GIT, ENV_SOURCE_DEBIAN };

/* A source record read into its fields. Strings point into the record
 * (valid while it lives), "" when absent or not strings; arrays NULL. */
struct env_source {
	enum env_source_kind kind;
	const char *tree, *commit, *describe, *subject;	/* git */
	const char *package, *version;			/* debian */
	const char *instrumentation, *config;
	json_object *patches;	/* [{file, subject, sha256}], in order */
	json_object *dropped;	/* [option names] */
};

/* Whether @src is a source record: an object whose "kind" is "git" or
 * "debian". Returns 0, or -1 with what is wrong in @why. */
int env_source_check(json_object *src, char *why, size_t len);
/* environment.kernel.source of @env when it passes env_source_check(),
 * else NULL (absent, null, or not a source record). Borrowed. */
json_object *env_kernel_source(json_object *env);
/* The fields of @src (NULL: kind ENV_SOURCE_NONE, every string ""). */
void env_source_parse(json_object *src, struct env_source *s);
/* Patch @i's @field ("file", "subject", "sha256"), or "". */
const char *env_source_patch(const struct env_source *s, size_t i, const char *field);
size_t env_source_npatches(const struct env_source *s);
/* The same record, both NULL included. */
int env_source_equal(json_object *a, json_object *b);
/* "TCG guest", "KVM guest", "guest" or "host"; with the threading, the
 * clock when instruction-clocked and the vCPUs when recorded:
 * "TCG guest, instruction-clocked (icount shift 0), 1 vCPU". */
void env_describe(json_object *env, char *buf, size_t len);

#endif
