/* Pooling the measured samples of result files (see pool.h). */
#include "lens_work.h"
#include "pool.h"
#include "select.h"
#include "stats.h"
#include "model.h"
#include "env_record.h"
#include "result.h"
#include "units.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct tagged {
	double v;
	uint32_t boot, run;
};

static int cmp_tagged(const void *a, const void *b)
{
	const struct tagged *x = a, *y = b;

	if (x->v != y->v)
		return (x->v > y->v) - (x->v < y->v);
	return (x->run > y->run) - (x->run < y->run);
}

void free_files(char **files, int n)
{
	for (int i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

int result_files(const char *arg, char ***files, char *err, size_t errlen)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int n = 0, cap = 0;

	*files = NULL;
	if (stat(arg, &st)) {
		snprintf(err, errlen, "%s: no such file or folder", arg);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*files = malloc(sizeof(char *));
		if (!*files || !((*files)[0] = strdup(arg)))
			return -1;
		return 1;
	}
	d = opendir(arg);
	if (!d) {
		snprintf(err, errlen, "%s: cannot open folder", arg);
		return -1;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char *path;

		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (n == cap) {
			char **bigger = realloc(*files, sizeof(char *) * (size_t)(cap = cap ? 2 * cap : 64));

			if (!bigger)
				break;
			*files = bigger;
		}
		path = malloc(strlen(arg) + len + 2);
		if (!path)
			break;
		sprintf(path, "%s/%s", arg, e->d_name);
		(*files)[n++] = path;
	}
	closedir(d);
	if (!n) {
		snprintf(err, errlen, "%s: no *.json result files", arg);
		free(*files);
		*files = NULL;
		return -1;
	}
	qsort(*files, (size_t)n, sizeof(char *), cmp_str);
	return n;
}


static struct pool_case *find_case(const struct pool *p, const struct bench_case *c)
{
	for (size_t i = 0; i < p->nc; i++)
		if (bench_case_equal(&p->cases[i].c, c))
			return &p->cases[i];
	return NULL;
}

const struct pool_case *pool_case_find(const struct pool *p, const struct bench_case *c)
{
	return find_case(p, c);
}

static struct pool_case *case_of(struct pool *p, const struct bench_case *c)
{
	struct pool_case *bigger, *have = find_case(p, c);

	if (have)
		return have;
	bigger = realloc(p->cases, (p->nc + 1) * sizeof(*bigger));
	if (!bigger)
		return NULL;
	p->cases = bigger;
	memset(&p->cases[p->nc], 0, sizeof(*bigger));
	p->cases[p->nc].c = *c;
	return &p->cases[p->nc++];
}

static struct series *series_of(struct op_series *os, const char *name, enum metric_id kind)
{
	struct series *bigger;

	for (size_t i = 0; i < os->ns; i++)
		if (strcmp(os->s[i].name, name) == 0)
			return &os->s[i];
	bigger = realloc(os->s, (os->ns + 1) * sizeof(*bigger));
	if (!bigger)
		return NULL;
	os->s = bigger;
	memset(&os->s[os->ns], 0, sizeof(*bigger));
	snprintf(os->s[os->ns].name, sizeof(os->s[os->ns].name), "%s", name);
	os->s[os->ns].kind = kind;
	return &os->s[os->ns++];
}

static int push(struct series *s, double v, uint32_t boot, uint32_t run)
{
	if (!s)
		return -1;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		double *bigger = realloc(s->v, cap * sizeof(*bigger));
		uint32_t *bigger_boot, *bigger_run;

		if (!bigger)
			return -1;
		s->v = bigger;
		bigger_boot = realloc(s->boot, cap * sizeof(*bigger_boot));
		if (!bigger_boot)
			return -1;
		s->boot = bigger_boot;
		bigger_run = realloc(s->run, cap * sizeof(*bigger_run));
		if (!bigger_run)
			return -1;
		s->run = bigger_run;
		s->cap = cap;
	}
	s->boot[s->n] = boot;
	s->run[s->n] = run;
	s->v[s->n++] = v;
	return 0;
}

