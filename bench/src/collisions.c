/* `mhpbench collisions`: the collisions of hotplug requests that share one
 * memory section (the reason for "mm/sparsemem: support sub-section
 * hotplug"), as steps that pass or fail. */
#include "collisions.h"
#include "device.h"
#include "env.h"
#include "iomem.h"
#include "paths.h"
#include "run.h"
#include "suite.h"
#include "units.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096ULL
#define SUB (2 * MIB)
#define PFNS(bytes) ((bytes) / PAGE)

struct ctx {
	struct collisions *c;
	struct collision_step *s;	/* the step going on */
	int fd;			/* holds the claim at c->range_start */
	int kmsg;
	const char *module_path, *default_module;
	uint64_t sec;		/* section size */
};

static const char *errname(int e)
{
	const char *n;

	if (e == 0)
		return "success";
	n = strerrorname_np(e);
	return n ? n : "unknown errno";
}

static void observe(struct ctx *x, const char *what, const char *got)
{
	buf_cat(x->s->observed, sizeof(x->s->observed), "%s%s: %s",
		x->s->observed[0] ? "; " : "", what, got);
}

static void mismatch(struct ctx *x, const char *what, const char *got, const char *want)
{
	x->s->result = STEP_FAIL;
	buf_cat(x->s->detail, sizeof(x->s->detail), "%s%s: %s, expected %s",
		x->s->detail[0] ? "; " : "", what, got, want);
}

/* Record errno @got of @what; returns whether it is @want. */
static bool check_errno(struct ctx *x, const char *what, int got, int want)
{
	observe(x, what, errname(got));
	if (got != want)
		mismatch(x, what, errname(got), errname(want));
	return got == want;
}

static bool check_count(struct ctx *x, const char *what, uint64_t got, uint64_t want)
{
	char g[32], w[32];

	snprintf(g, sizeof(g), "%llu", (unsigned long long)got);
	snprintf(w, sizeof(w), "%llu", (unsigned long long)want);
	observe(x, what, g);
	if (got != want)
		mismatch(x, what, g, w);
	return got == want;
}

/* Valid pfns of [@phys, +@bytes); UINT64_MAX after a failed ioctl. */
static uint64_t valid_pfns(struct ctx *x, int fd, const char *what, uint64_t phys,
			   uint64_t bytes)
{
	struct mhpb_pfn_valid p;
	int e;

	memset(&p, 0, sizeof(p));
	p.pfn = phys / PAGE;
	p.count = PFNS(bytes);
	p.loops = 1;
	e = device_pfn_valid(fd, &p);
	if (e) {
		char w[96];

		snprintf(w, sizeof(w), "MHPB_IOC_PFN_VALID for %s", what);
		check_errno(x, w, e, 0);
		return UINT64_MAX;
	}
	return p.valid;
}

static void expect_valid(struct ctx *x, int fd, const char *what, uint64_t phys,
			 uint64_t bytes, uint64_t want)
{
	uint64_t v = valid_pfns(x, fd, what, phys, bytes);

	if (v != UINT64_MAX)
		check_count(x, what, v, want);
}

/* Valid and owned pfns of [@off, +@bytes) of the claim of @fd, against the
 * mapping @h: both must be as wanted. */
static void expect_owned(struct ctx *x, int fd, const char *what, uint32_t h, uint64_t off,
			 uint64_t bytes, uint64_t want_valid, uint64_t want_owned)
{
	struct mhpb_pfn_owner o = { .handle = h, .offset = off, .size = bytes };
	char w[128];
	int e = device_pfn_owner(fd, &o);

	if (e) {
		snprintf(w, sizeof(w), "MHPB_IOC_PFN_OWNER for %s", what);
		check_errno(x, w, e, 0);
		return;
	}
	snprintf(w, sizeof(w), "%s valid", what);
	check_count(x, w, o.valid, want_valid);
	snprintf(w, sizeof(w), "%s owned", what);
	check_count(x, w, o.owned, want_owned);
}

/* Every collision step maps generic base pages. */
static int map(int fd, uint64_t off, uint64_t size, uint32_t *h)
{
	return device_map_args(fd, off, size, MHPB_PGMAP_GENERIC, 0, 0, h);
}

