/* `mhpbench check-errors`: the documented errno of each misuse. */
#include "checks.h"
#include "device.h"
#include "iomem.h"
#include "run.h"
#include "units.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define CLAIM_SIZE (256 * MIB)

static int failures;

static const char *errname(int e)
{
	static char buf[32];
	const char *n;

	if (e == 0)
		return "success";
	n = strerrorname_np(e);
	if (n)
		return n;
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

static void expect(const char *name, int want, int got)
{
	/* errname() may share a buffer: print in two steps */
	printf("%s %s: expected %s, ", want == got ? "PASS" : "FAIL", name, errname(want));
	printf("got %s\n", errname(got));
	failures += want != got;
}

/* A count, not an errno: the same PASS/FAIL line with numbers. */
static void expect_count(const char *name, uint64_t want, uint64_t got)
{
	printf("%s %s: expected %llu, got %llu\n", want == got ? "PASS" : "FAIL", name,
	       (unsigned long long)want, (unsigned long long)got);
	failures += want != got;
}

static int pfn_valid(int fd, uint64_t pfn, uint64_t count, uint32_t loops, uint32_t reserved)
{
	struct mhpb_pfn_valid p;

	memset(&p, 0, sizeof(p));
	p.pfn = pfn;
	p.count = count;
	p.loops = loops;
	p.reserved = reserved;
	return device_pfn_valid(fd, &p);
}

/* MHPB_IOC_CLAIM_PRIVATE with @start as given (the module wants 0). */
static int claim_private_raw(int fd, uint64_t size, uint64_t start)
{
	struct mhpb_claim_private c = { .size = size, .start = start };

	return ioctl(fd, MHPB_IOC_CLAIM_PRIVATE, &c) == 0 ? 0 : errno;
}

/* Type private: refused with EOPNOTSUPP before anything else on a kernel
 * without CONFIG_DEVICE_PRIVATE; elsewhere only on a private claim, with
 * base pages and the memmap in DRAM. Needs no claim of @fd. */
static void check_private(int fd, bool supported)
{
	uint64_t start = 0;
	uint32_t h = 0;

	printf("# device-private memory: %s\n", supported ? "CONFIG_DEVICE_PRIVATE, type private maps" :
	       "no CONFIG_DEVICE_PRIVATE, type private refused");
	if (!supported) {
		expect("claim-private-unsupported", EOPNOTSUPP, device_claim_private(fd, 4 * MIB, &start));
		expect("claim-private-size-0-unsupported", EOPNOTSUPP, claim_private_raw(fd, 0, 0));
		expect("map-private-without-claim-unsupported", EOPNOTSUPP,
		       device_map_args(fd, 0, 2 * MIB, MHPB_PGMAP_PRIVATE, 0, 0, NULL));
		return;
	}
	expect("claim-private-size-0", EINVAL, claim_private_raw(fd, 0, 0));
	expect("claim-private-size-1M", EINVAL, claim_private_raw(fd, MIB, 0));
	expect("claim-private-start-set", EINVAL, claim_private_raw(fd, 4 * MIB, 1ULL << 32));
	expect("map-private-without-claim", ENOENT,
	       device_map_args(fd, 0, 2 * MIB, MHPB_PGMAP_PRIVATE, 0, 0, NULL));
	expect("claim-private-4M", 0, device_claim_private(fd, 4 * MIB, &start));
	printf("# private claim at 0x%llx+4M\n", (unsigned long long)start);
	expect("claim-private-section-aligned", 0, start % (128 * MIB) ? EINVAL : 0);
	expect("claim-private-twice", EBUSY, device_claim_private(fd, 4 * MIB, &start));
	expect("claim-pmem-on-private", EBUSY, device_claim(fd, start, 4 * MIB));
	expect("map-generic-on-private-claim", EINVAL,
	       device_map_args(fd, 0, 2 * MIB, MHPB_PGMAP_GENERIC, 0, 0, NULL));
	expect("map-private-shift-9", EINVAL,
	       device_map_args(fd, 0, 2 * MIB, MHPB_PGMAP_PRIVATE, 9, 0, NULL));
	expect("map-private-altmap", EINVAL,
	       device_map_args(fd, 0, 4 * MIB, MHPB_PGMAP_PRIVATE, 0, MHPB_MAPF_ALTMAP, NULL));
	expect("map-private-beyond-claim", ERANGE,
	       device_map_args(fd, 2 * MIB, 4 * MIB, MHPB_PGMAP_PRIVATE, 0, 0, NULL));
	expect("map-private-2M-at-2M", 0,
	       device_map_args(fd, 2 * MIB, 2 * MIB, MHPB_PGMAP_PRIVATE, 0, 0, &h));
	expect("map-private-overlapping", EEXIST,
	       device_map_args(fd, 0, 4 * MIB, MHPB_PGMAP_PRIVATE, 0, 0, NULL));
	expect("unmap-private", 0, device_unmap_handle(fd, h));
	expect("release-private", 0, device_release(fd));
}

static int memset_size(int fd, uint64_t size)
{
	struct mhpb_memset m;

	memset(&m, 0, sizeof(m));
	m.size = size;
	return device_memset(fd, &m);
}

static int owner(int fd, uint32_t handle, uint64_t offset, uint64_t size, uint32_t reserved)
{
	struct mhpb_pfn_owner o;

	memset(&o, 0, sizeof(o));
	o.handle = handle;
	o.offset = offset;
	o.size = size;
	o.reserved = reserved;
	return device_pfn_owner(fd, &o);
}

/* PFN_OWNER over a whole mapping at @offset of @size bytes: its owned
 * count, or UINT64_MAX if the call failed. */
static uint64_t owned_pfns(int fd, uint32_t handle, uint64_t offset, uint64_t size)
{
	struct mhpb_pfn_owner o;

	memset(&o, 0, sizeof(o));
	o.handle = handle;
	o.offset = offset;
	o.size = size;
	return device_pfn_owner(fd, &o) ? UINT64_MAX : o.owned;
}

/* Claims that cross the end or the start of the PMEM region holding the
 * test's range are not entirely PMEM: ENXIO, not EBUSY. @fd has no claim. */
static void check_claim_edges(int fd, uint64_t region_start, uint64_t region_end)
{
	printf("# PMEM region 0x%llx-0x%llx\n", (unsigned long long)region_start,
	       (unsigned long long)region_end);
	expect("claim-across-pmem-end", ENXIO, device_claim(fd, region_end + 1 - 2 * MIB, 4 * MIB));
	expect("claim-after-pmem-end", ENXIO, device_claim(fd, region_end + 1, 2 * MIB));
	if (region_start >= 2 * MIB)
		expect("claim-across-pmem-start", ENXIO, device_claim(fd, region_start - 2 * MIB, 4 * MIB));
}

/* With @fd's claim at @pmem: a second open file asking for part of it gets
 * EBUSY (PMEM, but held by someone else). */
static void check_claim_held(uint64_t pmem)
{
	int fd2 = open(DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd2 < 0) {
		printf("FAIL claim-held-by-other-file: open %s: %s\n", DEVICE_PATH, strerror(errno));
		failures++;
		return;
	}
	expect("claim-held-by-other-file", EBUSY, device_claim(fd2, pmem + 2 * MIB, 2 * MIB));
	close(fd2);
}

/* PFN_OWNER counts every pfn of a compound mapping (a tail is its head's),
 * and with an altmap every pfn but the altmap_free that hold the memmap.
 * @at: a 128M-aligned offset of the claim with 128M free after it. */
static void check_owner_counts(int fd, uint64_t at)
{
	struct mhpb_map m;
	uint32_t h = 0;

	expect("map-4M-shift-9", 0, device_map_args(fd, at, 4 * MIB, MHPB_PGMAP_GENERIC, 9, 0, &h));
	expect_count("pfn-owner-shift-9-owned", 1024, owned_pfns(fd, h, at, 4 * MIB));
	expect("unmap-shift-9", 0, device_unmap_handle(fd, h));
	memset(&m, 0, sizeof(m));
	m.offset = at;
	m.size = 128 * MIB;
	m.type = MHPB_PGMAP_GENERIC;
	m.flags = MHPB_MAPF_ALTMAP;
	expect("map-128M-altmap", 0, device_map(fd, &m));
	if (m.altmap_free == 0)
		return;
	printf("# altmap_free %llu pages\n", (unsigned long long)m.altmap_free);
	expect_count("pfn-owner-altmap-owned", 32768 - m.altmap_free,
		     owned_pfns(fd, m.handle, at, 128 * MIB));
	expect("unmap-altmap", 0, device_unmap_handle(fd, m.handle));
}

static int probes(int fd, uint32_t enable)
{
	struct mhpb_probes p = { .enable = enable };

	return ioctl(fd, MHPB_IOC_PROBES, &p) == 0 ? 0 : errno;
}

/* Where the checks run: 256 MiB of free PMEM (--range or the first free
 * part), the PMEM region holding it, and a 2 MiB probe of System RAM. */
struct layout {
	uint64_t pmem;
	uint64_t region_start, region_end;	/* end 0: no region holds pmem */
	bool have_ram;
	uint64_t ram;
};

/* Returns 0, or 2 with a message printed. */
static int find_layout(const char *range_arg, struct layout *l)
{
	char err[1024];
	char *text = iomem_read_text("/proc/iomem");
	struct iomem io = { 0 };
	struct range_arg range = { 0 };
	int rc = 2;

	memset(l, 0, sizeof(*l));
	if (!text) {
		snprintf(err, sizeof(err), "cannot read /proc/iomem: %s", strerror(errno));
		goto out;
	}
	if (iomem_parse(text, &io, err, sizeof(err)) ||
	    (range_arg && range_arg_parse(range_arg, &range, err, sizeof(err))) ||
	    choose_range(&io, range_arg ? &range : NULL, CLAIM_SIZE, &l->pmem, err, sizeof(err)))
		goto out;
	rc = 0;
	l->have_ram = iomem_system_ram_probe(&io, &l->ram) == 0;
	for (size_t i = 0; i < io.n; i++)
		if (iomem_is_pmem_region(&io, i) && io.e[i].start <= l->pmem && l->pmem <= io.e[i].end) {
			l->region_start = io.e[i].start;
			l->region_end = io.e[i].end;
		}
out:
	iomem_free(&io);
	free(text);
	if (rc)
		fprintf(stderr, "mhpbench: %s\n", err);
	return rc;
}

/* Before any claim of @fd: claims that are not PMEM or not aligned, and
 * calls that need a claim. */
static void check_unclaimed(int fd, const struct layout *l)
{
	if (l->have_ram)
		expect("claim-system-ram", ENXIO, device_claim(fd, l->ram, 2 * MIB));
	else
		printf("FAIL claim-system-ram: no System RAM above 16M in /proc/iomem\n"), failures++;
	expect("claim-misaligned-start", EINVAL, device_claim(fd, l->pmem + MIB, CLAIM_SIZE));
	expect("claim-size-0", EINVAL, device_claim(fd, l->pmem, 0));
	expect("map-without-claim", ENOENT, device_map_args(fd, 0, 2 * MIB, MHPB_PGMAP_GENERIC, 0, 0, NULL));
	expect("pfn-owner-without-claim", ENOENT, owner(fd, 0, 0, 2 * MIB, 0));
	if (l->region_end)
		check_claim_edges(fd, l->region_start, l->region_end);
	else
		printf("FAIL claim-across-pmem-end: no PMEM region holds 0x%llx\n",
		       (unsigned long long)l->pmem), failures++;
}

/* With the claim: maps out of bounds or overlapping, unknown handles, and
 * PFN_OWNER's arguments. Returns the handle of the 2M mapped at 0. */
static uint32_t check_claimed(int fd)
{
	uint32_t good = 0, other;

	expect("map-size-1M", EINVAL, device_map_args(fd, 0, MIB, MHPB_PGMAP_GENERIC, 0, 0, NULL));
	expect("map-offset-1M", EINVAL, device_map_args(fd, MIB, 2 * MIB, MHPB_PGMAP_GENERIC, 0, 0, NULL));
	expect("map-beyond-claim", ERANGE,
	       device_map_args(fd, CLAIM_SIZE - 2 * MIB, 4 * MIB, MHPB_PGMAP_GENERIC, 0, 0, NULL));
	expect("map-2M-at-0", 0, device_map_args(fd, 0, 2 * MIB, MHPB_PGMAP_GENERIC, 0, 0, &good));
	expect("map-overlapping-4M-at-0", EEXIST,
	       device_map_args(fd, 0, 4 * MIB, MHPB_PGMAP_GENERIC, 0, 0, &other));
	expect("unmap-unknown-handle", ENOENT, device_unmap_handle(fd, good + 1000));
	expect("pfn-owner-2M", 0, owner(fd, good, 0, 2 * MIB, 0));
	expect("pfn-owner-unknown-handle", ENOENT, owner(fd, good + 1, 0, 2 * MIB, 0));
	expect("pfn-owner-handle-too-big", ENOENT, owner(fd, MHPB_MAX_MAPPINGS, 0, 2 * MIB, 0));
	expect("pfn-owner-reserved", EINVAL, owner(fd, good, 0, 2 * MIB, 1));
	expect("pfn-owner-size-0", EINVAL, owner(fd, good, 0, 0, 0));
	expect("pfn-owner-offset-2K", EINVAL, owner(fd, good, 2 * KIB, 2 * MIB, 0));
	expect("pfn-owner-size-6K", EINVAL, owner(fd, good, 0, 6 * KIB, 0));
	expect("pfn-owner-too-big", EINVAL,
	       owner(fd, good, 0, (MHPB_PFN_MAX_COUNT + 1) * 4 * KIB, 0));
	expect("pfn-owner-beyond-claim", ERANGE, owner(fd, good, CLAIM_SIZE - 2 * MIB, 4 * MIB, 0));
	expect("pfn-owner-offset-wraps", ERANGE, owner(fd, good, UINT64_MAX - 4095, 4 * KIB, 0));
	return good;
}

/* Map arguments the module refuses, away from the live mapping at 0 so
 * that overlap cannot be the reason. */
static void check_map_args(int fd, const struct module_desc *m)
{
	expect("map-type-7", EINVAL, device_map_args(fd, 128 * MIB, 2 * MIB, 7, 0, 0, NULL));
	expect(m->device_private ? "map-private-on-pmem-claim" : "map-private-unsupported",
	       m->device_private ? EINVAL : EOPNOTSUPP,
	       device_map_args(fd, 128 * MIB, 2 * MIB, MHPB_PGMAP_PRIVATE, 0, 0, NULL));
	expect("map-vmemmap-shift-5", EINVAL,
	       device_map_args(fd, 128 * MIB, 2 * MIB, MHPB_PGMAP_GENERIC, 5, 0, NULL));
	expect("map-flags-unknown", EINVAL,
	       device_map_args(fd, 128 * MIB, 2 * MIB, MHPB_PGMAP_GENERIC, 0, 0x80000000u, NULL));
	/* a 2 MiB compound page cannot spare pages for its own memmap */
	expect("map-altmap-2M-shift-9", EINVAL,
	       device_map_args(fd, 128 * MIB, 2 * MIB, MHPB_PGMAP_GENERIC, 9, MHPB_MAPF_ALTMAP, NULL));
}

/* PFN_VALID, MEMSET and PROBES: the arguments they refuse and accept. */
static void check_pfn_memset_probes(int fd)
{
	expect("pfn-valid-count-0", EINVAL, pfn_valid(fd, 0x100000, 0, 1, 0));
	expect("pfn-valid-loops-0", EINVAL, pfn_valid(fd, 0x100000, 512, 0, 0));
	expect("pfn-valid-count-too-big", EINVAL,
	       pfn_valid(fd, 0x100000, MHPB_PFN_MAX_COUNT + 1, 1, 0));
	expect("pfn-valid-too-many-calls", EINVAL,
	       pfn_valid(fd, 0x100000, MHPB_PFN_MAX_COUNT, MHPB_PFN_MAX_LOOPS, 0));
	expect("pfn-valid-reserved", EINVAL, pfn_valid(fd, 0x100000, 512, 1, 1));
	expect("pfn-valid-wraps", EOVERFLOW, pfn_valid(fd, UINT64_MAX - 10, 512, 1, 0));
	expect("pfn-valid-top-pfn", 0, pfn_valid(fd, UINT64_MAX - 512, 512, 1, 0));
	expect("memset-size-0", EINVAL, memset_size(fd, 0));
	expect("memset-size-12", EINVAL, memset_size(fd, 12));
	expect("memset-too-big", EINVAL, memset_size(fd, MHPB_MEMSET_MAX + 8));
	expect("memset-64K", 0, memset_size(fd, 64 * KIB));
	expect("probes-enable-2", EINVAL, probes(fd, 2));
	expect("probes-off", 0, probes(fd, 0));
	expect("probes-on", 0, probes(fd, 1));
}

int check_errors(const char *range_arg, const char *module_path)
{
	char err[1024], modpath[4096];
	struct module_desc m;
	struct layout l;
	uint32_t good;
	int fd;

	if (find_layout(range_arg, &l))
		return 2;
	default_module_path(modpath, sizeof(modpath));
	fd = device_open(module_path, modpath, err, sizeof(err));
	if (fd < 0 || device_describe(fd, &m, err, sizeof(err))) {
		fprintf(stderr, "mhpbench: %s\n", err);
		if (fd >= 0)
			close(fd);
		return 2;
	}
	printf("# PMEM claim at 0x%llx+256M", (unsigned long long)l.pmem);
	if (l.have_ram)
		printf(", System RAM probe at 0x%llx", (unsigned long long)l.ram);
	printf("\n");

	check_unclaimed(fd, &l);
	expect("claim-pmem-256M", 0, device_claim(fd, l.pmem, CLAIM_SIZE));
	check_claim_held(l.pmem);
	good = check_claimed(fd);
	expect("claim-twice", EBUSY, device_claim(fd, l.pmem, CLAIM_SIZE));
	check_owner_counts(fd, 128 * MIB);
	check_map_args(fd, &m);
	check_pfn_memset_probes(fd);
	expect("unmap-good", 0, device_unmap_handle(fd, good));
	expect("release", 0, device_release(fd));
	expect("release-again", ENOENT, device_release(fd));
	check_private(fd, m.device_private);
	close(fd);
	printf("# %d check%s failed\n", failures, failures == 1 ? "" : "s");
	return failures ? 1 : 0;
}
