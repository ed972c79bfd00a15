// SPDX-License-Identifier: GPL-2.0
/*
 * Phase timing with kretprobes and, on the patched benchmark kernel, with
 * its mhp_* begin/end tracepoint pairs.
 *
 * Every kernel function of interest gets one kretprobe. A hit counts only if
 * it comes from the measuring task, and it is attributed to the phase whose
 * parent is the innermost phase active at that moment. That keeps sibling
 * phases disjoint: wait_for_completion() inside synchronize_rcu() is not the
 * unmap's percpu_ref wait, and sparse_add_section() is counted only below
 * arch_add_memory(). A hit reached by an unexpected path is pushed as
 * untracked, so that nothing below it is counted either.
 *
 * A tracepoint pair (found by name with for_each_kernel_tracepoint(), so a
 * kernel without them only lacks those phases) follows the same rules: its
 * begin event pushes a phase like a kretprobe entry, its end event pops it.
 * Where a pair is registered, the phases it encloses take it as parent.
 */
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "mhp_bench_inject.h"
#include "mhp_bench_lens.h"
#include "mhp_bench_phases.h"

#define PH_NONE		MHPB_PHASE_NONE
#define PH_UNTRACKED	0xfffffffeu
#define MAX_DEPTH	16

struct phase_desc {
	const char *name;
	const char *symbol;
	u32 parent;
	u32 flags;
};

#define W	MHPB_PHF_WAIT
#define U	MHPB_PHF_UNMAP
#define TP	MHPB_PHF_TRACEPOINT

static const struct phase_desc phases[MHPB_NR_PHASES] = {
	[MHPB_PH_MAP_HOTPLUG_BEGIN] = { "hotplug_begin", "mem_hotplug_begin",
					PH_NONE, W },
	[MHPB_PH_MAP_RCU_SYNC] = { "rcu_sync", "synchronize_rcu",
				   MHPB_PH_MAP_HOTPLUG_BEGIN, W },
	[MHPB_PH_MAP_ARCH_ADD] = { "arch_add_memory", "arch_add_memory",
				   PH_NONE, 0 },
	[MHPB_PH_MAP_INIT_MAPPING] = { "init_memory_mapping",
				       "init_memory_mapping",
				       MHPB_PH_MAP_ARCH_ADD, 0 },
	[MHPB_PH_MAP_ADD_PAGES] = { "add_pages", "__add_pages",
				    MHPB_PH_MAP_ARCH_ADD, 0 },
	[MHPB_PH_MAP_SPARSE_ADD] = { "sparse_add_section",
				     "sparse_add_section",
				     MHPB_PH_MAP_ADD_PAGES, 0 },
	[MHPB_PH_MAP_VMEMMAP_POP] = { "vmemmap_populate", "vmemmap_populate",
				      MHPB_PH_MAP_SPARSE_ADD, 0 },
	[MHPB_PH_MAP_MOVE_TO_ZONE] = { "move_pfn_range_to_zone",
				       "move_pfn_range_to_zone", PH_NONE, 0 },
	[MHPB_PH_MAP_HOTPLUG_DONE] = { "hotplug_done", "mem_hotplug_done",
				       PH_NONE, 0 },
	[MHPB_PH_MAP_MEMMAP_INIT] = { "memmap_init", "memmap_init_zone_device",
				      PH_NONE, 0 },
	[MHPB_PH_UNMAP_REF_WAIT] = { "ref_wait", "wait_for_completion",
				     PH_NONE, U | W },
	[MHPB_PH_UNMAP_HOTPLUG_BEGIN] = { "hotplug_begin", "mem_hotplug_begin",
					  PH_NONE, U | W },
	[MHPB_PH_UNMAP_RCU_SYNC] = { "rcu_sync", "synchronize_rcu",
				     MHPB_PH_UNMAP_HOTPLUG_BEGIN, U | W },
	[MHPB_PH_UNMAP_REMOVE_ZONE] = { "remove_pfn_range_from_zone",
					"remove_pfn_range_from_zone",
					PH_NONE, U },
	[MHPB_PH_UNMAP_ARCH_REMOVE] = { "arch_remove_memory",
					"arch_remove_memory", PH_NONE, U },
	[MHPB_PH_UNMAP_REMOVE_PAGES] = { "remove_pages", "__remove_pages",
					 MHPB_PH_UNMAP_ARCH_REMOVE, U },
	[MHPB_PH_UNMAP_SPARSE_REMOVE] = { "sparse_remove_section",
					  "sparse_remove_section",
					  MHPB_PH_UNMAP_REMOVE_PAGES, U },
	[MHPB_PH_UNMAP_VMEMMAP_FREE] = { "vmemmap_free", "vmemmap_free",
					 MHPB_PH_UNMAP_SPARSE_REMOVE, U },
	[MHPB_PH_UNMAP_HOTPLUG_DONE] = { "hotplug_done", "mem_hotplug_done",
					 PH_NONE, U },
	[MHPB_PH_UNMAP_PGMAP_RCU] = { "pgmap_rcu", "synchronize_rcu",
				      PH_NONE, U | W },
	[MHPB_PH_MAP_STATIC_KEY] = { "static_key_inc", "static_key_slow_inc",
				     PH_NONE, 0 },
	[MHPB_PH_UNMAP_STATIC_KEY] = { "static_key_dec", "static_key_slow_dec",
				       PH_NONE, U },
	[MHPB_PH_MAP_PAGEMAP_RANGE] = { "pagemap_range", "mhp_pagemap_range",
					PH_NONE, TP },
	[MHPB_PH_MAP_SECTION_ACTIVATE] = { "section_activate",
					   "mhp_section_activate",
					   MHPB_PH_MAP_SPARSE_ADD, TP },
	[MHPB_PH_UNMAP_PAGEUNMAP_RANGE] = { "pageunmap_range",
					    "mhp_pageunmap_range",
					    PH_NONE, U | TP },
	[MHPB_PH_UNMAP_SECTION_DEACTIVATE] = { "section_deactivate",
					       "mhp_section_deactivate",
					       MHPB_PH_UNMAP_SPARSE_REMOVE,
					       U | TP },
};

