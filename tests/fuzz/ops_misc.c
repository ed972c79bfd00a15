/*
 * The commands that need no claim (INFO, PHASE_INFO, PROBES, PFN_VALID,
 * MEMSET), device-private claims, command numbers the module does not
 * know, scripted valid sequences, opening and closing files, and the
 * choice of the next call.
 */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* INFO and PROBES read nothing or write nothing: their own EFAULT rule. */
void op_info(int f)
{
	struct mhpb_info in;
	enum ptr_kind p = pick_ptr();
	int err;

	memset(&in, 0xa5, sizeof(in));
	err = issue(f, R_INFO, MHPB_IOC_INFO, &in, sizeof(in), p,
		    p == PTR_OK ? 0 : EFAULT);
	if (err || p != PTR_OK)
		return;
	check(in.abi_version == MHPB_ABI_VERSION && in.nr_phases == W.nr_phases &&
	      in.subsection_size == SUB && in.section_size == W.section &&
	      in.page_struct_size == W.page_struct && in.features == W.features &&
	      in.max_physmem_bits == W.max_physmem_bits && !in.reserved,
	      "INFO: fields changed (abi %u phases %u reserved %u)",
	      in.abi_version, in.nr_phases, in.reserved);
	check(in.probes_enabled == (S.probes_owner < 0),
	      "INFO: probes_enabled %u, model %d", in.probes_enabled,
	      S.probes_owner < 0);
}

/* The first answer per phase: every later one must say the same. */
static struct mhpb_phase_info first_pi[MHPB_MAX_PHASES];

static void check_phase(const struct mhpb_phase_info *pi)
{
	struct mhpb_phase_info *was = &first_pi[pi->index];

	check(pi->parent == MHPB_PHASE_NONE ||
	      (pi->parent < W.nr_phases && pi->parent != pi->index),
	      "PHASE_INFO %u: parent %u", pi->index, pi->parent);
	check(!(pi->flags & ~0xfu) && !pi->reserved,
	      "PHASE_INFO %u: flags %#x reserved %u", pi->index, pi->flags,
	      pi->reserved);
	check(memchr(pi->name, 0, MHPB_NAME_LEN) && pi->name[0] &&
	      memchr(pi->symbol, 0, MHPB_NAME_LEN) && pi->symbol[0],
	      "PHASE_INFO %u: name or symbol empty or unterminated", pi->index);
	if (!was->name[0])
		*was = *pi;
	check(!strcmp(was->name, pi->name) && was->parent == pi->parent &&
	      was->flags == pi->flags,
	      "PHASE_INFO %u: answer changed (%s, parent %u, flags %#x)",
	      pi->index, pi->name, pi->parent, pi->flags);
}

void op_phase_info(int f)
{
	struct mhpb_phase_info pi;
	enum ptr_kind p = pick_ptr();
	int model, err;

	/* only the index is input: the rest must be overwritten */
	memset(&pi, 0x5a, sizeof(pi));
	pi.index = chance(70) ? (uint32_t)rnd(W.nr_phases) :
		   chance(50) ? W.nr_phases + (uint32_t)rnd(2) : (uint32_t)pick_u32();
	model = pi.index < W.nr_phases ? 0 : EINVAL;
	err = issue(f, R_PHASE_INFO, MHPB_IOC_PHASE_INFO, &pi, sizeof(pi), p,
		    !ptr_readable(p) ? EFAULT : model ? model :
		    p == PTR_OK ? 0 : EFAULT);
	if (!err && p == PTR_OK)
		check_phase(&pi);
}

/* Arming and disarming the 18 kretprobes patches kernel text, which
 * costs a tenth of a second under TCG: most requests ask for the state
 * the probes are in (a no-op), some switch it. */