static struct collision_step *step_begin(struct ctx *x, const char *name, const char *expected)
{
	struct collision_step *grown = realloc(x->c->steps, (x->c->n_steps + 1) * sizeof(*grown));

	if (!grown) {
		fprintf(stderr, "mhpbench: out of memory\n");
		exit(2);
	}
	x->c->steps = grown;
	x->s = &grown[x->c->n_steps++];
	memset(x->s, 0, sizeof(*x->s));
	snprintf(x->s->name, sizeof(x->s->name), "%s", name);
	snprintf(x->s->expected, sizeof(x->s->expected), "%s", expected);
	x->s->result = STEP_PASS;
	return x->s;
}

/* Step 5 for every step: the kernel log gained no WARN, BUG or Oops. */
static void step_end(struct ctx *x)
{
	struct collision_step *s = x->s;

	if (kmsg_collect(x->kmsg, &s->alarms)) {
		buf_cat(s->detail, sizeof(s->detail), "%scannot read /dev/kmsg: %s",
			s->detail[0] ? "; " : "", strerror(errno));
		s->result = STEP_FAIL;
	}
	if (s->alarms.n) {
		buf_cat(s->detail, sizeof(s->detail), "%sthe kernel log gained %zu WARN/BUG/Oops line%s",
			s->detail[0] ? "; " : "", s->alarms.n, s->alarms.n == 1 ? "" : "s");
		s->result = STEP_FAIL;
	}
	if (s->result == STEP_SKIP) {
		printf("SKIP %s: %s\n", s->name, s->detail);
		return;
	}
	printf("%s %s: %s\n", s->result == STEP_PASS ? "PASS" : "FAIL", s->name, s->observed);
	if (s->result == STEP_FAIL) {
		printf("     expected: %s\n     failed: %s\n", s->expected, s->detail);
		for (size_t i = 0; i < s->alarms.n; i++)
			printf("     kernel: %s\n", s->alarms.line[i]);
	}
}

/* The halves of a section, [0,64M) and [64M,128M). */
enum half { LOW, HIGH, HALVES };

static const char *const half_names[HALVES] = { [LOW] = "[0,64M)", [HIGH] = "[64M,128M)" };

/* After the unmap of half @gone: its pfns are all invalid, the other half
 * (handle @h) stays valid and owned. */
static void after_one_unmap(struct ctx *x, enum half gone, uint32_t h)
{
	const uint64_t half = x->sec / 2;
	const enum half kept = gone == LOW ? HIGH : LOW;
	char what[96];

	snprintf(what, sizeof(what), "%s after its unmap", half_names[gone]);
	expect_valid(x, x->fd, what, x->c->range_start + (uint64_t)gone * half, half, 0);
	snprintf(what, sizeof(what), "%s by its map after the other's unmap", half_names[kept]);
	expect_owned(x, x->fd, what, h, (uint64_t)kept * half, half, PFNS(half), PFNS(half));
}

/* Step 1: both halves of the claim's first section, two handles; unmap
 * half @first first. */
static void two_in_one_section(struct ctx *x, enum half first)
{
	const uint64_t half = x->sec / 2;
	uint32_t h[HALVES] = { 0, 0 };
	int e[HALVES];
	char what[96];

	step_begin(x, first == LOW ? "two-maps-one-section-unmap-low" : "two-maps-one-section-unmap-high",
		   "[0,64M) and [64M,128M) of one section map with two handles; each half's pfns are valid and owned by its own mapping only; after one unmap its pfns are all invalid while the other half stays valid and owned; after both unmaps no pfn of the section is valid");
	for (int i = LOW; i < HALVES; i++) {
		snprintf(what, sizeof(what), "map %s", half_names[i]);
		e[i] = map(x->fd, (uint64_t)i * half, half, &h[i]);
		check_errno(x, what, e[i], 0);
	}
	if (!e[LOW] && !e[HIGH]) {
		expect_owned(x, x->fd, "[0,64M) by its map", h[LOW], 0, half, PFNS(half), PFNS(half));
		expect_owned(x, x->fd, "[64M,128M) by its map", h[HIGH], half, half, PFNS(half),
			     PFNS(half));
		expect_owned(x, x->fd, "[64M,128M) by the [0,64M) map", h[LOW], half, half,
			     PFNS(half), 0);
		e[first] = device_unmap_handle(x->fd, h[first]);
		snprintf(what, sizeof(what), "unmap %s", half_names[first]);
		if (check_errno(x, what, e[first], 0)) {
			e[first] = -1;	/* gone */
			after_one_unmap(x, first, h[first == LOW ? HIGH : LOW]);
		}
	}
	for (int i = LOW; i < HALVES; i++) {
		if (e[i])
			continue;
		snprintf(what, sizeof(what), "unmap %s", half_names[i]);
		check_errno(x, what, device_unmap_handle(x->fd, h[i]), 0);
	}
	expect_valid(x, x->fd, "the section after both unmaps", x->c->range_start, x->sec, 0);
	step_end(x);
}

