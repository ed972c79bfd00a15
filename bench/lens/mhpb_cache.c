// SPDX-License-Identifier: GPL-2.0
/*
 * mhpb-cache: the cache lens, a QEMU TCG plugin that simulates the guest's
 * caches and attributes instructions, data accesses and misses to the
 * phases of each call the benchmark module measures.
 *
 * The model is cachegrind's: a first-level instruction cache (I1), a
 * first-level data cache (D1) and a unified last level (LL), each set
 * associative with LRU replacement and one line size; a data access that
 * crosses a line touches both lines and counts one access (and at most one
 * miss per level); writes allocate like reads. No prefetcher, no TLB, no
 * store buffer, no memory-level parallelism, no other core. Data is
 * indexed by guest physical address (MMIO is left out), instructions by
 * guest virtual address (kernel text is mapped once, nokaslr).
 *
 * What is counted is decided by the markers of uapi/mhp_bench_lens.h: only
 * between a call's CALL_BEGIN and CALL_END, and never between a probe
 * handler's HANDLER_ENTER and HANDLER_LEAVE (its code is neither counted
 * nor simulated). Each phase gets the counts made while it was open,
 * inclusively, like the module's timings. Instructions are counted inline,
 * one add per executed instruction, so they are exact; the instruction
 * fetches are simulated once per executed translation block, and the data
 * accesses by a callback per access.
 *
 * Arguments: out=FILE (required: one JSON line of the model, then one per
 * measured call, flushed), i1=BYTES:WAYS, d1=BYTES:WAYS, ll=BYTES:WAYS,
 * line=BYTES, model=NAME (the defaults' name), qemu=VERSION (recorded).
 * Built against the qemu-plugin.h of the QEMU that loads it (plugin API 1:
 * QEMU 7.2; 4: QEMU 10.0): bench/lens/build.sh.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

#include "mhp_bench_lens.h"

#ifndef MHPB_LENS_PLUGIN_VERSION
#define MHPB_LENS_PLUGIN_VERSION "unknown"
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum event { EV_IR, EV_DR, EV_DW, EV_I1MR, EV_D1MR, EV_D1MW, EV_ILMR, EV_DLMR,
	     EV_DLMW, EV_COUNT };

/* cachegrind's names */
static const char *const event_names[EV_COUNT] = {
	"Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw",
};

struct counts {
	uint64_t v[EV_COUNT];
};

struct cache {
	const char *name;
	uint64_t size;
	unsigned ways;
	uint64_t sets;
	uint64_t *tags;	/* sets x ways line numbers + 1, most recent first; 0 empty */
};

/*
 * Defaults: one core of an AMD EPYC 7763 (Zen 3 "Milan"): L1I 32 KiB
 * 8-way, L1D 32 KiB 8-way, and the L3 of its core complex, 32 MiB 16-way,
 * as the last level; 64-byte lines (AMD's Software Optimization Guide for
 * family 19h). Like cachegrind, the model has no L2.
 */
static struct cache i1 = { "I1", 32 << 10, 8, 0, NULL };
static struct cache d1 = { "D1", 32 << 10, 8, 0, NULL };
static struct cache ll = { "LL", 32 << 20, 16, 0, NULL };
static unsigned line_shift = 6;
static const char *model_name = "AMD EPYC 7763 (Zen 3), one core's view";
static const char *qemu_version = "unknown";
static FILE *out;

/* One translation block's instruction lines, simulated as it executes. */
struct tb_lines {
	unsigned n;
	uint64_t line[];
};

#define MAX_DEPTH	16
#define NO_TAG		UINT64_MAX

