/* /dev/mhp_bench: loading the module (libkmod) and its ioctls. */
#ifndef MHPB_DEVICE_H
#define MHPB_DEVICE_H

#include "model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEVICE_PATH "/dev/mhp_bench"
#define MODULE_NAME "mhp_bench"

/* Open the device, first loading the module if the node is missing: from
 * @module_path if given (failure is final), else from @default_path if that
 * file exists, else by name through the module index. Returns an fd, or -1
 * with a one-line cause in @err. */
int device_open(const char *module_path, const char *default_path,
		char *err, size_t errlen);
/* The same, loading the module with parameters @options ("inject_allow=1")
 * if it has to be loaded. */
int device_open_opts(const char *module_path, const char *default_path, const char *options,
		     char *err, size_t errlen);

/* MHPB_IOC_INFO and every MHPB_IOC_PHASE_INFO; checks the ABI version.
 * Returns 0 or -1 with @err. */
int device_describe(int fd, struct module_desc *m, char *err, size_t errlen);

/* Each returns 0 or the errno of the ioctl. */
int device_claim(int fd, uint64_t start, uint64_t size);
/* MHPB_IOC_CLAIM_PRIVATE: @size bytes of free physical address space for
 * device-private memory; its start goes to @start. */
int device_claim_private(int fd, uint64_t size, uint64_t *start);
int device_map(int fd, struct mhpb_map *m);
int device_unmap(int fd, struct mhpb_unmap *u);
int device_release(int fd);
/* MHPB_IOC_MAP from plain arguments; the handle goes to @handle if not
 * NULL. MHPB_IOC_UNMAP of @handle. Each returns 0 or the errno. */
int device_map_args(int fd, uint64_t offset, uint64_t size, uint32_t type, uint32_t shift,
		    uint32_t flags, uint32_t *handle);
int device_unmap_handle(int fd, uint32_t handle);
int device_pfn_valid(int fd, struct mhpb_pfn_valid *p);
int device_memset(int fd, struct mhpb_memset *m);
int device_pfn_owner(int fd, struct mhpb_pfn_owner *o);
/* Arm (@enable) or disarm the module's phase probes. */
int device_probes(int fd, bool enable);

#endif
