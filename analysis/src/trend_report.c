/* Printing a trend: text, JSON, and the data files of analysis/trend.gp. */
#include "compare_fmt.h"
#include "trend.h"
#include "units.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

static void run_name(const struct trend *t, size_t i, char *buf, size_t len)
{
	if (t->commit[i])
		snprintf(buf, len, "#%zu %s", i, t->commit[i]);
	else
		snprintf(buf, len, "#%zu %s", i, t->runs[i].release);
}

static size_t total_cps(const struct trend *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nm; i++)
		n += t->m[i].ncp;
	return n;
}

static size_t exact_metrics(const struct trend *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nm; i++)
		n += t->m[i].method == TREND_EXACT;
	return n;
}

static double count_of(const struct trend *t, const struct trend_metric *m, double ns)
{
	return figure_count(ns, trend_unit(t, m), t->shift);
}

/* @ns in the metric's unit, with the suffix or time unit of @scale_ns. */
static void trend_value_in(const struct trend *t, const struct trend_metric *m, double ns,
		     double scale_ns, char *buf, size_t len)
{
	if (trend_unit(t, m) != FIGURE_NS)
		format_count_in(count_of(t, m, ns), count_of(t, m, scale_ns), buf, len);
	else
		format_in(ns, scale_ns, buf, len);
}

/* after / before - 1; NaN when there is no ratio (zeros before) */
static double cp_change(const struct trend_cp *c)
{
	return c->before > 0 ? c->after / c->before - 1 : NAN;
}

/* Instruction-clocked runs: the units, and the exact rule. */
static void exact_lines(FILE *out, const struct trend *t)
{
	fprintf(out, "clock icount (shift %d)%s: work metrics (work, work phases) in %s;\n"
		"  totals and waits in virtual time (ns, us, ms).\n", t->shift >= 0 ? t->shift : 0,
		t->lens ? " with the cache lens" : "",
		t->lens ? "estimated cycles (modelled)" : "instructions (icount)");
	fprintf(out, "exact metrics (all values of each segment within %.1f%%): a change point is "
		"a step\n  between consecutive runs that compare's exact rule flags (ranges apart, "
		"|change|\n  > both spreads and %.1f%%), with %u runs on each side within %.1f%% "
		"and flagged\n  against each other; the change is exact, no p. Other metrics "
		"(waits, totals,\n  counts that differ from boot to boot): the rank method.\n",
		100 * CMP_DET_SPREAD, 100 * CMP_DET_SPREAD, t->prm.min_seg, 100 * CMP_DET_SPREAD);
}

static void print_cp_text(FILE *out, const struct trend *t, const struct trend_metric *m,
			  const struct trend_cp *c, const char *label)
{
	size_t after = c->cp.pos, before = after;
	char a[160], b[160], va[64], vb[32], ch[24], decided[64];
	double change = cp_change(c);

	/* the last run before the change that has the metric */
	while (before > 0 && isnan(m->med[--before]))
		;
	run_name(t, before, b, sizeof(b));
	run_name(t, after, a, sizeof(a));
	trend_value_in(t, m, c->before, c->before, vb, sizeof(vb));
	trend_value_in(t, m, c->after, c->before, va, sizeof(va));
	if (m->method == TREND_EXACT && trend_unit(t, m) != FIGURE_NS) {
		/* an exact count: every unit of it, and the difference */
		double nb = count_of(t, m, c->before), na = count_of(t, m, c->after);

		snprintf(vb, sizeof(vb), "%.0f", nb);
		snprintf(va, sizeof(va), "%.0f, %+.0f %s", na, na - nb,
			 trend_unit(t, m) == FIGURE_INSTRUCTIONS ? "instructions" :
			 "estimated cycles");
	}
	if (isfinite(change))
		snprintf(ch, sizeof(ch), "%+.2f%%", 100 * change);
	else
		snprintf(ch, sizeof(ch), "-");
	if (m->method == TREND_EXACT)
		snprintf(decided, sizeof(decided), "exact");
	else
		snprintf(decided, sizeof(decided), "p=%.4f, confidence %.2f%%", c->cp.p,
			 100 * (1 - c->cp.p));
	/* the verdict on the metric's line, the figures under it: 80 columns */
	fprintf(out, "\n%s %s %s: %s *CHANGE* %s\n    %s -> %s, %s\n"
		"    between %s\n        and %s\n", label, m->op ? "unmap" : "map", m->name, ch,
		metric_verdict(m->kind, change), vb, va, decided, b, a);
}