void op_probes(int f)
{
	uint32_t same = S.probes_owner < 0;
	struct mhpb_probes r = {
		.enable = chance(85) ? (chance(90) ? same : !same) : (uint32_t)pick_u32(),
		.reserved = chance(90) ? 0 : (uint32_t)pick_u32(),
	};
	enum ptr_kind p = pick_ptr();
	int model = r.enable > 1 || r.reserved ? EINVAL :
		    S.probes_owner >= 0 && S.probes_owner != f ? EBUSY : 0;
	int err = issue(f, R_PROBES, MHPB_IOC_PROBES, &r, sizeof(r), p,
			ptr_readable(p) ? model : EFAULT);

	if (!err)
		S.probes_owner = r.enable ? -1 : f;
}

/* A pfn window: in the PMEM region (where the model knows the count), at
 * the edges of the physical address space, wrapping. */
static void gen_pfn_window(struct mhpb_pfn_valid *r)
{
	const struct span *pm = &W.pmem.s[0];
	uint64_t lo = pm->start / PAGE, n = (pm->end + 1 - pm->start) / PAGE;
	uint64_t max = 1ULL << (W.max_physmem_bits - 12);
	const uint64_t counts[] = {
		0, 1, 1 + rnd(512), 512, MHPB_PFN_MAX_COUNT,
		MHPB_PFN_MAX_COUNT + 1, UINT64_MAX, rnd64(),
	};
	const uint64_t pfns[] = {
		lo + rnd(n), lo + rnd(n / 512) * 512, lo - 1, lo + n - 1, 0, 1,
		max - 1, max, max + rnd(1024), UINT64_MAX, UINT64_MAX - 511,
		rnd64(),
	};

	r->count = chance(70) ? 1 + rnd(512) :
		   counts[rnd(sizeof(counts) / sizeof(counts[0]))];
	r->pfn = chance(60) ? lo + rnd(n) : pfns[rnd(sizeof(pfns) / sizeof(pfns[0]))];
	if (chance(30))
		r->pfn = UINT64_MAX - r->count + rnd(3);	/* the wrap's edge */
}

static int pfn_valid_errno(const struct mhpb_pfn_valid *r)
{
	if (!r->count || r->count > MHPB_PFN_MAX_COUNT || !r->loops ||
	    r->loops > MHPB_PFN_MAX_LOOPS || r->reserved ||
	    r->count * r->loops > MHPB_PFN_MAX_CALLS)
		return EINVAL;
	return r->pfn + r->count < r->pfn ? EOVERFLOW : 0;
}

static void check_pfn_valid(const struct mhpb_pfn_valid *in,
			    const struct mhpb_pfn_valid *r)
{
	uint64_t valid;

	check(r->calls == in->count * in->loops, "PFN_VALID: calls %llu",
	      (unsigned long long)r->calls);
	check(r->raw_ps == r->raw_ns * 1000 / r->calls &&
	      r->empty_ps == r->empty_ns * 1000 / r->calls &&
	      r->call_ps == (r->raw_ps > r->empty_ps ? r->raw_ps - r->empty_ps : 0),
	      "PFN_VALID: ps fields do not follow from the ns fields");
	if (pfn_window_known(in->pfn, in->count, &valid))
		check(r->valid == valid, "PFN_VALID: valid %llu, model %llu",
		      (unsigned long long)r->valid, (unsigned long long)valid);
}

void op_pfn_valid(int f)
{
	struct mhpb_pfn_valid r, in;
	enum ptr_kind p = pick_ptr();
	const uint32_t loops[] = {
		0, 1, 2, MHPB_PFN_MAX_LOOPS, MHPB_PFN_MAX_LOOPS + 1, UINT32_MAX,
	};
	int model, err;

	memset(&r, 0xa5, sizeof(r));
	gen_pfn_window(&r);
	r.loops = chance(80) ? 1 + (uint32_t)rnd(3) : loops[rnd(6)];
	r.reserved = chance(92) ? 0 : (uint32_t)pick_u32();
	/* the limits themselves, valid but slow under TCG: seldom */
	if (r.count > 4096 && r.loops > 1 && !chance(2))
		r.count = MHPB_PFN_MAX_CALLS / r.loops + 1;
	if (r.loops > 100 && r.count <= MHPB_PFN_MAX_COUNT)
		r.count = chance(10) ? 1 : MHPB_PFN_MAX_COUNT + 1;
	in = r;
	model = pfn_valid_errno(&r);
	err = issue(f, R_PFN_VALID, MHPB_IOC_PFN_VALID, &r, sizeof(r), p,
		    !ptr_readable(p) ? EFAULT : model ? model :
		    p == PTR_OK ? 0 : EFAULT);
	if (!err && p == PTR_OK)
		check_pfn_valid(&in, &r);
}

