/*
 * The fuzzer's oracle: the device's state as the fuzzer's own calls left
 * it, and the errno (and counts) each request must get. The rules follow
 * the header (modules/uapi/mhp_bench.h) and, where the header leaves the
 * order of two checks open, the module's order: a disagreement between the
 * three is what the fuzzer is for.
 */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

struct world W;
struct state S;

void rng_seed(uint64_t seed)
{
	/* splitmix64 of the seed: seeds 1 and 2 start far apart */
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	S.rng = (z ^ (z >> 31)) | 1;
}

/* xorshift64*: small, fast and the same on every libc */
uint64_t rnd64(void)
{
	S.rng ^= S.rng >> 12;
	S.rng ^= S.rng << 25;
	S.rng ^= S.rng >> 27;
	return S.rng * 0x2545f4914f6cdd1dULL;
}

uint64_t rnd(uint64_t n)
{
	return rnd64() % n;
}

bool chance(unsigned percent)
{
	return rnd(100) < percent;
}

static void add_span(struct spans *s, uint64_t start, uint64_t end)
{
	if (s->n < MAX_SPANS)
		s->s[s->n++] = (struct span){ start, end };
}

/* One line of /proc/iomem: its depth (2 spaces a level), range and name. */
static int parse_line(const char *line, int *depth, struct span *r,
		      char *name, size_t namelen)
{
	unsigned long long s, e;
	int d = 0, used = 0;

	while (line[d] == ' ')
		d++;
	if (sscanf(line + d, "%llx-%llx : %n", &s, &e, &used) != 2 || !used)
		return -1;
	snprintf(name, namelen, "%s", line + d + used);
	name[strcspn(name, "\n")] = 0;
	*depth = d / 2;
	r->start = s;
	r->end = e;
	return 0;
}

static bool is_pmem_name(const char *name)
{
	return !strcmp(name, "Persistent Memory") ||
	       !strcmp(name, "Persistent Memory (legacy)");
}

/* PMEM regions (at any depth, as walk_iomem_res_desc() finds them),
 * System RAM, and whatever is nested in a PMEM region (someone holds it). */
static int read_iomem(char *err, size_t errlen)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256], name[128];
	int depth, pmem_depth = -1;
	struct span r;

	if (!f) {
		snprintf(err, errlen, "/proc/iomem: %s", strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (parse_line(line, &depth, &r, name, sizeof(name)))
			continue;
		if (pmem_depth >= 0 && depth <= pmem_depth)
			pmem_depth = -1;
		if (pmem_depth >= 0) {
			add_span(&W.busy, r.start, r.end);
		} else if (is_pmem_name(name)) {
			add_span(&W.pmem, r.start, r.end);
			pmem_depth = depth;
		}
		if (!strcmp(name, "System RAM"))
			add_span(&W.ram, r.start, r.end);
	}
	fclose(f);
	if (!W.pmem.n || W.pmem.s[0].end == 0) {
		snprintf(err, errlen, "no Persistent Memory in /proc/iomem (or not root)");
		return -1;
	}
	return 0;
}

/*
 * Whether compound pages get a deduplicated vmemmap, which decides
 * mhpb_map.memmap_pages: vmemmap_can_optimize() is true only where the
 * architecture wants it (6.1: ARCH_WANT_HUGETLB_PAGE_OPTIMIZE_VMEMMAP,
 * later: ARCH_WANT_OPTIMIZE_DAX_VMEMMAP). The initramfs carries the config.
 */
static bool read_vmemmap_opt(void)
{
	static const char *const keys[] = {
		"CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP",
		"CONFIG_ARCH_WANT_HUGETLB_PAGE_OPTIMIZE_VMEMMAP",
	};
	char path[300], line[256];
	struct utsname u;
	int found[2] = { -1, -1 };
	FILE *f;

	uname(&u);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	f = fopen(path, "r");
	if (!f)
		return true;	/* Debian's x86 kernels have it */
	while (fgets(line, sizeof(line), f))
		for (int i = 0; i < 2; i++)
			if (strstr(line, keys[i]))
				found[i] = strstr(line, "=y") != NULL;
	fclose(f);
	/* the newer symbol rules where the config knows it */
	return found[0] >= 0 ? found[0] : found[1] > 0;
}

