/* The kernel's write bandwidth per case (MHPB_IOC_MEMSET). */
#include "bandwidth.h"
#include "device.h"

#include <stdlib.h>
#include <string.h>

int bandwidth_measure(int fd, struct result *r)
{
	unsigned nc = suite_case_count(&r->suite);

	free(r->memsets);
	r->n_memsets = 0;
	r->memsets = calloc(nc ? nc : 1, sizeof(*r->memsets));
	if (!r->memsets)
		return -1;
	for (unsigned ci = 0; ci < nc; ci++) {
		struct memset_rec *m = &r->memsets[r->n_memsets++];
		struct mhpb_memset q;

		m->case_idx = ci;
		m->c = suite_case(&r->suite, ci);
		m->size = bandwidth_size(&m->c, &r->module);
		memset(&q, 0, sizeof(q));
		q.size = m->size;
		m->err = device_memset(fd, &q);
		if (!m->err) {
			m->stores_ns = q.stores_ns;
			m->memset_ns = q.memset_ns;
		}
	}
	return 0;
}