/* The runner's boot seed of @r's guest (environment.virtualization.host
 * .boot_seed), or "". */
static const char *boot_seed_of(const struct result *r)
{
	json_object *v, *h, *s;

	if (json_object_object_get_ex(r->environment, "virtualization", &v) &&
	    json_object_object_get_ex(v, "host", &h) &&
	    json_object_object_get_ex(h, "boot_seed", &s) && json_object_is_type(s, json_type_string))
		return json_object_get_string(s);
	return "";
}

/* The index of the boot @r ran in, added to @p's table if new. A boot is
 * its kernel's boot_id and, in a runner's guest, its boot seed: an exact
 * guest boots the same way every time, boot_id included, and only the
 * seed tells two boots of a kernel apart (analysis/METHOD.md, "Side"). */
static int boot_of(struct pool *p, const struct result *r, uint32_t *idx)
{
	json_object *o = NULL;
	char key[160];
	char **bigger;

	if (json_object_object_get_ex(r->environment, "boot_id", &o) &&
	    json_object_is_type(o, json_type_string))
		snprintf(key, sizeof(key), "%s %s", json_object_get_string(o), boot_seed_of(r));
	else	/* older results: assume each run had a boot of its own */
		snprintf(key, sizeof(key), "run %s#%zu", p->arg ? p->arg : "", p->n_runs);
	for (size_t i = 0; i < p->nboots; i++)
		if (strcmp(p->boots[i], key) == 0) {
			*idx = (uint32_t)i;
			return 0;
		}
	bigger = realloc(p->boots, (p->nboots + 1) * sizeof(*bigger));
	if (!bigger)
		return -1;
	p->boots = bigger;
	if (!(p->boots[p->nboots] = strdup(key)))
		return -1;
	*idx = (uint32_t)p->nboots++;
	return 0;
}

static unsigned phase_depth(const struct module_desc *m, uint32_t i)
{
	unsigned d = 0;

	while (m->phases[i].parent < m->nr_phases && d < 8) {
		i = m->phases[i].parent;
		d++;
	}
	return d;
}

static void copy_str(char *dst, size_t len, json_object *env, const char *a, const char *b)
{
	json_object *o = NULL, *v = NULL;

	if (json_object_object_get_ex(env, a, &o) && b)
		json_object_object_get_ex(o, b, &v);
	else if (!b)
		v = o;
	snprintf(dst, len, "%s", v && json_object_is_type(v, json_type_string) ?
		 json_object_get_string(v) : "?");
}

/* The axes of @r; a pool mixing different values says so. */
static void set_axes(struct pool *p, const struct result *r)
{
	char release[sizeof(p->release)], version[sizeof(p->version)];

	copy_str(release, sizeof(release), r->environment, "kernel", "release");
	copy_str(version, sizeof(version), r->environment, "kernel", "version");
	if (p->n_runs == 0) {
		snprintf(p->suite, sizeof(p->suite), "%s", r->suite.name);
		snprintf(p->release, sizeof(p->release), "%s", release);
		snprintf(p->version, sizeof(p->version), "%s", version);
		env_describe(r->environment, p->env, sizeof(p->env));
		copy_str(p->cpu, sizeof(p->cpu), r->environment, "cpu", "model");
		snprintf(p->collector, sizeof(p->collector), "%s",
			 r->collector_version ? r->collector_version : "?");
		snprintf(p->label, sizeof(p->label), "%s", r->label ? r->label : "");
		snprintf(p->started, sizeof(p->started), "%s", r->started);
		p->repeat = r->suite.repeat;
		env_clock_read(r->environment, &p->clock);
		p->source = json_object_get(env_kernel_source(r->environment));
		p->environment = json_object_get(r->environment);
		return;
	}
	p->mixed_suite |= strcmp(p->suite, r->suite.name) != 0;
	p->mixed_kernel |= strcmp(p->release, release) != 0 || strcmp(p->version, version) != 0;
	p->mixed_source |= !env_source_equal(p->source, env_kernel_source(r->environment));
}

