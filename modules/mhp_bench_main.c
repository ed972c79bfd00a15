// SPDX-License-Identifier: GPL-2.0
/*
 * mhp_bench: time sub-section memory hotplug on Persistent Memory and on
 * device-private memory.
 *
 * /dev/mhp_bench lets a privileged collector claim a free Persistent Memory
 * range (or, on a kernel with CONFIG_DEVICE_PRIVATE, a range of free
 * physical address space for device-private memory), memremap_pages() and
 * memunmap_pages() 2 MiB-granular pieces of it, and read back the duration
 * of each call split into phases (see mhp_bench_phases.c). The interface is
 * documented in uapi/mhp_bench.h.
 *
 * Every request is validated here before it reaches the hotplug code, so
 * that bad input gets an errno, never one of the kernel's WARNs.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/memremap.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/numa.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "mhp_bench_inject.h"
#include "mhp_bench_lens.h"
#include "mhp_bench_phases.h"

#define SUBSECTION_BYTES	(PAGES_PER_SUBSECTION << PAGE_SHIFT)
#define SECTION_BYTES		(PAGES_PER_SECTION << PAGE_SHIFT)
#define RES_NAME		"mhpbench"

struct mapping {
	u64 offset;
	u64 size;
	struct dev_pagemap pgmap;
};

/* One open file: at most one claim and its live mappings. */
struct bench_file {
	struct mutex lock;
	struct resource *res;
	bool private;	/* from request_free_mem_region(): PRIVATE maps */
	u64 start;
	u64 size;
	struct mapping *maps[MHPB_MAX_MAPPINGS];
};

/* The open file that disarmed the phase probes, if any. */
static DEFINE_MUTEX(probes_lock);
static struct bench_file *probes_owner;

static bool is_pmem_desc(unsigned long desc)
{
	return desc == IORES_DESC_PERSISTENT_MEMORY ||
	       desc == IORES_DESC_PERSISTENT_MEMORY_LEGACY;
}

/* Is @res nested in a PMEM resource below some other owner's resource? */
static bool owned_pmem(const struct resource *res)
{
	const struct resource *p;

	for (p = res->parent; p; p = p->parent)
		if (is_pmem_desc(p->desc))
			return true;
	return false;
}

/* walk_iomem_res_desc() callback: is [start, end] one PMEM resource's? */
static int covers_range(struct resource *res, void *arg)
{
	const struct resource *want = arg;

	/* @res is the PMEM resource clipped to the range asked for */
	return res->start == want->start && res->end == want->end;
}

/* Does one Persistent Memory resource hold all of [start, start + size)? */
static bool inside_one_pmem(u64 start, u64 size)
{
	struct resource want = DEFINE_RES_MEM(start, size);

	return walk_iomem_res_desc(IORES_DESC_PERSISTENT_MEMORY,
				   IORESOURCE_MEM, want.start, want.end,
				   &want, covers_range) > 0 ||
	       walk_iomem_res_desc(IORES_DESC_PERSISTENT_MEMORY_LEGACY,
				   IORESOURCE_MEM, want.start, want.end,
				   &want, covers_range) > 0;
}

/*
 * The errno of a PMEM claim is decided from the resource tree before
 * anything is requested: ENXIO for a range that is not entirely inside one
 * PMEM resource (System RAM, a hole, past the resource's end, across two
 * resources), EBUSY for one that is but is held, wholly or in part, by
 * someone else (a driver's namespace, another open file's claim).
 */
