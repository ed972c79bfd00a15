/* Printing a trend: text, JSON, and the data files of analysis/trend.gp. */
#include "compare_report.h"
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

void trend_print_text(FILE *out, const struct trend *t)
{
	size_t ncp = total_cps(t);

	fprintf(out, "mhpbench trend: %zu runs in order of %s\n", t->nr, t->order);
	for (size_t i = 0; i < t->nr; i++) {
		char name[160];

		run_name(t, i, name, sizeof(name));
		fprintf(out, "  %-24s %s, %s, %s\n", name, t->runs[i].version, t->runs[i].env,
			t->runs[i].arg);
	}
	fprintf(out, "method: per metric the runs' medians; binary segmentation, Mann-Whitney rank\n"
		"statistic, permutation p (fixed seed), change when p <= %g, at least %u runs\n"
		"on each side. Candidates to triage, not verdicts; lower is better.\n",
		t->prm.alpha, t->prm.min_seg);
	fprintf(out, "%zu change point%s in %zu metrics\n", ncp, ncp == 1 ? "" : "s", t->nm);
	for (size_t i = 0; i < t->nm; i++) {
		const struct trend_metric *m = &t->m[i];
		char label[64];

		if (!m->ncp)
			continue;
		case_label(&m->c, label, sizeof(label));
		for (size_t k = 0; k < m->ncp; k++) {
			const struct trend_cp *c = &m->cps[k];
			size_t after = c->cp.pos, before = after;
			char a[160], b[160], va[32], vb[32];
			double change = c->before > 0 ? c->after / c->before - 1 : NAN;

			/* the last run before the change that has the metric */
			while (before > 0 && isnan(m->med[--before]))
				;
			run_name(t, before, b, sizeof(b));
			run_name(t, after, a, sizeof(a));
			format_in(c->before, c->before, vb, sizeof(vb));
			format_in(c->after, c->before, va, sizeof(va));
			fprintf(out, "\n%s %s %s: %+.2f%% (%s -> %s), p=%.4f, confidence %.2f%% *CHANGE* %s\n"
				"    between %s\n        and %s\n", label, m->op ? "unmap" : "map",
				m->name, 100 * change, vb, va, c->cp.p, 100 * (1 - c->cp.p),
				metric_verdict(m->kind, change), b, a);
		}
	}
}

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

void trend_print_json(FILE *out, const struct trend *t)
{
	json_object *o = json_object_new_object(), *runs = json_object_new_array();
	json_object *cps = json_object_new_array(), *m = json_object_new_object();

	json_object_object_add(o, "format", json_object_new_string("mhpbench-trend"));
	json_object_object_add(o, "format_version", json_object_new_int(1));
	json_object_object_add(m, "order", json_object_new_string(t->order));
	json_object_object_add(m, "alpha_per_metric", json_object_new_double(t->prm.alpha));
	json_object_object_add(m, "min_segment", json_object_new_int(t->prm.min_seg));
	json_object_object_add(m, "max_permutations", json_object_new_int(t->prm.max_perm));
	json_object_object_add(o, "method", m);
	for (size_t i = 0; i < t->nr; i++) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "index", json_object_new_int64((int64_t)i));
		json_object_object_add(r, "file", json_object_new_string(t->runs[i].arg));
		json_object_object_add(r, "commit", t->commit[i] ? json_object_new_string(t->commit[i]) : NULL);
		json_object_object_add(r, "kernel_release", json_object_new_string(t->runs[i].release));
		json_object_object_add(r, "kernel_version", json_object_new_string(t->runs[i].version));
		json_object_object_add(r, "environment", json_object_new_string(t->runs[i].env));
		json_object_array_add(runs, r);
	}
	json_object_object_add(o, "runs", runs);
	json_object_object_add(o, "metrics", json_object_new_int64((int64_t)t->nm));
	for (size_t i = 0; i < t->nm; i++)
		for (size_t k = 0; k < t->m[i].ncp; k++) {
			const struct trend_metric *x = &t->m[i];
			const struct trend_cp *c = &x->cps[k];
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
			json_object_object_add(e, "last_run_before", json_object_new_int64((int64_t)before));
			json_object_object_add(e, "first_run_after", json_object_new_int64((int64_t)c->cp.pos));
			json_object_object_add(e, "median_before_ns", num(c->before));
			json_object_object_add(e, "median_after_ns", num(c->after));
			json_object_object_add(e, "change", num(c->before > 0 ? c->after / c->before - 1 : NAN));
			json_object_object_add(e, "p", num(c->cp.p));
			json_object_array_add(cps, e);
		}
	json_object_object_add(o, "change_points", cps);
	fprintf(out, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* Per case and op: trend-<op>-<size>-<offset>-<type>[-s<shift>].dat with
 * run index, total median and interval, wait and work medians (us) and the
 * run's name; and a -cp.dat beside it with the change points of total,
 * wait and work. trend-index.txt lists the stems. */
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
		fprintf(f, "# run total_us lo_us hi_us wait_us work_us name\n");
		for (size_t r = 0; r < t->nr; r++)
			fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g \"%s\"\n", r, tot->med[r] / 1e3,
				tot->lo[r] / 1e3, tot->hi[r] / 1e3, w ? w->med[r] / 1e3 : NAN,
				k ? k->med[r] / 1e3 : NAN, t->runs[r].release);
		fclose(f);
		snprintf(path, sizeof(path), "%s/%s-cp.dat", dir, stem);
		if (!(cp = fopen(path, "w")))
			break;
		fprintf(cp, "# x (between the runs) change_percent metric\n");
		for (const struct trend_metric *const *m = (const struct trend_metric *const[]){ tot, w, k, NULL };
		     *m; m++)
			for (size_t c = 0; c < (*m)->ncp; c++)
				fprintf(cp, "%.1f %.2f %s\n", (double)(*m)->cps[c].cp.pos - 0.5,
					100 * ((*m)->cps[c].after / (*m)->cps[c].before - 1), (*m)->name);
		/* gnuplot refuses an empty file: keep one invisible point */
		fprintf(cp, "nan nan none\n");
		fclose(cp);
	}
	return fclose(idx);
}