void op_memset(int f)
{
	const uint64_t sizes[] = {
		0, 1, 7, 9, MHPB_MEMSET_MAX + 8, MHPB_MEMSET_MAX + 1,
		UINT64_MAX - 7, 1ULL << 40, rnd64(),
	};
	struct mhpb_memset r = {
		.size = chance(70) ? 8 * (1 + rnd(8192)) : sizes[rnd(9)],
		.reserved = chance(92) ? 0 : pick_u32(),
	};
	enum ptr_kind p = pick_ptr();
	int model = !r.size || r.size % 8 || r.size > MHPB_MEMSET_MAX ||
		    r.reserved ? EINVAL : 0;
	int err = issue(f, R_MEMSET, MHPB_IOC_MEMSET, &r, sizeof(r), p,
			!ptr_readable(p) ? EFAULT : model ? model :
			p == PTR_OK ? 0 : EFAULT);

	if (!err && p == PTR_OK)
		check(r.stores_ns != UINT64_MAX && r.memset_ns != UINT64_MAX,
		      "MEMSET: no pass timed");
}

/*
 * Without CONFIG_DEVICE_PRIVATE every claim is EOPNOTSUPP before the
 * argument is read. With it, a valid claim is only made through a good
 * pointer: its start is an output, and the model must learn it.
 */
void op_claim_private(int f)
{
	const uint64_t sizes[] = {
		0, 1, PAGE, SUB - PAGE, SUB + PAGE, SUB, 2 * SUB, 64 * MIB,
		W.section, GIB,
	};
	struct mhpb_claim_private c = {
		.size = sizes[rnd(sizeof(sizes) / sizeof(sizes[0]))],
		.start = chance(85) ? 0 : pick_off(GIB) | SUB,
	};
	enum ptr_kind p = pick_ptr();
	bool feat = W.features & MHPB_FEAT_DEVICE_PRIVATE;
	int model = S.F[f].kind != CLAIM_NONE ? EBUSY :
		    !c.size || c.size % SUB || c.start ? EINVAL : 0;
	int want;

	if (feat && !model && ptr_readable(p))
		p = PTR_OK;
	want = !feat ? EOPNOTSUPP : !ptr_readable(p) ? EFAULT : model;
	if (issue(f, R_CLAIM_PRIVATE, MHPB_IOC_CLAIM_PRIVATE, &c, sizeof(c), p,
		  want))
		return;
	check(c.start % W.section == 0 && c.start > W.pmem.s[0].end,
	      "CLAIM_PRIVATE: start %#llx", (unsigned long long)c.start);
	S.F[f].kind = CLAIM_PRIV;
	S.F[f].start = c.start;
	S.F[f].size = c.size;
}

static const unsigned long real_cmds[] = {
	MHPB_IOC_INFO, MHPB_IOC_PHASE_INFO, MHPB_IOC_CLAIM, MHPB_IOC_MAP,
	MHPB_IOC_UNMAP, MHPB_IOC_RELEASE, MHPB_IOC_PFN_VALID, MHPB_IOC_MEMSET,
	MHPB_IOC_PROBES, MHPB_IOC_PFN_OWNER, MHPB_IOC_CLAIM_PRIVATE,
};
#define NR_REAL (sizeof(real_cmds) / sizeof(real_cmds[0]))

/* Types the VFS never handles itself ('T', 'X', 'f', 0 and 0x94 it does:
 * FIONBIO, FIFREEZE, FS_IOC_FIEMAP, FIGETBSZ, FICLONE). */
static const unsigned char other_types[] = { 'M', 'm', 'N', 'Q', 'Z', 'z', 'A' };

enum bad_cmd { BAD_NR, BAD_SIZE, BAD_DIR, BAD_TYPE, NR_BAD_CMDS };

