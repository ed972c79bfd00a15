/* The kinds of suite, one row each in kind.c: which keys of the suite file
 * a kind uses and how it checks them, what its run needs, and how it runs.
 * main.c looks the kind up once and calls through its row; the
 * analysis keys its own side by the same enum suite_kind (cases.h). */
#ifndef MHPB_KIND_H
#define MHPB_KIND_H

#include "cases.h"
#include "iomem.h"
#include "suite.h"

#include <stddef.h>

struct run_ctx;
struct run_options;

/* What a kind's run needs. */
enum kind_needs {
	/* a range claimed by run.c's set-up: the suite's span of free PMEM,
	 * from --range or the first free part of /proc/iomem (a private
	 * suite: device-private address space the module finds). --range,
	 * --label and --inject apply, and the samples go to one result file
	 * of format "mhpbench". Without it the kind claims what it needs
	 * itself and takes only -o and --module. */
	NEEDS_RANGE = 1u << 0,
	/* the suite's PMU events, counted around each call */
	NEEDS_EVENTS = 1u << 1,
};

struct kind {
	/* parse: the keys a suite of this kind may set and its check
	 * (suite.h); kind_suite_rules() hands them to the parser */
	struct suite_rules rules;
	/* enum kind_needs */
	unsigned needs;
	/* run: `mhpbench run` of a loaded suite, which it may take over
	 * (leaving @s empty). Returns the exit code, with the result file to
	 * summarise in @path ("" for none). */
	int (*run)(const struct kind *k, struct suite *s, const struct run_options *o, char *path,
		   size_t pathlen);
	/* for run_suite() (NEEDS_RANGE): after the device is described and
	 * before the claim, what the kind works out from the layout (NULL:
	 * nothing), 0 or -1 with @err; then, claimed and recorded, taking
	 * the samples into x->r */
	int (*prepare)(struct run_ctx *x, const struct iomem *io, char *err, size_t errlen);
	void (*measure)(struct run_ctx *x);
};

/* The row of kind @k; NULL past the last kind. */
const struct kind *kind_of(enum suite_kind k);
/* The parse rules of kind @k (a suite_rules_fn for suite_parse() and
 * suite_load()); NULL past the last kind. */
const struct suite_rules *kind_suite_rules(enum suite_kind k);

#endif
