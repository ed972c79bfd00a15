/* `mhpbench trend`: ordering runs and finding change points per metric. */
#include "trend.h"
#include "inference.h"
#include "result.h"
#include "stats.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_runs(const void *a, const void *b)
{
	const struct pool *x = a, *y = b;
	int c = strverscmp(x->release, y->release);

	if (!c)
		c = strverscmp(x->version, y->version);
	if (!c)
		c = strcmp(x->started, y->started);
	return c;
}

/* A run is that commit when the line's first word is its label, its
 * kernel release, its collector version, or a word of its kernel build. */
static int run_is(const struct pool *p, const char *word)
{
	char buf[sizeof(p->version)], *save = NULL;

	if (!strcmp(word, p->label) || !strcmp(word, p->release) || !strcmp(word, p->collector))
		return 1;
	snprintf(buf, sizeof(buf), "%s", p->version);
	for (char *w = strtok_r(buf, " ()", &save); w; w = strtok_r(NULL, " ()", &save))
		if (!strcmp(w, word))
			return 1;
	return 0;
}

static int order_by_commits(struct trend *t, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[512];
	struct pool *out = calloc(t->nr + 1, sizeof(*out));
	char **commit = calloc(t->nr + 1, sizeof(char *));
	bool *used = calloc(t->nr + 1, sizeof(bool));
	size_t n = 0;

	if (!f || !out || !commit || !used) {
		snprintf(err, errlen, "%s: cannot read the commits file", path);
		if (f)
			fclose(f);
		free(out);
		free(commit);
		free(used);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char word[128];

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%127s", word) != 1 || word[0] == '#')
			continue;
		for (size_t i = 0; i < t->nr; i++) {
			if (used[i] || !run_is(&t->runs[i], word))
				continue;
			used[i] = true;
			commit[n] = strdup(line);
			out[n++] = t->runs[i];
		}
	}
	fclose(f);
	for (size_t i = 0; i < t->nr; i++)
		if (!used[i]) {
			fprintf(stderr, "mhpbench trend: warning: %s (%s) is in no line of %s: left out\n",
				t->runs[i].arg, t->runs[i].release, path);
			pool_free(&t->runs[i]);
		}
	free(used);
	free(t->runs);
	t->runs = out;
	t->commit = commit;
	t->nr = n;
	t->order = "the commits file";
	if (!n) {
		snprintf(err, errlen, "%s names none of the runs", path);
		return -1;
	}
	return 0;
}

int trend_order(struct trend *t, const char *commits, char *err, size_t errlen)
{
	if (commits)
		return order_by_commits(t, commits, err, errlen);
	qsort(t->runs, t->nr, sizeof(*t->runs), cmp_runs);
	t->commit = calloc(t->nr + 1, sizeof(char *));
	t->order = "kernel release, then build (uname -v), then start time";
	return t->commit ? 0 : -1;
}

static struct trend_metric *metric_of(struct trend *t, const struct bench_case *c, int op,
				      const struct series *s)
{
	struct trend_metric *bigger, *m;

	for (size_t i = 0; i < t->nm; i++)
		if (t->m[i].op == op && bench_case_equal(&t->m[i].c, c) &&
		    !strcmp(t->m[i].name, s->name))
			return &t->m[i];
	bigger = realloc(t->m, (t->nm + 1) * sizeof(*bigger));
	if (!bigger)
		return NULL;
	t->m = bigger;
	m = &t->m[t->nm++];
	memset(m, 0, sizeof(*m));
	m->c = *c;
	m->op = op;
	memcpy(m->name, s->name, sizeof(m->name));
	m->kind = s->kind;
	m->med = malloc(t->nr * sizeof(double));
	m->lo = malloc(t->nr * sizeof(double));
	m->hi = malloc(t->nr * sizeof(double));
	if (!m->med || !m->lo || !m->hi)
		return NULL;
	for (size_t i = 0; i < t->nr; i++)
		m->med[i] = m->lo[i] = m->hi[i] = NAN;
	return m;
}

static double median_of(double *v, size_t n)
{
	double *s = malloc((n + 1) * sizeof(*s)), m;
	struct stats st;

	if (!s)
		return NAN;
	memcpy(s, v, n * sizeof(*s));
	stats_describe(s, n, &st);
	m = st.median;
	free(s);
	return m;
}