/* The memset bandwidth of the cases the run measured, and the pfn_valid()
 * samples, of run @run in boot @boot. */
static int pool_add_extra(struct pool *p, const struct result *r, uint32_t boot, uint32_t run)
{
	for (size_t i = 0; i < r->n_memsets; i++) {
		struct pool_case *pc = find_case(p, &r->memsets[i].c);
		double bps, stores;

		if (pc && memset_rate(&r->memsets[i], &bps, &stores) &&
		    push(&pc->memset_bps, bps, boot, run))
			return -1;
	}
	for (size_t i = 0; i < r->n_pfns; i++) {
		const struct pfn_rec *q = &r->pfns[i];

		if (!select_pfn(q))
			continue;
		for (int k = 0; k < PFN_NCASES; k++)
			if (strcmp(q->name, pfn_case_names[k]) == 0 &&
			    push(&p->pfn[k], (double)q->call_ps / 1000, boot, run))
				return -1;
	}
	return 0;
}

static int push_raw(struct series *s, const struct lens_counts *c)
{
	if (s->nraw == s->capraw) {
		size_t cap = s->capraw ? 2 * s->capraw : 16;
		struct lens_counts *bigger = realloc(s->raw, cap * sizeof(*bigger));

		if (!bigger)
			return -1;
		s->raw = bigger;
		s->capraw = cap;
	}
	s->raw[s->nraw++] = *c;
	return 0;
}

bool series_count_medians(const struct series *s, double med[LENS_EVENTS])
{
	double *col;

	if (!s->nraw || !(col = malloc(s->nraw * sizeof(*col))))
		return false;
	for (int e = 0; e < LENS_EVENTS; e++) {
		struct stats st;

		for (size_t i = 0; i < s->nraw; i++)
			col[i] = (double)s->raw[i].v[e];
		stats_describe(col, s->nraw, &st);
		med[e] = st.median;
	}
	free(col);
	return true;
}

/* Figure @ph (-1: the call's work) of @t into @se: its ns (instructions
 * under icount), or where select_lens_figure() says, the lens's estimated
 * cycles and its counts beside. Nothing when the lens did not count the
 * call: 1, else 0, or -1 out of memory. */
static int push_figure(struct series *se, const struct op_timing *t, const struct module_desc *m,
		       bool lens, bool unmap, int ph, uint32_t boot, uint32_t run)
{
	struct lens_counts c;

	if (!select_lens_figure(m, lens, ph))
		return push(se, (double)(ph < 0 ? t->work_ns : t->phase_ns[ph]), boot, run);
	if (!op_lens_counts(t, m, unmap, ph, &c))
		return 1;
	if (!se || push_raw(se, &c))
		return -1;
	return push(se, lens_est_cycles(&c), boot, run);
}

/* One call of sample @s into @os, under the selection rule (select.h). */
static int pool_add_call(struct op_series *os, const struct module_desc *m, bool lens,
			 const struct sample *s, enum op_kind op, uint32_t boot, uint32_t run)
{
	const struct op_timing *t = op == OP_UNMAP ? &s->unmap : &s->map;
	enum call_use use = select_call(s, op);
	bool unmap = op == OP_UNMAP;
	int rc = 0;

	switch (use) {
	case CALL_SKIP:
		return 0;
	case CALL_FAILED:
		os->failed++;
		return 0;
	case CALL_TOTAL_ONLY:
		/* without probe overhead: its own row, no phases */
		return push(series_of(os, "total_probes_off", METRIC_TOTAL), (double)t->total_ns,
			    boot, run);
	case CALL_NO_PHASES:
	case CALL_ALL:
		break;
	}
	rc |= push(series_of(os, "total", METRIC_TOTAL), (double)t->total_ns, boot, run);
	rc |= push(series_of(os, "wait", METRIC_WAIT), (double)t->wait_ns, boot, run);
	/* a call the lens missed has no work figures: none rather than time */
	rc = rc ? -1 : push_figure(series_of(os, "work", METRIC_WORK), t, m, lens, unmap, -1, boot,
				   run);
	if (rc)
		return rc < 0 ? -1 : 0;
	for (uint32_t ph = 0; ph < m->nr_phases && use == CALL_ALL && !rc; ph++) {
		struct series *se;

		if (m->phases[ph].unmap != (op == OP_UNMAP))
			continue;
		se = series_of(os, m->phases[ph].name, METRIC_PHASE);
		if (!se)
			return -1;
		se->depth = phase_depth(m, ph);
		se->wait = m->phases[ph].wait;
		se->holds_wait = module_phase_holds_wait(m, ph);
		se->outer_work = module_phase_outer_work(m, ph);
		se->seen |= t->phase_calls[ph] != 0;
		rc |= push_figure(se, t, m, lens, unmap, (int)ph, boot, run) < 0;
	}
	return rc ? -1 : 0;
}

