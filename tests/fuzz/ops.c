/*
 * The commands that change or read a file's claim and mappings: each op
 * draws a request (a valid one from the model often enough to reach deep
 * states, else boundary values), issues it and checks the errno and every
 * output the model can predict, then updates the model.
 */
#include "fuzz.h"

#include <errno.h>
#include <string.h>

/*
 * The errno of a command that reads its argument first and writes it back
 * last: EFAULT if the read faults, the model's errno if the request is
 * bad, EFAULT again if the copy back faults (after the work was done).
 */
static int want_of(bool reads, bool writes, enum ptr_kind p, int model)
{
	if (reads && !ptr_readable(p))
		return EFAULT;
	if (model)
		return model;
	return writes && p != PTR_OK ? EFAULT : 0;
}

static void check_timing(const struct mhpb_timing *t, const char *what)
{
	bool off = S.probes_owner >= 0;

	check(t->total_ns > 0, "%s: total_ns 0", what);
	check(!(t->flags & MHPB_TF_UNBALANCED), "%s: UNBALANCED timing", what);
	check(!!(t->flags & MHPB_TF_NO_PROBES) == off,
	      "%s: NO_PROBES is %d, probes %s", what,
	      !!(t->flags & MHPB_TF_NO_PROBES), off ? "disarmed" : "armed");
	for (unsigned i = 0; i < MHPB_MAX_PHASES; i++)
		check((!off && i < W.nr_phases) ||
		      (!t->phase_ns[i] && !t->phase_calls[i]),
		      "%s: phase %u timed (%llu ns, %u calls)", what, i,
		      (unsigned long long)t->phase_ns[i], t->phase_calls[i]);
}

int do_claim(int f, uint64_t start, uint64_t size, enum ptr_kind p)
{
	struct mhpb_claim c = { start, size };
	int want = want_of(true, false, p, claim_errno(f, start, size));
	int err = issue(f, R_CLAIM, MHPB_IOC_CLAIM, &c, sizeof(c), p, want);

	if (!err) {
		S.F[f].kind = CLAIM_PMEM;
		S.F[f].start = start;
		S.F[f].size = size;
	}
	return err;
}

/* The whole errno of a map request, and the slot it gets. */
static int map_errno(int f, const struct mhpb_map *m, int *slot)
{
	int err = map_check_errno(f, m);

	if (err)
		return err;
	*slot = map_slot(f, m->offset, m->size);
	if (*slot < 0)
		return -*slot;
	/* do_map() finds the slot before it sizes the altmap */
	if ((m->flags & MHPB_MAPF_ALTMAP) &&
	    !altmap_free_pages(m->size / PAGE, m->vmemmap_shift))
		return EINVAL;
	return 0;
}

static void check_map_out(int f, int slot, const struct mhpb_map *in,
			  const struct mhpb_map *out)
{
	uint64_t free = S.F[f].maps[slot].free;
	bool altmap = in->flags & MHPB_MAPF_ALTMAP;
	uint64_t alloc = altmap_alloc_pages(S.F[f].start + in->offset,
					    in->size, altmap);

	check(out->handle == (uint32_t)slot, "MAP: handle %u, model %d",
	      out->handle, slot);
	check(out->altmap_free == free, "MAP: altmap_free %llu, model %llu",
	      (unsigned long long)out->altmap_free, (unsigned long long)free);
	check(out->memmap_pages == memmap_pages(in, free),
	      "MAP: memmap_pages %llu, model %llu",
	      (unsigned long long)out->memmap_pages,
	      (unsigned long long)memmap_pages(in, free));
	check(out->altmap_alloc == alloc, "MAP: altmap_alloc %llu, model %llu",
	      (unsigned long long)out->altmap_alloc, (unsigned long long)alloc);
	check_timing(&out->timing, "MAP");
}

int do_map(int f, struct mhpb_map *m, enum ptr_kind p)
{
	struct mhpb_map in = *m;
	int slot = -1;
	int model = ptr_readable(p) ? map_errno(f, m, &slot) : 0;
	int err = issue(f, R_MAP, MHPB_IOC_MAP, m, sizeof(*m), p,
			want_of(true, true, p, model));

	if (!ptr_readable(p) || model)
		return err;
	/* a fault on the copy back leaves the mapping in place */
	model_map(f, slot, &in);
	S.maps_ok++;
	if (p == PTR_OK)
		check_map_out(f, slot, &in, m);
	return err;
}

int do_unmap(int f, uint32_t handle, uint32_t reserved, enum ptr_kind p)
{
	struct mhpb_unmap u = { .handle = handle, .reserved = reserved };
	const struct file_m *fm = &S.F[f];
	int model = handle >= MHPB_MAX_MAPPINGS || !fm->maps[handle].live ?
		    ENOENT : reserved ? EINVAL : 0;
	int err = issue(f, R_UNMAP, MHPB_IOC_UNMAP, &u, sizeof(u), p,
			want_of(true, true, p, model));

	if (!ptr_readable(p) || model)
		return err;
	memset(&S.F[f].maps[handle], 0, sizeof(S.F[f].maps[handle]));
	if (p == PTR_OK) {
		check(u.altmap_alloc == 0, "UNMAP: altmap_alloc %llu left",
		      (unsigned long long)u.altmap_alloc);
		check_timing(&u.timing, "UNMAP");
	}
	return err;
}

