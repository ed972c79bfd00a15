/* `mhpbench trend`: ordering runs and finding change points per metric. */
#include "trend.h"
#include "compare.h"
#include "inference.h"
#include "result.h"
#include "stats.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Fewest hex digits of a commit a word must give to name it: git's own
 * shortest abbreviation. */
#define MIN_COMMIT_PREFIX 7

/* @word names the git commit of @p's kernel source (environment.kernel.
 * source): a prefix of its hash, or its describe. */
static bool source_is(const struct pool *p, const char *word)
{
	struct env_source s;
	size_t n = strlen(word);

	env_source_parse(p->source, &s);
	if (s.kind != ENV_SOURCE_GIT)
		return false;
	if (s.describe[0] && !strcmp(word, s.describe))
		return true;
	return n >= MIN_COMMIT_PREFIX && word[strspn(word, "0123456789abcdefABCDEF")] == '\0' &&
	       strlen(s.commit) >= n && !strncasecmp(word, s.commit, n);
}

/* A run is that commit when the line's first word is its label, its
 * kernel release, its collector version, a word of its kernel build, or
 * names the git commit its kernel was built from (source_is()). */
static int run_is(const struct pool *p, const char *word)
{
	char buf[sizeof(p->version)], *save = NULL;

	if (!strcmp(word, p->label) || !strcmp(word, p->release) || !strcmp(word, p->collector))
		return 1;
	if (source_is(p, word))
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
	m->holds_wait = s->holds_wait;
	m->med = malloc(t->nr * sizeof(double));
	m->lo = malloc(t->nr * sizeof(double));
	m->hi = malloc(t->nr * sizeof(double));
	m->vmin = malloc(t->nr * sizeof(double));
	m->vmax = malloc(t->nr * sizeof(double));
	if (!m->med || !m->lo || !m->hi || !m->vmin || !m->vmax)
		return NULL;
	for (size_t i = 0; i < t->nr; i++)
		m->med[i] = m->lo[i] = m->hi[i] = m->vmin[i] = m->vmax[i] = NAN;
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

/* The runs having a metric, in trend order: their medians and ranges. */
struct run_values {
	double *med, *vmin, *vmax;
	size_t *at;		/* the run each comes from */
	size_t n;
};

/* Runs [from, to) as one side of compare's exact rule: the median of
 * their medians, and the range of all their values. */
static void exact_side(const struct run_values *v, size_t from, size_t to, struct cmp_cell *c)
{
	double lo = INFINITY, hi = -INFINITY;

	memset(c, 0, sizeof(*c));
	for (size_t i = from; i < to; i++) {
		lo = fmin(lo, v->vmin[i]);
		hi = fmax(hi, v->vmax[i]);
	}
	c->median = median_of(v->med + from, to - from);
	compare_side_range(c, lo, hi);
}

/* A change between runs i-1 and i: compare's exact rule flags the step
 * between the two runs (so a slow drift, under 0.1% a run, is none), and
 * flags the @m runs after against the @m runs before, each of them
 * deterministic as a whole (so a single spike is never one). */
static bool exact_step(const struct run_values *v, size_t i, unsigned m, double *change)
{
	struct cmp_cell a, b;

	exact_side(v, i - 1, i, &a);
	exact_side(v, i, i + 1, &b);
	compare_exact(&a, &b);
	if (!b.sig)
		return false;
	exact_side(v, i - m, i, &a);
	exact_side(v, i, i + m, &b);
	if (!a.det || !b.det)
		return false;
	compare_exact(&a, &b);
	*change = b.change;
	return b.sig;
}

/* Exact change points into @cps (room for v->n), their count in @k.
 * False when a segment between them is not deterministic as a whole:
 * its runs differ beyond CMP_DET_SPREAD without a step that holds for
 * @m runs (counts that shift from boot to boot, a spike, a drift), so
 * the metric varies between runs and the rank method decides. */
static bool exact_changepoints(const struct run_values *v, unsigned m, struct change_point *cps,
			       size_t *k)
{
	size_t from = 0;

	*k = 0;
	if (!v->n || m < 2)
		return false;
	for (size_t i = m; i + m <= v->n; i++) {
		double change;

		/* p: none, nothing is sampled; z: the exact change */
		if (exact_step(v, i, m, &change))
			cps[(*k)++] = (struct change_point){ i, NAN, change };
	}
	for (size_t j = 0; j <= *k; j++) {
		size_t to = j < *k ? cps[j].pos : v->n;
		struct cmp_cell c;

		exact_side(v, from, to, &c);
		if (!c.det)
			return false;
		from = to;
	}
	return true;
}

/* Change points by the rank method (changepoint.c), seeded per metric. */
static size_t rank_changepoints(const struct trend *t, const struct trend_metric *m,
				const struct run_values *v, struct change_point *cps)
{
	struct cp_params cp = { t->prm.min_seg, t->prm.alpha, t->prm.max_perm, 0 };
	char key[160];

	snprintf(key, sizeof(key), "%llu/%llu/%u/%u/%u/%d/%s", (unsigned long long)m->c.size,
		 (unsigned long long)m->c.offset, m->c.type, m->c.vmemmap_shift, m->c.memmap, m->op,
		 m->name);
	cp.seed = seed_of(key, t->prm.seed);
	return changepoints(v->med, v->n, &cp, cps, v->n);
}

/* Rank change points whose change (segment medians) is below exact
 * mode's resolution, removed one at a time as compare leaves such rows
 * unflagged (their neighbours' segments then merge). Returns the count. */
static size_t drop_unresolved(const struct run_values *v, struct change_point *cps, size_t k)
{
	for (size_t i = 0; i < k;) {
		size_t from = i ? cps[i - 1].pos : 0, to = i + 1 < k ? cps[i + 1].pos : v->n;
		double b = median_of(v->med + from, cps[i].pos - from);
		double a = median_of(v->med + cps[i].pos, to - cps[i].pos);

		if (b > 0 && compare_below_resolution(a / b - 1)) {
			memmove(cps + i, cps + i + 1, (k - i - 1) * sizeof(*cps));
			k--;
			i = 0;
		} else {
			i++;
		}
	}
	return k;
}

/* The change points of @m (cps and method): exact where the clock is
 * icount and its segments are deterministic, by ranks otherwise. */
static size_t find_changes(const struct trend *t, struct trend_metric *m,
			   const struct run_values *v, struct change_point *cps)
{
	size_t k;

	m->method = TREND_RANKS;
	/* as compare's exact rule: counts only, not virtual time */
	if (t->exact && metric_is_work(m->kind, m->holds_wait) &&
	    exact_changepoints(v, t->prm.min_seg, cps, &k)) {
		m->method = TREND_EXACT;
		return k;
	}
	k = rank_changepoints(t, m, v, cps);
	return t->exact ? drop_unresolved(v, cps, k) : k;
}

/* Change points of the runs having the metric; positions map back to runs. */
static int detect(struct trend *t, struct trend_metric *m)
{
	struct run_values v = { 0 };
	struct change_point *cps = malloc((t->nr + 1) * sizeof(*cps));
	size_t k;
	int rc = -1;

	v.med = malloc((t->nr + 1) * sizeof(double));
	v.vmin = malloc((t->nr + 1) * sizeof(double));
	v.vmax = malloc((t->nr + 1) * sizeof(double));
	v.at = malloc((t->nr + 1) * sizeof(size_t));
	if (!v.med || !v.vmin || !v.vmax || !v.at || !cps)
		goto out;
	for (size_t i = 0; i < t->nr; i++)
		if (!isnan(m->med[i])) {
			v.at[v.n] = i;
			v.vmin[v.n] = m->vmin[i];
			v.vmax[v.n] = m->vmax[i];
			v.med[v.n++] = m->med[i];
		}
	k = find_changes(t, m, &v, cps);
	m->cps = calloc(k + 1, sizeof(*m->cps));
	if (!m->cps)
		goto out;
	for (size_t i = 0; i < k; i++) {
		size_t from = i ? cps[i - 1].pos : 0, to = i + 1 < k ? cps[i + 1].pos : v.n;

		m->cps[i].cp = cps[i];
		m->cps[i].cp.pos = v.at[cps[i].pos];	/* first run after the change */
		m->cps[i].before = median_of(v.med + from, cps[i].pos - from);
		m->cps[i].after = median_of(v.med + cps[i].pos, to - cps[i].pos);
	}
	m->ncp = k;
	rc = 0;
out:
	free(v.med);
	free(v.vmin);
	free(v.vmax);
	free(v.at);
	free(cps);
	return rc;
}

enum figure_unit trend_unit(const struct trend *t, const struct trend_metric *m)
{
	if (!t->exact || !metric_is_work(m->kind, m->holds_wait))
		return FIGURE_NS;
	return t->lens ? FIGURE_EST_CYCLES : FIGURE_INSTRUCTIONS;
}

int trend_detect(struct trend *t)
{
	/* load_runs refused to mix clocks: the first run's is every run's */
	t->exact = t->nr && t->runs[0].clock.clock == ENV_CLOCK_ICOUNT;
	t->shift = t->nr ? t->runs[0].clock.shift : -1;
	t->lens = t->nr && t->runs[0].clock.cache_lens;
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
					/* sorted by pool_finish */
					m->vmin[r] = s->v[0];
					m->vmax[r] = s->v[s->n - 1];
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
		free(t->m[i].vmin);
		free(t->m[i].vmax);
		free(t->m[i].cps);
	}
	free(t->m);
	free(t->runs);
	free(t->commit);
	memset(t, 0, sizeof(*t));
}
