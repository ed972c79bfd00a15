/* /dev/mhp_bench: loading the module (libkmod) and its ioctls. */
#include "device.h"

#include <libkmod.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static int insert_from_path(struct kmod_ctx *ctx, const char *path, const char *options,
			    char *err, size_t errlen)
{
	struct kmod_module *mod;
	int rc = kmod_module_new_from_path(ctx, path, &mod);

	if (rc < 0) {
		snprintf(err, errlen, "cannot load module %s: %s", path, strerror(-rc));
		return -1;
	}
	rc = kmod_module_insert_module(mod, 0, options);
	kmod_module_unref(mod);
	if (rc < 0 && rc != -EEXIST) {
		snprintf(err, errlen, "cannot load module %s: %s", path, strerror(-rc));
		return -1;
	}
	return 0;
}

static int insert_by_name(struct kmod_ctx *ctx, const char *options, char *err, size_t errlen)
{
	struct kmod_list *list = NULL, *it;
	int rc = kmod_module_new_from_lookup(ctx, MODULE_NAME, &list);

	if (rc < 0 || !list) {
		snprintf(err, errlen, "cannot load module %s: not found (no --module, no .ko next to the binary, not in the module index)",
			 MODULE_NAME);
		return -1;
	}
	kmod_list_foreach(it, list) {
		struct kmod_module *mod = kmod_module_get_module(it);

		/* probe_insert also loads its dependencies */
		rc = kmod_module_probe_insert_module(mod, 0, options, NULL, NULL, NULL);
		kmod_module_unref(mod);
		if (rc < 0 && rc != -EEXIST)
			break;
		rc = 0;
	}
	kmod_module_unref_list(list);
	if (rc < 0) {
		snprintf(err, errlen, "cannot load module %s: %s", MODULE_NAME, strerror(-rc));
		return -1;
	}
	return 0;
}

static int load_module(const char *module_path, const char *default_path, const char *options,
		       char *err, size_t errlen)
{
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);
	int rc;

	if (!ctx) {
		snprintf(err, errlen, "cannot load module: libkmod context failed");
		return -1;
	}
	if (module_path)
		rc = insert_from_path(ctx, module_path, options, err, errlen);
	else if (default_path && access(default_path, R_OK) == 0)
		rc = insert_from_path(ctx, default_path, options, err, errlen);
	else
		rc = insert_by_name(ctx, options, err, errlen);
	kmod_unref(ctx);
	return rc;
}

int device_open(const char *module_path, const char *default_path,
		char *err, size_t errlen)
{
	return device_open_opts(module_path, default_path, NULL, err, errlen);
}

int device_open_opts(const char *module_path, const char *default_path, const char *options,
		     char *err, size_t errlen)
{
	int fd;

	if (access(DEVICE_PATH, F_OK) != 0 &&
	    load_module(module_path, default_path, options, err, errlen) != 0)
		return -1;
	/* devtmpfs (or udev) creates the node shortly after the insert */
	for (int i = 0; i < 200; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		fd = open(DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT)
			break;
		nanosleep(&ts, NULL);
	}
	if (fd < 0)
		snprintf(err, errlen, "cannot open %s: %s", DEVICE_PATH, strerror(errno));
	return fd;
}

