/* A synthetic run for the result and summary tests: the phase table of the
 * UAPI header, the smoke suite and deterministic timings. */
#ifndef MHPB_FIXTURE_H
#define MHPB_FIXTURE_H

#include "compare_report.h"
#include "kind.h"
#include "model.h"
#include "pool.h"
#include "result.h"
#include "schedule.h"

#include <stdio.h>
#include <string.h>

/* The report of @cmp in format @f and layout @l, as one malloc'd string
 * (NULL out of memory): what the report tests read back. */
static inline char *fixture_report(const struct comparison *cmp, enum report_format f,
				   enum report_layout l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	compare_report(m, cmp, f, l);
	fclose(m);
	return buf;
}

/* The environment records of an instruction-clocked and a wall-clock TCG
 * guest in boot @boot, for tests that pool runs of several boots. */
#define ICOUNT_ENV(boot) \
	"{\"kernel\":{\"release\":\"6.1.0-test-amd64\",\"version\":\"#1 SMP\"," \
	"\"cmdline\":\"mhpbench.accel=tcg mhpbench.clock=icount mhpbench.icount_shift=0\"}," \
	"\"boot_id\":\"" boot "\",\"virtualization\":{\"hypervisor\":true,\"accel\":\"tcg\"," \
	"\"tcg_thread\":\"single\",\"clock\":\"icount\",\"icount_shift\":0,\"vcpus\":1}}"
/* An exact guest of the sealed runner: its boot_id repeats with the
 * boot, and the boot seed tells two boots apart. */
#define SEALED_ENV(boot, seed) \
	"{\"kernel\":{\"release\":\"6.1.0-test-amd64\",\"version\":\"#1 SMP\"," \
	"\"cmdline\":\"mhpbench.accel=tcg mhpbench.clock=icount mhpbench.icount_shift=0\"}," \
	"\"boot_id\":\"" boot "\",\"virtualization\":{\"hypervisor\":true,\"accel\":\"tcg\"," \
	"\"tcg_thread\":\"single\",\"clock\":\"icount\",\"icount_shift\":0,\"vcpus\":1," \
	"\"host\":{\"recorded_by\":\"boot-qemu.sh\",\"boot_seed\":\"" seed "\"}}}"
#define WALL_ENV(boot) \
	"{\"kernel\":{\"release\":\"6.1.0-test-amd64\",\"version\":\"#1 SMP\"}," \
	"\"boot_id\":\"" boot "\",\"virtualization\":{\"hypervisor\":true,\"accel\":\"tcg\"}}"

static const char fixture_suite_text[] =
	"name smoke\nsizes 2M 4M\noffsets 0 2M\nrepeat 3\nwarmup 1\nseed 42\n";

static void fixture_phase(struct module_desc *m, uint32_t i, const char *name,
			  const char *sym, uint32_t parent, unsigned flags)
{
	struct phase_desc *p = &m->phases[i];

	p->index = i;
	p->parent = parent;
	p->unmap = flags & MHPB_PHF_UNMAP;
	p->wait = flags & MHPB_PHF_WAIT;
	p->probed = true;
	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(p->symbol, sizeof(p->symbol), "%s", sym);
}