/* The one vCPU's state (the lens runs single-threaded TCG, one vCPU). */
static struct {
	bool in_call, counting, balanced;
	unsigned handler_depth;
	enum mhpb_lens_op op;
	struct counts now;		/* counted events so far */
	struct counts call_start;
	uint64_t ir_mark;		/* raw_ir when counting began */
	uint64_t call_raw_ir;		/* raw_ir at CALL_BEGIN */
	unsigned depth;
	struct { unsigned phase; struct counts at; } stack[MAX_DEPTH];
	struct counts phase_sum[MHPB_LENS_UNTRACKED];
	uint32_t phase_calls[MHPB_LENS_UNTRACKED];
	uint64_t pending_tag, call_tag;
	/* the value marker being received: its kind, bits so far, bits left */
	enum mhpb_lens_kind value_kind;
	uint64_t value;
	unsigned value_left;
} st = { .pending_tag = NO_TAG };

#if QEMU_PLUGIN_VERSION >= 2
static struct qemu_plugin_scoreboard *raw_ir_board;
static qemu_plugin_u64 raw_ir_entry;
static uint64_t raw_ir(void) { return qemu_plugin_u64_get(raw_ir_entry, 0); }
#else
static uint64_t raw_ir_count;	/* every executed instruction, inline adds */
static uint64_t raw_ir(void) { return raw_ir_count; }
#endif

/* Look up line @line in @c and make it the most recent: true on a hit. */
static bool cache_access(struct cache *c, uint64_t line)
{
	uint64_t *way = c->tags + (line % c->sets) * c->ways;
	uint64_t key = line + 1;
	unsigned i;
	bool hit;

	if (way[0] == key)
		return true;
	for (i = 1; i < c->ways && way[i] != key; i++)
		;
	hit = i < c->ways;
	if (!hit)
		i = c->ways - 1;	/* evict the least recent */
	memmove(way + 1, way, i * sizeof(*way));
	way[0] = key;
	return hit;
}

/* Fold the instructions executed since counting began into st.now. */
static void fold_ir(void)
{
	if (st.counting) {
		uint64_t r = raw_ir();

		st.now.v[EV_IR] += r - st.ir_mark;
		st.ir_mark = r;
	}
}

static void update_counting(void)
{
	bool on = st.in_call && st.handler_depth == 0;

	fold_ir();
	if (on && !st.counting)
		st.ir_mark = raw_ir();
	st.counting = on;
}

static void on_tb_exec(unsigned int vcpu, void *udata)
{
	const struct tb_lines *tb = udata;
	unsigned i;

	(void)vcpu;
	if (!st.counting)
		return;
	for (i = 0; i < tb->n; i++) {
		if (cache_access(&i1, tb->line[i]))
			continue;
		st.now.v[EV_I1MR]++;
		if (!cache_access(&ll, tb->line[i]))
			st.now.v[EV_ILMR]++;
	}
}

static void data_access(uint64_t addr, unsigned size, bool store)
{
	uint64_t first = addr >> line_shift, last = (addr + size - 1) >> line_shift;
	bool miss1 = false, missl = false;

	st.now.v[store ? EV_DW : EV_DR]++;
	for (uint64_t line = first; line <= last; line++) {
		if (cache_access(&d1, line))
			continue;
		miss1 = true;
		if (!cache_access(&ll, line))
			missl = true;
	}
	if (miss1)
		st.now.v[store ? EV_D1MW : EV_D1MR]++;
	if (missl)
		st.now.v[store ? EV_DLMW : EV_DLMR]++;
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info,
		   uint64_t vaddr, void *udata)
{
	struct qemu_plugin_hwaddr *hw;
	uint64_t addr = vaddr;

	(void)vcpu;
	(void)udata;
	if (!st.counting)
		return;
	hw = qemu_plugin_get_hwaddr(info, vaddr);
	if (hw) {
		if (qemu_plugin_hwaddr_is_io(hw))
			return;	/* device registers are not cached memory */
		addr = qemu_plugin_hwaddr_phys_addr(hw);
	}
	data_access(addr, 1u << qemu_plugin_mem_size_shift(info),
		    qemu_plugin_mem_is_store(info));
}

