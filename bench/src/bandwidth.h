/* The kernel's write bandwidth per case (MHPB_IOC_MEMSET), the yardstick
 * for memmap initialisation. */
#ifndef MHPB_BANDWIDTH_H
#define MHPB_BANDWIDTH_H

#include "model.h"

#include <stdbool.h>

/* Bytes of struct page for the pages of case @c: N of MHPB_IOC_MEMSET. */
uint64_t bandwidth_size(const struct bench_case *c, const struct module_desc *m);

/* One MHPB_IOC_MEMSET per case of r->suite into r->memsets. A failed ioctl
 * is recorded with its errno (the summary says so), not fatal. Returns 0,
 * or -1 out of memory. */
int bandwidth_measure(int fd, struct result *r);

/* Bytes per second of @m's memset() and of its 64-bit store loop; false
 * if the ioctl failed or a time is 0. */
bool memset_rate(const struct memset_rec *m, double *memset_bps, double *stores_bps);

/* The record of case @ci, or NULL. */
const struct memset_rec *bandwidth_of_case(const struct result *r, uint32_t ci);

#endif