/* Step 2: 2 MiB at @off of the claim's otherwise empty second section. */
static void alone_in_section(struct ctx *x, const char *where, uint64_t off)
{
	const uint64_t sbase = x->c->range_start + x->sec, soff = x->sec;
	char name[64], exp[256];
	uint32_t h = 0;
	int e;

	snprintf(name, sizeof(name), "2M-at-section-%s", where);
	snprintf(exp, sizeof(exp),
		 "2M at +%lluM of an empty section maps; its 512 pfns are valid and owned; the section has exactly 512 valid pfns and the neighbouring sub-sections none; after the unmap none",
		 (unsigned long long)(off / MIB));
	step_begin(x, name, exp);
	expect_valid(x, x->fd, "the section before the map", sbase, x->sec, 0);
	e = map(x->fd, soff + off, SUB, &h);
	if (check_errno(x, "map 2M", e, 0)) {
		expect_owned(x, x->fd, "the 2M by its map", h, soff + off, SUB, PFNS(SUB), PFNS(SUB));
		expect_valid(x, x->fd, "the section", sbase, x->sec, PFNS(SUB));
		if (off)
			expect_valid(x, x->fd, "the sub-section below", sbase + off - SUB, SUB, 0);
		if (off + SUB < x->sec)
			expect_valid(x, x->fd, "the sub-section above", sbase + off + SUB, SUB, 0);
		check_errno(x, "unmap", device_unmap_handle(x->fd, h), 0);
	}
	expect_valid(x, x->fd, "the section after the unmap", sbase, x->sec, 0);
	step_end(x);
}

/* Informative: the valid pfns of the 2M at @phys (an early, boot section
 * reports its whole span valid). */
static void observe_valid(struct ctx *x, int fd, const char *what, uint64_t phys)
{
	uint64_t v = valid_pfns(x, fd, what, phys, SUB);
	char label[96], got[32];

	if (v == UINT64_MAX)
		return;
	snprintf(label, sizeof(label), "%s (informative)", what);
	snprintf(got, sizeof(got), "%llu", (unsigned long long)v);
	observe(x, label, got);
}

/* Map and unmap the 2M at @a->pmem_start on @fd (claimed): the RAM next
 * to it stays valid before, during and after. */
static void map_next_to_ram(struct ctx *x, int fd, const struct iomem_ram_adjacent *a)
{
	uint32_t h = 0;
	int e;

	observe_valid(x, fd, "the 2M before the map", a->pmem_start);
	expect_valid(x, fd, "RAM below before the map", a->ram_below, SUB, PFNS(SUB));
	e = map(fd, 0, SUB, &h);
	if (check_errno(x, "map the 2M", e, 0)) {
		expect_owned(x, fd, "the 2M by its map", h, 0, SUB, PFNS(SUB), PFNS(SUB));
		expect_valid(x, fd, "RAM below while mapped", a->ram_below, SUB, PFNS(SUB));
		if (a->has_ram_above)
			expect_valid(x, fd, "RAM above while mapped", a->ram_above, SUB, PFNS(SUB));
		check_errno(x, "unmap", device_unmap_handle(fd, h), 0);
	}
	expect_valid(x, fd, "RAM below after the unmap", a->ram_below, SUB, PFNS(SUB));
	if (a->has_ram_above)
		expect_valid(x, fd, "RAM above after the unmap", a->ram_above, SUB, PFNS(SUB));
	observe_valid(x, fd, "the 2M after the unmap", a->pmem_start);
}