/* "  #0 6.1.0-53-amd64   6.1.187-1  runs/1-.../fixture-...json": the run's
 * name, its Debian package version (from the kernel's version string,
 * when it has one) and its file, whose start gives way to keep the line
 * within REPORT_WIDTH: the end names it. */
static void run_line(FILE *out, const struct trend *t, size_t i)
{
	const char *deb = strstr(t->runs[i].version, "Debian "), *file = t->runs[i].arg;
	char name[160], line[512];
	size_t room;

	run_name(t, i, name, sizeof(name));
	snprintf(line, sizeof(line), "  %-22s %-11.*s ", name,
		 deb ? (int)strcspn(deb + 7, " ") : 0, deb ? deb + 7 : "");
	room = strlen(line) < REPORT_WIDTH ? REPORT_WIDTH - strlen(line) : 0;
	if (strlen(file) <= room)
		fprintf(out, "%s%s\n", line, file);
	else
		fprintf(out, "%s...%s\n", line, file + strlen(file) - (room > 3 ? room - 3 : 0));
}

void trend_print_text(FILE *out, const struct trend *t)
{
	size_t ncp = total_cps(t);

	fprintf(out, "mhpbench trend: %zu runs in order of %s\n", t->nr, t->order);
	if (t->nr)
		fprintf(out, "on %s (the JSON has each run's kernel version)\n", t->runs[0].env);
	for (size_t i = 0; i < t->nr; i++)
		run_line(out, t, i);
	fprintf(out, "method: per metric the runs' medians; binary segmentation, Mann-Whitney rank\n"
		"statistic, permutation p (fixed seed), change when p <= %g, at least %u runs\n"
		"on each side. Candidates to triage, not verdicts; lower is better.\n",
		t->prm.alpha, t->prm.min_seg);
	if (t->exact)
		exact_lines(out, t);
	fprintf(out, "%zu change point%s in %zu metrics", ncp, ncp == 1 ? "" : "s", t->nm);
	if (t->exact)
		fprintf(out, " (%zu exact)", exact_metrics(t));
	fputc('\n', out);
	for (size_t i = 0; i < t->nm; i++) {
		const struct trend_metric *m = &t->m[i];
		char label[64];

		if (!m->ncp)
			continue;
		case_label(&m->c, label, sizeof(label));
		for (size_t k = 0; k < m->ncp; k++)
			print_cp_text(out, t, m, &m->cps[k], label);
	}
}

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

/* The clock of the runs, and the exact rule when it applies. */
static void method_json(json_object *o, const struct trend *t)
{
	json_object *m = json_object_new_object();

	json_object_object_add(m, "order", json_object_new_string(t->order));
	json_object_object_add(m, "alpha_per_metric", json_object_new_double(t->prm.alpha));
	json_object_object_add(m, "min_segment", json_object_new_int(t->prm.min_seg));
	json_object_object_add(m, "max_permutations", json_object_new_int(t->prm.max_perm));
	json_object_object_add(m, "clock", json_object_new_string(
		env_clock_name(t->exact ? ENV_CLOCK_ICOUNT : ENV_CLOCK_WALL)));
	json_object_object_add(m, "icount_shift",
			       t->exact && t->shift >= 0 ? json_object_new_int(t->shift) : NULL);
	if (t->exact) {
		json_object_object_add(m, "exact", json_object_new_string(
			"metrics whose every segment is within det_spread: a change point is a step "
			"between consecutive runs that compare's exact rule flags, with min_segment "
			"runs on each side within det_spread and flagged against each other; no p"));
		json_object_object_add(m, "det_spread", json_object_new_double(CMP_DET_SPREAD));
	}
	json_object_object_add(o, "method", m);
}