/* Change points of the runs having the metric; positions map back to runs. */
static int detect(struct trend *t, struct trend_metric *m)
{
	double *x = malloc((t->nr + 1) * sizeof(double));
	size_t *at = malloc((t->nr + 1) * sizeof(size_t)), n = 0, k;
	struct change_point *cps = malloc((t->nr + 1) * sizeof(*cps));
	char key[160];
	struct cp_params cp = { t->prm.min_seg, t->prm.alpha, t->prm.max_perm, 0 };

	if (!x || !at || !cps)
		goto fail;
	for (size_t i = 0; i < t->nr; i++)
		if (!isnan(m->med[i])) {
			at[n] = i;
			x[n++] = m->med[i];
		}
	snprintf(key, sizeof(key), "%llu/%llu/%u/%u/%u/%d/%s", (unsigned long long)m->c.size,
		 (unsigned long long)m->c.offset, m->c.type, m->c.vmemmap_shift, m->c.memmap, m->op,
		 m->name);
	cp.seed = seed_of(key, t->prm.seed);
	k = changepoints(x, n, &cp, cps, n);
	m->cps = calloc(k + 1, sizeof(*m->cps));
	if (!m->cps)
		goto fail;
	for (size_t i = 0; i < k; i++) {
		size_t from = i ? cps[i - 1].pos : 0, to = i + 1 < k ? cps[i + 1].pos : n;

		m->cps[i].cp = cps[i];
		m->cps[i].cp.pos = at[cps[i].pos];	/* first run after the change */
		m->cps[i].before = median_of(x + from, cps[i].pos - from);
		m->cps[i].after = median_of(x + cps[i].pos, to - cps[i].pos);
	}
	m->ncp = k;
	free(x);
	free(at);
	free(cps);
	return 0;
fail:
	free(x);
	free(at);
	free(cps);
	return -1;
}

int trend_detect(struct trend *t)
{
	for (size_t r = 0; r < t->nr; r++)
		for (size_t c = 0; c < t->runs[r].nc; c++)
			for (int op = 0; op < 2; op++) {
				const struct op_series *os = &t->runs[r].cases[c].op[op];

				for (size_t i = 0; i < os->ns; i++) {
					const struct series *s = &os->s[i];
					struct trend_metric *m = metric_of(t, &t->runs[r].cases[c].c, op, s);
					double cov;

					if (!m)
						return -1;
					if (!s->n)
						continue;
					m->med[r] = stats_quantile_sorted(s->v, s->n, 0.5);
					median_ci(s->v, s->n, 0.95, &m->lo[r], &m->hi[r], &cov);
				}
			}
	for (size_t i = 0; i < t->nm; i++)
		if (detect(t, &t->m[i]))
			return -1;
	return 0;
}

void trend_free(struct trend *t)
{
	for (size_t i = 0; i < t->nr; i++) {
		pool_free(&t->runs[i]);
		if (t->commit)
			free(t->commit[i]);
	}
	for (size_t i = 0; i < t->nm; i++) {
		free(t->m[i].med);
		free(t->m[i].lo);
		free(t->m[i].hi);
		free(t->m[i].cps);
	}
	free(t->m);
	free(t->runs);
	free(t->commit);
	memset(t, 0, sizeof(*t));
}

static int load_runs(struct trend *t, const char *const *args, size_t nargs)
{
	for (size_t a = 0; a < nargs; a++) {
		char **files, err[1024];
		int n = result_files(args[a], &files, err, sizeof(err));

		if (n < 0) {
			fprintf(stderr, "mhpbench trend: %s\n", err);
			return -1;
		}
		for (int i = 0; i < n; i++) {
			struct pool *bigger = realloc(t->runs, (t->nr + 1) * sizeof(*bigger));
			struct result r;

			if (!bigger) {
				free_files(files, n);
				return -1;
			}
			t->runs = bigger;
			memset(&t->runs[t->nr], 0, sizeof(*bigger));
			if (result_read(files[i], &r, err, sizeof(err))) {
				fprintf(stderr, "mhpbench trend: %s\n", err);
				result_free(&r);
				free_files(files, n);
				return -1;
			}
			t->runs[t->nr].arg = strdup(files[i]);
			pool_add(&t->runs[t->nr], &r);
			pool_finish(&t->runs[t->nr]);
			t->nr++;
			result_free(&r);
			/* a series mixing instructions and time has no meaning */
			if (pool_clock_check(t->runs[0].arg, &t->runs[0].clock, files[i],
					     &t->runs[t->nr - 1].clock, err, sizeof(err))) {
				fprintf(stderr, "mhpbench trend: %s\n", err);
				free_files(files, n);
				return -1;
			}
		}
		free_files(files, n);
	}
	return 0;
}

int trend_main(const char *const *args, size_t nargs, const char *commits,
	       const struct trend_params *prm, bool json, const char *data)
{
	struct trend t = { 0 };
	char err[1024];
	int rc = 0;

	t.prm = *prm;
	if (load_runs(&t, args, nargs)) {
		rc = 2;
	} else if (trend_order(&t, commits, err, sizeof(err))) {
		fprintf(stderr, "mhpbench trend: %s\n", err);
		rc = 2;
	} else if (trend_detect(&t)) {
		fprintf(stderr, "mhpbench trend: out of memory\n");
		rc = 2;
	} else {
		if (json)
			trend_print_json(stdout, &t);
		else
			trend_print_text(stdout, &t);
		if (data && trend_write_data(&t, data))
			rc = 2;
	}
	trend_free(&t);
	return rc;
}