#undef W
#undef U
#undef TP

/* The phases a tracepoint phase encloses: their parent where it is timed. */
static const struct {
	u32 phase;
	u32 inside;
} enclosed[] = {
	{ MHPB_PH_MAP_HOTPLUG_BEGIN, MHPB_PH_MAP_PAGEMAP_RANGE },
	{ MHPB_PH_MAP_ARCH_ADD, MHPB_PH_MAP_PAGEMAP_RANGE },
	{ MHPB_PH_MAP_MOVE_TO_ZONE, MHPB_PH_MAP_PAGEMAP_RANGE },
	{ MHPB_PH_MAP_HOTPLUG_DONE, MHPB_PH_MAP_PAGEMAP_RANGE },
	{ MHPB_PH_MAP_MEMMAP_INIT, MHPB_PH_MAP_PAGEMAP_RANGE },
	{ MHPB_PH_MAP_VMEMMAP_POP, MHPB_PH_MAP_SECTION_ACTIVATE },
	{ MHPB_PH_UNMAP_HOTPLUG_BEGIN, MHPB_PH_UNMAP_PAGEUNMAP_RANGE },
	{ MHPB_PH_UNMAP_REMOVE_ZONE, MHPB_PH_UNMAP_PAGEUNMAP_RANGE },
	{ MHPB_PH_UNMAP_ARCH_REMOVE, MHPB_PH_UNMAP_PAGEUNMAP_RANGE },
	{ MHPB_PH_UNMAP_HOTPLUG_DONE, MHPB_PH_UNMAP_PAGEUNMAP_RANGE },
	{ MHPB_PH_UNMAP_PGMAP_RCU, MHPB_PH_UNMAP_PAGEUNMAP_RANGE },
	{ MHPB_PH_UNMAP_VMEMMAP_FREE, MHPB_PH_UNMAP_SECTION_DEACTIVATE },
};

/* The parent of each phase on this kernel: see enclosed[]. */
static u32 parent_of[MHPB_NR_PHASES];

/* One kretprobe per distinct symbol; several phases may share it. */
struct phase_probe {
	struct kretprobe rp;
	bool registered;
};