/* A command number the module does not know: another number, a real
 * one with the wrong size or direction, another type. */
static unsigned long gen_bad_cmd(void)
{
	unsigned long real = real_cmds[rnd(NR_REAL)];
	unsigned long dir = _IOC_DIR(real), size = _IOC_SIZE(real);
	unsigned long nr = _IOC_NR(real), type = 'M';

	switch ((enum bad_cmd)rnd(NR_BAD_CMDS)) {
	case BAD_NR:
		nr = NR_REAL + rnd(256 - NR_REAL);
		dir = rnd(4);
		break;
	case BAD_SIZE:
		size = chance(50) ? size + 8 - 16 * rnd(2) : rnd(1u << 14);
		break;
	case BAD_DIR:
		dir = (dir + 1 + rnd(3)) % 4;
		break;
	default:
		type = other_types[1 + rnd(sizeof(other_types) - 1)];
		nr = rnd(256);
		break;
	}
	return _IOC(dir, type, nr, size & ((1u << 14) - 1));
}

void op_bad_cmd(int f)
{
	uint64_t junk[8];
	unsigned long cmd;
	bool real;

	do {
		cmd = gen_bad_cmd();
		real = false;
		for (size_t i = 0; i < NR_REAL; i++)
			real |= cmd == real_cmds[i];
	} while (real);
	for (int i = 0; i < 8; i++)
		junk[i] = rnd64();
	issue(f, R_BAD_CMD, cmd, junk, sizeof(junk), pick_ptr(), ENOTTY);
}

/* Up to MHPB_MAX_MAPPINGS + 2 maps of one sub-section, side by side. */
static void fill_slots(int f)
{
	struct mhpb_map m;

	for (uint64_t i = 0; i < MHPB_MAX_MAPPINGS + 2; i++) {
		memset(&m, 0, sizeof(m));
		m.offset = i * SUB;
		m.size = SUB;
		m.type = MHPB_PGMAP_GENERIC;
		if (m.offset >= S.F[f].size)
			break;
		do_map(f, &m, PTR_OK);
	}
}

/* PFN_OWNER over each live mapping as a whole. */
static void own_all(int f)
{
	for (uint32_t h = 0; h < MHPB_MAX_MAPPINGS; h++) {
		const struct map_m *m = &S.F[f].maps[h];
		struct mhpb_pfn_owner o = { .handle = h, .offset = m->off, .size = m->size };

		if (m->live && m->size <= 256 * MIB)
			do_owner(f, &o, PTR_OK);
	}
}

/*
 * A valid sequence, so that the fuzzer reaches deep states and not only
 * the argument checks: claim a free range of the PMEM, map a few pieces,
 * check their pfns, unmap some, maybe fill every slot, release, claim the
 * same range again and leave one mapping live (for a later close, fork or
 * release to tear down).
 */
void op_deep(int f)
{
	uint64_t start, size;
	struct mhpb_map m;
	int n = 1 + (int)rnd(5);

	S.deep_runs++;
	if (S.F[f].kind != CLAIM_NONE)
		do_release(f);
	gen_claim(f, &start, &size);
	if (do_claim(f, start, size, PTR_OK))
		return;	/* the model agreed: someone else holds it */
	for (int i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		gen_map_valid(f, &m);
		do_map(f, &m, PTR_OK);
	}
	own_all(f);
	for (uint32_t h = 0; h < MHPB_MAX_MAPPINGS; h++)
		if (S.F[f].maps[h].live && chance(50))
			do_unmap(f, h, 0, PTR_OK);
	if (chance(10))
		fill_slots(f);
	do_release(f);
	do_claim(f, start, size, PTR_OK);
	memset(&m, 0, sizeof(m));
	m.size = SUB;
	m.type = MHPB_PGMAP_GENERIC;
	do_map(f, &m, PTR_OK);
}

