/* Suites of kind pfn_valid: time pfn_valid() (MHPB_IOC_PFN_VALID) over
 * windows of pfns whose validity follows from a layout the run maps. */
#include "pfn.h"
#include "device.h"
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

static void failed(struct result *r, const char *msg)
{
	result_set_error(r, msg);
	r->status = RUN_FAILED;
}

/* One sample; returns 0 to go on. */
static int sample(int fd, struct result *r, const struct pfn_target *t, enum pfn_case k,
		  uint32_t rep, bool warmup)
{
	struct mhpb_pfn_valid q;
	struct pfn_rec p;
	char msg[256];

	memset(&q, 0, sizeof(q));
	q.pfn = t->pfn;
	q.count = t->count;
	q.loops = r->suite.loops;
	memset(&p, 0, sizeof(p));
	p.seq = (uint32_t)r->n_pfns;
	snprintf(p.name, sizeof(p.name), "%s", pfn_case_names[k]);
	p.rep = rep;
	p.warmup = warmup;
	p.pfn = t->pfn;
	p.count = t->count;
	p.loops = q.loops;
	p.expected = t->expected;
	p.err = device_pfn_valid(fd, &q);
	if (!p.err) {
		p.valid = q.valid;
		p.calls = q.calls;
		p.raw_ns = q.raw_ns;
		p.empty_ns = q.empty_ns;
		p.raw_ps = q.raw_ps;
		p.empty_ps = q.empty_ps;
		p.call_ps = q.call_ps;
	}
	if (result_add_pfn(r, &p)) {
		failed(r, "out of memory");
		return -1;
	}
	if (p.err) {
		snprintf(msg, sizeof(msg), "pfn_valid %s at pfn 0x%llx failed: %s (errno %d)",
			 p.name, (unsigned long long)p.pfn, strerror(p.err), p.err);
		failed(r, msg);
		return -1;
	}
	if (p.valid != p.expected) {
		snprintf(msg, sizeof(msg), "pfn_valid %s at pfn 0x%llx: %llu of %llu pfns valid, expected %llu",
			 p.name, (unsigned long long)p.pfn, (unsigned long long)p.valid,
			 (unsigned long long)p.count, (unsigned long long)p.expected);
		failed(r, msg);
		return -1;
	}
	return 0;
}

void pfn_run(int fd, struct result *r, const struct pfn_target t[PFN_NCASES],
	     int (*save)(void *), void *ctx, volatile sig_atomic_t *stop)
{
	const struct suite *s = &r->suite;
	struct mhpb_map map;
	struct mhpb_unmap un;
	uint64_t state = s->seed;
	char msg[256];
	int err;

	memset(&map, 0, sizeof(map));
	map.offset = r->range_base - r->range_start;
	map.size = pfn_map_size(s->window);
	map.type = MHPB_PGMAP_GENERIC;
	err = device_map(fd, &map);
	if (err) {
		snprintf(msg, sizeof(msg), "pfn_valid: mapping the layout failed: %s (errno %d)",
			 strerror(err), err);
		failed(r, msg);
		return;
	}
	for (uint32_t i = 0; i < s->warmup + s->repeat && r->status == RUN_RUNNING; i++) {
		bool warmup = i < s->warmup;
		uint32_t rep = warmup ? i : i - s->warmup;
		enum pfn_case order[PFN_NCASES];

		/* every repetition visits each case once, in a fresh order */
		for (int k = 0; k < PFN_NCASES; k++)
			order[k] = (enum pfn_case)k;
		if (s->order == ORDER_RANDOM)
			for (int k = PFN_NCASES - 1; k > 0; k--) {
				int j = (int)(splitmix64(&state) % (uint64_t)(k + 1));
				enum pfn_case tmp = order[k];

				order[k] = order[j];
				order[j] = tmp;
			}
		for (int k = 0; k < PFN_NCASES && r->status == RUN_RUNNING; k++) {
			if (*stop) {
				r->status = RUN_INTERRUPTED;
				break;
			}
			if (sample(fd, r, &t[order[k]], order[k], rep, warmup))
				break;
			if (save(ctx) && r->status == RUN_RUNNING)
				failed(r, "cannot write the result file");
		}
	}
	memset(&un, 0, sizeof(un));
	un.handle = map.handle;
	err = device_unmap(fd, &un);
	if (err && r->status == RUN_RUNNING) {
		snprintf(msg, sizeof(msg), "pfn_valid: unmapping the layout failed: %s (errno %d)",
			 strerror(err), err);
		failed(r, msg);
	}
}