static void counts_sub(struct counts *d, const struct counts *a,
		       const struct counts *b)
{
	for (unsigned e = 0; e < EV_COUNT; e++)
		d->v[e] = a->v[e] - b->v[e];
}

static void counts_add(struct counts *d, const struct counts *a)
{
	for (unsigned e = 0; e < EV_COUNT; e++)
		d->v[e] += a->v[e];
}

static void print_counts(const struct counts *c)
{
	for (unsigned e = 0; e < EV_COUNT; e++)
		fprintf(out, "%s\"%s\":%" PRIu64, e ? "," : "", event_names[e], c->v[e]);
}

/* One measured call: its tag, op, totals and every phase it entered. */
static void write_call(void)
{
	struct counts total;
	uint64_t excluded;

	counts_sub(&total, &st.now, &st.call_start);
	/* the instructions of the probe handlers, left out */
	excluded = raw_ir() - st.call_raw_ir - total.v[EV_IR];
	if (st.call_tag == NO_TAG)
		fprintf(out, "{\"tag\":null");
	else
		fprintf(out, "{\"tag\":\"%016" PRIx64 "\"", st.call_tag);
	fprintf(out, ",\"op\":\"%s\",\"balanced\":%s,\"excluded_ir\":%" PRIu64 ",\"total\":{",
		st.op == MHPB_LENS_OP_UNMAP ? "unmap" : "map",
		st.balanced && st.depth == 0 ? "true" : "false", excluded);
	print_counts(&total);
	fprintf(out, "},\"phases\":{");
	for (unsigned p = 0, n = 0; p < MHPB_LENS_UNTRACKED; p++) {
		if (!st.phase_calls[p])
			continue;
		fprintf(out, "%s\"%u\":{\"calls\":%" PRIu32 ",", n++ ? "," : "", p,
			st.phase_calls[p]);
		print_counts(&st.phase_sum[p]);
		fprintf(out, "}");
	}
	fprintf(out, "}}\n");
	fflush(out);
}

static void call_begin(unsigned arg)
{
	/* a call still open means its CALL_END was missed */
	st.balanced = !st.in_call;
	memset(st.phase_sum, 0, sizeof(st.phase_sum));
	memset(st.phase_calls, 0, sizeof(st.phase_calls));
	st.op = arg == MHPB_LENS_OP_UNMAP ? MHPB_LENS_OP_UNMAP : MHPB_LENS_OP_MAP;
	st.call_tag = st.pending_tag;
	st.pending_tag = NO_TAG;
	st.depth = 0;
	st.call_raw_ir = raw_ir();
	st.in_call = true;
	update_counting();
	st.call_start = st.now;
}

static void call_end(void)
{
	if (!st.in_call)
		return;
	st.in_call = false;
	update_counting();
	write_call();
}

static void phase_begin(unsigned phase)
{
	if (!st.in_call)
		return;
	fold_ir();
	if (st.depth == MAX_DEPTH) {
		st.balanced = false;
		return;
	}
	st.stack[st.depth].phase = phase;
	st.stack[st.depth++].at = st.now;
}

static void phase_end(unsigned phase)
{
	struct counts d;

	if (!st.in_call)
		return;
	fold_ir();
	if (!st.depth || st.stack[st.depth - 1].phase != phase) {
		st.balanced = false;
		return;
	}
	st.depth--;
	if (phase == MHPB_LENS_UNTRACKED)
		return;
	counts_sub(&d, &st.now, &st.stack[st.depth].at);
	counts_add(&st.phase_sum[phase], &d);
	st.phase_calls[phase]++;
}

/* A value marker's last bit arrived: act on it. */
static void value_done(void)
{
	switch (st.value_kind) {
	case MHPB_LENS_TAG: st.pending_tag = st.value; break;
	case MHPB_LENS_PHASE_BEGIN: phase_begin((unsigned)st.value); break;
	default: phase_end((unsigned)st.value); break;
	}
}