int pool_add(struct pool *p, const struct result *r)
{
	const struct module_desc *m = &r->module;
	uint32_t boot, run = (uint32_t)p->n_runs;
	double nsp, bps;

	set_axes(p, r);
	if (boot_of(p, r, &boot))
		return -1;
	p->n_runs++;
	p->n_incomplete += r->status != RUN_COMPLETE || r->truncated;
	if (r->module.inject.armed && !p->n_injected++)
		inject_describe(&r->module.inject, p->inject, sizeof(p->inject));
	for (size_t i = 0; i < r->n_samples; i++) {
		const struct sample *s = &r->samples[i];
		struct pool_case *pc;

		if (s->warmup)
			continue;
		if (!(pc = case_of(p, &s->c)))
			return -1;
		for (int op = OP_MAP; op < OP_KINDS; op++)
			if (pool_add_call(&pc->op[op], m, p->clock.cache_lens, s, (enum op_kind)op,
					  boot, run))
				return -1;
		/* the memmap_init phase under the same rule as the phase rows */
		if (select_call(s, OP_MAP) == CALL_ALL && op_memmap_rate(&s->map, m, &nsp, &bps) &&
		    push(&pc->memmap_bps, bps, boot, run))
			return -1;
	}
	return pool_add_extra(p, r, boot, run);
}

int pool_clock_check(const char *a_name, const struct env_clockinfo *a, const char *b_name,
		     const struct env_clockinfo *b, char *err, size_t errlen)
{
	char ca[64], cb[64];

	if (env_clock_equal(a, b) && env_qemu_differs(a, b)) {
		snprintf(err, errlen, "cannot pool exact-mode runs of different QEMUs: %s ran "
			 "under QEMU %s, %s under QEMU %s (a guest's instruction counts may "
			 "differ between QEMUs)", a_name, a->qemu, b_name, b->qemu);
		return -1;
	}
	if (env_clock_equal(a, b))
		return 0;
	env_clock_describe(a, ca, sizeof(ca));
	env_clock_describe(b, cb, sizeof(cb));
	snprintf(err, errlen, "cannot mix clocks: %s is clock %s, %s is clock %s (%s)", a_name, ca,
		 b_name, cb, a->cache_lens != b->cache_lens ?
		 "estimated cycles and instructions do not compare" :
		 "instructions and time do not compare");
	return -1;
}

/* Runs of another clock than the pool's first: refused, naming both. */
static int same_clock(const struct pool *p, const char *first, const char *file,
		      const struct result *r, char *err, size_t errlen)
{
	struct env_clockinfo ci;

	if (!p->n_runs)
		return 0;
	env_clock_read(r->environment, &ci);
	return pool_clock_check(first, &p->clock, file, &ci, err, errlen);
}