static void fixture_module(struct module_desc *m)
{
	const uint32_t N = MHPB_PHASE_NONE, U = MHPB_PHF_UNMAP, W = MHPB_PHF_WAIT;

	memset(m, 0, sizeof(*m));
	m->abi_version = MHPB_ABI_VERSION;
	snprintf(m->srcversion, sizeof(m->srcversion), "ABCDEF0123456789");
	m->subsection_size = 2 << 20;
	m->section_size = 128 << 20;
	m->nr_phases = MHPB_NR_PHASES;
	fixture_phase(m, MHPB_PH_MAP_HOTPLUG_BEGIN, "hotplug_begin", "mem_hotplug_begin", N, W);
	fixture_phase(m, MHPB_PH_MAP_RCU_SYNC, "rcu_sync", "synchronize_rcu", MHPB_PH_MAP_HOTPLUG_BEGIN, W);
	fixture_phase(m, MHPB_PH_MAP_ARCH_ADD, "arch_add", "arch_add_memory", N, 0);
	fixture_phase(m, MHPB_PH_MAP_INIT_MAPPING, "init_mapping", "init_memory_mapping", MHPB_PH_MAP_ARCH_ADD, 0);
	fixture_phase(m, MHPB_PH_MAP_ADD_PAGES, "add_pages", "__add_pages", MHPB_PH_MAP_ARCH_ADD, 0);
	fixture_phase(m, MHPB_PH_MAP_SPARSE_ADD, "sparse_add", "sparse_add_section", MHPB_PH_MAP_ADD_PAGES, 0);
	fixture_phase(m, MHPB_PH_MAP_VMEMMAP_POP, "vmemmap_populate", "vmemmap_populate", MHPB_PH_MAP_SPARSE_ADD, 0);
	fixture_phase(m, MHPB_PH_MAP_MOVE_TO_ZONE, "move_to_zone", "move_pfn_range_to_zone", N, 0);
	fixture_phase(m, MHPB_PH_MAP_HOTPLUG_DONE, "hotplug_done", "mem_hotplug_done", N, 0);
	fixture_phase(m, MHPB_PH_MAP_MEMMAP_INIT, "memmap_init", "memmap_init_zone_device", N, 0);
	fixture_phase(m, MHPB_PH_UNMAP_REF_WAIT, "ref_wait", "wait_for_completion", N, U | W);
	fixture_phase(m, MHPB_PH_UNMAP_HOTPLUG_BEGIN, "hotplug_begin", "mem_hotplug_begin", N, U | W);
	fixture_phase(m, MHPB_PH_UNMAP_RCU_SYNC, "rcu_sync", "synchronize_rcu", MHPB_PH_UNMAP_HOTPLUG_BEGIN, U | W);
	fixture_phase(m, MHPB_PH_UNMAP_REMOVE_ZONE, "remove_zone", "remove_pfn_range_from_zone", N, U);
	fixture_phase(m, MHPB_PH_UNMAP_ARCH_REMOVE, "arch_remove", "arch_remove_memory", N, U);
	fixture_phase(m, MHPB_PH_UNMAP_REMOVE_PAGES, "remove_pages", "__remove_pages", MHPB_PH_UNMAP_ARCH_REMOVE, U);
	fixture_phase(m, MHPB_PH_UNMAP_SPARSE_REMOVE, "sparse_remove", "sparse_remove_section", MHPB_PH_UNMAP_REMOVE_PAGES, U);
	fixture_phase(m, MHPB_PH_UNMAP_VMEMMAP_FREE, "vmemmap_free", "vmemmap_free", MHPB_PH_UNMAP_SPARSE_REMOVE, U);
	fixture_phase(m, MHPB_PH_UNMAP_HOTPLUG_DONE, "hotplug_done", "mem_hotplug_done", N, U);
	fixture_phase(m, MHPB_PH_UNMAP_PGMAP_RCU, "pgmap_rcu", "synchronize_rcu", N, U | W);
	fixture_phase(m, MHPB_PH_MAP_STATIC_KEY, "static_key_inc", "static_key_slow_inc", N, 0);
	fixture_phase(m, MHPB_PH_UNMAP_STATIC_KEY, "static_key_dec", "static_key_slow_dec", N, U);
	fixture_phase(m, MHPB_PH_MAP_PAGEMAP_RANGE, "pagemap_range", "mhp_pagemap_range", N, 0);
	fixture_phase(m, MHPB_PH_MAP_SECTION_ACTIVATE, "section_activate", "mhp_section_activate",
		      MHPB_PH_MAP_SPARSE_ADD, 0);
	fixture_phase(m, MHPB_PH_UNMAP_PAGEUNMAP_RANGE, "pageunmap_range", "mhp_pageunmap_range", N, U);
	fixture_phase(m, MHPB_PH_UNMAP_SECTION_DEACTIVATE, "section_deactivate",
		      "mhp_section_deactivate", MHPB_PH_UNMAP_SPARSE_REMOVE, U);
	for (uint32_t i = MHPB_PH_MAP_PAGEMAP_RANGE; i < MHPB_NR_PHASES; i++)
		m->phases[i].tracepoint = true;
	m->phases[MHPB_PH_MAP_MEMMAP_INIT].probed = false;
}

/* Kernel timings for case @ci, repetition @rep: map total 15 ms + 0.1 ms
 * per case + 1 us per rep, of which 14 ms is the RCU wait. */
