/* `mhpbench run`: measure a suite on the device and record the result. */
#include "run.h"
#include "pmu.h"
#include "bandwidth.h"
#include "device.h"
#include "env.h"
#include "inject.h"
#include "iomem.h"
#include "paths.h"
#include "pfn.h"
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

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Sleeps the whole time even if a signal arrives: an interrupted spacing
 * would make the sample that follows a different measurement. */
static void sleep_ns(uint64_t ns)
{
	struct timespec until;

	if (!ns)
		return;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += (time_t)(ns / 1000000000ULL);
	until.tv_nsec += (long)(ns % 1000000000ULL);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
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

int choose_range(const struct iomem *io, const char *range_arg, uint64_t needed,
		 uint64_t *base, char *err, size_t errlen)
{
	uint64_t start, size, b;
	char need[32], have[32];

	if (!range_arg) {
		if (iomem_pick(io, needed, &b, err, errlen))
			return -1;
		*base = b;
		return 0;
	}
	if (parse_range(range_arg, &start, &size)) {
		snprintf(err, errlen, "--range '%s': expected START+SIZE (e.g. 0x100000000+1G)", range_arg);
		return -1;
	}
	if (start % MHPB_SUBSECTION_SIZE || size % MHPB_SUBSECTION_SIZE) {
		snprintf(err, errlen, "--range '%s': start and size must be multiples of 2M", range_arg);
		return -1;
	}
	if (size < needed) {
		format_size(needed, need, sizeof(need));
		format_size(size, have, sizeof(have));
		snprintf(err, errlen, "--range '%s': the suite needs %s, the range has %s", range_arg,
			 need, have);
		return -1;
	}
	*base = start;
	return 0;
}

/* Everything the loop needs. */
struct run_ctx {
	struct result r;
	int fd;
	char path[4096];
	bool tty;
	size_t total;
	bool probes_off;	/* the module's probes are disarmed by us */
	bool inject_armed;	/* --inject: we armed the delay, we disarm it */
	struct pmu pmu;		/* n == 0: no events counted */
	uint64_t jitter_state;	/* splitmix64 state of the spacing jitter */
	struct pfn_target pfn[PFN_NCASES];	/* kind pfn_valid */
};

static int save(struct run_ctx *x);

static int save_cb(void *ctx)
{
	return save(ctx);
}

static int save(struct run_ctx *x)
{
	char err[512];

	if (result_write(&x->r, x->path, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "%smhpbench: cannot write the result: %s\n", x->tty ? "\n" : "", err);
	return -1;
}

static void progress(struct run_ctx *x, size_t i, const struct bench_case *c, bool warmup,
		     const char *op)
{
	char size[32], off[32];

	if (!x->tty)
		return;
	format_size(c->size, size, sizeof(size));
	format_size(c->offset, off, sizeof(off));
	fprintf(stderr, "\r[%3zu/%zu] %-5s %s @+%s%s\033[K", i + 1, x->total, op, size, off,
		warmup ? " (warmup)" : "");
}

static void record_failure(struct run_ctx *x, const char *op, const struct bench_case *c, int err)
{
	char msg[256], size[32], off[32];

	format_size(c->size, size, sizeof(size));
	format_size(c->offset, off, sizeof(off));
	snprintf(msg, sizeof(msg), "%s %s @+%s %s shift %u memmap %s failed: %s (errno %d)", op,
		 size, off, pgmap_type_name(c->type), c->vmemmap_shift, memmap_loc_name(c->memmap),
		 strerror(err), err);
	result_set_error(&x->r, msg);
	x->r.status = RUN_FAILED;
}

/* Event counts around one ioctl: the counters run in this thread only
 * from just before the call to just after it. */
static void pmu_begin(struct run_ctx *x)
{
	if (x->pmu.n)
		pmu_start(&x->pmu);
}

static void pmu_end(struct run_ctx *x, struct op_timing *op)
{
	if (!x->pmu.n)
		return;
	pmu_stop(&x->pmu, &op->pmu);
	op->counted = true;
}

/* Open the suite's events and record what they are; says once which ones
 * this machine cannot count. Returns 0 or -1 with @err. */
static int pmu_setup(struct run_ctx *x, char *err, size_t errlen)
{
	char note[1024], why[256];

	if (x->r.suite.kind != KIND_HOTPLUG || !x->r.suite.events[0])
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

/* One sample. Returns 0 to go on, -1 to stop (failure recorded in x->r). */
static int take_sample(struct run_ctx *x, size_t i, const struct planned *p)
{
	const struct suite *s = &x->r.suite;
	struct sample smp;
	struct mhpb_map map;
	struct mhpb_unmap un;
	int err;

	memset(&smp, 0, sizeof(smp));
	smp.seq = (uint32_t)i;
	smp.case_idx = p->case_idx;
	smp.c = suite_case(s, p->case_idx);
	smp.rep = p->rep;
	smp.warmup = p->warmup;
	smp.probes_off = p->probes_off;

	if (p->probes_off != x->probes_off) {
		err = device_probes(x->fd, !p->probes_off);
		if (err) {
			record_failure(x, p->probes_off ? "disarming the probes before" :
				       "arming the probes before", &smp.c, err);
			return -1;
		}
		x->probes_off = p->probes_off;
	}

	progress(x, i, &smp.c, p->warmup, "map");
	sleep_ns(spacing_ns(s, &x->jitter_state));
	memset(&map, 0, sizeof(map));
	map.offset = (x->r.range_base - x->r.range_start) + smp.c.offset;
	map.size = smp.c.size;
	map.type = smp.c.type;
	map.vmemmap_shift = smp.c.vmemmap_shift;
	if (smp.c.memmap == MEMMAP_PMEM)
		map.flags = MHPB_MAPF_ALTMAP;
	smp.t_ns = now_ns();
	pmu_begin(x);
	err = device_map(x->fd, &map);
	pmu_end(x, &smp.map);
	if (err) {
		smp.map.done = true;
		smp.map.err = err;
		record_failure(x, "map", &smp.c, err);
		result_add_sample(&x->r, &smp);
		return -1;
	}
	op_timing_from_kernel(&smp.map, &x->r.module, false, &map.timing);
	smp.map.memmap_pages = map.memmap_pages;
	smp.map.altmap_free = map.altmap_free;
	smp.map.altmap_alloc = map.altmap_alloc;

	progress(x, i, &smp.c, p->warmup, "unmap");
	sleep_ns(spacing_ns(s, &x->jitter_state));
	memset(&un, 0, sizeof(un));
	un.handle = map.handle;
	pmu_begin(x);
	err = device_unmap(x->fd, &un);
	pmu_end(x, &smp.unmap);
	if (err) {
		smp.unmap.done = true;
		smp.unmap.err = err;
		record_failure(x, "unmap", &smp.c, err);
		result_add_sample(&x->r, &smp);
		return -1;
	}
	op_timing_from_kernel(&smp.unmap, &x->r.module, true, &un.timing);
	smp.unmap.altmap_alloc = un.altmap_alloc;
	if (result_add_sample(&x->r, &smp)) {
		result_set_error(&x->r, "out of memory");
		x->r.status = RUN_FAILED;
		return -1;
	}
	if (un.altmap_alloc) {
		char msg[128];

		snprintf(msg, sizeof(msg), "unmap left %llu altmap pages allocated",
			 (unsigned long long)un.altmap_alloc);
		result_set_error(&x->r, msg);
		x->r.status = RUN_FAILED;
		return -1;
	}
	return 0;
}

/* The suite's "max" size: the most that fits from the section-aligned base
 * of the largest free PMEM part (or of --range). Returns 0 or -1 with @err. */
static int resolve_max_size(struct run_ctx *x, const struct iomem *io, const char *range_arg,
			    char *err, size_t errlen)
{
	uint64_t room = 0, start, size, added;
	struct iomem_part *parts;
	size_t n;
	char buf[32];

	if (range_arg) {
		if (parse_range(range_arg, &start, &size) == 0)
			room = size;
	} else {
		n = iomem_free_parts(io, &parts);
		for (size_t i = 0; i < n; i++) {
			uint64_t b = (parts[i].start + SECTION_SIZE - 1) / SECTION_SIZE * SECTION_SIZE;

			if (b <= parts[i].end && parts[i].end + 1 - b > room)
				room = parts[i].end + 1 - b;
		}
		free(parts);
	}
	added = suite_add_max_size(&x->r.suite, room);
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

/* Steps 1 (setup) of the run; returns 0, or 2 with a message printed. A
 * private suite whose claim is refused returns 0 with the run failed, so
 * that the result file says why. */
static int setup(struct run_ctx *x, const struct run_options *o)
{
	char err[1024], suite_path[4096], modpath[4096], stamp[32], claim_err[512] = "";
	uint64_t base = 0;
	bool private;
	struct iomem io = { 0 };
	char *text = NULL;
	struct utsname u;
	time_t now;
	int claim;

	if (suite_resolve(o->suite, suite_path, sizeof(suite_path), err, sizeof(err)) ||
	    suite_load(suite_path, &x->r.suite, err, sizeof(err)))
		goto fail;
	private = suite_is_private(&x->r.suite);
	if (private && o->range) {
		snprintf(err, sizeof(err),
			 "--range does not apply to suite %s: type private claims free physical address space, not PMEM",
			 x->r.suite.file);
		goto fail;
	}
	text = iomem_read_text("/proc/iomem");
	if (!text && !o->range) {
		snprintf(err, sizeof(err), "cannot read /proc/iomem: %s", strerror(errno));
		goto fail;
	}
	if (text && iomem_parse(text, &io, err, sizeof(err)) && !o->range)
		goto fail;
	if (x->r.suite.size_max && resolve_max_size(x, &io, o->range, err, sizeof(err)))
		goto fail;
	if (!private &&
	    choose_range(&io, o->range, suite_span(&x->r.suite), &base, err, sizeof(err)))
		goto fail;
	x->r.range_start = x->r.range_base = base;
	x->r.range_size = suite_span(&x->r.suite);
	if (o->range) {
		uint64_t s, z;

		parse_range(o->range, &s, &z);
		x->r.range_size = z;
	}
	default_module_path(modpath, sizeof(modpath));
	if (inject_check(o, err, sizeof(err)))
		goto fail;
	x->fd = device_open_opts(o->module, modpath, o->inject ? "inject_allow=1" : NULL, err,
				 sizeof(err));
	if (x->fd < 0 || device_describe(x->fd, &x->r.module, err, sizeof(err)))
		goto fail;
	if (x->r.suite.kind == KIND_PFN_VALID &&
	    pfn_targets(&io, base, x->r.suite.window, x->r.module.max_physmem_bits, x->pfn, err,
			sizeof(err)))
		goto fail;
	if (pmu_setup(x, err, sizeof(err)))
		goto fail;
	if (private) {
		/* no claim, no samples: the run is recorded as failed */
		claim_private(x, claim_err, sizeof(claim_err));
		claim = 0;
	} else {
		claim = device_claim(x->fd, x->r.range_start, x->r.range_size);
	}
	if (claim) {
		snprintf(err, sizeof(err), "cannot claim 0x%llx+0x%llx: %s",
			 (unsigned long long)x->r.range_start, (unsigned long long)x->r.range_size,
			 strerror(claim));
		goto fail;
	}
	if (inject_start(x, o, err, sizeof(err)))
		goto fail;

	if (!x->r.suite.seed_given) {
		/* below 2^53, so that any JSON reader holds it exactly */
		uint64_t st = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ now_ns();

		x->r.suite.seed = splitmix64(&st) >> 11;
	}
	x->jitter_state = x->r.suite.seed ^ SPACING_JITTER_STREAM;
	x->r.status = RUN_RUNNING;
	if (claim_err[0]) {
		fprintf(stderr, "mhpbench: %s\n", claim_err);
		result_set_error(&x->r, claim_err);
		x->r.status = RUN_FAILED;
	}
	x->r.label = o->label ? strdup(o->label) : NULL;
	x->r.collector_version = strdup(MHPB_VERSION);
	x->r.collector_compiler = strdup(__VERSION__);
	x->r.environment = env_capture(text ? &io : NULL);
	now = time(NULL);
	iso8601_utc(now, x->r.started, sizeof(x->r.started));
	compact_utc(now, stamp, sizeof(stamp));
	uname(&u);
	if (mkdir_p(o->outdir)) {
		snprintf(err, sizeof(err), "cannot create %s: %s", o->outdir, strerror(errno));
		goto fail;
	}
	snprintf(x->path, sizeof(x->path), "%s/%s-%s-%s.json", o->outdir, x->r.suite.name,
		 u.release, stamp);
	iomem_free(&io);
	free(text);
	if (save(x))
		return 2;
	return 0;
fail:
	iomem_free(&io);
	free(text);
	fprintf(stderr, "mhpbench: %s\n", err);
	return 2;
}

int run_suite(const struct run_options *o, char *path, size_t pathlen)
{
	struct run_ctx x;
	struct planned *plan;
	int rc, rel;

	memset(&x, 0, sizeof(x));
	x.fd = -1;
	x.tty = isatty(STDERR_FILENO);
	rc = setup(&x, o);
	if (rc) {
		if (x.inject_armed)
			inject_write("", 0);
		pmu_close(&x.pmu);
		if (x.fd >= 0)
			close(x.fd);	/* closing releases a claim */
		result_free(&x.r);
		return rc;
	}
	install_signals();
	plan = NULL;
	if (x.r.status == RUN_FAILED) {
		/* the claim was refused: nothing to measure */
	} else if (x.r.suite.kind == KIND_PFN_VALID) {
		pfn_run(x.fd, &x.r, x.pfn, save_cb, &x, &stop_requested);
	} else {
		if (bandwidth_measure(x.fd, &x.r) == 0)
			plan = schedule_build(&x.r.suite, &x.total);
		if (!plan) {
			result_set_error(&x.r, "out of memory");
			x.r.status = RUN_FAILED;
		}
	}
	for (size_t i = 0; plan && i < x.total; i++) {
		if (stop_requested) {
			x.r.status = RUN_INTERRUPTED;
			break;
		}
		if (take_sample(&x, i, &plan[i]) || save(&x)) {
			if (x.r.status == RUN_RUNNING) {
				result_set_error(&x.r, "cannot write the result file");
				x.r.status = RUN_FAILED;
			}
			break;
		}
	}
	free(plan);
	if (x.tty)
		fputc('\n', stderr);
	if (x.r.status == RUN_RUNNING)
		x.r.status = RUN_COMPLETE;	/* every planned sample was taken */
	if (x.probes_off)
		device_probes(x.fd, true);	/* closing the file would too */
	inject_finish(&x);
	rel = device_release(x.fd);
	if (rel && x.r.status == RUN_COMPLETE) {
		char msg[128];

		snprintf(msg, sizeof(msg), "MHPB_IOC_RELEASE failed: %s", strerror(rel));
		result_set_error(&x.r, msg);
		x.r.status = RUN_FAILED;
	}
	close(x.fd);
	pmu_close(&x.pmu);
	iso8601_utc(time(NULL), x.r.finished, sizeof(x.r.finished));
	save(&x);
	snprintf(path, pathlen, "%s", x.path);
	rc = x.r.status == RUN_COMPLETE ? 0 : 1;
	result_free(&x.r);
	return rc;
}
