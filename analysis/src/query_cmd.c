/* `mhpbench summary` and `mhpbench values`: see query_cmd.h. */
#include "query_cmd.h"
#include "pool.h"
#include "result.h"
#include "select.h"
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int summary_of_file(const char *path, enum summary_format f, enum summary_detail d)
{
	struct result r;
	char err[1024];
	int rc = 0;

	if (result_read(path, &r, err, sizeof(err))) {
		result_free(&r);
		fprintf(stderr, "mhpbench: %s\n", err);
		return 2;
	}
	if (summary_print_as(stdout, &r, f, d)) {
		fprintf(stderr, "mhpbench: %s: out of memory\n", path);
		rc = 2;
	}
	result_free(&r);
	return rc;
}

/* The values of @ref in the samples of @r whose case @f matches, appended
 * to @v (room for r->n_samples more). Cases of @r that match go to
 * @matched, so that a filter naming two different cases is refused. */
static size_t values_of_run(const struct result *r, const struct metric_ref *ref,
			    const struct case_filter *f, double *v, struct bench_case *matched,
			    bool *have, bool *ambiguous)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_samples; i++) {
		const struct sample *s = &r->samples[i];

		if (f && !case_filter_match(f, &s->c))
			continue;
		if (*have && !bench_case_equal(matched, &s->c))
			*ambiguous = true;
		*matched = s->c;
		*have = true;
		if (select_value(s, ref, &v[n]))
			n++;
	}
	return n;
}

/* Read run @path, check its clock against the first run's, and add its
 * values. Returns 0, or 2 with a message. */
static int values_add_run(const char *path, const struct values_request *a,
			  const struct case_filter *f, struct env_clockinfo *clock, bool first,
			  double **v, size_t *n, struct bench_case *matched, bool *have, bool *ambiguous)
{
	struct result r;
	struct metric_ref ref;
	struct env_clockinfo ci;
	char err[1024];
	double *grown;
	int rc = 2;

	if (result_read(path, &r, err, sizeof(err))) {
		fprintf(stderr, "mhpbench values: %s\n", err);
		goto out;
	}
	env_clock_read(r.environment, &ci);
	if (!first && pool_clock_check(a->runs[0], clock, path, &ci, err, sizeof(err))) {
		fprintf(stderr, "mhpbench values: %s\n", err);
		goto out;
	}
	*clock = ci;
	if (metric_ref_parse(a->metric, &r.module, &ref, err, sizeof(err))) {
		fprintf(stderr, "mhpbench values: %s: %s\n", path, err);
		goto out;
	}
	/* under the cache lens a work figure is its estimated cycles */
	ref.lens = ci.cache_lens;
	grown = realloc(*v, (*n + r.n_samples + 1) * sizeof(**v));
	if (!grown)
		goto out;
	*v = grown;
	*n += values_of_run(&r, &ref, f, *v + *n, matched, have, ambiguous);
	rc = 0;
out:
	result_free(&r);
	return rc;
}

/* The median of the sorted @v, the lower of the middle two rounded down
 * with the upper when n is even: an integer ns, as the samples are. */
static unsigned long long median_ns(const double *v, size_t n)
{
	if (n % 2)
		return (unsigned long long)v[n / 2];
	return (unsigned long long)((v[n / 2 - 1] + v[n / 2]) / 2);
}

static int values_print(const struct values_request *a, double *v, size_t n, bool ambiguous)
{
	if (ambiguous && !a->case_text) {
		fprintf(stderr, "mhpbench values: the runs hold several cases: name one with --case\n");
		return 2;
	}
	if (ambiguous) {
		fprintf(stderr, "mhpbench values: --case %s matches several cases; add ,TYPE, "
			",shift=N or ,memmap=dram|pmem\n", a->case_text);
		return 2;
	}
	if (!n) {
		fprintf(stderr, "mhpbench values: no sample counts for %s\n", a->metric);
		return 1;
	}
	stats_sort(v, n);
	if (a->median) {
		printf("%llu\n", median_ns(v, n));
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%.0f\n", v[i]);
	return 0;
}

int values_main(const struct values_request *a)
{
	struct case_filter f;
	struct env_clockinfo clock = { .clock = ENV_CLOCK_WALL, .shift = -1 };
	struct bench_case matched;
	bool have = false, ambiguous = false;
	double *v = NULL;
	size_t n = 0;
	char err[256];
	int rc = 0;

	if (a->case_text && case_filter_parse(a->case_text, &f, err, sizeof(err))) {
		fprintf(stderr, "mhpbench values: --case: %s\n", err);
		rc = 2;
	}
	for (size_t i = 0; !rc && i < a->n_runs; i++)
		rc = values_add_run(a->runs[i], a, a->case_text ? &f : NULL, &clock, i == 0,
				    &v, &n, &matched, &have, &ambiguous);
	if (!rc)
		rc = values_print(a, v, n, ambiguous);
	free(v);
	return rc;
}