static json_object *runs_json(const struct trend *t)
{
	json_object *runs = json_object_new_array();

	for (size_t i = 0; i < t->nr; i++) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "index", json_object_new_int64((int64_t)i));
		json_object_object_add(r, "file", json_object_new_string(t->runs[i].arg));
		json_object_object_add(r, "commit", t->commit[i] ? json_object_new_string(t->commit[i]) : NULL);
		json_object_object_add(r, "kernel_release", json_object_new_string(t->runs[i].release));
		json_object_object_add(r, "kernel_version", json_object_new_string(t->runs[i].version));
		json_object_object_add(r, "environment", json_object_new_string(t->runs[i].env));
		/* environment.kernel.source: the commit a run's kernel was built from */
		json_object_object_add(r, "source", json_object_get(t->runs[i].source));
		json_object_array_add(runs, r);
	}
	return runs;
}

static json_object *cp_json(const struct trend *t, const struct trend_metric *x,
			    const struct trend_cp *c)
{
	json_object *e = json_object_new_object(), *cs = json_object_new_object();
	size_t before = c->cp.pos;

	while (before > 0 && isnan(x->med[--before]))
		;
	json_object_object_add(cs, "size", json_object_new_uint64(x->c.size));
	json_object_object_add(cs, "offset", json_object_new_uint64(x->c.offset));
	json_object_object_add(cs, "type", json_object_new_string(pgmap_type_name(x->c.type)));
	json_object_object_add(cs, "vmemmap_shift", json_object_new_int(x->c.vmemmap_shift));
	json_object_object_add(cs, "memmap", json_object_new_string(memmap_loc_name(x->c.memmap)));
	json_object_object_add(e, "case", cs);
	json_object_object_add(e, "op", json_object_new_string(x->op ? "unmap" : "map"));
	json_object_object_add(e, "metric", json_object_new_string(x->name));
	/* what the medians count; the *_ns fields stay ns (at icount shift 0
	 * the same numbers as instructions) */
	json_object_object_add(e, "unit", json_object_new_string(
		figure_unit_name(trend_unit(t, x))));
	json_object_object_add(e, "method", json_object_new_string(
		x->method == TREND_EXACT ? "exact" : "ranks"));
	json_object_object_add(e, "last_run_before", json_object_new_int64((int64_t)before));
	json_object_object_add(e, "first_run_after", json_object_new_int64((int64_t)c->cp.pos));
	json_object_object_add(e, "median_before_ns", num(c->before));
	json_object_object_add(e, "median_after_ns", num(c->after));
	json_object_object_add(e, "change", num(cp_change(c)));
	/* an exact change has no p: nothing is sampled (METHOD.md) */
	json_object_object_add(e, "p", x->method == TREND_EXACT ? NULL : num(c->cp.p));
	return e;
}

