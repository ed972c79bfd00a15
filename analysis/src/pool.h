/* The measured samples of one or more runs, pooled per case, op and metric:
 * what `compare` and `trend` work on. Warmups and failed calls are left
 * out; phase values also leave out calls whose probes were unreliable
 * (unbalanced, or probe hits missed). Samples taken with the probes off
 * give the row "total_probes_off" only. Beside the rows, for the plots of
 * `compare --data`: per case the memmap_init bandwidth and the memset
 * bandwidth, and per pfn_valid() case the ns per call. */
#ifndef MHPB_POOL_H
#define MHPB_POOL_H

#include "env_record.h"
#include "metric.h"
#include "model.h"
#include "select.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct series {
	char name[MHPB_NAME_LEN];	/* "total", "wait", "work" or a phase */
	enum metric_id kind;
	unsigned depth;		/* phase nesting, for display */
	bool wait;		/* a wait phase */
	bool holds_wait;	/* a wait phase or one enclosing a wait */
	bool outer_work;	/* holds no wait, and its parent does or is none */
	bool seen;		/* a phase entered at least once */
	double *v;		/* ns; ascending after pool_finish() */
	uint32_t *boot;		/* per value: index into pool.boots */
	uint32_t *run;		/* per value: the run (result file) it came from */
	size_t n, cap;
	/* under the cache lens, the counts behind each work value (in the
	 * order they came, not sorted with v) */
	struct lens_counts *raw;
	size_t nraw, capraw;
};

/* The median of each of the lens's events over @s's values; false when
 * the series has no counts. */
bool series_count_medians(const struct series *s, double med[LENS_EVENTS]);

struct op_series {
	struct series *s;
	size_t ns;
	size_t failed;		/* measured calls that failed */
};

struct pool_case {
	struct bench_case c;
	struct op_series op[OP_KINDS];
	/* bytes/s, not rows of compare: memmap_init's struct page bandwidth
	 * per reliable map with memmap_init timed (op_memmap_rate), and the
	 * case's memset bandwidth, one value per run with memset[] */
	struct series memmap_bps, memset_bps;
};

struct pool {
	char *arg;		/* the file or folder as given */
	size_t n_runs, n_incomplete;
	size_t n_injected;	/* runs with delay injection armed (tests only) */
	char inject[160];	/* the first such run's, inject_describe() */
	char suite[SUITE_NAME_LEN];
	bool mixed_suite, mixed_kernel;
	/* The first run's environment.kernel.source (env_kernel_source(): a
	 * reference of the pool's, put by pool_free), NULL when it has none:
	 * how the kernel was built, for the report's header and its
	 * Reproduce line. mixed_source: a later run's differs. */
	json_object *source;
	bool mixed_source;
	/* The first run's whole environment record (a reference of the
	 * pool's, put by pool_free): what a writer passes on as recorded
	 * (the KCIDB export's config hash, host and virtualization) rather
	 * than a field per use. */
	json_object *environment;
	char release[96], version[160], env[128], cpu[96];
	char collector[48], label[96], started[32];
	unsigned repeat;
	/* The clock of every run (pool_load refuses to mix clocks): icount
	 * means work phases are instruction counts (analysis/METHOD.md,
	 * "Exact mode (icount)"). */
	struct env_clockinfo clock;
	/* The boots the runs come from (environment.boot_id; a run without
	 * one is a boot of its own): the unit of replication of compare. */
	char **boots;
	size_t nboots;
	struct pool_case *cases;
	size_t nc;
	/* kind pfn_valid: ns per call (call_ps / 1000) of the measured,
	 * successful samples, by enum pfn_case */
	struct series pfn[PFN_NCASES];
};

/* Result files named by @arg: the file itself, or the *.json files of the
 * folder (sorted by name). Returns the count, -1 on error (in @err). */
int result_files(const char *arg, char ***files, char *err, size_t errlen);
void free_files(char **files, int n);

/* Add the measured samples of @r to @p (the first run sets the axes). */
int pool_add(struct pool *p, const struct result *r);
/* Load every result file of @arg into @p. */
int pool_load(struct pool *p, const char *arg, char *err, size_t errlen);
/* Sort every series and drop phases never entered. */
void pool_finish(struct pool *p);
void pool_free(struct pool *p);

/* Refuse to put runs of clock @b (from @b_name) with runs of clock @a
 * (from @a_name): -1 with one line in @err naming both, or 0. Their
 * numbers mean different things (instructions or time). */
int pool_clock_check(const char *a_name, const struct env_clockinfo *a, const char *b_name,
		     const struct env_clockinfo *b, char *err, size_t errlen);

/* The series of case @c, @op, metric @name, or NULL. */
const struct series *pool_find(const struct pool *p, const struct bench_case *c,
			       enum op_kind op, const char *name);
/* The pooled case equal to @c, or NULL. */
const struct pool_case *pool_case_find(const struct pool *p, const struct bench_case *c);

#endif
