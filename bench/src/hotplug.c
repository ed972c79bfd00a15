/* Suites of kind hotplug: the suite's check and the sample loop. */
#include "hotplug.h"
#include "bandwidth.h"
#include "device.h"
#include "run.h"
#include "schedule.h"
#include "units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The two calls of a sample. */
enum hp_op { OP_MAP, OP_UNMAP };

static const char *const op_names[] = { [OP_MAP] = "map", [OP_UNMAP] = "unmap" };

/* Back-to-back (spacing_ms 0) means no sleep at all, jitter included. */
static int check_spacing(struct suite_check *c, struct suite *s)
{
	if (s->spacing_ms)
		return 0;
	if (suite_has_key(c, KEY_JITTER) && s->spacing_jitter_ms)
		return suite_reject(c, KEY_JITTER,
				    "needs spacing_ms above 0 (back-to-back has no sleep to vary)");
	s->spacing_jitter_ms = 0;
	return 0;
}

/* A shift needs a size and an offset that are multiples of its compound
 * page. */
static int check_shifts(struct suite_check *c, const struct suite *s)
{
	char buf[32];

	for (unsigned i = 0; i < s->n_shifts; i++) {
		uint64_t unit = case_compound_unit(s->shifts[i]);
		unsigned j;

		for (j = 0; j < s->n_sizes && s->sizes[j] % unit; j++)
			;
		if (j == s->n_sizes) {
			format_size(s->sizes[0], buf, sizeof(buf));
			return suite_reject(c, KEY_SHIFT,
					    "%u needs sizes that are multiples of its compound page, size %s is not",
					    s->shifts[i], buf);
		}
		for (j = 0; j < s->n_offsets && s->offsets[j] % unit; j++)
			;
		if (j == s->n_offsets) {
			format_size(s->offsets[0], buf, sizeof(buf));
			return suite_reject(c, KEY_SHIFT,
					    "%u needs offsets that are multiples of its compound page, offset %s is not",
					    s->shifts[i], buf);
		}
	}
	return 0;
}

/* Device-private maps are struct pages only: base pages, and device memory
 * cannot hold their memmap. */
static int check_private(struct suite_check *c, const struct suite *s)
{
	if (!suite_is_private(s))
		return 0;
	if (s->n_shifts != 1 || s->shifts[0] != 0)
		return suite_reject(c, KEY_TYPE, "private takes vmemmap_shift 0 only");
	if (s->n_memmaps != 1 || s->memmaps[0] != MEMMAP_DRAM)
		return suite_reject(c, KEY_TYPE, "private takes memmap dram only");
	if (s->size_max)
		return suite_reject(c, KEY_TYPE,
				    "private takes no sizes max (it sizes a free PMEM range)");
	return 0;
}

int hotplug_check(struct suite_check *c, struct suite *s)
{
	if (check_spacing(c, s))
		return -1;
	if (!suite_has_key(c, KEY_SIZES))
		return suite_reject(c, KEY_SIZES, "missing (e.g. 'sizes 2M 64M')");
	/* every listed value must take part in at least one legal case */
	if (check_shifts(c, s) || check_private(c, s))
		return -1;
	if (suite_case_count(s) == 0)
		return suite_reject(c, KEY_MEMMAP,
				    "no legal case: pmem needs sizes larger than the compound page");
	return 0;
}

static void progress(const struct run_ctx *x, size_t i, size_t total, const struct sample *smp,
		     enum hp_op op)
{
	char label[96];

	if (!x->tty)
		return;
	case_label(&smp->c, label, sizeof(label));
	fprintf(stderr, "\r[%3zu/%zu] %-5s %s%s\033[K", i + 1, total, op_names[op], label,
		smp->warmup ? " (warmup)" : "");
}

static void record_failure(struct run_ctx *x, const char *what, const struct bench_case *c,
			   int err)
{
	char msg[256], label[96];

	case_label(c, label, sizeof(label));
	snprintf(msg, sizeof(msg), "%s %s failed: %s (errno %d)", what, label, strerror(err), err);
	run_fail(x, msg);
}

/* A call that failed: kept in the sample, which ends the run. */
static int call_failed(struct run_ctx *x, struct sample *smp, enum hp_op op, int err)
{
	struct op_timing *t = op == OP_MAP ? &smp->map : &smp->unmap;

	t->done = true;
	t->err = err;
	record_failure(x, op_names[op], &smp->c, err);
	result_add_sample(&x->r, smp);
	return -1;
}

/* Event counts around one ioctl: the counters run in this thread only
 * from just before the call to just after it. */
static void pmu_begin(struct run_ctx *x)
{
	if (x->pmu.n)
		pmu_start(&x->pmu);
}