static void fixture_timing(struct mhpb_timing *t, bool unmap, unsigned ci, unsigned rep)
{
	memset(t, 0, sizeof(*t));
	if (!unmap) {
		t->total_ns = 15000000ULL + 100000ULL * ci + 1000ULL * rep;
		t->phase_ns[MHPB_PH_MAP_HOTPLUG_BEGIN] = 14000000;
		t->phase_calls[MHPB_PH_MAP_HOTPLUG_BEGIN] = 1;
		t->phase_ns[MHPB_PH_MAP_RCU_SYNC] = 13900000;
		t->phase_calls[MHPB_PH_MAP_RCU_SYNC] = 1;
		t->phase_ns[MHPB_PH_MAP_ARCH_ADD] = 200000 + 100000ULL * ci;
		t->phase_calls[MHPB_PH_MAP_ARCH_ADD] = 1;
		t->phase_ns[MHPB_PH_MAP_ADD_PAGES] = 150000;
		t->phase_calls[MHPB_PH_MAP_ADD_PAGES] = 1;
	} else {
		t->total_ns = 20000000ULL + 1000ULL * rep;
		t->phase_ns[MHPB_PH_UNMAP_REF_WAIT] = 18000000;
		t->phase_calls[MHPB_PH_UNMAP_REF_WAIT] = 1;
		t->phase_ns[MHPB_PH_UNMAP_ARCH_REMOVE] = 500000;
		t->phase_calls[MHPB_PH_UNMAP_ARCH_REMOVE] = 1;
	}
}

/* The smoke suite run to sample @upto (all if -1), with @status. */
static int fixture_result(struct result *r, long upto, enum run_status status)
{
	char err[256];
	struct planned *plan;
	size_t n;

	memset(r, 0, sizeof(*r));
	if (suite_parse("suites/smoke", fixture_suite_text, kind_suite_rules, &r->suite, err, sizeof(err))) {
		fprintf(stderr, "fixture: %s\n", err);
		return -1;
	}
	r->status = status;
	r->label = strdup("fixture \"quoted\" label");
	snprintf(r->started, sizeof(r->started), "2024-11-24T22:33:00Z");
	if (status != RUN_RUNNING)
		snprintf(r->finished, sizeof(r->finished), "2024-11-24T22:34:00Z");
	r->collector_version = strdup("test");
	r->collector_compiler = strdup("cc 1.0");
	r->environment = json_tokener_parse(
		"{\"kernel\":{\"release\":\"6.1.0-test-amd64\",\"version\":\"#1 SMP\",\"cmdline\":\"mhpbench.accel=tcg\"},"
		"\"virtualization\":{\"hypervisor\":true,\"accel\":\"tcg\"}}");
	fixture_module(&r->module);
	r->range_start = r->range_base = 0x100000000ULL;
	r->range_size = 6ULL << 20;
	plan = schedule_build(&r->suite, &n);
	for (size_t i = 0; plan && i < n && (upto < 0 || (long)i < upto); i++) {
		struct sample s;
		struct mhpb_timing t;

		memset(&s, 0, sizeof(s));
		s.seq = (uint32_t)i;
		s.case_idx = plan[i].case_idx;
		s.c = suite_case(&r->suite, plan[i].case_idx);
		s.rep = plan[i].rep;
		s.warmup = plan[i].warmup;
		s.t_ns = 1000000000ULL * (i + 1);
		fixture_timing(&t, false, s.case_idx, s.rep);
		if (s.warmup)
			t.total_ns += 85000000;	/* visible if warmups leak into stats */
		op_timing_from_kernel(&s.map, &r->module, false, &t);
		fixture_timing(&t, true, s.case_idx, s.rep);
		op_timing_from_kernel(&s.unmap, &r->module, true, &t);
		result_add_sample(r, &s);
	}
	free(plan);
	return 0;
}

/* Read the result file at @path into pool @p; an unreadable file is an
 * error printed to stderr. Only some tests pool files: unused elsewhere. */
__attribute__((unused))
static int fixture_add_file(struct pool *p, const char *path)
{
	struct result r;
	char err[256];
	int rc = result_read(path, &r, err, sizeof(err));

	if (rc)
		fprintf(stderr, "%s\n", err);
	else
		rc = pool_add(p, &r);
	result_free(&r);
	return rc;
}

#endif
