/* `mhpbench run`: measure a suite on the device and record the result.
 * The set-up, the claim and the record are shared here; what a kind
 * measures comes from its row in kind.c. */
#ifndef MHPB_RUN_H
#define MHPB_RUN_H

#include "iomem.h"
#include "lens.h"
#include "mirror.h"
#include "model.h"
#include "pfn.h"
#include "pmu.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kind;

struct run_options {
	const char *suite;	/* path or bare name */
	const char *outdir;	/* default results/local */
	const char *range;	/* START+SIZE, or NULL to discover */
	const char *module;	/* .ko path, or NULL */
	const char *label;	/* free text, or NULL */
	const char *inject;	/* TARGET:NS of --inject (tests only), or NULL */
};

/* A run set up by run_suite(): what the kind's prepare and measure get. */
struct run_ctx {
	struct result r;	/* the record; the suite is r.suite */
	int fd;			/* the device, holding the claim */
	char path[4096];	/* the result file */
	bool tty;		/* stderr is a terminal: progress there */
	bool probes_off;	/* the module's probes are disarmed by us */
	bool inject_armed;	/* --inject: we armed the delay, we disarm it */
	struct pmu pmu;		/* n == 0: no events counted */
	uint64_t jitter_state;	/* splitmix64 state of the spacing jitter */
	struct pfn_target pfn[PFN_NCASES];	/* kind pfn_valid: its windows */
	bool saved;		/* the result file was written at least once */
	size_t saved_samples;	/* samples (hotplug and pfn_valid) in its last write */
	struct lens_tagger lens;	/* the cache lens's tags of the measured calls */
	struct mirror mirror;	/* MHPB_MIRROR: each write's copy for the host */
	bool mirror_failed;	/* said once: the mirror stopped taking writes */
};

/* The run of a kind that NEEDS_RANGE (kind.h): set up, claim, record, the
 * kind's measure, release. Takes over @s. Returns the exit code: 0
 * complete, 1 failed or interrupted, 2 could not start (range, module,
 * claim). The result file's path goes to @path ("" when none was
 * started): what the run has to say, the analysis reads from there. */
int run_suite(const struct kind *k, struct suite *s, const struct run_options *o, char *path,
	      size_t pathlen);

/* For a kind's measure: write the result file (0, or -1 with a message);
 * mark the run failed with @msg; whether SIGINT or SIGTERM asked it to
 * stop. */
int run_save(struct run_ctx *x);
void run_fail(struct run_ctx *x, const char *msg);
bool run_stop_requested(void);

/* Path of the module next to the binary: <exe dir>/../modules/mhp_bench.ko. */
void default_module_path(char *buf, size_t len);

/* --range START+SIZE, parsed once. */
struct range_arg {
	const char *text;	/* as given, for messages */
	uint64_t start, size;
};

/* Parse @text into @r: 0, or -1 with @err (not START+SIZE, start or size
 * not a multiple of 2M). */
int range_arg_parse(const char *text, struct range_arg *r, char *err, size_t errlen);

/* The claim for @needed bytes: in @given (base = its start), or without
 * it (NULL) the first free PMEM part of @io (base = 128 MiB aligned).
 * Returns 0 or -1 with @err. */
int choose_range(const struct iomem *io, const struct range_arg *given, uint64_t needed,
		 uint64_t *base, char *err, size_t errlen);

#endif