static long do_claim(struct bench_file *bf, void __user *arg)
{
	struct mhpb_claim c;
	struct resource *res;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	if (bf->res)
		return -EBUSY;
	if (!c.size || !IS_ALIGNED(c.start, SUBSECTION_BYTES) ||
	    !IS_ALIGNED(c.size, SUBSECTION_BYTES) ||
	    c.start + c.size < c.start)
		return -EINVAL;
	if (region_intersects(c.start, c.size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return -ENXIO;
	if (!inside_one_pmem(c.start, c.size))
		return -ENXIO;
	/*
	 * request_mem_region() nests the claim in the innermost resource
	 * that holds all of it: a free range of a PMEM resource gets that
	 * resource as its parent. It fails on a busy resource in the way
	 * (a claim) and nests below a driver's resource that holds it all.
	 */
	res = request_mem_region(c.start, c.size, RES_NAME);
	if (!res)
		return -EBUSY;
	if (!res->parent || !is_pmem_desc(res->parent->desc)) {
		/* the tree changed since the walk if it is not inside PMEM */
		int err = owned_pmem(res) ? -EBUSY : -ENXIO;

		release_mem_region(c.start, c.size);
		return err;
	}
	bf->res = res;
	bf->private = false;
	bf->start = c.start;
	bf->size = c.size;
	return 0;
}

/*
 * A device-private claim: free physical address space, found and claimed
 * by request_free_mem_region() as lib/test_hmm.c does. Refused on a kernel
 * without CONFIG_DEVICE_PRIVATE, where memremap_pages() would WARN.
 */
static long do_claim_private(struct bench_file *bf, void __user *arg)
{
	struct mhpb_claim_private c;
	struct resource *res;

	if (!IS_ENABLED(CONFIG_DEVICE_PRIVATE))
		return -EOPNOTSUPP;
	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	if (bf->res)
		return -EBUSY;
	if (!c.size || !IS_ALIGNED(c.size, SUBSECTION_BYTES) || c.start)
		return -EINVAL;
	res = request_free_mem_region(&iomem_resource, c.size, RES_NAME);
	if (IS_ERR(res))
		return PTR_ERR(res);
	bf->res = res;
	bf->private = true;
	bf->start = res->start;
	bf->size = c.size;
	c.start = res->start;
	/* the claim stays on a fault; release or close frees it */
	return copy_to_user(arg, &c, sizeof(c)) ? -EFAULT : 0;
}

static int find_free_slot(struct bench_file *bf, u64 offset, u64 size)
{
	int i, slot = -ENOSPC;

	for (i = 0; i < MHPB_MAX_MAPPINGS; i++) {
		struct mapping *m = bf->maps[i];

		if (!m) {
			if (slot < 0)
				slot = i;
			continue;
		}
		if (offset < m->offset + m->size && m->offset < offset + size)
			return -EEXIST;
	}
	return slot;
}

static int check_map_request(struct bench_file *bf, const struct mhpb_map *r)
{
	u64 align;

	if (r->type == MHPB_PGMAP_PRIVATE && !IS_ENABLED(CONFIG_DEVICE_PRIVATE))
		return -EOPNOTSUPP;
	if (!bf->res)
		return -ENOENT;
	if (r->flags & ~MHPB_MAPF_ALTMAP)
		return -EINVAL;
	if (bf->private) {
		/* struct pages only: no compound pages, no memmap on it */
		if (r->type != MHPB_PGMAP_PRIVATE || r->vmemmap_shift ||
		    r->flags)
			return -EINVAL;
	} else if (r->type != MHPB_PGMAP_GENERIC &&
		   r->type != MHPB_PGMAP_FS_DAX) {
		return -EINVAL;
	}
	if (r->vmemmap_shift != 0 && r->vmemmap_shift != PMD_SHIFT - PAGE_SHIFT &&
	    r->vmemmap_shift != PUD_SHIFT - PAGE_SHIFT)
		return -EINVAL;
	align = max_t(u64, SUBSECTION_BYTES, PAGE_SIZE << r->vmemmap_shift);
	if (!r->size || !IS_ALIGNED(r->offset, align) ||
	    !IS_ALIGNED(r->size, align) ||
	    !IS_ALIGNED(bf->start + r->offset, align))
		return -EINVAL;
	if (r->offset >= bf->size || r->size > bf->size - r->offset)
		return -ERANGE;
	return 0;
}

/*
 * Pages an altmap sets aside for the memmap of @nr_pages: all of it, as
 * nd_pfn does, rounded up to a compound page so that the first initialised
 * pfn is a compound head. 0 if the map cannot spare them.
 */
static unsigned long altmap_free_pages(u64 nr_pages, u32 shift)
{
	u64 free = DIV_ROUND_UP(nr_pages * sizeof(struct page), PAGE_SIZE);

	free = round_up(free, 1ULL << shift);
	return free < nr_pages ? free : 0;
}

static void set_altmap(struct dev_pagemap *pgmap, unsigned long free)
{
	struct vmem_altmap altmap = {
		.base_pfn = PHYS_PFN(pgmap->range.start),
		.end_pfn = PHYS_PFN(pgmap->range.end),
		.free = free,
	};

	/* end_pfn and reserve are const: initialise like nvdimm's pfn_devs */
	memcpy(&pgmap->altmap, &altmap, sizeof(altmap));
	pgmap->flags |= PGMAP_ALTMAP_VALID;
}

/*
 * The struct pages memmap_init_zone_device() initialises for @pgmap, by
 * its own rule: it starts after the altmap's pages, and with compound
 * pages initialises only the unique struct pages of each compound page
 * when the vmemmap is optimised (compound_nr_pages() in mm/mm_init.c).
 */
static u64 memmap_init_pages(struct dev_pagemap *pgmap)
{
	struct vmem_altmap *altmap = pgmap_altmap(pgmap);
	unsigned long start = PHYS_PFN(pgmap->range.start);
	unsigned long end = PHYS_PFN(pgmap->range.end + 1);
	unsigned long per = pgmap_vmemmap_nr(pgmap);
	unsigned long unique = per;

	/* vmem_altmap_offset(), which 6.1 does not export */
	if (altmap)
		start = altmap->base_pfn + altmap->reserve + altmap->free;
	if (per == 1)
		return end - start;
	if (!early_section(__pfn_to_section(start)) &&
	    vmemmap_can_optimize(altmap, pgmap))
		unique = VMEMMAP_RESERVE_NR * (PAGE_SIZE / sizeof(struct page));
	return (u64)((end - start) / per) * unique;
}

/*
 * No page of a private mapping is ever handed out, so neither op is
 * called; memremap_pages() requires both for MEMORY_DEVICE_PRIVATE.
 */
static void private_page_free(struct page *page)
{
}

static vm_fault_t private_migrate_to_ram(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct dev_pagemap_ops private_ops = {
	.page_free = private_page_free,
	.migrate_to_ram = private_migrate_to_ram,
};

static enum memory_type pgmap_type(u32 type)
{
	switch (type) {
	case MHPB_PGMAP_FS_DAX:
		return MEMORY_DEVICE_FS_DAX;
	case MHPB_PGMAP_PRIVATE:
		return MEMORY_DEVICE_PRIVATE;
	default:
		return MEMORY_DEVICE_GENERIC;
	}
}

static long do_map(struct bench_file *bf, void __user *arg)
{
	struct mhpb_map r;
	struct mapping *m;
	void *addr;
	u64 t0;
	int slot, err;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	err = check_map_request(bf, &r);
	if (err)
		return err;
	slot = find_free_slot(bf, r.offset, r.size);
	if (slot < 0)
		return slot;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->offset = r.offset;
	m->size = r.size;
	m->pgmap.type = pgmap_type(r.type);
	if (m->pgmap.type == MEMORY_DEVICE_PRIVATE) {
		m->pgmap.ops = &private_ops;
		m->pgmap.owner = bf;
	}
	m->pgmap.range.start = bf->start + r.offset;
	m->pgmap.range.end = bf->start + r.offset + r.size - 1;
	m->pgmap.nr_range = 1;
	m->pgmap.vmemmap_shift = r.vmemmap_shift;
	r.altmap_free = 0;
	r.altmap_alloc = 0;
	if (r.flags & MHPB_MAPF_ALTMAP) {
		r.altmap_free = altmap_free_pages(r.size >> PAGE_SHIFT,
						  r.vmemmap_shift);
		if (!r.altmap_free) {
			kfree(m);
			return -EINVAL;
		}
		set_altmap(&m->pgmap, r.altmap_free);
	}
	r.memmap_pages = memmap_init_pages(&m->pgmap);

	mhpb_measure_begin(&r.timing, false);
	t0 = ktime_get_ns();
	addr = memremap_pages(&m->pgmap, NUMA_NO_NODE);
	r.timing.total_ns = ktime_get_ns() - t0;
	mhpb_measure_end();

	if (IS_ERR(addr)) {
		kfree(m);
		return PTR_ERR(addr);
	}
	bf->maps[slot] = m;
	r.handle = slot;
	r.altmap_alloc = m->pgmap.altmap.alloc;
	if (copy_to_user(arg, &r, sizeof(r)))
		return -EFAULT;	/* the mapping stays; release frees it */
	return 0;
}

/*
 * Returns the altmap pages still allocated after the unmap (0 unless the
 * kernel leaked some).
 */
static u64 unmap_slot(struct bench_file *bf, u32 slot, struct mhpb_timing *t)
{
	struct mapping *m = bf->maps[slot];
	u64 t0, left;

	if (t) {
		mhpb_measure_begin(t, true);
		t0 = ktime_get_ns();
		memunmap_pages(&m->pgmap);
		t->total_ns = ktime_get_ns() - t0;
		mhpb_measure_end();
	} else {
		memunmap_pages(&m->pgmap);
	}
	left = m->pgmap.altmap.alloc;
	bf->maps[slot] = NULL;
	kfree(m);
	return left;
}

static long do_unmap(struct bench_file *bf, void __user *arg)
{
	struct mhpb_unmap r;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.handle >= MHPB_MAX_MAPPINGS || !bf->maps[r.handle])
		return -ENOENT;
	if (r.reserved)
		return -EINVAL;
	r.altmap_alloc = unmap_slot(bf, r.handle, &r.timing);
	if (copy_to_user(arg, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}

/*
 * Is @pfn a ZONE_DEVICE pfn of @pgmap? get_dev_pagemap() looks the pfn up
 * in the kernel's pgmap xarray and takes a reference, dropped here. Only
 * then is the struct page read: a pfn of another mapping may have no
 * initialised one. A tail page of a compound page (vmemmap_shift 9 or 18)
 * keeps its compound_head where a head keeps its pgmap: a tail belongs to
 * its head's pgmap.
 */
static bool pfn_owned(unsigned long pfn, struct dev_pagemap *pgmap)
{
	struct dev_pagemap *found = get_dev_pagemap(pfn, NULL);
	struct page *head;

	if (!found)
		return false;
	put_dev_pagemap(found);
	if (found != pgmap)
		return false;
	head = compound_head(pfn_to_page(pfn));
	return is_zone_device_page(head) && head->pgmap == pgmap;
}

/*
 * The first pfn of @pgmap with an initialised struct page: with an altmap
 * the pfns before it hold the memmap itself, and their struct pages are
 * never initialised (memmap_init_zone_device() starts after them).
 */
static unsigned long first_memmap_pfn(struct dev_pagemap *pgmap)
{
	struct vmem_altmap *altmap = pgmap_altmap(pgmap);

	if (!altmap)
		return PHYS_PFN(pgmap->range.start);
	return altmap->base_pfn + altmap->reserve + altmap->free;
}

static long do_pfn_owner(struct bench_file *bf, void __user *arg)
{
	struct mhpb_pfn_owner r;
	struct mapping *m;
	unsigned long pfn, end, first;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (!bf->res || r.handle >= MHPB_MAX_MAPPINGS || !bf->maps[r.handle])
		return -ENOENT;
	if (r.reserved || !r.size || !PAGE_ALIGNED(r.offset) ||
	    !PAGE_ALIGNED(r.size) || r.size > (MHPB_PFN_MAX_COUNT << PAGE_SHIFT))
		return -EINVAL;
	if (r.offset >= bf->size || r.size > bf->size - r.offset)
		return -ERANGE;
	m = bf->maps[r.handle];
	first = first_memmap_pfn(&m->pgmap);
	pfn = PHYS_PFN(bf->start + r.offset);
	end = pfn + PHYS_PFN(r.size);
	r.valid = 0;
	r.owned = 0;
	for (; pfn < end; pfn++) {
		if (!pfn_valid(pfn))
			continue;
		r.valid++;
		if (pfn >= first)
			r.owned += pfn_owned(pfn, &m->pgmap);
		if (!(pfn % PAGES_PER_SUBSECTION)) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
	}
	return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

static int release_claim(struct bench_file *bf)
{
	u32 i;

	if (!bf->res)
		return -ENOENT;
	for (i = 0; i < MHPB_MAX_MAPPINGS; i++)
		if (bf->maps[i])
			unmap_slot(bf, i, NULL);
	/*
	 * Release the resource as it was made: request_free_mem_region()
	 * rounds a private claim up to whole sections. Releasing the claim's
	 * own size left the resource in /proc/iomem, named by this module's
	 * string: reading /proc/iomem after rmmod then faulted.
	 */
	release_mem_region(bf->res->start, resource_size(bf->res));
	bf->res = NULL;
	return 0;
}

static long do_info(void __user *arg)
{
	struct mhpb_info info = {
		.abi_version = MHPB_ABI_VERSION,
		.nr_phases = MHPB_NR_PHASES,
		.subsection_size = SUBSECTION_BYTES,
		.section_size = SECTION_BYTES,
		.probe_errors = mhpb_phases_probe_errors(),
		.page_struct_size = sizeof(struct page),
		.max_physmem_bits = MAX_PHYSMEM_BITS,
		.probes_enabled = mhpb_phases_enabled(),
		.features = IS_ENABLED(CONFIG_DEVICE_PRIVATE) ?
			    MHPB_FEAT_DEVICE_PRIVATE : 0,
	};

	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long do_phase_info(void __user *arg)
{
	struct mhpb_phase_info pi;
	int err;

	if (copy_from_user(&pi, arg, sizeof(pi)))
		return -EFAULT;
	err = mhpb_phase_describe(&pi);
	if (err)
		return err;
	return copy_to_user(arg, &pi, sizeof(pi)) ? -EFAULT : 0;
}

/* Sink of the pfn loops' results, so that the compiler keeps them. */
static unsigned long pfn_sink;

/*
 * One pass over [pfn, pfn + count) with preemption off. @call selects
 * pfn_valid() or the same loop without it; OPTIMIZER_HIDE_VAR() makes every
 * pfn opaque, so that no call is hoisted or merged, and the count is
 * accumulated and published.
 */
static noinline unsigned long pfn_pass(unsigned long pfn, unsigned long count,
				       bool call, u64 *ns)
{
	unsigned long i, acc = 0;
	u64 t0;

	preempt_disable();
	t0 = ktime_get_ns();
	if (call) {
		for (i = 0; i < count; i++) {
			unsigned long p = pfn + i;

			OPTIMIZER_HIDE_VAR(p);
			acc += pfn_valid(p);
		}
	} else {
		for (i = 0; i < count; i++) {
			unsigned long p = pfn + i;

			OPTIMIZER_HIDE_VAR(p);
			acc += p & 1;
		}
	}
	barrier();
	*ns = ktime_get_ns() - t0;
	preempt_enable();
	WRITE_ONCE(pfn_sink, acc);
	return acc;
}

static long do_pfn_valid(void __user *arg)
{
	struct mhpb_pfn_valid r;
	unsigned long valid;
	u32 l;
	u64 ns;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (!r.count || r.count > MHPB_PFN_MAX_COUNT || !r.loops ||
	    r.loops > MHPB_PFN_MAX_LOOPS || r.reserved ||
	    r.count * r.loops > MHPB_PFN_MAX_CALLS)
		return -EINVAL;
	if (r.pfn + r.count < r.pfn)
		return -EOVERFLOW;

	valid = pfn_pass(r.pfn, r.count, true, &ns);
	r.raw_ns = 0;
	r.empty_ns = 0;
	for (l = 0; l < r.loops; l++) {
		pfn_pass(r.pfn, r.count, false, &ns);
		r.empty_ns += ns;
		if (pfn_pass(r.pfn, r.count, true, &ns) != valid)
			return -EAGAIN;
		r.raw_ns += ns;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	r.valid = valid;
	r.calls = r.count * r.loops;
	r.raw_ps = div64_u64(r.raw_ns * 1000, r.calls);
	r.empty_ps = div64_u64(r.empty_ns * 1000, r.calls);
	r.call_ps = r.raw_ps > r.empty_ps ? r.raw_ps - r.empty_ps : 0;
	return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

static long do_memset(void __user *arg)
{
	struct mhpb_memset r;
	u64 *buf, i, n, t0;
	unsigned int pass;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (!r.size || r.size % sizeof(u64) || r.size > MHPB_MEMSET_MAX ||
	    r.reserved)
		return -EINVAL;
	buf = __vmalloc(r.size, GFP_KERNEL | __GFP_NOWARN |
			__GFP_RETRY_MAYFAIL);
	if (!buf)
		return -ENOMEM;
	n = r.size / sizeof(u64);
	memset(buf, 0, r.size);

	/* A limit is the best the machine does: keep the fastest pass. */
	r.stores_ns = U64_MAX;
	r.memset_ns = U64_MAX;
	for (pass = 0; pass < MHPB_MEMSET_PASSES; pass++) {
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			WRITE_ONCE(buf[i], 0x5a5a5a5a5a5a5a5aULL);
		barrier_data(buf);
		r.stores_ns = min(r.stores_ns, ktime_get_ns() - t0);

		t0 = ktime_get_ns();
		memset(buf, 0xa5, r.size);
		barrier_data(buf);
		r.memset_ns = min(r.memset_ns, ktime_get_ns() - t0);
		cond_resched();
	}

	vfree(buf);
	return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

static long do_probes(struct bench_file *bf, void __user *arg)
{
	struct mhpb_probes r;
	long err = 0;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.enable > 1 || r.reserved)
		return -EINVAL;
	mutex_lock(&probes_lock);
	if (probes_owner && probes_owner != bf) {
		err = -EBUSY;
	} else {
		/* a no-op when the probes are already in that state */
		err = mhpb_phases_set_enabled(r.enable);
		if (!err)
			probes_owner = r.enable ? NULL : bf;
	}
	mutex_unlock(&probes_lock);
	return err;
}

static void release_probes(struct bench_file *bf)
{
	mutex_lock(&probes_lock);
	if (probes_owner == bf) {
		if (mhpb_phases_set_enabled(true))
			pr_info("mhp_bench: cannot re-arm the phase probes\n");
		probes_owner = NULL;
	}
	mutex_unlock(&probes_lock);
}

static long bench_ioctl(struct file *file, unsigned int cmd, unsigned long a)
{
	struct bench_file *bf = file->private_data;
	void __user *arg = (void __user *)a;
	long ret;

	switch (cmd) {
	case MHPB_IOC_INFO:
		return do_info(arg);
	case MHPB_IOC_PHASE_INFO:
		return do_phase_info(arg);
	case MHPB_IOC_PFN_VALID:
		return do_pfn_valid(arg);
	case MHPB_IOC_MEMSET:
		return do_memset(arg);
	case MHPB_IOC_PROBES:
		return do_probes(bf, arg);
	}

	mutex_lock(&bf->lock);
	switch (cmd) {
	case MHPB_IOC_CLAIM:
		ret = do_claim(bf, arg);
		break;
	case MHPB_IOC_CLAIM_PRIVATE:
		ret = do_claim_private(bf, arg);
		break;
	case MHPB_IOC_MAP:
		ret = do_map(bf, arg);
		break;
	case MHPB_IOC_UNMAP:
		ret = do_unmap(bf, arg);
		break;
	case MHPB_IOC_RELEASE:
		ret = release_claim(bf);
		break;
	case MHPB_IOC_PFN_OWNER:
		ret = do_pfn_owner(bf, arg);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&bf->lock);
	return ret;
}

static int bench_open(struct inode *inode, struct file *file)
{
	struct bench_file *bf;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	bf = kzalloc(sizeof(*bf), GFP_KERNEL);
	if (!bf)
		return -ENOMEM;
	mutex_init(&bf->lock);
	file->private_data = bf;
	return 0;
}

static int bench_release(struct inode *inode, struct file *file)
{
	struct bench_file *bf = file->private_data;

	release_claim(bf);
	release_probes(bf);
	mutex_destroy(&bf->lock);
	kfree(bf);
	return 0;
}

static const struct file_operations bench_fops = {
	.owner = THIS_MODULE,
	.open = bench_open,
	.release = bench_release,
	.unlocked_ioctl = bench_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice bench_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "mhp_bench",
	.fops = &bench_fops,
	.mode = 0600,
};

static int __init mhp_bench_init(void)
{
	int err;

	err = mhpb_phases_init();
	if (err)
		return err;
	err = mhpb_inject_init(mhpb_phases_symbol);
	if (err)
		goto out_phases;
	err = mhpb_lens_init(mhpb_phases_symbol);
	if (err)
		goto out_inject;
	err = misc_register(&bench_dev);
	if (err)
		goto out_lens;
	return 0;

out_lens:
	mhpb_lens_exit();
out_inject:
	mhpb_inject_exit();
out_phases:
	mhpb_phases_exit();
	return err;
}

static void __exit mhp_bench_exit(void)
{
	misc_deregister(&bench_dev);
	mhpb_lens_exit();
	mhpb_inject_exit();
	mhpb_phases_exit();
}

module_init(mhp_bench_init);
module_exit(mhp_bench_exit);

MODULE_DESCRIPTION("Time sub-section memory hotplug (memremap_pages) of PMEM, device-private");
MODULE_AUTHOR("mhpbench developers");
MODULE_LICENSE("GPL");
