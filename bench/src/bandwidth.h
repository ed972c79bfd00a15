/* The kernel's write bandwidth per case (MHPB_IOC_MEMSET), the yardstick
 * for memmap initialisation. */
#ifndef MHPB_BANDWIDTH_H
#define MHPB_BANDWIDTH_H

#include "model.h"

#include <stdbool.h>

/* One MHPB_IOC_MEMSET per case of r->suite into r->memsets. A failed ioctl
 * is recorded with its errno (the summary says so), not fatal. Returns 0,
 * or -1 out of memory. */
int bandwidth_measure(int fd, struct result *r);

#endif