static void value_start(enum mhpb_lens_kind kind)
{
	if (st.value_left && st.value_kind != MHPB_LENS_TAG)
		st.balanced = false;	/* a phase's bits were cut short */
	st.value_kind = kind;
	st.value = 0;
	st.value_left = kind == MHPB_LENS_TAG ? MHPB_LENS_TAG_BITS : MHPB_LENS_PHASE_BITS;
	if (kind == MHPB_LENS_TAG)
		st.pending_tag = NO_TAG;
}

static void value_bit(unsigned bit)
{
	if (!st.value_left)
		return;	/* a bit without its marker: ignored */
	st.value = st.value << 1 | bit;
	if (!--st.value_left)
		value_done();
}

static void on_marker(unsigned int vcpu, void *udata)
{
	uint32_t disp = (uint32_t)(uintptr_t)udata;
	enum mhpb_lens_kind kind = (disp >> 8) & 0xff;
	unsigned arg = disp & 0xff;

	(void)vcpu;
	switch (kind) {
	case MHPB_LENS_CALL_BEGIN: call_begin(arg); break;
	case MHPB_LENS_CALL_END: call_end(); break;
	case MHPB_LENS_TAG:
	case MHPB_LENS_PHASE_BEGIN:
	case MHPB_LENS_PHASE_END:
		value_start(kind);
		break;
	case MHPB_LENS_BIT0:
	case MHPB_LENS_BIT1:
		value_bit(kind == MHPB_LENS_BIT1);
		break;
	case MHPB_LENS_HANDLER_ENTER:
		st.handler_depth++;
		update_counting();
		break;
	case MHPB_LENS_HANDLER_LEAVE:
		if (st.handler_depth)
			st.handler_depth--;
		update_counting();
		break;
	default:
		break;	/* a marker of a newer protocol */
	}
}

/* The marker's displacement if @insn is one, else 0. */
static uint32_t marker_of(const struct qemu_plugin_insn *insn)
{
	uint8_t b[7];
	uint32_t disp;

	if (qemu_plugin_insn_size(insn) != sizeof(b))
		return 0;
#if QEMU_PLUGIN_VERSION >= 3
	if (qemu_plugin_insn_data(insn, b, sizeof(b)) != sizeof(b))
		return 0;
#else
	memcpy(b, qemu_plugin_insn_data(insn), sizeof(b));
#endif
	if (b[0] != 0x0f || b[1] != 0x1f || b[2] != 0x80)
		return 0;
	memcpy(&disp, b + 3, sizeof(disp));	/* x86: little endian */
	return disp >> 16 == MHPB_LENS_MAGIC ? disp : 0;
}

static void count_insn(struct qemu_plugin_insn *insn)
{
#if QEMU_PLUGIN_VERSION >= 2
	qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
		insn, QEMU_PLUGIN_INLINE_ADD_U64, raw_ir_entry, 1);
#else
	qemu_plugin_register_vcpu_insn_exec_inline(
		insn, QEMU_PLUGIN_INLINE_ADD_U64, &raw_ir_count, 1);
#endif
}

/* The distinct instruction lines of @tb, in order. */
static struct tb_lines *tb_lines_of(struct qemu_plugin_tb *tb, size_t n)
{
	struct tb_lines *l = malloc(sizeof(*l) + 2 * n * sizeof(uint64_t));

	if (!l)
		abort();
	l->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		uint64_t end = va + qemu_plugin_insn_size(insn) - 1;

		for (uint64_t line = va >> line_shift; line <= end >> line_shift; line++)
			if (!l->n || l->line[l->n - 1] != line)
				l->line[l->n++] = line;
	}
	return l;
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, on_tb_exec, QEMU_PLUGIN_CB_NO_REGS,
					     tb_lines_of(tb, n));
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint32_t disp = marker_of(insn);

		count_insn(insn);
		if (disp)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker,
				QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)disp);
		qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, NULL);
	}
}

