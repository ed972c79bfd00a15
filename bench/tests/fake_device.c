/* LD_PRELOAD stand-in for /dev/mhp_bench, so that the run loop can be
 * exercised without the module. Not a model of the kernel: it answers
 * INFO, PHASE_INFO, CLAIM, MAP, UNMAP, RELEASE, PROBES and PFN_VALID with
 * plausible data. FAKE_FAIL_MAP=N makes the Nth map (from 1) fail with
 * ENOMEM. For PFN_VALID a pfn is valid inside the live map, and below 4G
 * outside the claim (boot RAM); run it with the claim at 4G or above.
 * FAKE_IOMEM=FILE is read in place of /proc/iomem. */
#include <mhp_bench.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define DEV "/dev/mhp_bench"

static int fake_fd = -1, claimed, maps, live;
static unsigned long long claim_start, claim_size, live_start, live_size;

static const struct { const char *name; unsigned parent; unsigned flags; } phases[] = {
	{ "hotplug_begin", MHPB_PHASE_NONE, MHPB_PHF_WAIT },
	{ "rcu_sync", 0, MHPB_PHF_WAIT },
	{ "arch_add", MHPB_PHASE_NONE, 0 },
	{ "init_mapping", 2, 0 },
	{ "add_pages", 2, 0 },
	{ "sparse_add", 4, 0 },
	{ "vmemmap_populate", 5, 0 },
	{ "move_to_zone", MHPB_PHASE_NONE, 0 },
	{ "hotplug_done", MHPB_PHASE_NONE, 0 },
	{ "memmap_init", MHPB_PHASE_NONE, 0 },
	{ "ref_wait", MHPB_PHASE_NONE, MHPB_PHF_UNMAP | MHPB_PHF_WAIT },
	{ "hotplug_begin", MHPB_PHASE_NONE, MHPB_PHF_UNMAP | MHPB_PHF_WAIT },
	{ "rcu_sync", 11, MHPB_PHF_UNMAP | MHPB_PHF_WAIT },
	{ "remove_zone", MHPB_PHASE_NONE, MHPB_PHF_UNMAP },
	{ "arch_remove", MHPB_PHASE_NONE, MHPB_PHF_UNMAP },
	{ "remove_pages", 14, MHPB_PHF_UNMAP },
	{ "sparse_remove", 15, MHPB_PHF_UNMAP },
	{ "vmemmap_free", 16, MHPB_PHF_UNMAP },
	{ "hotplug_done", MHPB_PHASE_NONE, MHPB_PHF_UNMAP },
};

int access(const char *path, int mode)
{
	int (*real)(const char *, int) = (int (*)(const char *, int))dlsym(RTLD_NEXT, "access");

	if (strcmp(path, DEV) == 0)
		return 0;
	return real(path, mode);
}

static FILE *fake_fopen(const char *path, const char *mode, const char *sym)
{
	FILE *(*real)(const char *, const char *) =
		(FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, sym);
	const char *iomem = getenv("FAKE_IOMEM");

	return real(iomem && strcmp(path, "/proc/iomem") == 0 ? iomem : path, mode);
}

FILE *fopen(const char *path, const char *mode)
{
	return fake_fopen(path, mode, "fopen");
}

FILE *fopen64(const char *path, const char *mode)
{
	return fake_fopen(path, mode, "fopen64");
}

static int fake_open(const char *path, int flags, mode_t mode, const char *sym)
{
	int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);

	if (strcmp(path, DEV) == 0) {
		fake_fd = real("/dev/null", O_RDWR);
		return fake_fd;
	}
	return real(path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return fake_open(path, flags, mode, "open");
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return fake_open(path, flags, mode, "open64");
}

static void fill(struct mhpb_timing *t, int unmap, unsigned long long size)
{
	memset(t, 0, sizeof(*t));
	if (!unmap) {
		t->total_ns = 15000000 + size / 1024;
		t->phase_ns[0] = 14000000, t->phase_calls[0] = 1;
		t->phase_ns[1] = 13900000, t->phase_calls[1] = 1;
		t->phase_ns[2] = size / 2048, t->phase_calls[2] = 1;
	} else {
		t->total_ns = 20000000 + size / 1024;
		t->phase_ns[10] = 18000000, t->phase_calls[10] = 1;
		t->phase_ns[14] = size / 2048, t->phase_calls[14] = 1;
	}
}

