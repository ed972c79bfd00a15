/*
 * mhpb-fuzz: a seeded ioctl fuzzer of /dev/mhp_bench whose oracle is its
 * own model of the device's state (the claimed range and the live mappings
 * of every open file). See tests/fuzz/README.md.
 */
#ifndef MHPB_FUZZ_H
#define MHPB_FUZZ_H

#include "mhp_bench.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)
#define SUB MHPB_SUBSECTION_SIZE
#define PAGE 4096ULL
/* Open files the fuzzer juggles; a forked child may open more of them. */
#define NFILES 6
#define PARENT_FILES 4
#define MAX_SPANS 32
#define MAX_ERRNO 134
#define RING 64
#define DEVICE "/dev/mhp_bench"
#define MODNAME "mhp_bench"

/* An inclusive range of physical addresses, as /proc/iomem prints it. */
struct span {
	uint64_t start, end;
};

struct spans {
	struct span s[MAX_SPANS];
	int n;
};

/* What the guest gives: PMEM regions, System RAM, what already holds a
 * part of a PMEM region, and the module's description of itself. */
struct world {
	struct spans pmem, ram, busy;
	uint64_t section;
	uint32_t nr_phases, page_struct, features, max_physmem_bits;
	bool vmemmap_opt;	/* compound vmemmap is deduplicated */
	const char *module_path;	/* the .ko, for rmmod and insmod */
};

enum claim_kind { CLAIM_NONE, CLAIM_PMEM, CLAIM_PRIV };

struct map_m {
	bool live;
	uint64_t off, size, free;	/* free: altmap pages, 0 without */
	uint32_t type, shift, flags;
};

/* One open file of the device, as the kernel must see it. */
struct file_m {
	bool open;
	bool child;	/* opened by a forked child: closed when it exits */
	int fd;
	enum claim_kind kind;
	uint64_t start, size;
	struct map_m maps[MHPB_MAX_MAPPINGS];
};

/* Rows of the errno table: the UAPI commands, then the other calls. */
enum row {
	R_INFO, R_PHASE_INFO, R_CLAIM, R_MAP, R_UNMAP, R_RELEASE,
	R_PFN_VALID, R_MEMSET, R_PROBES, R_PFN_OWNER, R_CLAIM_PRIVATE,
	R_BAD_CMD, R_OPEN, R_CLOSE, R_FORK, R_RMMOD, R_INSMOD, NR_ROWS
};

/* Where an ioctl's argument points (see args.c: three pages RW, RO, none). */
enum ptr_kind {
	PTR_OK,		/* read and written */
	PTR_RO,		/* read only: the copy back faults */
	PTR_TAIL_RO,	/* the end of the RW page, running into the RO one */
	PTR_NULL,
	PTR_NOACCESS,	/* a PROT_NONE page */
	PTR_TAIL_NONE,	/* the end of the RO page, running into PROT_NONE */
	PTR_KERNEL,	/* a kernel address */
	NR_PTR_KINDS
};

/* One call as the ring of recent calls keeps it, for a failure report. */
struct trace {
	uint64_t n;
	enum row row;
	int file, ptr, got, want;
	unsigned long cmd;
	uint8_t arg[40];
};

/* Everything a forked child hands back to its parent through a pipe. */
struct state {
	struct file_m F[NFILES];
	int probes_owner;	/* file that disarmed the probes, or -1 */
	uint64_t rng;
	uint64_t calls;
	uint64_t table[NR_ROWS][MAX_ERRNO];
	uint64_t row_ns[NR_ROWS];	/* wall time spent in each row's calls */
	uint64_t maps_ok, max_live, reloads, forks, kills, deep_runs;
	uint64_t kills_holding;	/* killed while /proc/iomem showed its claim */
	uint64_t races;	/* racers started */
	struct trace ring[RING];
	bool failed;
};

extern struct world W;
extern struct state S;
extern bool in_child;
extern uint64_t cur_seed;
extern const char *const row_name[NR_ROWS];