int pool_load(struct pool *p, const char *arg, char *err, size_t errlen)
{
	char **files;
	int n = result_files(arg, &files, err, errlen);

	if (n < 0)
		return -1;
	p->arg = strdup(arg);
	for (int i = 0; i < n; i++) {
		struct result r;

		if (result_read(files[i], &r, err, errlen) ||
		    same_clock(p, files[0], files[i], &r, err, errlen) || pool_add(p, &r)) {
			result_free(&r);
			free_files(files, n);
			return -1;
		}
		result_free(&r);
	}
	free_files(files, n);
	pool_finish(p);
	return 0;
}

/* the suite's order: size, then offset, type, shift */
static int cmp_case(const void *x, const void *y)
{
	const struct bench_case *a = &((const struct pool_case *)x)->c;
	const struct bench_case *b = &((const struct pool_case *)y)->c;

	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->vmemmap_shift != b->vmemmap_shift)
		return a->vmemmap_shift < b->vmemmap_shift ? -1 : 1;
	return (a->memmap > b->memmap) - (a->memmap < b->memmap);
}

/* Sort values ascending, keeping each value's boot with it. */
static int sort_series(struct series *s)
{
	struct tagged *t = malloc((s->n + 1) * sizeof(*t));

	if (!t)
		return -1;
	for (size_t i = 0; i < s->n; i++)
		t[i] = (struct tagged){ s->v[i], s->boot[i], s->run[i] };
	qsort(t, s->n, sizeof(*t), cmp_tagged);
	for (size_t i = 0; i < s->n; i++) {
		s->v[i] = t[i].v;
		s->boot[i] = t[i].boot;
		s->run[i] = t[i].run;
	}
	free(t);
	return 0;
}

static void free_series(struct series *s)
{
	free(s->raw);
	free(s->v);
	free(s->boot);
	free(s->run);
}

void pool_finish(struct pool *p)
{
	if (p->nc)
		qsort(p->cases, p->nc, sizeof(*p->cases), cmp_case);
	for (int k = 0; k < PFN_NCASES; k++)
		if (sort_series(&p->pfn[k]))
			p->pfn[k].n = 0;
	for (size_t c = 0; c < p->nc; c++) {
		if (sort_series(&p->cases[c].memmap_bps))
			p->cases[c].memmap_bps.n = 0;
		if (sort_series(&p->cases[c].memset_bps))
			p->cases[c].memset_bps.n = 0;
		for (int op = OP_MAP; op < OP_KINDS; op++) {
			struct op_series *os = &p->cases[c].op[op];
			size_t keep = 0;

			for (size_t i = 0; i < os->ns; i++) {
				struct series *s = &os->s[i];

				if (s->kind == METRIC_PHASE && !s->seen) {
					free_series(s);
					continue;
				}
				if (sort_series(s))
					s->n = 0;	/* out of memory: an empty row */
				os->s[keep++] = *s;
			}
			os->ns = keep;
		}
	}
}

void pool_free(struct pool *p)
{
	for (size_t c = 0; c < p->nc; c++) {
		for (int op = OP_MAP; op < OP_KINDS; op++) {
			for (size_t i = 0; i < p->cases[c].op[op].ns; i++)
				free_series(&p->cases[c].op[op].s[i]);
			free(p->cases[c].op[op].s);
		}
		free_series(&p->cases[c].memmap_bps);
		free_series(&p->cases[c].memset_bps);
	}
	for (int k = 0; k < PFN_NCASES; k++)
		free_series(&p->pfn[k]);
	for (size_t i = 0; i < p->nboots; i++)
		free(p->boots[i]);
	free(p->boots);
	free(p->cases);
	free(p->arg);
	json_object_put(p->source);
	json_object_put(p->environment);
	memset(p, 0, sizeof(*p));
}

const struct series *pool_find(const struct pool *p, const struct bench_case *c,
			       enum op_kind op, const char *name)
{
	for (size_t i = 0; i < p->nc; i++) {
		const struct op_series *os;

		if (!bench_case_equal(&p->cases[i].c, c))
			continue;
		os = &p->cases[i].op[op];
		for (size_t k = 0; k < os->ns; k++)
			if (strcmp(os->s[k].name, name) == 0)
				return &os->s[k];
	}
	return NULL;
}