void trend_print_json(FILE *out, const struct trend *t)
{
	json_object *o = json_object_new_object(), *cps = json_object_new_array();

	json_object_object_add(o, "format", json_object_new_string("mhpbench-trend"));
	/* 2: p is null for exact change points */
	json_object_object_add(o, "format_version", json_object_new_int(2));
	method_json(o, t);
	json_object_object_add(o, "runs", runs_json(t));
	json_object_object_add(o, "metrics", json_object_new_int64((int64_t)t->nm));
	if (t->exact)
		json_object_object_add(o, "exact_metrics",
				       json_object_new_int64((int64_t)exact_metrics(t)));
	for (size_t i = 0; i < t->nm; i++)
		for (size_t k = 0; k < t->m[i].ncp; k++)
			json_object_array_add(cps, cp_json(t, &t->m[i], &t->m[i].cps[k]));
	json_object_object_add(o, "change_points", cps);
	fprintf(out, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* One case's series: a line per run. Under icount the work column is
 * thousands of instructions, the total and wait virtual time (us): the
 * comment lines say so, and analysis/trend.gp prints the ylabel line. */
static void write_series(FILE *f, const struct trend *t, const struct trend_metric *tot,
			 const struct trend_metric *w, const struct trend_metric *k)
{
	if (t->exact && t->lens)
		fprintf(f, "# clock icount, cache lens: total and wait in virtual time (us), work in "
			"thousands of estimated cycles\n# ylabel: median total and wait (virtual "
			"us), work (thousands of estimated cycles, cache lens)\n"
			"# run total_us lo_us hi_us wait_us work_kcycles name\n");
	else if (t->exact)
		fprintf(f, "# clock icount (shift %d): total and wait in virtual time (us), work in "
			"thousands of instructions\n# ylabel: median total and wait (virtual us), "
			"work (thousands of instructions, icount)\n"
			"# run total_us lo_us hi_us wait_us work_kinstructions name\n",
			t->shift >= 0 ? t->shift : 0);
	else
		fprintf(f, "# run total_us lo_us hi_us wait_us work_us name\n");
	for (size_t r = 0; r < t->nr; r++) {
		double work = k ? k->med[r] : NAN;

		if (k)
			work = count_of(t, k, work);
		fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g \"%s\"\n", r, tot->med[r] / 1e3,
			tot->lo[r] / 1e3, tot->hi[r] / 1e3, w ? w->med[r] / 1e3 : NAN, work / 1e3,
			t->runs[r].release);
	}
}

/* Per case and op: trend-<op>-<size>-<offset>-<type>[-s<shift>].dat with
 * run index, total median and interval, wait and work medians (us) and the
 * run's name; and a -cp.dat beside it with the change points of every
 * metric of the case and op (total, wait, work, phases), each named.
 * trend-index.txt lists the stems. */
int trend_write_data(const struct trend *t, const char *dir)
{
	char path[4096];
	FILE *idx;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "mhpbench: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/trend-index.txt", dir);
	if (!(idx = fopen(path, "w")))
		return -1;
	for (size_t i = 0; i < t->nm; i++) {
		const struct trend_metric *tot = &t->m[i], *w = NULL, *k = NULL;
		char stem[128], sz[16], off[16], label[64];
		FILE *f, *cp;

		if (tot->kind != METRIC_TOTAL || strcmp(tot->name, "total"))
			continue;
		for (size_t j = 0; j < t->nm; j++)
			if (t->m[j].op == tot->op && bench_case_equal(&t->m[j].c, &tot->c)) {
				if (t->m[j].kind == METRIC_WAIT)
					w = &t->m[j];
				if (t->m[j].kind == METRIC_WORK)
					k = &t->m[j];
			}
		format_size(tot->c.size, sz, sizeof(sz));
		format_size(tot->c.offset, off, sizeof(off));
		snprintf(stem, sizeof(stem), "trend-%s-%s-%s-%s", tot->op ? "unmap" : "map", sz, off,
			 pgmap_type_name(tot->c.type));
		if (tot->c.vmemmap_shift)
			snprintf(stem + strlen(stem), sizeof(stem) - strlen(stem), "-s%u",
				 tot->c.vmemmap_shift);
		if (tot->c.memmap == MEMMAP_PMEM)
			snprintf(stem + strlen(stem), sizeof(stem) - strlen(stem), "-pmem");
		case_label(&tot->c, label, sizeof(label));
		fprintf(idx, "%s %s %s\n", stem, tot->op ? "unmap" : "map", label);
		snprintf(path, sizeof(path), "%s/%s.dat", dir, stem);
		if (!(f = fopen(path, "w")))
			break;
		write_series(f, t, tot, w, k);
		fclose(f);
		snprintf(path, sizeof(path), "%s/%s-cp.dat", dir, stem);
		if (!(cp = fopen(path, "w")))
			break;
		/* every metric of the case and op: total, wait, work and the
		 * phases (parts of work or of a wait), each named */
		fprintf(cp, "# x (between the runs) change_percent metric\n");
		for (size_t j = 0; j < t->nm; j++) {
			const struct trend_metric *m = &t->m[j];

			if (m->op != tot->op || !bench_case_equal(&m->c, &tot->c))
				continue;
			for (size_t c = 0; c < m->ncp; c++)
				fprintf(cp, "%.1f %.2f %s\n", (double)m->cps[c].cp.pos - 0.5,
					100 * cp_change(&m->cps[c]), m->name);
		}
		/* gnuplot refuses an empty file: keep one invisible point */
		fprintf(cp, "nan nan none\n");
		fclose(cp);
	}
	return fclose(idx);
}