static int pfn_valid(unsigned long long pfn)
{
	unsigned long long a = pfn << 12;

	if (live && a >= live_start && a - live_start < live_size)
		return 1;
	return a < (1ULL << 32) && (a < claim_start || a - claim_start >= claim_size);
}

int ioctl(int fd, unsigned long req, ...)
{
	int (*real)(int, unsigned long, ...) =
		(int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	const char *fail = getenv("FAKE_FAIL_MAP");
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd != fake_fd)
		return real(fd, req, arg);
	switch (req) {
	case MHPB_IOC_INFO: {
		struct mhpb_info *i = arg;

		memset(i, 0, sizeof(*i));
		i->abi_version = MHPB_ABI_VERSION;
		i->nr_phases = sizeof(phases) / sizeof(phases[0]);
		i->subsection_size = 2 << 20;
		i->section_size = 128 << 20;
		if (!getenv("FAKE_NO_PRIVATE"))
			i->features = MHPB_FEAT_DEVICE_PRIVATE;
		return 0;
	}
	case MHPB_IOC_PHASE_INFO: {
		struct mhpb_phase_info *p = arg;

		if (p->index >= sizeof(phases) / sizeof(phases[0]))
			return errno = EINVAL, -1;
		p->parent = phases[p->index].parent;
		p->flags = phases[p->index].flags | MHPB_PHF_PROBED;
		snprintf(p->name, sizeof(p->name), "%s", phases[p->index].name);
		snprintf(p->symbol, sizeof(p->symbol), "fake_%s", phases[p->index].name);
		return 0;
	}
	case MHPB_IOC_CLAIM: {
		struct mhpb_claim *c = arg;

		if (claimed)
			return errno = EBUSY, -1;
		claimed = 1;
		claim_start = c->start;
		claim_size = c->size;
		return 0;
	}
	case MHPB_IOC_CLAIM_PRIVATE: {
		struct mhpb_claim_private *c = arg;

		/* a kernel without CONFIG_DEVICE_PRIVATE */
		if (getenv("FAKE_NO_PRIVATE"))
			return errno = EOPNOTSUPP, -1;
		if (claimed)
			return errno = EBUSY, -1;
		if (!c->size || c->size % (2 << 20) || c->start)
			return errno = EINVAL, -1;
		claimed = 1;
		c->start = claim_start = 0x3fffc0000000ULL;
		claim_size = c->size;
		return 0;
	}
	case MHPB_IOC_MAP: {
		struct mhpb_map *m = arg;

		if (!claimed)
			return errno = ENOENT, -1;
		if (++maps == (fail ? atoi(fail) : -1))
			return errno = ENOMEM, -1;
		if (live)
			return errno = EEXIST, -1;	/* the loop never overlaps */
		live = 1;
		live_start = claim_start + m->offset;
		live_size = m->size;
		m->handle = (unsigned)maps;
		fill(&m->timing, 0, m->size);
		return 0;
	}
	case MHPB_IOC_UNMAP: {
		struct mhpb_unmap *u = arg;

		if (!live || u->handle != (unsigned)maps)
			return errno = ENOENT, -1;
		live = 0;
		fill(&u->timing, 1, 2 << 20);
		return 0;
	}
	case MHPB_IOC_PROBES: {
		struct mhpb_probes *p = arg;

		return p->enable > 1 ? (errno = EINVAL, -1) : 0;
	}
	case MHPB_IOC_PFN_VALID: {
		struct mhpb_pfn_valid *q = arg;

		if (!q->count || !q->loops || q->reserved)
			return errno = EINVAL, -1;
		q->valid = 0;
		for (unsigned long long i = 0; i < q->count; i++)
			q->valid += pfn_valid(q->pfn + i);
		q->calls = q->count * q->loops;
		q->raw_ns = q->calls * 3;
		q->empty_ns = q->calls;
		q->raw_ps = 3000;
		q->empty_ps = 1000;
		q->call_ps = 2000;
		return 0;
	}
	case MHPB_IOC_RELEASE:
		if (!claimed)
			return errno = ENOENT, -1;
		claimed = live = 0;
		return 0;
	}
	return errno = ENOTTY, -1;
}