static struct phase_probe probes[MHPB_NR_PHASES];
static unsigned int nr_probes;
static unsigned int probe_errors;
/* Armed unless mhpb_phases_set_enabled(false); under measure_lock. */
static bool probes_armed = true;

/* One begin/end tracepoint pair of the patched kernel per phase. */
struct tp_pair {
	u32 phase;
	const char *begin_name;
	const char *end_name;
	void *begin_probe;
	void *end_probe;
	struct tracepoint *begin;
	struct tracepoint *end;
	bool registered;	/* its probes are attached now */
	bool available;		/* found and attached at load */
};

static void tp_section_begin(void *data, unsigned long pfn,
			     unsigned long nr_pages, bool whole);
static void tp_section_end(void *data, unsigned long pfn,
			   unsigned long nr_pages, bool whole);
static void tp_range_begin(void *data, u64 start, u64 size, int range_id);
static void tp_range_end(void *data, u64 start, u64 size, int range_id);

static struct tp_pair tp_pairs[] = {
	{ MHPB_PH_MAP_PAGEMAP_RANGE, "mhp_pagemap_range_begin",
	  "mhp_pagemap_range_end", tp_range_begin, tp_range_end },
	{ MHPB_PH_MAP_SECTION_ACTIVATE, "mhp_section_activate_begin",
	  "mhp_section_activate_end", tp_section_begin, tp_section_end },
	{ MHPB_PH_UNMAP_PAGEUNMAP_RANGE, "mhp_pageunmap_range_begin",
	  "mhp_pageunmap_range_end", tp_range_begin, tp_range_end },
	{ MHPB_PH_UNMAP_SECTION_DEACTIVATE, "mhp_section_deactivate_begin",
	  "mhp_section_deactivate_end", tp_section_begin, tp_section_end },
};

/* Per-hit data kept by the kretprobe instance. */
struct hit {
	u64 t0;
	u32 phase;
};

/* State of the one measurement in progress, touched by one task only. */
static DEFINE_MUTEX(measure_lock);
static struct task_struct *measuring;
static struct mhpb_timing *timing;
static bool measuring_unmap;
static u32 stack[MAX_DEPTH];
/* What pushed each entry: 0 a kretprobe, 1 + index of a tracepoint pair. */
static u8 stack_src[MAX_DEPTH];
/* Begin time of a tracepoint pair's entry (kretprobes keep their own). */
static u64 stack_t0[MAX_DEPTH];
static unsigned int depth;
static bool unbalanced;

/*
 * A hit counts if the measuring task made it. Its hotplug calls all run in
 * task context, but a kprobe taken through int3 (not on an ftrace site and
 * not yet optimised) runs its handler in NMI context, where the phase
 * stack must not be touched: such a hit marks the timing unbalanced, so
 * that a phase lost to it is never reported as a clean figure.
 */
static bool mine(void)
{
	if (current != READ_ONCE(measuring))
		return false;
	if (!in_task()) {
		unbalanced = true;
		return false;
	}
	return true;
}

static u32 phase_for(const char *symbol, u32 parent)
{
	u32 op = measuring_unmap ? MHPB_PHF_UNMAP : 0;
	u32 i;

	if (parent == PH_UNTRACKED)
		return PH_UNTRACKED;
	for (i = 0; i < MHPB_NR_PHASES; i++)
		if ((phases[i].flags & (MHPB_PHF_UNMAP | MHPB_PHF_TRACEPOINT)) == op &&
		    parent_of[i] == parent &&
		    !strcmp(phases[i].symbol, symbol))
			return i;
	return PH_UNTRACKED;
}

