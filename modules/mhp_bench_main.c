// SPDX-License-Identifier: GPL-2.0
/*
 * mhp_bench: time sub-section memory hotplug on Persistent Memory.
 *
 * /dev/mhp_bench lets a privileged collector claim a free Persistent Memory
 * range, memremap_pages() and memunmap_pages() 2 MiB-granular pieces of it,
 * and read back the duration of each call split into phases (see
 * mhp_bench_phases.c). The interface is documented in uapi/mhp_bench.h.
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
#include <linux/slab.h>
#include <linux/uaccess.h>

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
	u64 start;
	u64 size;
	struct mapping *maps[MHPB_MAX_MAPPINGS];
};

static bool is_pmem_desc(unsigned long desc)
{
	return desc == IORES_DESC_PERSISTENT_MEMORY ||
	       desc == IORES_DESC_PERSISTENT_MEMORY_LEGACY;
}

static bool touches_pmem(u64 start, u64 size)
{
	return region_intersects(start, size, IORESOURCE_MEM,
				 IORES_DESC_PERSISTENT_MEMORY) !=
		       REGION_DISJOINT ||
	       region_intersects(start, size, IORESOURCE_MEM,
				 IORES_DESC_PERSISTENT_MEMORY_LEGACY) !=
		       REGION_DISJOINT;
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
	if (!touches_pmem(c.start, c.size))
		return -ENXIO;
	/*
	 * request_mem_region() nests the claim in the innermost resource
	 * that holds all of it: a range entirely inside one free PMEM
	 * resource gets that resource as its parent. A hole, a second
	 * resource or a driver's namespace in between gives another one.
	 */
	res = request_mem_region(c.start, c.size, RES_NAME);
	if (!res)
		return -EBUSY;
	if (!res->parent || !is_pmem_desc(res->parent->desc)) {
		int err = owned_pmem(res) ? -EBUSY : -ENXIO;

		release_mem_region(c.start, c.size);
		return err;
	}
	bf->res = res;
	bf->start = c.start;
	bf->size = c.size;
	return 0;
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

	if (!bf->res)
		return -ENOENT;
	if (r->flags || (r->type != MHPB_PGMAP_GENERIC &&
			 r->type != MHPB_PGMAP_FS_DAX))
		return -EINVAL;
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
	m->pgmap.type = r.type == MHPB_PGMAP_FS_DAX ? MEMORY_DEVICE_FS_DAX :
						     MEMORY_DEVICE_GENERIC;
	m->pgmap.range.start = bf->start + r.offset;
	m->pgmap.range.end = bf->start + r.offset + r.size - 1;
	m->pgmap.nr_range = 1;
	m->pgmap.vmemmap_shift = r.vmemmap_shift;

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
	if (copy_to_user(arg, &r, sizeof(r)))
		return -EFAULT;	/* the mapping stays; release frees it */
	return 0;
}

static void unmap_slot(struct bench_file *bf, u32 slot, struct mhpb_timing *t)
{
	struct mapping *m = bf->maps[slot];
	u64 t0;

	if (t) {
		mhpb_measure_begin(t, true);
		t0 = ktime_get_ns();
		memunmap_pages(&m->pgmap);
		t->total_ns = ktime_get_ns() - t0;
		mhpb_measure_end();
	} else {
		memunmap_pages(&m->pgmap);
	}
	bf->maps[slot] = NULL;
	kfree(m);
}

static long do_unmap(struct bench_file *bf, void __user *arg)
{
	struct mhpb_unmap r;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.handle >= MHPB_MAX_MAPPINGS || !bf->maps[r.handle])
		return -ENOENT;
	unmap_slot(bf, r.handle, &r.timing);
	if (copy_to_user(arg, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}

static int release_claim(struct bench_file *bf)
{
	u32 i;

	if (!bf->res)
		return -ENOENT;
	for (i = 0; i < MHPB_MAX_MAPPINGS; i++)
		if (bf->maps[i])
			unmap_slot(bf, i, NULL);
	release_mem_region(bf->start, bf->size);
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
	}

	mutex_lock(&bf->lock);
	switch (cmd) {
	case MHPB_IOC_CLAIM:
		ret = do_claim(bf, arg);
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
	err = misc_register(&bench_dev);
	if (err)
		mhpb_phases_exit();
	return err;
}

static void __exit mhp_bench_exit(void)
{
	misc_deregister(&bench_dev);
	mhpb_phases_exit();
}

module_init(mhp_bench_init);
module_exit(mhp_bench_exit);

MODULE_DESCRIPTION("Time sub-section memory hotplug (memremap_pages) on PMEM");
MODULE_AUTHOR("mhpbench developers");
MODULE_LICENSE("GPL");