int world_load(const char *module_path, char *err, size_t errlen)
{
	struct mhpb_info info;
	int fd = open(DEVICE, O_RDWR | O_CLOEXEC);

	memset(&W, 0, sizeof(W));
	W.module_path = module_path;
	if (fd < 0 || ioctl(fd, MHPB_IOC_INFO, &info)) {
		snprintf(err, errlen, DEVICE ": %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (info.abi_version != MHPB_ABI_VERSION) {
		snprintf(err, errlen, "module ABI %u, fuzzer %u",
			 info.abi_version, MHPB_ABI_VERSION);
		return -1;
	}
	W.section = info.section_size;
	W.nr_phases = info.nr_phases;
	W.page_struct = info.page_struct_size;
	W.features = info.features;
	W.max_physmem_bits = info.max_physmem_bits;
	W.vmemmap_opt = read_vmemmap_opt();
	return read_iomem(err, errlen);
}

static bool overlaps(const struct spans *s, uint64_t start, uint64_t end)
{
	for (int i = 0; i < s->n; i++)
		if (start <= s->s[i].end && s->s[i].start <= end)
			return true;
	return false;
}

static bool inside_one(const struct spans *s, uint64_t start, uint64_t end)
{
	for (int i = 0; i < s->n; i++)
		if (s->s[i].start <= start && end <= s->s[i].end)
			return true;
	return false;
}

static bool claimed_elsewhere(int f, uint64_t start, uint64_t end)
{
	for (int i = 0; i < NFILES; i++) {
		const struct file_m *o = &S.F[i];

		if (i != f && o->open && o->kind != CLAIM_NONE &&
		    start < o->start + o->size && o->start <= end)
			return true;
	}
	return false;
}

/* MHPB_IOC_CLAIM once its argument is read: the header's order. */
int claim_errno(int f, uint64_t start, uint64_t size)
{
	uint64_t end = start + size - 1;

	if (S.F[f].kind != CLAIM_NONE)
		return EBUSY;
	if (!size || start % SUB || size % SUB || start + size < start)
		return EINVAL;
	if (overlaps(&W.ram, start, end) || !inside_one(&W.pmem, start, end))
		return ENXIO;
	if (overlaps(&W.busy, start, end) || claimed_elsewhere(f, start, end))
		return EBUSY;
	return 0;
}

static bool known_shift(uint32_t shift)
{
	return shift == 0 || shift == 9 || shift == 18;
}

static int map_type_errno(const struct file_m *fm, const struct mhpb_map *m)
{
	if (fm->kind == CLAIM_PRIV)
		return m->type != MHPB_PGMAP_PRIVATE || m->vmemmap_shift ||
		       m->flags ? EINVAL : 0;
	return m->type != MHPB_PGMAP_GENERIC && m->type != MHPB_PGMAP_FS_DAX ?
	       EINVAL : 0;
}

/* MHPB_IOC_MAP's checks before the slot search (check_map_request()). */
int map_check_errno(int f, const struct mhpb_map *m)
{
	const struct file_m *fm = &S.F[f];
	uint64_t align;

	if (m->type == MHPB_PGMAP_PRIVATE && !(W.features & MHPB_FEAT_DEVICE_PRIVATE))
		return EOPNOTSUPP;
	if (fm->kind == CLAIM_NONE)
		return ENOENT;
	if (m->flags & ~MHPB_MAPF_ALTMAP)
		return EINVAL;
	if (map_type_errno(fm, m) || !known_shift(m->vmemmap_shift))
		return EINVAL;
	align = PAGE << m->vmemmap_shift;
	if (align < SUB)
		align = SUB;
	if (!m->size || m->offset % align || m->size % align ||
	    (fm->start + m->offset) % align)
		return EINVAL;
	if (m->offset >= fm->size || m->size > fm->size - m->offset)
		return ERANGE;
	return 0;
}

/* The slot a map gets: the first free one, unless it overlaps a live
 * mapping of the file (-EEXIST) or all are taken (-ENOSPC). */
int map_slot(int f, uint64_t off, uint64_t size)
{
	int slot = -ENOSPC;

	for (int i = 0; i < MHPB_MAX_MAPPINGS; i++) {
		const struct map_m *m = &S.F[f].maps[i];

		if (!m->live) {
			if (slot < 0)
				slot = i;
			continue;
		}
		if (off < m->off + m->size && m->off < off + size)
			return -EEXIST;
	}
	return slot;
}

/* The header: the memmap of the whole map, rounded up to a compound page;
 * 0 (EINVAL) if that leaves no page of the map. */
uint64_t altmap_free_pages(uint64_t nr_pages, uint32_t shift)
{
	uint64_t free = (nr_pages * W.page_struct + PAGE - 1) / PAGE;
	uint64_t unit = 1ULL << shift;

	free = (free + unit - 1) / unit * unit;
	return free < nr_pages ? free : 0;
}

/* memmap_init_zone_device()'s count: after the altmap's pages, and only
 * the unique struct pages of a deduplicated compound vmemmap. */
uint64_t memmap_pages(const struct mhpb_map *m, uint64_t free)
{
	uint64_t per = 1ULL << m->vmemmap_shift, unique = per;
	uint64_t nr = m->size / PAGE - free;
	bool altmap = m->flags & MHPB_MAPF_ALTMAP;
	bool pow2 = !(W.page_struct & (W.page_struct - 1));

	if (per == 1)
		return nr;
	if (W.vmemmap_opt && pow2 && !altmap && per * W.page_struct / PAGE > 2)
		unique = 2 * PAGE / W.page_struct;
	return nr / per * unique;
}

/* x86 takes the memmap of whole sections (one 2 MiB PMD of vmemmap each)
 * from the altmap; sub-section pieces get base pages from DRAM. */
uint64_t altmap_alloc_pages(uint64_t start, uint64_t size, bool altmap)
{
	uint64_t first = (start + W.section - 1) / W.section;
	uint64_t last = (start + size) / W.section;
	uint64_t per = W.section / PAGE * W.page_struct / PAGE;

	if (!altmap || last <= first)
		return 0;
	return (last - first) * per;
}

/* MHPB_IOC_PFN_OWNER once its argument is read. */
int owner_errno(int f, const struct mhpb_pfn_owner *o)
{
	const struct file_m *fm = &S.F[f];

	if (fm->kind == CLAIM_NONE || o->handle >= MHPB_MAX_MAPPINGS ||
	    !fm->maps[o->handle].live)
		return ENOENT;
	if (o->reserved || !o->size || o->offset % PAGE || o->size % PAGE ||
	    o->size > MHPB_PFN_MAX_COUNT * PAGE)
		return EINVAL;
	if (o->offset >= fm->size || o->size > fm->size - o->offset)
		return ERANGE;
	return 0;
}

static uint64_t clip(uint64_t s, uint64_t e, uint64_t start, uint64_t end)
{
	s = s > start ? s : start;
	e = e < end ? e : end;
	return e > s ? e - s : 0;
}

/* Bytes of [start, end) that a live mapping of any file covers: those
 * pfns are valid (their sub-sections are present). */
uint64_t mapped_bytes(uint64_t start, uint64_t end)
{
	uint64_t n = 0;

	for (int f = 0; f < NFILES; f++) {
		const struct file_m *fm = &S.F[f];

		if (!fm->open || fm->kind == CLAIM_NONE)
			continue;
		for (int i = 0; i < MHPB_MAX_MAPPINGS; i++) {
			const struct map_m *m = &fm->maps[i];

			if (m->live)
				n += clip(fm->start + m->off,
					  fm->start + m->off + m->size, start, end);
		}
	}
	return n;
}

/* Pfns of the window that belong to the handle's mapping: all of its
 * pfns but the altmap's (they hold the memmap), compound tails included. */
uint64_t owned_pages(int f, const struct mhpb_pfn_owner *o)
{
	const struct file_m *fm = &S.F[f];
	const struct map_m *m = &fm->maps[o->handle];
	uint64_t s = fm->start + m->off + m->free * PAGE;
	uint64_t w = fm->start + o->offset;

	return clip(s, fm->start + m->off + m->size, w, w + o->size) / PAGE;
}

/* Is [start, end) inside a PMEM region whose sections hold nothing else
 * (so that pfn_valid() there is exactly what the mappings add)? */
static bool clean_pmem(uint64_t start, uint64_t end)
{
	for (int i = 0; i < W.pmem.n; i++) {
		const struct span *r = &W.pmem.s[i];

		if (r->start <= start && end <= r->end + 1 &&
		    r->start % W.section == 0 && (r->end + 1) % W.section == 0)
			return true;
	}
	return false;
}

/* The valid count of a pfn_valid() window, where the model knows it: in
 * a clean PMEM region, and at or above MAX_PHYSMEM_BITS (never memory). */
bool pfn_window_known(uint64_t pfn, uint64_t count, uint64_t *valid)
{
	uint64_t max_pfn = 1ULL << (W.max_physmem_bits - 12);

	if (pfn >= max_pfn) {
		*valid = 0;
		return true;
	}
	if (pfn + count > max_pfn || !clean_pmem(pfn * PAGE, (pfn + count) * PAGE))
		return false;
	/* what someone else holds, they may map */
	if (overlaps(&W.busy, pfn * PAGE, (pfn + count) * PAGE - 1))
		return false;
	*valid = mapped_bytes(pfn * PAGE, (pfn + count) * PAGE) / PAGE;
	return true;
}

void model_map(int f, int slot, const struct mhpb_map *m)
{
	struct map_m *mm = &S.F[f].maps[slot];

	mm->live = true;
	mm->off = m->offset;
	mm->size = m->size;
	mm->type = m->type;
	mm->shift = m->vmemmap_shift;
	mm->flags = m->flags;
	mm->free = m->flags & MHPB_MAPF_ALTMAP ?
		   altmap_free_pages(m->size / PAGE, m->vmemmap_shift) : 0;
	if ((uint64_t)live_maps(f) > S.max_live)
		S.max_live = live_maps(f);
}

/* RELEASE, or the last close: unmap everything, drop the claim. */
void model_release(int f)
{
	memset(S.F[f].maps, 0, sizeof(S.F[f].maps));
	S.F[f].kind = CLAIM_NONE;
	S.F[f].start = 0;
	S.F[f].size = 0;
}

int live_maps(int f)
{
	int n = 0;

	for (int i = 0; i < MHPB_MAX_MAPPINGS; i++)
		n += S.F[f].maps[i].live;
	return n;
}

/* The last byte of the resource a claim holds: a private claim's is
 * rounded up to whole sections, as request_free_mem_region() makes it. */
uint64_t claim_res_end(int f)
{
	const struct file_m *fm = &S.F[f];
	uint64_t size = fm->size;

	if (fm->kind == CLAIM_PRIV)
		size = (size + W.section - 1) / W.section * W.section;
	return fm->start + size - 1;
}

int claims_held(void)
{
	int n = 0;

	for (int f = 0; f < NFILES; f++)
		n += S.F[f].open && S.F[f].kind != CLAIM_NONE;
	return n;
}
