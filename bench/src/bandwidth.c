/* The kernel's write bandwidth per case (MHPB_IOC_MEMSET). */
#include "bandwidth.h"
#include "device.h"

#include <stdlib.h>
#include <string.h>

uint64_t bandwidth_size(const struct bench_case *c, const struct module_desc *m)
{
	uint64_t n = c->size / 4096 * m->page_struct_size;

	n &= ~7ULL;
	return n > MHPB_MEMSET_MAX ? MHPB_MEMSET_MAX : n;
}

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

bool memset_rate(const struct memset_rec *m, double *memset_bps, double *stores_bps)
{
	if (m->err || !m->memset_ns || !m->stores_ns)
		return false;
	*memset_bps = (double)m->size * 1e9 / (double)m->memset_ns;
	*stores_bps = (double)m->size * 1e9 / (double)m->stores_ns;
	return true;
}

const struct memset_rec *bandwidth_of_case(const struct result *r, uint32_t ci)
{
	for (size_t i = 0; i < r->n_memsets; i++)
		if (r->memsets[i].case_idx == ci)
			return &r->memsets[i];
	return NULL;
}