/* Step 3: 2 MiB of PMEM right after System RAM in the same section. */
static void next_to_ram(struct ctx *x, const struct iomem *io)
{
	struct iomem_ram_adjacent a;
	char why[256], err[512], what[96];
	int fd;

	step_begin(x, "2M-next-to-system-ram",
		   "2M of PMEM starting right after System RAM in the same section maps; its pfns are valid and owned; the 2M of RAM below (and above, if in the section) stay valid during and after the map");
	if (iomem_ram_adjacent_pmem(io, x->sec, &a, why, sizeof(why))) {
		x->s->result = STEP_SKIP;
		snprintf(x->s->detail, sizeof(x->s->detail), "%s", why);
		step_end(x);
		return;
	}
	x->c->have_ram_adjacent = true;
	x->c->adj_start = a.pmem_start;
	x->c->adj_end = a.pmem_end;
	x->c->adj_ram_below = a.ram_below;
	x->c->adj_has_ram_above = a.has_ram_above;
	x->c->adj_ram_above = a.ram_above;
	snprintf(what, sizeof(what), "PMEM at 0x%llx, RAM below from 0x%llx",
		 (unsigned long long)a.pmem_start, (unsigned long long)a.ram_below);
	observe(x, "layout", what);
	/* one claim per open file: this one needs its own */
	fd = device_open(x->module_path, x->default_module, err, sizeof(err));
	if (fd < 0) {
		mismatch(x, "open the device again", err, "success");
		step_end(x);
		return;
	}
	if (check_errno(x, "claim the 2M", device_claim(fd, a.pmem_start, SUB), 0)) {
		map_next_to_ram(x, fd, &a);
		check_errno(x, "release", device_release(fd), 0);
	}
	close(fd);
	step_end(x);
}

/* Step 4a: a 1 MiB request is refused before it reaches the kernel. */
static void refuse_1m(struct ctx *x)
{
	const uint64_t sbase = x->c->range_start + x->sec;

	step_begin(x, "refuse-1M",
		   "a 1M map (size 1M, and 2M at offset +1M) is refused with EINVAL; the section stays without valid pfns");
	check_errno(x, "map size 1M", map(x->fd, x->sec, MIB, NULL), EINVAL);
	check_errno(x, "map 2M at +1M", map(x->fd, x->sec + MIB, SUB, NULL), EINVAL);
	expect_valid(x, x->fd, "the section", sbase, x->sec, 0);
	step_end(x);
}

/* Step 4b: a request overlapping a live mapping is refused. */
static void refuse_overlap(struct ctx *x)
{
	const uint64_t sbase = x->c->range_start + x->sec;
	uint32_t h = 0;

	step_begin(x, "refuse-overlap",
		   "with 2M mapped at +2M of a section, the same 2M, 4M at +0 and 4M at +2M are refused with EEXIST; the section keeps exactly the 512 valid pfns of the live map, owned by it; after the unmap none");
	if (check_errno(x, "map 2M at +2M", map(x->fd, x->sec + SUB, SUB, &h), 0)) {
		check_errno(x, "map the same 2M", map(x->fd, x->sec + SUB, SUB, NULL), EEXIST);
		check_errno(x, "map 4M at +0", map(x->fd, x->sec, 2 * SUB, NULL), EEXIST);
		check_errno(x, "map 4M at +2M", map(x->fd, x->sec + SUB, 2 * SUB, NULL), EEXIST);
		expect_valid(x, x->fd, "the section", sbase, x->sec, PFNS(SUB));
		expect_owned(x, x->fd, "the 2M by the live map", h, x->sec + SUB, SUB, PFNS(SUB),
			     PFNS(SUB));
		check_errno(x, "unmap", device_unmap_handle(x->fd, h), 0);
	}
	expect_valid(x, x->fd, "the section after the unmap", sbase, x->sec, 0);
	step_end(x);
}