int do_owner(int f, struct mhpb_pfn_owner *o, enum ptr_kind p)
{
	struct mhpb_pfn_owner in = *o;
	int model = ptr_readable(p) ? owner_errno(f, o) : 0;
	int err = issue(f, R_PFN_OWNER, MHPB_IOC_PFN_OWNER, o, sizeof(*o), p,
			want_of(true, true, p, model));
	uint64_t w = S.F[f].start + in.offset, valid, owned;

	if (err || p != PTR_OK)
		return err;
	valid = mapped_bytes(w, w + in.size) / PAGE;
	owned = owned_pages(f, &in);
	check(o->valid == valid && o->owned == owned,
	      "PFN_OWNER: valid %llu owned %llu, model %llu and %llu",
	      (unsigned long long)o->valid, (unsigned long long)o->owned,
	      (unsigned long long)valid, (unsigned long long)owned);
	return err;
}

int do_release(int f)
{
	int want = S.F[f].kind == CLAIM_NONE ? ENOENT : 0;
	/* _IO: the argument is never looked at, so it may be anything */
	int err = issue(f, R_RELEASE, MHPB_IOC_RELEASE, NULL, 0, pick_ptr(),
			want);

	if (!err)
		model_release(f);
	return err;
}

/* A free range of PMEM for a claim: often section aligned, so that whole
 * sections (and their altmap memmap) and 1 GiB compound pages occur. */
void gen_claim(int f, uint64_t *start, uint64_t *size)
{
	const struct span *r = &W.pmem.s[rnd(W.pmem.n)];
	uint64_t rsize = r->end + 1 - r->start;
	const uint64_t sizes[] = {
		SUB * (1 + rnd(32)), 64 * MIB, W.section, 2 * W.section,
		512 * MIB, GIB, 2 * GIB, rsize,
	};

	for (int i = 0; i < 8; i++) {
		uint64_t align = chance(50) ? W.section : SUB;

		*size = sizes[rnd(sizeof(sizes) / sizeof(sizes[0]))];
		if (*size > rsize)
			*size = rsize;
		if (chance(20) && *size >= GIB)
			align = GIB;
		*start = r->start + rnd((rsize - *size) / align + 1) * align;
		if (claim_errno(f, *start, *size) != EBUSY)
			return;
	}
}

/* A claim at a boundary: the region's edges from both sides, RAM, low
 * memory, another file's claim, misaligned and wrapping values. */
static void gen_bad_claim(uint64_t *start, uint64_t *size)
{
	const struct span *r = &W.pmem.s[rnd(W.pmem.n)];
	const struct file_m *o = &S.F[rnd(NFILES)];
	const uint64_t starts[] = {
		r->start, r->start - SUB, r->end + 1 - SUB, r->end + 1,
		r->end + 1 - 2 * SUB, r->start + PAGE, r->start + 1, 0,
		1 * MIB, W.ram.n ? W.ram.s[rnd(W.ram.n)].start : 0,
		o->start, o->start + SUB, UINT64_MAX - SUB + 1, rnd64(),
	};

	*start = starts[rnd(sizeof(starts) / sizeof(starts[0]))];
	*size = pick_len(r->end + 1 - r->start);
}

void op_claim(int f)
{
	uint64_t start, size;

	if (chance(50))
		gen_claim(f, &start, &size);
	else
		gen_bad_claim(&start, &size);
	do_claim(f, start, size, pick_ptr());
}

static uint64_t pick_shift_valid(void)
{
	uint64_t r = rnd(100);

	return r < 75 ? 0 : r < 95 ? 9 : 18;
}

/* How many alignment units a valid map takes: mostly a few sub-sections,
 * sometimes a section, rarely 1 GiB (its memmap init is the slow part). */
static uint64_t pick_units(uint64_t align, uint64_t room)
{
	uint64_t k = 1 + rnd(chance(80) ? 4 : 32);

	if (chance(5))
		k = W.section / align;
	if (chance(1))
		k = GIB / align;
	if (!k)
		k = 1;
	return k < room ? k : room;
}