int op_open(bool child)
{
	static const int modes[] = { O_RDWR, O_RDONLY, O_WRONLY };
	int lim = child ? NFILES : PARENT_FILES, f, fd;

	for (f = 0; f < lim && S.F[f].open; f++)
		;
	if (f == lim)
		return -1;
	/* the module checks no access mode: any one can issue every ioctl */
	fd = open(DEVICE, modes[rnd(3)]);
	if (event(f, R_OPEN, fd < 0 ? errno : 0, 0))
		return -1;
	memset(&S.F[f], 0, sizeof(S.F[f]));
	S.F[f].open = true;
	S.F[f].child = child;
	S.F[f].fd = fd;
	return f;
}

/* The last close of a file unmaps everything, releases the claim and
 * re-arms the probes if this file disarmed them. */
void op_close(int f)
{
	event(f, R_CLOSE, close(S.F[f].fd) ? errno : 0, 0);
	model_release(f);
	S.F[f].open = false;
	if (S.probes_owner == f)
		S.probes_owner = -1;
}

enum op {
	O_INFO, O_PHASE, O_CLAIM, O_MAP, O_UNMAP, O_RELEASE, O_PFN_VALID,
	O_MEMSET, O_PROBES, O_OWNER, O_CLAIM_PRIVATE, O_BAD_CMD, O_DEEP,
	O_OPEN, O_CLOSE, O_FORK, O_RELOAD, O_RACE, NR_OPS
};

/* Weights, of about 10000: maps, claims and bad input most; the slow
 * whole-process events (fork, module reload: its 18 kretprobes are
 * registered again, a racer started or stopped) and the scripted
 * sequences seldom. */
static const unsigned weight[NR_OPS] = {
	[O_INFO] = 400, [O_PHASE] = 400, [O_CLAIM] = 1100, [O_MAP] = 1200,
	[O_UNMAP] = 1000, [O_RELEASE] = 350, [O_PFN_VALID] = 600,
	[O_MEMSET] = 250, [O_PROBES] = 40, [O_OWNER] = 1100,
	[O_CLAIM_PRIVATE] = 250, [O_BAD_CMD] = 1400, [O_DEEP] = 15,
	[O_OPEN] = 300, [O_CLOSE] = 250, [O_FORK] = 10, [O_RELOAD] = 3,
	[O_RACE] = 3,
};

static void (*const file_op[NR_OPS])(int f) = {
	[O_INFO] = op_info, [O_PHASE] = op_phase_info, [O_CLAIM] = op_claim,
	[O_MAP] = op_map, [O_UNMAP] = op_unmap, [O_RELEASE] = op_release,
	[O_PFN_VALID] = op_pfn_valid, [O_MEMSET] = op_memset,
	[O_PROBES] = op_probes, [O_OWNER] = op_pfn_owner,
	[O_CLAIM_PRIVATE] = op_claim_private, [O_BAD_CMD] = op_bad_cmd,
	[O_DEEP] = op_deep,
};

static enum op pick_op(void)
{
	unsigned total = 0, r;
	int o;

	for (o = 0; o < NR_OPS; o++)
		total += weight[o];
	r = (unsigned)rnd(total);
	for (o = 0; r >= weight[o]; o++)
		r -= weight[o];
	return (enum op)o;
}

/* An open file for the op (a child may close only its own), or -1. */
static int pick_file(bool closing)
{
	int f = (int)rnd(NFILES);

	for (int i = 0; i < NFILES; i++, f = (f + 1) % NFILES)
		if (S.F[f].open && (!closing || !in_child || S.F[f].child))
			return f;
	return -1;
}

void one_call(void)
{
	enum op o = pick_op();
	int f;

	if (o == O_FORK || o == O_RELOAD || o == O_RACE) {
		if (!in_child) {
			if (o == O_FORK)
				op_fork();
			else if (o == O_RELOAD)
				op_reload();
			else
				op_race();
			return;
		}
		o = O_INFO;
	}
	if (o == O_OPEN) {
		op_open(in_child);
		return;
	}
	f = pick_file(o == O_CLOSE);
	if (f < 0) {
		if (o != O_CLOSE)
			op_open(in_child);
		return;
	}
	if (o == O_CLOSE)
		op_close(f);
	else
		file_op[o](f);
}
