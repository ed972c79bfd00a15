/*
 * Arguments: the boundary values every field is drawn from, where an
 * ioctl's argument lies (a good page, a read-only one, none, across a
 * page edge), and the one place an ioctl is issued, recorded and checked.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* Three pages: read-write, read-only, no access. */
static uint8_t *pages;

/* A kernel address: access_ok() refuses it before any fault. */
#define KERNEL_PTR ((uintptr_t)0xffffffff81000000ULL)

void args_init(void)
{
	pages = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	/* PROT_NONE, not munmap(): a later mmap cannot land there */
	if (mprotect(pages + PAGE, PAGE, PROT_READ) ||
	    mprotect(pages + 2 * PAGE, PAGE, PROT_NONE)) {
		perror("mprotect");
		exit(2);
	}
}

/* Lengths: zero, one page, one sub-section and its neighbours, a section,
 * 1 GiB, the claim's size and its neighbours, huge and wrapping ones. */
uint64_t pick_len(uint64_t claim)
{
	const uint64_t pmem = W.pmem.s[0].end + 1 - W.pmem.s[0].start;
	const uint64_t v[] = {
		0, 1, PAGE, SUB - PAGE, SUB, SUB + PAGE, 2 * SUB,
		SUB * (1 + rnd(16)), W.section - SUB, W.section,
		W.section + SUB, GIB, claim, claim - SUB, claim + SUB, pmem,
		pmem + SUB, 1ULL << 40, 1ULL << 63, UINT64_MAX,
		UINT64_MAX - SUB + 1, rnd64(), rnd64() & ~(SUB - 1),
	};

	return v[rnd(sizeof(v) / sizeof(v[0]))];
}

/* Offsets into a claim: its start, end and past it, misaligned, huge. */
uint64_t pick_off(uint64_t claim)
{
	const uint64_t v[] = {
		0, 0, SUB, claim > SUB ? rnd(claim / SUB) * SUB : 0,
		claim - SUB, claim, claim + SUB, PAGE, SUB + PAGE, 1,
		W.section, GIB, UINT64_MAX - SUB + 1, UINT64_MAX, rnd64(),
	};

	return v[rnd(sizeof(v) / sizeof(v[0]))];
}

/* Type, shift, flag, handle and reserved fields: small and edge values. */
uint64_t pick_u32(void)
{
	const uint32_t v[] = {
		0, 1, 2, 3, 4, 8, 9, 10, 17, 18, 19, 31, 32, 63, 64, 65,
		0x7fffffff, 0x80000000, 0xffffffff, (uint32_t)rnd64(),
	};

	return v[rnd(sizeof(v) / sizeof(v[0]))];
}

enum ptr_kind pick_ptr(void)
{
	if (!chance(8))
		return PTR_OK;
	return (enum ptr_kind)(1 + rnd(NR_PTR_KINDS - 1));
}

bool ptr_readable(enum ptr_kind p)
{
	return p == PTR_OK || p == PTR_RO || p == PTR_TAIL_RO;
}

static uint8_t *place(enum ptr_kind p, size_t len)
{
	switch (p) {
	case PTR_OK:
		return pages + 64;
	case PTR_RO:
		return pages + PAGE;
	case PTR_TAIL_RO:
		return pages + PAGE - len / 2;
	case PTR_NULL:
		return NULL;
	case PTR_NOACCESS:
		return pages + 2 * PAGE;
	case PTR_TAIL_NONE:
		return pages + 2 * PAGE - len / 2;
	default:
		return (uint8_t *)KERNEL_PTR;
	}
}

/* Put the argument where the kind says, as far as it is accessible. */
static void fill(uint8_t *at, enum ptr_kind p, const void *arg, size_t len)
{
	uint8_t *end = at + len;

	if (!ptr_readable(p) && p != PTR_TAIL_NONE)
		return;
	if (end > pages + 2 * PAGE)
		end = pages + 2 * PAGE;
	mprotect(pages + PAGE, PAGE, PROT_READ | PROT_WRITE);
	memcpy(at, arg, (size_t)(end - at));
	mprotect(pages + PAGE, PAGE, PROT_READ);
}

static void record(int f, enum row row, unsigned long cmd, const void *arg,
		   size_t len, enum ptr_kind p, int want)
{
	struct trace *t = &S.ring[S.calls % RING];

	memset(t, 0, sizeof(*t));
	t->n = S.calls;
	t->row = row;
	t->file = f;
	t->ptr = p;
	t->want = want;
	t->got = -1;
	t->cmd = cmd;
	if (arg)
		memcpy(t->arg, arg, len < sizeof(t->arg) ? len : sizeof(t->arg));
}

void note(enum row row, int err)
{
	S.table[row][err >= 0 && err < MAX_ERRNO ? err : 0]++;
}

/*
 * One ioctl on file @f: the argument copied to where @p says, the errno
 * compared with @want, the output copied back into @arg for PTR_OK (for
 * the caller to check). Returns the errno (0 on success).
 */
uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000 + (uint64_t)t.tv_nsec;
}

int issue(int f, enum row row, unsigned long cmd, void *arg, size_t len,
	  enum ptr_kind p, int want)
{
	uint8_t *at = place(p, len);
	uint64_t t0;
	int err;

	record(f, row, cmd, arg, len, p, want);
	fill(at, p, arg, len);
	t0 = now_ns();
	err = ioctl(S.F[f].fd, cmd, at) ? errno : 0;
	S.row_ns[row] += now_ns() - t0;
	S.ring[S.calls % RING].got = err;
	S.calls++;
	note(row, err);
	if (p == PTR_OK && arg)
		memcpy(arg, at, len);
	check(err == want, "%s on file %d: got %s, the model says %s",
	      row_name[row], f, errname(err), errname(want));
	return err;
}

/* A call that is not an ioctl (open, close, fork, rmmod, insmod): the
 * same record, table row and check. */
int event(int f, enum row row, int err, int want)
{
	record(f, row, 0, NULL, 0, PTR_OK, want);
	S.ring[S.calls % RING].got = err;
	S.calls++;
	note(row, err);
	check(err == want, "%s on file %d: got %s, the model says %s",
	      row_name[row], f, errname(err), errname(want));
	return err;
}
