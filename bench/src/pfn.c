/* Suites of kind pfn_valid: time pfn_valid() (MHPB_IOC_PFN_VALID) over
 * windows of pfns whose validity follows from a layout the run maps. */
#include "pfn.h"
#include "device.h"
#include "run.h"
#include "schedule.h"
#include "units.h"

#include <stdio.h>
#include <string.h>

#define PAGE 4096ULL

uint64_t pfn_map_size(uint64_t window)
{
	return (window + MHPB_SUBSECTION_SIZE - 1) & ~(MHPB_SUBSECTION_SIZE - 1);
}

int pfn_targets(const struct iomem *io, uint64_t base, uint64_t window,
		uint32_t max_physmem_bits, struct pfn_target t[PFN_NCASES],
		char *err, size_t errlen)
{
	uint64_t count = window / PAGE, map = pfn_map_size(window), top = 0, ram, far, limit;

	if (!count || 2 * map > SECTION_SIZE) {
		snprintf(err, errlen, "pfn_valid: the window must be 4K to 64M");
		return -1;
	}
	t[PFN_ADDED] = (struct pfn_target){ base / PAGE, count, count };
	t[PFN_NOT_ADDED] = (struct pfn_target){ (base + map) / PAGE, count, 0 };
	t[PFN_NEVER_ADDED] = (struct pfn_target){ (base + SECTION_SIZE) / PAGE, count, 0 };
	if (iomem_system_ram_window(io, window, &ram)) {
		snprintf(err, errlen, "pfn_valid: no System RAM above 16M in /proc/iomem holds the window");
		return -1;
	}
	t[PFN_BOOT_RAM] = (struct pfn_target){ ram / PAGE, count, count };
	for (size_t i = 0; i < io->n; i++)
		if (io->e[i].end + 1 > top)
			top = io->e[i].end + 1;
	/* a section boundary 1G above every resource */
	far = ((top + GIB - 1) & ~(GIB - 1)) + GIB;
	limit = 1ULL << (max_physmem_bits ? max_physmem_bits : 46);
	if (far + window > limit) {
		snprintf(err, errlen, "pfn_valid: no room above the resources (top 0x%llx) below 2^%u",
			 (unsigned long long)top, max_physmem_bits);
		return -1;
	}
	t[PFN_FAR] = (struct pfn_target){ far / PAGE, count, 0 };
	return 0;
}

int pfn_check(struct suite_check *c, struct suite *s)
{
	if ((s->window / PAGE) * s->loops <= MHPB_PFN_MAX_CALLS)
		return 0;
	return suite_reject(c, KEY_LOOPS, "window pfns x loops is above %llu",
			    (unsigned long long)MHPB_PFN_MAX_CALLS);
}

int pfn_prepare(struct run_ctx *x, const struct iomem *io, char *err, size_t errlen)
{
	return pfn_targets(io, x->r.range_base, x->r.suite.window, x->r.module.max_physmem_bits,
			   x->pfn, err, errlen);
}

/* One sample; returns 0 to go on, -1 with the run failed. */
static int sample(struct run_ctx *x, enum pfn_case k, uint32_t rep, bool warmup)
{
	const struct pfn_target *t = &x->pfn[k];
	struct mhpb_pfn_valid q;
	struct pfn_rec p;
	char msg[256];

	memset(&q, 0, sizeof(q));
	q.pfn = t->pfn;
	q.count = t->count;
	q.loops = x->r.suite.loops;
	memset(&p, 0, sizeof(p));
	p.seq = (uint32_t)x->r.n_pfns;
	snprintf(p.name, sizeof(p.name), "%s", pfn_case_names[k]);
	p.rep = rep;
	p.warmup = warmup;
	p.pfn = t->pfn;
	p.count = t->count;
	p.loops = q.loops;
	p.expected = t->expected;
	p.err = device_pfn_valid(x->fd, &q);
	if (!p.err) {
		p.valid = q.valid;
		p.calls = q.calls;
		p.raw_ns = q.raw_ns;
		p.empty_ns = q.empty_ns;
		p.raw_ps = q.raw_ps;
		p.empty_ps = q.empty_ps;
		p.call_ps = q.call_ps;
	}
	if (result_add_pfn(&x->r, &p)) {
		run_fail(x, "out of memory");
		return -1;
	}
	if (p.err)
		snprintf(msg, sizeof(msg), "pfn_valid %s at pfn 0x%llx failed: %s (errno %d)",
			 p.name, (unsigned long long)p.pfn, strerror(p.err), p.err);
	else if (p.valid != p.expected)
		snprintf(msg, sizeof(msg), "pfn_valid %s at pfn 0x%llx: %llu of %llu pfns valid, expected %llu",
			 p.name, (unsigned long long)p.pfn, (unsigned long long)p.valid,
			 (unsigned long long)p.count, (unsigned long long)p.expected);
	else
		return 0;
	run_fail(x, msg);
	return -1;
}

/* One repetition: every window once, in a fresh order drawn from @state. */
static void repetition(struct run_ctx *x, uint32_t i, uint64_t *state)
{
	const struct suite *s = &x->r.suite;
	bool warmup = i < s->warmup;
	uint32_t rep = warmup ? i : i - s->warmup;
	enum pfn_case order[PFN_NCASES];

	for (int k = 0; k < PFN_NCASES; k++)
		order[k] = (enum pfn_case)k;
	if (s->order == ORDER_RANDOM)
		for (int k = PFN_NCASES - 1; k > 0; k--) {
			int j = (int)(splitmix64(state) % (uint64_t)(k + 1));
			enum pfn_case tmp = order[k];

			order[k] = order[j];
			order[j] = tmp;
		}
	for (int k = 0; k < PFN_NCASES && x->r.status == RUN_RUNNING; k++) {
		if (run_stop_requested()) {
			x->r.status = RUN_INTERRUPTED;
			break;
		}
		if (sample(x, order[k], rep, warmup))
			break;
		if (run_save(x) && x->r.status == RUN_RUNNING)
			run_fail(x, "cannot write the result file");
	}
}

void pfn_measure(struct run_ctx *x)
{
	const struct suite *s = &x->r.suite;
	uint64_t state = s->seed;
	struct mhpb_map map;
	struct mhpb_unmap un;
	char msg[256];
	int err;

	memset(&map, 0, sizeof(map));
	map.offset = x->r.range_base - x->r.range_start;
	map.size = pfn_map_size(s->window);
	map.type = MHPB_PGMAP_GENERIC;
	err = device_map(x->fd, &map);
	if (err) {
		snprintf(msg, sizeof(msg), "pfn_valid: mapping the layout failed: %s (errno %d)",
			 strerror(err), err);
		run_fail(x, msg);
		return;
	}
	for (uint32_t i = 0; i < s->warmup + s->repeat && x->r.status == RUN_RUNNING; i++)
		repetition(x, i, &state);
	memset(&un, 0, sizeof(un));
	un.handle = map.handle;
	err = device_unmap(x->fd, &un);
	if (err && x->r.status == RUN_RUNNING) {
		snprintf(msg, sizeof(msg), "pfn_valid: unmapping the layout failed: %s (errno %d)",
			 strerror(err), err);
		run_fail(x, msg);
	}
}
