/* `mhpbench run`: the set-up, claim and record every kind with
 * NEEDS_RANGE shares; what it measures is its row's (kind.c). */
#include "run.h"
#include "device.h"
#include "env.h"
#include "inject.h"
#include "kind.h"
#include "paths.h"
#include "result.h"
#include "schedule.h"
#include "units.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef MHPB_VERSION
#define MHPB_VERSION "unknown"
#endif

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

bool run_stop_requested(void)
{
	return stop_requested;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void default_module_path(char *buf, size_t len)
{
	char dir[4096];
	int n;

	if (exe_dir(dir, sizeof(dir)) == 0)
		n = snprintf(buf, len, "%s/../modules/" MODULE_NAME ".ko", dir);
	else
		n = snprintf(buf, len, "../modules/" MODULE_NAME ".ko");
	if (n < 0 || (size_t)n >= len)
		buf[0] = '\0';	/* a cut path would name another file */
}

int range_arg_parse(const char *text, struct range_arg *r, char *err, size_t errlen)
{
	r->text = text;
	if (parse_range(text, &r->start, &r->size)) {
		snprintf(err, errlen, "--range '%s': expected START+SIZE (e.g. 0x100000000+1G)", text);
		return -1;
	}
	if (r->start % MHPB_SUBSECTION_SIZE || r->size % MHPB_SUBSECTION_SIZE) {
		snprintf(err, errlen, "--range '%s': start and size must be multiples of 2M", text);
		return -1;
	}
	return 0;
}

int choose_range(const struct iomem *io, const struct range_arg *given, uint64_t needed,
		 uint64_t *base, char *err, size_t errlen)
{
	char need[32], have[32];

	if (!given)
		return iomem_pick(io, needed, base, err, errlen);
	if (given->size < needed) {
		format_size(needed, need, sizeof(need));
		format_size(given->size, have, sizeof(have));
		snprintf(err, errlen, "--range '%s': the suite needs %s, the range has %s", given->text,
			 need, have);
		return -1;
	}
	*base = given->start;
	return 0;
}

/* The file just written, into the mirror (mirror.h). A failure is said
 * once: the file itself is whole, only a killed guest would lose it. */
static void run_mirror(struct run_ctx *x)
{
	char err[512];

	if (!x->mirror.base || x->mirror_failed)
		return;
	if (mirror_put_file(&x->mirror, x->path, err, sizeof(err)) == 0)
		return;
	x->mirror_failed = true;
	fprintf(stderr, "%smhpbench: the result mirror stopped: %s; a guest killed from here on "
		"keeps the samples until this one\n", x->tty ? "\n" : "", err);
}

int run_save(struct run_ctx *x)
{
	size_t n = x->r.n_samples + x->r.n_pfns;
	char err[512];

	if (result_write(&x->r, x->path, err, sizeof(err)) == 0) {
		x->saved = true;
		x->saved_samples = n;
		run_mirror(x);
		return 0;
	}
	fprintf(stderr, "%smhpbench: cannot write the result: %s; ", x->tty ? "\n" : "", err);
	if (x->saved)
		fprintf(stderr, "%s is left as last written, with %zu of the %zu samples taken\n",
			x->path, x->saved_samples, n);
	else
		fprintf(stderr, "no result file written\n");
	return -1;
}

void run_fail(struct run_ctx *x, const char *msg)
{
	result_set_error(&x->r, msg);
	x->r.status = RUN_FAILED;
}

/* Open the suite's events and record what they are; says once which ones
 * this machine cannot count. Returns 0 or -1 with @err. */
static int pmu_setup(struct run_ctx *x, char *err, size_t errlen)
{
	char note[1024], why[256];

	if (!x->r.suite.events[0])
		return 0;
	if (pmu_open(&x->pmu, x->r.suite.events, why, sizeof(why))) {
		snprintf(err, errlen, "suite %s: events: %s", x->r.suite.file, why);
		return -1;
	}
	x->r.n_pmu = x->pmu.n;
	x->r.pmu_any_hw = x->pmu.any_hw;
	memcpy(x->r.pmu, x->pmu.ev, sizeof(x->r.pmu));
	if (pmu_fallback_note(&x->pmu, note, sizeof(note)))
		fprintf(stderr, "mhpbench: %s\n", note);
	return 0;
}

/* The bytes a run may claim from the base: the most that fits from the
 * section-aligned base of the largest free PMEM part, or --range's size. */
static uint64_t room_for_max(const struct iomem *io, const struct range_arg *given)
{
	struct iomem_part *parts;
	uint64_t room = 0;
	size_t n;

	if (given)
		return given->size;
	n = iomem_free_parts(io, &parts);
	for (size_t i = 0; i < n; i++) {
		uint64_t b = (parts[i].start + SECTION_SIZE - 1) / SECTION_SIZE * SECTION_SIZE;

		if (b <= parts[i].end && parts[i].end + 1 - b > room)
			room = parts[i].end + 1 - b;
	}
	free(parts);
	return room;
}

/* The suite's "max" size: the most that fits in room_for_max(). Returns 0
 * or -1 with @err. */
static int resolve_max_size(struct run_ctx *x, const struct iomem *io,
			    const struct range_arg *given, char *err, size_t errlen)
{
	uint64_t room = room_for_max(io, given), added = suite_add_max_size(&x->r.suite, room);
	char buf[32];

	if (!added) {
		format_size(room, buf, sizeof(buf));
		snprintf(err, errlen, "suite %s: sizes max: nothing larger than the listed sizes fits in %s",
			 x->r.suite.file, buf);
		return -1;
	}
	format_size(added, buf, sizeof(buf));
	fprintf(stderr, "mhpbench: sizes max: %s, the largest that fits\n", buf);
	return 0;
}

/* Where the claim goes: the suite's span at --range or the first free
 * PMEM part; a private suite's start comes with its claim. Returns 0 or -1
 * with @err. */
static int place_claim(struct run_ctx *x, const struct iomem *io, const struct range_arg *given,
		       char *err, size_t errlen)
{
	struct suite *s = &x->r.suite;
	uint64_t base = 0;

	if (s->size_max && resolve_max_size(x, io, given, err, errlen))
		return -1;
	if (!suite_is_private(s) && choose_range(io, given, suite_span(s), &base, err, errlen))
		return -1;
	x->r.range_start = x->r.range_base = base;
	x->r.range_size = given ? given->size : suite_span(s);
	return 0;
}

/* The claim of a private suite: free physical address space, found by the
 * module. Returns 0, or the errno with the reason in @err. */
static int claim_private(struct run_ctx *x, char *err, size_t errlen)
{
	char size[32];
	uint64_t start = 0;
	int e = device_claim_private(x->fd, x->r.range_size, &start);

	if (!e) {
		x->r.range_start = x->r.range_base = start;
		return 0;
	}
	format_size(x->r.range_size, size, sizeof(size));
	if (e == EOPNOTSUPP)
		snprintf(err, errlen,
			 "cannot claim %s of device-private memory: the kernel has no CONFIG_DEVICE_PRIVATE, type private is not supported (%s, errno %d)",
			 size, strerror(e), e);
	else
		snprintf(err, errlen, "cannot claim %s of device-private memory: %s (errno %d)", size,
			 strerror(e), e);
	return e;
}

/* Claim the range. Returns 0 or -1 with @err; a refused private claim is
 * 0 with the reason in @refused, so that the result file says why. */
static int claim(struct run_ctx *x, char *err, size_t errlen, char *refused, size_t refusedlen)
{
	int e;

	if (suite_is_private(&x->r.suite)) {
		claim_private(x, refused, refusedlen);
		return 0;
	}
	e = device_claim(x->fd, x->r.range_start, x->r.range_size);
	if (e)
		snprintf(err, errlen, "cannot claim 0x%llx+0x%llx: %s",
			 (unsigned long long)x->r.range_start, (unsigned long long)x->r.range_size,
			 strerror(e));
	return e ? -1 : 0;
}

/* --inject (tests only): the module must be loadable with inject_allow=1,
 * or loaded with it. Returns 0 or -1 with @err. */
static int inject_check(const struct run_options *o, char *err, size_t errlen)
{
	struct inject_desc want;

	if (!o->inject)
		return 0;
	if (inject_parse(o->inject, &want, err, errlen))
		return -1;
	if (inject_allowed() == 0) {
		snprintf(err, errlen,
			 "--inject: " MODULE_NAME " is loaded without inject_allow=1, so it refuses delay injection; unload it (rmmod " MODULE_NAME ") and run again");
		return -1;
	}
	return 0;
}

/* Arm the delay of --inject, then record the module's injection state at
 * the start of the run (armed by someone else, too). Returns 0 or -1. */
static int inject_start(struct run_ctx *x, const struct run_options *o, char *err, size_t errlen)
{
	struct inject_desc want;
	char what[128];
	int e;

	if (o->inject) {
		if (inject_parse(o->inject, &want, err, errlen))
			return -1;
		e = inject_write(want.target, want.ns);
		if (e) {
			snprintf(err, errlen, "--inject %s: the module refused it: %s%s", o->inject,
				 strerror(e), e == EINVAL ? " (targets: sparse_add_section, memmap_init_zone_device)" : "");
			inject_write("", 0);
			return -1;
		}
		x->inject_armed = true;
	}
	inject_read(&x->r.module.inject);
	if (x->r.module.inject.armed) {
		inject_describe(&x->r.module.inject, what, sizeof(what));
		fprintf(stderr, "mhpbench: !!! DELAY INJECTION ARMED (tests only, not a measurement): %s\n",
			what);
	}
	return 0;
}

/* At the end of the run: record the state again (an arming or disarming
 * during the run shows as changed), then disarm what --inject armed. */
static void inject_finish(struct run_ctx *x)
{
	struct inject_desc end;
	int e;

	inject_read(&end);
	inject_merge(&x->r.module.inject, &end);
	if (!x->inject_armed)
		return;
	e = inject_write("", 0);
	if (e)
		fprintf(stderr, "mhpbench: cannot disarm the delay injection: %s\n", strerror(e));
	x->inject_armed = false;
}

/* The device, described; the kind's preparation; the events; the claim;
 * --inject armed. Returns 0 or -1 with @err (a refused private claim: 0,
 * see claim()). */
static int setup_device(struct run_ctx *x, const struct kind *k, const struct run_options *o,
			const struct iomem *io, char *err, size_t errlen, char *refused,
			size_t refusedlen)
{
	char modpath[4096];

	default_module_path(modpath, sizeof(modpath));
	if (inject_check(o, err, errlen))
		return -1;
	x->fd = device_open_opts(o->module, modpath, o->inject ? "inject_allow=1" : NULL, err,
				 errlen);
	if (x->fd < 0 || device_describe(x->fd, &x->r.module, err, errlen))
		return -1;
	if (k->prepare && k->prepare(x, io, err, errlen))
		return -1;
	if ((k->needs & NEEDS_EVENTS) && pmu_setup(x, err, errlen))
		return -1;
	if (claim(x, err, errlen, refused, refusedlen))
		return -1;
	return inject_start(x, o, err, errlen);
}

/* The record's head (seed, status, label, collector, environment, start)
 * and the result file's path. Returns 0 or -1 with @err. */
static int setup_record(struct run_ctx *x, const struct run_options *o, const struct iomem *io,
			const char *refused, char *err, size_t errlen)
{
	char stamp[32];
	struct utsname u;
	time_t now;

	if (!x->r.suite.seed_given) {
		/* The runner's boot seed keeps two guests apart whose calendars
		 * start at one fixed date (exact mode); below 2^53, so that any
		 * JSON reader holds it exactly. */
		const char *boot = getenv("MHPB_BOOT_SEED");
		uint64_t st = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ monotonic_ns() ^
			      (boot ? strtoull(boot, NULL, 16) : 0);

		x->r.suite.seed = splitmix64(&st) >> 11;
	}
	x->jitter_state = x->r.suite.seed ^ SPACING_JITTER_STREAM;
	x->r.status = RUN_RUNNING;
	if (refused[0]) {
		/* no claim, no samples: the run is recorded as failed */
		fprintf(stderr, "mhpbench: %s\n", refused);
		run_fail(x, refused);
	}
	x->r.label = o->label ? strdup(o->label) : NULL;
	x->r.collector_version = strdup(MHPB_VERSION);
	x->r.collector_compiler = strdup(__VERSION__);
	x->r.environment = env_capture(io);
	now = time(NULL);
	iso8601_utc(now, x->r.started, sizeof(x->r.started));
	compact_utc(now, stamp, sizeof(stamp));
	uname(&u);
	if (mkdir_p(o->outdir)) {
		snprintf(err, errlen, "cannot create %s: %s", o->outdir, strerror(errno));
		return -1;
	}
	snprintf(x->path, sizeof(x->path), "%s/%s-%s-%s.json", o->outdir, x->r.suite.name,
		 u.release, stamp);
	return lens_tagger_init(&x->lens, x->path, err, errlen);
}

/* /proc/iomem into @io (@text holds it); without --range it must be
 * there. Returns 0 or -1 with @err. */
static int read_layout(const struct range_arg *given, struct iomem *io, char **text, char *err,
		       size_t errlen)
{
	*text = iomem_read_text("/proc/iomem");
	if (!*text && !given) {
		snprintf(err, errlen, "cannot read /proc/iomem: %s", strerror(errno));
		return -1;
	}
	if (*text && iomem_parse(*text, io, err, errlen) && !given)
		return -1;
	return 0;
}

/* Everything before the first sample, the result file written. Returns 0,
 * or 2 with a message printed. A private suite whose claim is refused
 * returns 0 with the run failed, so that the result file says why. */
static int setup(struct run_ctx *x, const struct kind *k, const struct run_options *o)
{
	char err[1024], refused[512] = "", *text = NULL;
	struct range_arg range = { 0 };
	const struct range_arg *given = o->range ? &range : NULL;
	struct iomem io = { 0 };
	int rc = -1;

	if (given && suite_is_private(&x->r.suite)) {
		snprintf(err, sizeof(err),
			 "--range does not apply to suite %s: type private claims free physical address space, not PMEM",
			 x->r.suite.file);
		goto out;
	}
	if ((given && range_arg_parse(o->range, &range, err, sizeof(err))) ||
	    read_layout(given, &io, &text, err, sizeof(err)) ||
	    place_claim(x, &io, given, err, sizeof(err)) ||
	    setup_device(x, k, o, &io, err, sizeof(err), refused, sizeof(refused)) ||
	    setup_record(x, o, text ? &io : NULL, refused, err, sizeof(err)))
		goto out;
	rc = 0;
out:
	iomem_free(&io);
	free(text);
	if (rc) {
		fprintf(stderr, "mhpbench: %s\n", err);
		return 2;
	}
	return run_save(x) ? 2 : 0;
}

/* After the last sample: probes re-armed, injection disarmed, the claim
 * released, the record finished and written. */
static void finish(struct run_ctx *x)
{
	int rel;

	if (x->tty)
		fputc('\n', stderr);
	if (x->r.status == RUN_RUNNING)
		x->r.status = RUN_COMPLETE;	/* every planned sample was taken */
	if (x->probes_off)
		device_probes(x->fd, true);	/* closing the file would too */
	inject_finish(x);
	rel = device_release(x->fd);
	if (rel && x->r.status == RUN_COMPLETE) {
		char msg[128];

		snprintf(msg, sizeof(msg), "MHPB_IOC_RELEASE failed: %s", strerror(rel));
		run_fail(x, msg);
	}
	close(x->fd);
	pmu_close(&x->pmu);
	iso8601_utc(time(NULL), x->r.finished, sizeof(x->r.finished));
	run_save(x);
}

/* MHPB_MIRROR, set by the guest's init when QEMU gives it the mirror's
 * device: a run that cannot map it runs without, and says so. */
static void open_mirror(struct run_ctx *x)
{
	const char *path = getenv("MHPB_MIRROR");
	char err[512];

	x->mirror.slot = -1;
	if (path && *path && mirror_open(&x->mirror, path, err, sizeof(err)))
		fprintf(stderr, "mhpbench: no result mirror: %s; a killed guest loses this run\n",
			err);
}

/* A set-up that failed: undo what it did. */
static void abandon(struct run_ctx *x)
{
	if (x->inject_armed)
		inject_write("", 0);
	pmu_close(&x->pmu);
	if (x->fd >= 0)
		close(x->fd);	/* closing releases a claim */
	result_free(&x->r);
}

int run_suite(const struct kind *k, struct suite *s, const struct run_options *o, char *path,
	      size_t pathlen)
{
	struct run_ctx x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.r.suite = *s;
	memset(s, 0, sizeof(*s));	/* the record's now: result_free() frees it */
	x.fd = -1;
	x.tty = isatty(STDERR_FILENO);
	open_mirror(&x);
	rc = setup(&x, k, o);
	if (rc) {
		abandon(&x);
		mirror_close(&x.mirror);
		return rc;
	}
	install_signals();
	if (x.r.status != RUN_FAILED)	/* else the claim was refused: nothing to measure */
		k->measure(&x);
	finish(&x);
	snprintf(path, pathlen, "%s", x.path);
	rc = x.r.status == RUN_COMPLETE ? 0 : 1;
	result_free(&x.r);
	mirror_close(&x.mirror);
	return rc;
}