/* A request the model expects to succeed (if the claim has room). */
void gen_map_valid(int f, struct mhpb_map *m)
{
	const struct file_m *fm = &S.F[f];
	uint64_t shift = pick_shift_valid(), align, first, room, k;

	for (;;) {
		align = PAGE << shift < SUB ? SUB : PAGE << shift;
		first = (align - fm->start % align) % align;
		if (first < fm->size && (fm->size - first) / align > 0)
			break;
		shift = 0;
	}
	room = (fm->size - first) / align;
	k = pick_units(align, room);
	for (int i = 0; i < 8; i++) {
		m->offset = first + rnd(room - k + 1) * align;
		if (map_slot(f, m->offset, k * align) >= 0)
			break;
	}
	m->size = k * align;
	m->vmemmap_shift = (uint32_t)shift;
	/* fs_dax's first map and last unmap patch a static key: slow */
	m->type = chance(90) ? MHPB_PGMAP_GENERIC : MHPB_PGMAP_FS_DAX;
	m->flags = chance(15) ? MHPB_MAPF_ALTMAP : 0;
}

/* Anything: boundary offsets and sizes, overlaps, unknown fields. */
static void gen_any_map(int f, struct mhpb_map *m)
{
	const struct file_m *fm = &S.F[f];
	const struct map_m *live = &fm->maps[rnd(MHPB_MAX_MAPPINGS)];
	static const uint32_t shifts[] = { 0, 9, 18 };

	m->offset = pick_off(fm->size);
	m->size = pick_len(fm->size);
	if (live->live && chance(50)) {
		/* overlapping a live mapping, from inside or from before */
		m->offset = live->off + rnd(live->size / SUB) * SUB -
			    (chance(30) ? SUB : 0);
		m->size = SUB * (1 + rnd(4));
	}
	m->type = chance(70) ? (uint32_t)(1 + rnd(2)) : (uint32_t)pick_u32();
	m->vmemmap_shift = chance(60) ? shifts[rnd(3)] : (uint32_t)pick_u32();
	m->flags = chance(70) ? (chance(80) ? 0 : MHPB_MAPF_ALTMAP) :
		   (uint32_t)pick_u32();
}

void op_map(int f)
{
	struct mhpb_map m;

	/* the outputs hold garbage: the module must overwrite them */
	memset(&m, 0xa5, sizeof(m));
	if (S.F[f].kind != CLAIM_NONE && chance(40))
		gen_map_valid(f, &m);
	else
		gen_any_map(f, &m);
	if (S.F[f].kind == CLAIM_PRIV && chance(60)) {
		m.type = MHPB_PGMAP_PRIVATE;
		m.vmemmap_shift = 0;
		m.flags = 0;
	}
	do_map(f, &m, pick_ptr());
}

/* A live handle of @f, or -1. */
static int live_handle(int f)
{
	int n = live_maps(f), k;

	if (!n)
		return -1;
	k = (int)rnd((uint64_t)n);
	for (int i = 0; i < MHPB_MAX_MAPPINGS; i++)
		if (S.F[f].maps[i].live && !k--)
			return i;
	return -1;
}

void op_unmap(int f)
{
	int h = live_handle(f);
	uint32_t handle = h >= 0 && chance(75) ? (uint32_t)h : (uint32_t)pick_u32();
	uint32_t reserved = chance(90) ? 0 : (uint32_t)pick_u32();

	do_unmap(f, handle, reserved, pick_ptr());
}

void op_release(int f)
{
	do_release(f);
}

/* A window around the handle's mapping: its edges, its altmap, a page. */
static void gen_owner_window(const struct map_m *m, struct mhpb_pfn_owner *o)
{
	const uint64_t offs[] = {
		m->off, m->off - PAGE, m->off - SUB, m->off + PAGE,
		m->off + m->free * PAGE, m->off + m->size - PAGE,
		m->off + rnd(m->size / PAGE) * PAGE, m->off + m->size,
	};
	const uint64_t sizes[] = {
		m->size, PAGE, SUB, m->size + 2 * SUB, PAGE * (1 + rnd(1024)),
		m->free * PAGE + PAGE,
	};

	o->offset = offs[rnd(sizeof(offs) / sizeof(offs[0]))];
	o->size = sizes[rnd(sizeof(sizes) / sizeof(sizes[0]))];
}

void op_pfn_owner(int f)
{
	const struct file_m *fm = &S.F[f];
	struct mhpb_pfn_owner o;
	int h = live_handle(f);

	memset(&o, 0x5a, sizeof(o));
	o.handle = h >= 0 && chance(75) ? (uint32_t)h : (uint32_t)pick_u32();
	o.reserved = chance(92) ? 0 : (uint32_t)pick_u32();
	if (o.handle < MHPB_MAX_MAPPINGS && fm->maps[o.handle].live && chance(70)) {
		gen_owner_window(&fm->maps[o.handle], &o);
	} else {
		o.offset = pick_off(fm->size) + (chance(20) ? PAGE : 0);
		o.size = chance(5) ? (MHPB_PFN_MAX_COUNT + rnd(2)) * PAGE :
			 pick_len(fm->size);
	}
	/* a window of more than 256 MiB costs seconds under TCG: seldom */
	if (o.size > 256 * MIB && o.size <= MHPB_PFN_MAX_COUNT * PAGE && !chance(5))
		o.size = 256 * MIB;
	do_owner(f, &o, pick_ptr());
}