/* model.c: the device's state and the errno each request must get */
int world_load(const char *module_path, char *err, size_t errlen);
void rng_seed(uint64_t seed);
uint64_t rnd64(void);
uint64_t rnd(uint64_t n);	/* 0 .. n - 1, n > 0 */
bool chance(unsigned percent);
int claim_errno(int f, uint64_t start, uint64_t size);
int map_check_errno(int f, const struct mhpb_map *m);
int map_slot(int f, uint64_t off, uint64_t size);	/* slot or -errno */
uint64_t altmap_free_pages(uint64_t nr_pages, uint32_t shift);
uint64_t memmap_pages(const struct mhpb_map *m, uint64_t free);
uint64_t altmap_alloc_pages(uint64_t start, uint64_t size, bool altmap);
int owner_errno(int f, const struct mhpb_pfn_owner *o);
uint64_t mapped_bytes(uint64_t start, uint64_t end);
uint64_t owned_pages(int f, const struct mhpb_pfn_owner *o);
bool pfn_window_known(uint64_t pfn, uint64_t count, uint64_t *valid);
void model_map(int f, int slot, const struct mhpb_map *m);
void model_release(int f);
int live_maps(int f);
int claims_held(void);
uint64_t claim_res_end(int f);

/* args.c: boundary values, where the argument lies, one checked ioctl */
uint64_t pick_len(uint64_t claim);
uint64_t pick_off(uint64_t claim);
uint64_t pick_u32(void);
enum ptr_kind pick_ptr(void);
bool ptr_readable(enum ptr_kind p);
int issue(int f, enum row row, unsigned long cmd, void *arg, size_t len,
	  enum ptr_kind p, int want);
int event(int f, enum row row, int err, int want);
void note(enum row row, int err);
void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void args_init(void);
uint64_t now_ns(void);
void ring_dump(void);
const char *errname(int e);

/* ops.c: one request, checked against the model, which it updates */
int do_claim(int f, uint64_t start, uint64_t size, enum ptr_kind p);
int do_map(int f, struct mhpb_map *m, enum ptr_kind p);
int do_unmap(int f, uint32_t handle, uint32_t reserved, enum ptr_kind p);
int do_owner(int f, struct mhpb_pfn_owner *o, enum ptr_kind p);
int do_release(int f);
void gen_claim(int f, uint64_t *start, uint64_t *size);
void gen_map_valid(int f, struct mhpb_map *m);

/* ops.c and ops_misc.c: one random request of each command */
void op_info(int f);
void op_phase_info(int f);
void op_claim(int f);
void op_map(int f);
void op_unmap(int f);
void op_release(int f);
void op_pfn_owner(int f);
void op_probes(int f);
void op_pfn_valid(int f);
void op_memset(int f);
void op_claim_private(int f);
void op_bad_cmd(int f);
void op_deep(int f);
int op_open(bool child);
void op_close(int f);
void one_call(void);

/* life.c: processes, the module's lifetime, the kernel's log, iomem */
void op_fork(void);
void op_reload(void);
int module_unload(void);
int module_load(const char *params);
void close_all(void);
void iomem_check(void);
int iomem_claims(void);
int kmsg_open_end(void);
int kmsg_reports(int fd, bool print);
int final_check(void);

/* race.c: a child making calls at the same time, on its own zone */
void op_race(void);
void race_stop(void);
void race_kill(void);
bool racing(void);
bool is_racer_claim(uint64_t start, uint64_t end);

/* priv.c: who may open the device and set the injection parameters */
int priv_main(const char *module_path, const char *json_path);

/* main.c: a mismatch ends the run (JSON written, exit status 1) */
void fuzz_abort(void) __attribute__((noreturn));

/* report.c */
int errnos_seen(void);
void print_table(FILE *out);
int write_json(const char *path, uint64_t seed, uint64_t want_calls,
	       int reports, int final, double seconds);

#endif