static void read_srcversion(char *buf, size_t len)
{
	FILE *f = fopen("/sys/module/" MODULE_NAME "/srcversion", "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* MHPB_IOC_PHASE_INFO of phase @i into m->phases[i]: checked for a
 * parent in range and a name unique within its op. Returns 0 or -1 with
 * @err. */
static int describe_phase(int fd, struct module_desc *m, uint32_t i, char *err, size_t errlen)
{
	struct mhpb_phase_info pi;
	struct phase_desc *p = &m->phases[i];

	memset(&pi, 0, sizeof(pi));
	pi.index = i;
	if (ioctl(fd, MHPB_IOC_PHASE_INFO, &pi) != 0) {
		snprintf(err, errlen, "MHPB_IOC_PHASE_INFO %u failed: %s", i, strerror(errno));
		return -1;
	}
	p->index = i;
	p->parent = pi.parent;
	if (p->parent != MHPB_PHASE_NONE && p->parent >= m->nr_phases) {
		snprintf(err, errlen, "phase %u has parent %u, beyond %u phases", i, p->parent,
			 m->nr_phases);
		return -1;
	}
	p->unmap = pi.flags & MHPB_PHF_UNMAP;
	p->wait = pi.flags & MHPB_PHF_WAIT;
	p->probed = pi.flags & MHPB_PHF_PROBED;
	p->tracepoint = pi.flags & MHPB_PHF_TRACEPOINT;
	/* the kernel's strings need not be terminated at the full length */
	snprintf(p->name, sizeof(p->name), "%.*s", MHPB_NAME_LEN - 1, pi.name);
	snprintf(p->symbol, sizeof(p->symbol), "%.*s", MHPB_NAME_LEN - 1, pi.symbol);
	if (!p->name[0]) {
		snprintf(err, errlen, "phase %u has no name", i);
		return -1;
	}
	/* result files key phases by name within their op */
	if (module_phase_index(m, p->name, p->unmap) != (int)i) {
		snprintf(err, errlen, "phase %u repeats the name '%s' of another %s phase", i,
			 p->name, p->unmap ? "unmap" : "map");
		return -1;
	}
	return 0;
}

int device_describe(int fd, struct module_desc *m, char *err, size_t errlen)
{
	struct mhpb_info info;

	memset(m, 0, sizeof(*m));
	memset(&info, 0, sizeof(info));
	if (ioctl(fd, MHPB_IOC_INFO, &info) != 0) {
		/* the command number encodes the struct size: another ABI */
		snprintf(err, errlen, "MHPB_IOC_INFO failed: %s%s", strerror(errno),
			 errno == ENOTTY ? " (a module of another ABI version? rebuild one of them)" : "");
		return -1;
	}
	if (info.abi_version != MHPB_ABI_VERSION) {
		snprintf(err, errlen, "module ABI version %u, this mhpbench is built for %u: rebuild one of them",
			 info.abi_version, (unsigned)MHPB_ABI_VERSION);
		return -1;
	}
	if (info.nr_phases > MHPB_MAX_PHASES) {
		snprintf(err, errlen, "module reports %u phases, at most %u fit", info.nr_phases,
			 (unsigned)MHPB_MAX_PHASES);
		return -1;
	}
	m->abi_version = info.abi_version;
	m->subsection_size = info.subsection_size;
	m->section_size = info.section_size;
	m->probe_errors = info.probe_errors;
	m->page_struct_size = info.page_struct_size;
	m->max_physmem_bits = info.max_physmem_bits;
	m->device_private = info.features & MHPB_FEAT_DEVICE_PRIVATE;
	m->nr_phases = info.nr_phases;
	read_srcversion(m->srcversion, sizeof(m->srcversion));
	for (uint32_t i = 0; i < info.nr_phases; i++)
		if (describe_phase(fd, m, i, err, errlen))
			return -1;
	return 0;
}

int device_claim(int fd, uint64_t start, uint64_t size)
{
	struct mhpb_claim c = { .start = start, .size = size };

	return ioctl(fd, MHPB_IOC_CLAIM, &c) == 0 ? 0 : errno;
}

int device_claim_private(int fd, uint64_t size, uint64_t *start)
{
	struct mhpb_claim_private c = { .size = size };

	if (ioctl(fd, MHPB_IOC_CLAIM_PRIVATE, &c) != 0)
		return errno;
	*start = c.start;
	return 0;
}

int device_map(int fd, struct mhpb_map *m)
{
	return ioctl(fd, MHPB_IOC_MAP, m) == 0 ? 0 : errno;
}

int device_unmap(int fd, struct mhpb_unmap *u)
{
	return ioctl(fd, MHPB_IOC_UNMAP, u) == 0 ? 0 : errno;
}

int device_release(int fd)
{
	return ioctl(fd, MHPB_IOC_RELEASE) == 0 ? 0 : errno;
}

int device_pfn_valid(int fd, struct mhpb_pfn_valid *p)
{
	return ioctl(fd, MHPB_IOC_PFN_VALID, p) == 0 ? 0 : errno;
}

int device_memset(int fd, struct mhpb_memset *m)
{
	return ioctl(fd, MHPB_IOC_MEMSET, m) == 0 ? 0 : errno;
}

int device_pfn_owner(int fd, struct mhpb_pfn_owner *o)
{
	return ioctl(fd, MHPB_IOC_PFN_OWNER, o) == 0 ? 0 : errno;
}

int device_probes(int fd, bool enable)
{
	struct mhpb_probes p = { .enable = enable ? 1 : 0 };

	return ioctl(fd, MHPB_IOC_PROBES, &p) == 0 ? 0 : errno;
}

int device_map_args(int fd, uint64_t offset, uint64_t size, uint32_t type, uint32_t shift,
		    uint32_t flags, uint32_t *handle)
{
	struct mhpb_map m;
	int err;

	memset(&m, 0, sizeof(m));
	m.offset = offset;
	m.size = size;
	m.type = type;
	m.vmemmap_shift = shift;
	m.flags = flags;
	err = device_map(fd, &m);
	if (!err && handle)
		*handle = m.handle;
	return err;
}

int device_unmap_handle(int fd, uint32_t handle)
{
	struct mhpb_unmap u;

	memset(&u, 0, sizeof(u));
	u.handle = handle;
	return device_unmap(fd, &u);
}