static int hit_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct phase_probe *p;
	struct hit *h = (struct hit *)ri->data;
	u32 parent;
	u64 delay;

	mhpb_lens_mark(MHPB_LENS_HANDLER_ENTER, 0);
	if (!mine())
		goto not_ours;
	if (depth >= MAX_DEPTH) {
		unbalanced = true;
		goto not_ours;
	}
	p = container_of(get_kretprobe(ri), struct phase_probe, rp);
	parent = depth ? stack[depth - 1] : PH_NONE;
	h->phase = phase_for(p->rp.kp.symbol_name, parent);
	stack_src[depth] = 0;
	stack[depth++] = h->phase;
	mhpb_lens_phase_begin(h->phase);
	/* tests only: a delay inside the phase (mhp_bench_inject.c) */
	delay = mhpb_inject_delay(p->rp.kp.symbol_name);
	h->t0 = ktime_get_ns();
	/* the lens counts from here, as the phase's time does */
	mhpb_lens_mark(MHPB_LENS_HANDLER_LEAVE, 0);
	if (delay)
		mhpb_inject_wait(delay);
	mhpb_lens_touch(p->rp.kp.symbol_name);
	return 0;

not_ours:
	mhpb_lens_mark(MHPB_LENS_HANDLER_LEAVE, 0);
	return 1;	/* no return probe */
}

static int hit_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct hit *h = (struct hit *)ri->data;
	u64 t1;

	mhpb_lens_mark(MHPB_LENS_HANDLER_ENTER, 0);
	t1 = ktime_get_ns();
	/* A return without its entry on top means a lost hit. */
	if (!depth || stack_src[depth - 1] || stack[depth - 1] != h->phase) {
		unbalanced = true;
		goto out;
	}
	depth--;
	mhpb_lens_phase_end(h->phase);
	if (h->phase < MHPB_NR_PHASES && timing) {
		timing->phase_ns[h->phase] += t1 - h->t0;
		timing->phase_calls[h->phase]++;
	}
out:
	mhpb_lens_mark(MHPB_LENS_HANDLER_LEAVE, 0);
	return 0;
}

/*
 * A tracepoint pair's begin: push its phase if the innermost active phase
 * is its parent (and the measurement is of its op), else push untracked.
 */
static void tp_push(struct tp_pair *tp)
{
	u32 op = measuring_unmap ? MHPB_PHF_UNMAP : 0;
	u32 parent, phase = PH_UNTRACKED;

	if (!mine())
		return;
	if (depth >= MAX_DEPTH) {
		unbalanced = true;
		return;
	}
	parent = depth ? stack[depth - 1] : PH_NONE;
	if (parent != PH_UNTRACKED && parent_of[tp->phase] == parent &&
	    (phases[tp->phase].flags & MHPB_PHF_UNMAP) == op)
		phase = tp->phase;
	stack_src[depth] = 1 + (tp - tp_pairs);
	stack[depth++] = phase;
	mhpb_lens_phase_begin(phase);
	stack_t0[depth - 1] = ktime_get_ns();
}

/* A tracepoint pair's end: pop its own entry, or note the imbalance. */
static void tp_pop(struct tp_pair *tp)
{
	u64 t1 = ktime_get_ns();
	u32 phase;

	if (!mine())
		return;
	if (!depth || stack_src[depth - 1] != 1 + (tp - tp_pairs)) {
		unbalanced = true;
		return;
	}
	depth--;
	phase = stack[depth];
	mhpb_lens_phase_end(phase);
	if (phase < MHPB_NR_PHASES && timing) {
		timing->phase_ns[phase] += t1 - stack_t0[depth];
		timing->phase_calls[phase]++;
	}
}

/* The lens counts none of the probes' own code (mhp_bench_lens.h). */
static void tp_begin(struct tp_pair *tp)
{
	mhpb_lens_mark(MHPB_LENS_HANDLER_ENTER, 0);
	tp_push(tp);
	mhpb_lens_mark(MHPB_LENS_HANDLER_LEAVE, 0);
}

static void tp_end(struct tp_pair *tp)
{
	mhpb_lens_mark(MHPB_LENS_HANDLER_ENTER, 0);
	tp_pop(tp);
	mhpb_lens_mark(MHPB_LENS_HANDLER_LEAVE, 0);
}

static void tp_section_begin(void *data, unsigned long pfn,
			     unsigned long nr_pages, bool whole)
{
	tp_begin(data);
}

static void tp_section_end(void *data, unsigned long pfn,
			   unsigned long nr_pages, bool whole)
{
	tp_end(data);
}

static void tp_range_begin(void *data, u64 start, u64 size, int range_id)
{
	tp_begin(data);
}