static void pmu_end(struct run_ctx *x, struct op_timing *op)
{
	if (!x->pmu.n)
		return;
	pmu_stop(&x->pmu, &op->pmu);
	op->counted = true;
}

/* Arm or disarm the probes as the planned sample wants. Returns 0 or -1
 * (failure recorded). */
static int set_probes(struct run_ctx *x, const struct planned *p, const struct bench_case *c)
{
	int err;

	if (p->probes_off == x->probes_off)
		return 0;
	err = device_probes(x->fd, !p->probes_off);
	if (err) {
		record_failure(x, p->probes_off ? "disarming the probes before" :
			       "arming the probes before", c, err);
		return -1;
	}
	x->probes_off = p->probes_off;
	return 0;
}

/* The map of the sample's case, timed; its handle to @handle. Returns 0,
 * or -1 with the failure recorded. */
static int sample_map(struct run_ctx *x, struct sample *smp, uint32_t *handle)
{
	struct mhpb_map map;
	int err;

	memset(&map, 0, sizeof(map));
	map.offset = (x->r.range_base - x->r.range_start) + smp->c.offset;
	map.size = smp->c.size;
	map.type = smp->c.type;
	map.vmemmap_shift = smp->c.vmemmap_shift;
	if (smp->c.memmap == MEMMAP_PMEM)
		map.flags = MHPB_MAPF_ALTMAP;
	lens_tag(&x->lens, smp->seq, false);
	smp->t_ns = monotonic_ns();
	pmu_begin(x);
	err = device_map(x->fd, &map);
	pmu_end(x, &smp->map);
	if (err)
		return call_failed(x, smp, OP_MAP, err);
	op_timing_from_kernel(&smp->map, &x->r.module, false, &map.timing);
	smp->map.memmap_pages = map.memmap_pages;
	smp->map.altmap_free = map.altmap_free;
	smp->map.altmap_alloc = map.altmap_alloc;
	*handle = map.handle;
	return 0;
}

/* The unmap of @handle, timed. Returns 0, or -1 with the failure recorded. */
static int sample_unmap(struct run_ctx *x, struct sample *smp, uint32_t handle)
{
	struct mhpb_unmap un;
	int err;

	memset(&un, 0, sizeof(un));
	un.handle = handle;
	lens_tag(&x->lens, smp->seq, true);
	pmu_begin(x);
	err = device_unmap(x->fd, &un);
	pmu_end(x, &smp->unmap);
	if (err)
		return call_failed(x, smp, OP_UNMAP, err);
	op_timing_from_kernel(&smp->unmap, &x->r.module, true, &un.timing);
	smp->unmap.altmap_alloc = un.altmap_alloc;
	return 0;
}

/* Sample @i of @total. Returns 0 to go on, -1 to stop (failure recorded). */
static int take_sample(struct run_ctx *x, size_t i, size_t total, const struct planned *p)
{
	struct sample smp;
	uint32_t handle = 0;
	char msg[128];

	memset(&smp, 0, sizeof(smp));
	smp.seq = (uint32_t)i;
	smp.case_idx = p->case_idx;
	smp.c = suite_case(&x->r.suite, p->case_idx);
	smp.rep = p->rep;
	smp.warmup = p->warmup;
	smp.probes_off = p->probes_off;
	if (set_probes(x, p, &smp.c))
		return -1;
	progress(x, i, total, &smp, OP_MAP);
	sleep_ns(spacing_ns(&x->r.suite, &x->jitter_state));
	if (sample_map(x, &smp, &handle))
		return -1;
	progress(x, i, total, &smp, OP_UNMAP);
	sleep_ns(spacing_ns(&x->r.suite, &x->jitter_state));
	if (sample_unmap(x, &smp, handle))
		return -1;
	if (result_add_sample(&x->r, &smp)) {
		run_fail(x, "out of memory");
		return -1;
	}
	if (!smp.unmap.altmap_alloc)
		return 0;
	snprintf(msg, sizeof(msg), "unmap left %llu altmap pages allocated",
		 (unsigned long long)smp.unmap.altmap_alloc);
	run_fail(x, msg);
	return -1;
}

void hotplug_measure(struct run_ctx *x)
{
	struct planned *plan = NULL;
	size_t total = 0;

	if (bandwidth_measure(x->fd, &x->r) == 0)
		plan = schedule_build(&x->r.suite, &total);
	if (!plan) {
		run_fail(x, "out of memory");
		return;
	}
	for (size_t i = 0; i < total; i++) {
		if (run_stop_requested()) {
			x->r.status = RUN_INTERRUPTED;
			break;
		}
		if (take_sample(x, i, total, &plan[i]) || run_save(x)) {
			if (x->r.status == RUN_RUNNING)
				run_fail(x, "cannot write the result file");
			break;
		}
	}
	free(plan);
}