static int save(const struct collisions *c, const char *path)
{
	char err[1024];

	if (collisions_write(c, path, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "mhpbench: cannot write the result file: %s\n", err);
	return -1;
}

/* The device, described, and the claim of two empty sections: step 1 in
 * the first, steps 2 and 4 in the second. Returns 0 or -1 with @err. */
static int claim_two_sections(struct ctx *x, const struct iomem *io, char *err, size_t errlen)
{
	struct collisions *c = x->c;
	int e;

	x->fd = device_open(x->module_path, x->default_module, err, errlen);
	if (x->fd < 0 || device_describe(x->fd, &c->module, err, errlen))
		return -1;
	x->sec = c->module.section_size;
	if (x->sec != SECTION_SIZE || c->module.subsection_size != SUB) {
		snprintf(err, errlen, "the kernel's section (%llu) and sub-section (%llu) are not 128M and 2M",
			 (unsigned long long)x->sec, (unsigned long long)c->module.subsection_size);
		return -1;
	}
	c->range_size = 2 * x->sec;
	if (choose_range(io, NULL, c->range_size, &c->range_start, err, errlen))
		return -1;
	e = device_claim(x->fd, c->range_start, c->range_size);
	if (e) {
		snprintf(err, errlen, "cannot claim 0x%llx+256M: %s",
			 (unsigned long long)c->range_start, strerror(e));
		return -1;
	}
	return 0;
}

/* The output folder, the kernel log, the record's head and its path.
 * Returns 0 or -1 with @err. */
static int start_record(struct ctx *x, const struct iomem *io, const char *outdir, char *path,
			size_t pathlen, char *err, size_t errlen)
{
	char stamp[32];
	struct utsname u;
	time_t now;

	if (mkdir_p(outdir)) {
		snprintf(err, errlen, "cannot create %s: %s", outdir, strerror(errno));
		return -1;
	}
	x->kmsg = kmsg_open("/dev/kmsg", err, errlen);
	if (x->kmsg < 0)
		return -1;
	x->c->environment = env_capture(io);
	now = time(NULL);
	iso8601_utc(now, x->c->started, sizeof(x->c->started));
	compact_utc(now, stamp, sizeof(stamp));
	uname(&u);
	snprintf(path, pathlen, "%s/collisions-%s-%s.json", outdir, u.release, stamp);
	return 0;
}

/* Every step, then the record finished. Returns the exit code. */
static int run_steps(struct ctx *x, const struct iomem *io, const char *path)
{
	struct collisions *c = x->c;
	size_t failed = 0;

	two_in_one_section(x, LOW);
	two_in_one_section(x, HIGH);
	alone_in_section(x, "start", 0);
	alone_in_section(x, "middle", x->sec / 2);
	alone_in_section(x, "end", x->sec - SUB);
	next_to_ram(x, io);
	refuse_1m(x);
	refuse_overlap(x);

	c->complete = true;
	iso8601_utc(time(NULL), c->finished, sizeof(c->finished));
	for (size_t i = 0; i < c->n_steps; i++)
		failed += c->steps[i].result == STEP_FAIL;
	printf("# %zu of %zu steps failed\n%s\n", failed, c->n_steps, path);
	return save(c, path) || failed ? 1 : 0;
}

int collisions_main(const char *outdir, const char *module_path)
{
	struct collisions c = { 0 };
	struct ctx x = { .c = &c, .fd = -1, .kmsg = -1, .module_path = module_path };
	char err[1024] = "", modpath[4096], path[4096];
	struct iomem io = { 0 };
	char *text = iomem_read_text("/proc/iomem");
	int rc = 2;

	default_module_path(modpath, sizeof(modpath));
	x.default_module = modpath;
	if (!text) {
		snprintf(err, sizeof(err), "cannot read /proc/iomem: %s", strerror(errno));
		goto out;
	}
	if (iomem_parse(text, &io, err, sizeof(err)) ||
	    claim_two_sections(&x, &io, err, sizeof(err)) ||
	    start_record(&x, &io, outdir, path, sizeof(path), err, sizeof(err)))
		goto out;
	printf("# claim 0x%llx+256M (two sections)\n", (unsigned long long)c.range_start);
	rc = save(&c, path) ? 1 : run_steps(&x, &io, path);
out:
	if (rc == 2)
		fprintf(stderr, "mhpbench: %s\n", err);
	if (x.kmsg >= 0)
		close(x.kmsg);
	if (x.fd >= 0)
		close(x.fd);	/* unmaps anything left and releases the claim */
	iomem_free(&io);
	free(text);
	collisions_free(&c);
	return rc;
}

int collisions_run(const struct kind *k, struct suite *s, const struct run_options *o,
		   char *path, size_t pathlen)
{
	(void)k;
	(void)s;
	(void)path;
	(void)pathlen;
	return collisions_main(o->outdir, o->module);
}