static void tp_range_end(void *data, u64 start, u64 size, int range_id)
{
	tp_end(data);
}

static unsigned long missed_total(void)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < nr_probes; i++)
		if (probes[i].registered)
			n += probes[i].rp.nmissed + probes[i].rp.kp.nmissed;
	return n;
}

static unsigned long missed_before;

void mhpb_measure_begin(struct mhpb_timing *t, bool unmap)
{
	mutex_lock(&measure_lock);
	memset(t, 0, sizeof(*t));
	timing = t;
	measuring_unmap = unmap;
	depth = 0;
	unbalanced = false;
	missed_before = missed_total();
	if (!probes_armed)
		t->flags |= MHPB_TF_NO_PROBES;
	/* Publish the state before the first hit can see the task. */
	smp_store_release(&measuring, current);
	if (unmap)
		mhpb_lens_mark(MHPB_LENS_CALL_BEGIN, MHPB_LENS_OP_UNMAP);
	else
		mhpb_lens_mark(MHPB_LENS_CALL_BEGIN, MHPB_LENS_OP_MAP);
}

void mhpb_measure_end(void)
{
	mhpb_lens_mark(MHPB_LENS_CALL_END, 0);
	WRITE_ONCE(measuring, NULL);
	if (unbalanced || depth)
		timing->flags |= MHPB_TF_UNBALANCED;
	timing->missed = missed_total() - missed_before;
	timing = NULL;
	mutex_unlock(&measure_lock);
}

int mhpb_phase_describe(struct mhpb_phase_info *pi)
{
	const struct phase_desc *d;
	unsigned int i;

	if (pi->index >= MHPB_NR_PHASES)
		return -EINVAL;
	d = &phases[pi->index];
	mutex_lock(&measure_lock);
	pi->parent = parent_of[pi->index];
	pi->flags = d->flags;
	for (i = 0; i < nr_probes; i++)
		if (!(d->flags & MHPB_PHF_TRACEPOINT) && probes[i].registered &&
		    !strcmp(probes[i].rp.kp.symbol_name, d->symbol))
			pi->flags |= MHPB_PHF_PROBED;
	for (i = 0; i < ARRAY_SIZE(tp_pairs); i++)
		if (tp_pairs[i].phase == pi->index && tp_pairs[i].available)
			pi->flags |= MHPB_PHF_PROBED;
	mutex_unlock(&measure_lock);
	pi->reserved = 0;
	strscpy(pi->name, d->name, sizeof(pi->name));
	strscpy(pi->symbol, d->symbol, sizeof(pi->symbol));
	return 0;
}

const char *mhpb_phases_symbol(const char *symbol)
{
	unsigned int i;

	for (i = 0; i < nr_probes; i++)
		if (probes[i].registered &&
		    !strcmp(probes[i].rp.kp.symbol_name, symbol))
			return probes[i].rp.kp.symbol_name;
	return NULL;
}

unsigned int mhpb_phases_probe_errors(void)
{
	return probe_errors;
}

bool mhpb_phases_enabled(void)
{
	return READ_ONCE(probes_armed);
}

static void set_parents(void)
{
	unsigned int i, j;

	for (i = 0; i < MHPB_NR_PHASES; i++)
		parent_of[i] = phases[i].parent;
	for (i = 0; i < ARRAY_SIZE(enclosed); i++)
		for (j = 0; j < ARRAY_SIZE(tp_pairs); j++)
			if (tp_pairs[j].phase == enclosed[i].inside &&
			    tp_pairs[j].available)
				parent_of[enclosed[i].phase] = enclosed[i].inside;
}

static void tp_find(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tp_pairs); i++) {
		if (!strcmp(tp->name, tp_pairs[i].begin_name))
			tp_pairs[i].begin = tp;
		else if (!strcmp(tp->name, tp_pairs[i].end_name))
			tp_pairs[i].end = tp;
	}
}

/*
 * Attach or detach the probes of every tracepoint pair found, a pair as a
 * whole. Never during a measurement: at load and unload, or under
 * measure_lock. A pair that cannot be attached again is no longer
 * available, and the phases it enclosed get their own parents back.
 */