static void print_cache(const struct cache *c)
{
	fprintf(out, "\"%s\":{\"size\":%" PRIu64 ",\"ways\":%u,\"sets\":%" PRIu64 "}",
		c->name, c->size, c->ways, c->sets);
}

static void write_header(void)
{
	fprintf(out, "{\"format\":\"mhpbench-lens\",\"format_version\":1,\"lens\":\"cache\","
		"\"plugin\":\"mhpb-cache %s\",\"plugin_api\":%d,\"qemu\":\"%s\","
		"\"model\":{\"name\":\"%s\",\"line\":%u,\"replacement\":\"LRU\",",
		MHPB_LENS_PLUGIN_VERSION, QEMU_PLUGIN_VERSION, qemu_version,
		model_name, 1u << line_shift);
	print_cache(&i1);
	fputc(',', out);
	print_cache(&d1);
	fputc(',', out);
	print_cache(&ll);
	fprintf(out, "}}\n");
	fflush(out);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	if (st.in_call)
		fprintf(out, "{\"unfinished\":true}\n");
	fclose(out);
	out = NULL;
}

/* "BYTES:WAYS" into @c; false if malformed. */
static bool parse_geometry(struct cache *c, const char *v)
{
	char *end;
	unsigned long long size = strtoull(v, &end, 10);
	unsigned long ways;

	if (end == v || *end != ':')
		return false;
	ways = strtoul(end + 1, &end, 10);
	if (*end || !size || !ways || ways > 64)
		return false;
	c->size = size;
	c->ways = (unsigned)ways;
	return true;
}

static bool parse_arg(const char *a, const char **out_path)
{
	const char *v = strchr(a, '=');

	if (!v)
		return false;
	v++;
	if (!strncmp(a, "out=", 4))
		*out_path = v;
	else if (!strncmp(a, "i1=", 3))
		return parse_geometry(&i1, v);
	else if (!strncmp(a, "d1=", 3))
		return parse_geometry(&d1, v);
	else if (!strncmp(a, "ll=", 3))
		return parse_geometry(&ll, v);
	else if (!strncmp(a, "model=", 6))
		model_name = v;
	else if (!strncmp(a, "qemu=", 5))
		qemu_version = v;
	else if (!strncmp(a, "line=", 5)) {
		unsigned long b = strtoul(v, NULL, 10);

		for (line_shift = 0; (1ul << line_shift) < b; line_shift++)
			;
		return b >= 8 && b <= 4096 && (1ul << line_shift) == b;
	} else
		return false;
	return true;
}

static bool cache_init(struct cache *c)
{
	uint64_t lines = c->size >> line_shift;

	if (!lines || lines % c->ways || lines << line_shift != c->size)
		return false;
	c->sets = lines / c->ways;
	c->tags = calloc(lines, sizeof(*c->tags));
	return c->tags != NULL;
}

static int fail(const char *msg, const char *what)
{
	fprintf(stderr, "mhpb-cache: %s%s\n", msg, what);
	return -1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *path = NULL;

	if (!info->system_emulation || info->system.max_vcpus != 1)
		return fail("needs system emulation with exactly one vCPU", "");
	for (int i = 0; i < argc; i++)
		if (!parse_arg(argv[i], &path))
			return fail("bad argument: ", argv[i]);
	if (!path)
		return fail("missing argument out=FILE", "");
	if (!cache_init(&i1) || !cache_init(&d1) || !cache_init(&ll))
		return fail("a cache's size is not a whole number of sets of its line size", "");
	out = fopen(path, "w");
	if (!out)
		return fail("cannot write ", path);
#if QEMU_PLUGIN_VERSION >= 2
	raw_ir_board = qemu_plugin_scoreboard_new(sizeof(uint64_t));
	raw_ir_entry = qemu_plugin_scoreboard_u64(raw_ir_board);
#endif
	write_header();
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