static void tp_set(bool on)
{
	struct tp_pair *tp;
	int err;

	for (tp = tp_pairs; tp < tp_pairs + ARRAY_SIZE(tp_pairs); tp++) {
		if (!tp->begin || !tp->end || tp->registered == on)
			continue;
		if (!on) {
			tracepoint_probe_unregister(tp->begin, tp->begin_probe, tp);
			tracepoint_probe_unregister(tp->end, tp->end_probe, tp);
			tp->registered = false;
			continue;
		}
		err = tracepoint_probe_register(tp->end, tp->end_probe, tp);
		if (!err) {
			err = tracepoint_probe_register(tp->begin, tp->begin_probe, tp);
			if (err)
				tracepoint_probe_unregister(tp->end, tp->end_probe, tp);
		}
		if (err) {
			pr_info("mhp_bench: cannot attach to %s/%s (%d)\n",
				tp->begin_name, tp->end_name, err);
			if (tp->available) {
				tp->available = false;
				set_parents();
			}
			continue;
		}
		tp->registered = true;
	}
}

/*
 * Arm or disarm every registered probe. A failure part way re-arms the
 * ones already disarmed, so that the probes are never left half armed.
 */
int mhpb_phases_set_enabled(bool enable)
{
	unsigned int i, done;
	int err = 0;

	mutex_lock(&measure_lock);
	if (enable == probes_armed)
		goto out;
	for (done = 0; done < nr_probes; done++) {
		struct phase_probe *p = &probes[done];

		if (!p->registered)
			continue;
		err = enable ? enable_kretprobe(&p->rp) :
			       disable_kretprobe(&p->rp);
		if (err)
			break;
	}
	if (err && !enable) {
		for (i = 0; i < done; i++)
			if (probes[i].registered)
				enable_kretprobe(&probes[i].rp);
	} else if (!err) {
		tp_set(enable);
		WRITE_ONCE(probes_armed, enable);
	}
out:
	mutex_unlock(&measure_lock);
	return err;
}

static bool symbol_probed(const char *symbol)
{
	unsigned int i;

	for (i = 0; i < nr_probes; i++)
		if (!strcmp(probes[i].rp.kp.symbol_name, symbol))
			return true;
	return false;
}

int mhpb_phases_init(void)
{
	unsigned int i, found;
	int err;

	set_parents();

	for (i = 0; i < MHPB_NR_PHASES; i++) {
		struct phase_probe *p = &probes[nr_probes];

		if ((phases[i].flags & MHPB_PHF_TRACEPOINT) ||
		    symbol_probed(phases[i].symbol))
			continue;
		p->rp.kp.symbol_name = phases[i].symbol;
		p->rp.entry_handler = hit_entry;
		p->rp.handler = hit_return;
		p->rp.data_size = sizeof(struct hit);
		p->rp.maxactive = 32;
		nr_probes++;
		err = register_kretprobe(&p->rp);
		if (err) {
			/* A kernel without this symbol still times the rest. */
			pr_info("mhp_bench: no kretprobe on %s (%d)\n",
				phases[i].symbol, err);
			probe_errors++;
			continue;
		}
		p->registered = true;
	}

	/* Only the patched benchmark kernel has them (kernel-patch/). */
	for_each_kernel_tracepoint(tp_find, NULL);
	tp_set(true);
	found = 0;
	for (i = 0; i < ARRAY_SIZE(tp_pairs); i++) {
		tp_pairs[i].available = tp_pairs[i].registered;
		found += tp_pairs[i].registered;
	}
	set_parents();
	if (found < ARRAY_SIZE(tp_pairs))
		pr_info("mhp_bench: %u of %zu mhp tracepoint pairs (a stock kernel has none): the others are not probed\n",
			found, ARRAY_SIZE(tp_pairs));
	return 0;
}

void mhpb_phases_exit(void)
{
	unsigned int i;

	for (i = 0; i < nr_probes; i++)
		if (probes[i].registered)
			unregister_kretprobe(&probes[i].rp);
	tp_set(false);
	/* No probe of ours may still run when the module text goes away. */
	tracepoint_synchronize_unregister();
}
