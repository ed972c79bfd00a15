/* A comparison as KCIDB v5 objects (see compare_kcidb.h; the mapping:
 * docs/kcidb.md). Everything written here is a field of compare.c's
 * rows and cells or of the runs' records, renamed to KCIDB's words. */
#include "compare_kcidb.h"
#include "compare_fmt.h"
#include "compare_source.h"
#include "compare_summary.h"
#include "units.h"

#include <ctype.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The CI system's name: every object's origin, and every id's start
 * (the schema's "origin:local-id"). */
#define KCIDB_ORIGIN "mhpbench"
/* The I/O schema version the document claims: kcidb-io's latest, which
 * tests/kcidb.sh validates it against. */
#define KCIDB_MAJOR 5
#define KCIDB_MINOR 3
/* The module and the collector run on x86-64 only (its memory sections:
 * SECTION_SIZE); no run records an architecture. */
#define KCIDB_ARCH "x86_64"
/* Hex digits of the comparison's key in every id: 64 bits, so that the
 * comparisons one origin submits never share an id by chance. */
#define KEY_HEX 16
#define SHA256_HEX (2 * SHA256_DIGEST_SIZE)
#define GIT_HASH_HEX 40
#define ID_LEN 320
#define PATH_LEN 256

/* The schema's statuses, in its priority order. A comparison reports
 * builds that booted (PASS) and measurements (DONE), or a row a side has
 * no value of (SKIP): never FAIL, whose meaning is "the code is faulty". */
enum kcidb_status { KCIDB_FAIL, KCIDB_ERROR, KCIDB_MISS, KCIDB_PASS, KCIDB_DONE, KCIDB_SKIP };

/* What an id names; each kind has ids of its own in KCIDB. */
enum kcidb_object { OBJECT_CHECKOUT, OBJECT_BUILD, OBJECT_TEST };

struct kcidb_doc {
	const struct comparison *cmp;
	char key[KEY_HEX + 1];	/* comparison_key() */
	unsigned char *show;	/* short_rows(): which rows are headlines */
	json_object **env;	/* per side: its tests' environment, shared by them */
};

static const char *status_name(enum kcidb_status s)
{
	static const char *const names[] = {
		[KCIDB_FAIL] = "FAIL", [KCIDB_ERROR] = "ERROR", [KCIDB_MISS] = "MISS",
		[KCIDB_PASS] = "PASS", [KCIDB_DONE] = "DONE", [KCIDB_SKIP] = "SKIP",
	};

	return names[s];
}

/* The add_* helpers leave a field out rather than write null: KCIDB
 * properties are never null, a missing one means "not known". */
static void add_str(json_object *o, const char *key, const char *v)
{
	if (v && v[0])
		json_object_object_add(o, key, json_object_new_string(v));
}

static void add_num(json_object *o, const char *key, double v)
{
	if (isfinite(v))
		json_object_object_add(o, key, json_object_new_double(v));
}

static void add_int(json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

static void add_bool(json_object *o, const char *key, bool v)
{
	json_object_object_add(o, key, json_object_new_boolean(v));
}

/* [@lo, @hi], left out unless both have a value. */
static void add_pair(json_object *o, const char *key, double lo, double hi)
{
	json_object *a;

	if (!isfinite(lo) || !isfinite(hi))
		return;
	a = json_object_new_array();
	json_object_array_add(a, json_object_new_double(lo));
	json_object_array_add(a, json_object_new_double(hi));
	json_object_object_add(o, key, a);
}

/* @rec's member @key as recorded, unless absent or null. */
static void copy_field(json_object *o, json_object *rec, const char *key)
{
	json_object *v = NULL;

	if (json_object_object_get_ex(rec, key, &v) && v)
		json_object_object_add(o, key, json_object_get(v));
}

static bool lower_hex(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

static void hex_of(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Hash @s and a NUL, a separator no field holds. */
static void hash_str(struct sha256_ctx *ctx, const char *s)
{
	sha256_update(ctx, strlen(s) + 1, (const uint8_t *)s);
}

static void hash_num(struct sha256_ctx *ctx, double v)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%.17g", v);
	hash_str(ctx, buf);
}

/* What the comparison is: its sides (kernel, suite, runs, boots, first
 * start), alpha (it decides verdicts) and what it found (every cell's n
 * and median). The same runs compared alike give the same key, so the
 * same ids: a document submitted twice replaces itself, and two
 * comparisons of one kernel are two checkouts, as KCIDB allows. */
static void comparison_key(const struct comparison *cmp, char key[KEY_HEX + 1])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	char label[64];

	sha256_init(&ctx);
	for (size_t k = 0; k < cmp->np; k++) {
		const struct pool *p = &cmp->pools[k];

		hash_str(&ctx, p->suite);
		hash_str(&ctx, p->release);
		hash_str(&ctx, p->version);
		hash_str(&ctx, p->started);
		hash_num(&ctx, (double)p->n_runs);
		for (size_t b = 0; b < p->nboots; b++)
			hash_str(&ctx, p->boots[b]);
	}
	hash_num(&ctx, cmp->prm.alpha);
	for (size_t r = 0; r < cmp->nr; r++) {
		row_label(cmp, &cmp->rows[r], label, sizeof(label));
		hash_str(&ctx, label);
		hash_str(&ctx, op_name(&cmp->rows[r]));
		hash_str(&ctx, cmp->rows[r].name);
		for (size_t k = 0; k < cmp->np; k++) {
			hash_num(&ctx, (double)cmp->rows[r].cell[k].n);
			hash_num(&ctx, cmp->rows[r].cell[k].median);
		}
	}
	sha256_digest(&ctx, sizeof(d), d);
	hex_of(d, KEY_HEX / 2, key);
}

/* Side @k as the reports letter it: A, B, ...; past Z the letter and
 * the index, so that ids stay apart. */
static void side_name(size_t k, char *buf, size_t len)
{
	if (k < 26)
		snprintf(buf, len, "%c", LETTER(k));
	else
		snprintf(buf, len, "%c%zu", LETTER(k), k);
}

/* "mhpbench:KEY/B" (side @k's checkout), "mhpbench:KEY/B/build", or
 * "mhpbench:KEY/B/PATH" (its test of @path). */
static void object_id(char *buf, size_t len, const char *key, size_t k, enum kcidb_object what,
		      const char *path)
{
	char side[24];

	side_name(k, side, sizeof(side));
	snprintf(buf, len, "%s:%s/%s", KCIDB_ORIGIN, key, side);
	if (what == OBJECT_BUILD)
		buf_cat(buf, len, "/build");
	else if (what == OBJECT_TEST)
		buf_cat(buf, len, "/%s", path);
}

/* KCIDB's patchset hash: sha256 over each patch's sha256 in hex and a
 * newline, in order ("sha256sum *.patch | cut -c-64 | sha256sum"); ""
 * without patches. False when a patch's hash is not recorded as 64 hex
 * digits: then there is none to give. */
static bool patchset_hash(const struct env_source *s, char hex[SHA256_HEX + 1])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t n = env_source_npatches(s);

	hex[0] = '\0';
	if (!n)
		return true;
	sha256_init(&ctx);
	for (size_t i = 0; i < n; i++) {
		const char *h = env_source_patch(s, i, "sha256");

		if (!lower_hex(h, SHA256_HEX))
			return false;
		sha256_update(&ctx, SHA256_HEX, (const uint8_t *)h);
		sha256_update(&ctx, 1, (const uint8_t *)"\n");
	}
	sha256_digest(&ctx, sizeof(d), d);
	hex_of(d, sizeof(d), hex);
	return true;
}

/* Side @k's checkout: the source its kernel was built from, as the runs
 * record it (environment.kernel.source); a stock kernel has its release
 * only. A local tree is no https:// URL: it stays in misc. */
static json_object *checkout_json(const struct comparison *cmp, size_t k, const char *key)
{
	const struct pool *p = &cmp->pools[k];
	json_object *o = json_object_new_object(), *misc = json_object_new_object();
	char id[ID_LEN], line[2048], comment[2200], hash[SHA256_HEX + 1];
	struct env_source s;

	env_source_parse(p->source, &s);
	object_id(id, sizeof(id), key, k, OBJECT_CHECKOUT, NULL);
	add_str(o, "id", id);
	add_str(o, "origin", KCIDB_ORIGIN);
	if (s.kind == ENV_SOURCE_GIT && lower_hex(s.commit, GIT_HASH_HEX))
		add_str(o, "git_commit_hash", s.commit);
	if (s.kind == ENV_SOURCE_GIT)
		add_str(o, "git_commit_name", s.describe);
	if (p->source && patchset_hash(&s, hash))	/* "" is KCIDB's "no patches" */
		json_object_object_add(o, "patchset_hash", json_object_new_string(hash));
	source_line(p->source, line, sizeof(line));
	snprintf(comment, sizeof(comment), "%s%s%s", p->release, line[0] ? ": " : "", line);
	add_str(o, "comment", comment);
	/* a kernel was built from it and ran the suite: its parts combined */
	add_bool(o, "valid", true);
	add_str(misc, "kernel_release", p->release);
	if (p->source)
		json_object_object_add(misc, "source", json_object_get(p->source));
	add_bool(misc, "mixed_source", p->mixed_source);
	json_object_object_add(o, "misc", misc);
	return o;
}

/* The clock that timed every side, and the exact rule's threshold. */
static json_object *method_misc(const struct comparison *cmp)
{
	json_object *m = json_object_new_object();

	add_str(m, "test", "two-sided Welch t on log unit medians (unit: run within one boot, "
		"boot across boots); Holm");
	add_num(m, "alpha_familywise", cmp->prm.alpha);
	add_num(m, "level", cmp->prm.level);
	add_num(m, "power", cmp->prm.power);
	add_str(m, "clock", env_clock_name(cmp->exact ? ENV_CLOCK_ICOUNT : ENV_CLOCK_WALL));
	if (cmp->exact && cmp->shift >= 0)
		add_int(m, "icount_shift", cmp->shift);
	if (cmp->exact)
		add_num(m, "det_spread", CMP_DET_SPREAD);
	add_bool(m, "cache_lens", cmp->lens);
	return m;
}

/* Side @k against the baseline, as the report's verdict line and header
 * say it: rows by verdict and design, and the command that reproduces
 * the comparison. */
static json_object *compare_misc(const struct comparison *cmp, size_t k, const char *key)
{
	json_object *m = json_object_new_object(), *v = json_object_new_object();
	json_object *d = json_object_new_object();
	size_t count[VERDICT_COUNT];
	char id[ID_LEN], cmd[4096];

	add_str(m, "baseline", "A");
	object_id(id, sizeof(id), key, 0, OBJECT_BUILD, NULL);
	add_str(m, "baseline_build_id", id);
	cmp_verdict_counts(cmp, k, count);
	for (int i = 0; i < VERDICT_COUNT; i++)
		add_int(v, verdict_key((enum cell_verdict)i), (int64_t)count[i]);
	json_object_object_add(m, "verdicts", v);
	add_int(m, "significant", (int64_t)cmp->n_sig[k]);
	add_int(m, "decided", (int64_t)cmp_decided_rows(cmp, k));
	for (int i = 0; i < DESIGN_COUNT; i++)
		if (cmp->n_design[k][i])
			add_int(d, cmp_design_name((enum cmp_design)i), (int64_t)cmp->n_design[k][i]);
	json_object_object_add(m, "designs", d);
	compare_reproduce(cmp, cmd, sizeof(cmd));
	add_str(m, "reproduce", cmd);
	json_object_object_add(m, "method", method_misc(cmp));
	return m;
}

/* The runs behind side @k's figures. */
static json_object *runs_misc(const struct pool *p)
{
	json_object *m = json_object_new_object();

	add_str(m, "from", p->arg);
	add_str(m, "suite", p->suite);
	add_int(m, "runs", (int64_t)p->n_runs);
	add_int(m, "boots", (int64_t)p->nboots);
	add_int(m, "incomplete_runs", (int64_t)p->n_incomplete);
	add_int(m, "repeat", p->repeat);
	add_str(m, "started", p->started);
	add_str(m, "collector", p->collector);
	add_str(m, "label", p->label);
	add_bool(m, "mixed_kernel", p->mixed_kernel);
	add_bool(m, "mixed_suite", p->mixed_suite);
	add_int(m, "injected_runs", (int64_t)p->n_injected);
	if (p->n_injected)	/* tests only: such runs are no measurement */
		add_str(m, "inject", p->inject);
	return m;
}

/* Side @k's build: the kernel binary that ran (uname -r and -v), its
 * config as the build script names it, and what was measured on it. */
static json_object *build_json(const struct comparison *cmp, size_t k, const char *key)
{
	const struct pool *p = &cmp->pools[k];
	json_object *o = json_object_new_object(), *m = json_object_new_object();
	char id[ID_LEN], comment[sizeof(p->release) + sizeof(p->version) + 2];
	struct env_source s;

	env_source_parse(p->source, &s);
	object_id(id, sizeof(id), key, k, OBJECT_BUILD, NULL);
	add_str(o, "id", id);
	object_id(id, sizeof(id), key, k, OBJECT_CHECKOUT, NULL);
	add_str(o, "checkout_id", id);
	add_str(o, "origin", KCIDB_ORIGIN);
	add_str(o, "architecture", KCIDB_ARCH);
	add_str(o, "config_name", s.config);
	snprintf(comment, sizeof(comment), "%s %s", p->release, p->version);
	add_str(o, "comment", comment);
	/* it booted and ran the suite */
	add_str(o, "status", status_name(KCIDB_PASS));
	add_str(m, "kernel_release", p->release);
	add_str(m, "kernel_version", p->version);
	copy_field(m, p->environment, "config_sha256");
	copy_field(m, p->environment, "config_file");
	add_str(m, "instrumentation", s.instrumentation);
	if (s.dropped)
		json_object_object_add(m, "config_dropped", json_object_get(s.dropped));
	json_object_object_add(m, "runs", runs_misc(p));
	if (k)
		json_object_object_add(m, "compare", compare_misc(cmp, k, key));
	json_object_object_add(o, "misc", m);
	return o;
}

/* Where side @p's tests ran: the reports' description of it, and the
 * machine's record as the runs keep it. */
static json_object *environment_json(const struct pool *p)
{
	static const char *const keys[] = {
		"hostname", "cpu", "memory_kib", "clocksource", "rcu_expedited", "rcu_normal",
		"virtualization",
	};
	json_object *e = json_object_new_object(), *m = json_object_new_object();

	add_str(e, "comment", p->env);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		copy_field(m, p->environment, keys[i]);
	json_object_object_add(e, "misc", m);
	return e;
}

/* @word as a node of a KCIDB path ([a-zA-Z0-9_-]+, dot-separated) at
 * the end of @path: any other character becomes '_'. */
static void path_add(char *path, size_t len, const char *word)
{
	size_t n = strlen(path);

	if (n && n + 1 < len)
		path[n++] = '.';
	for (const char *c = word; *c && n + 1 < len; c++)
		path[n++] = isalnum((unsigned char)*c) || *c == '_' || *c == '-' ? *c : '_';
	if (!word[0] && n + 1 < len)	/* a node is never empty */
		path[n++] = '_';
	path[n] = '\0';
}

/* A case as one path node, what case_label() says in the characters a
 * path allows: "2M-at-0-generic", "1G-at-0-fs_dax-shift9-memmap_pmem". */
static void case_word(const struct bench_case *c, char *buf, size_t len)
{
	char size[32], off[32];

	format_size(c->size, size, sizeof(size));
	format_size(c->offset, off, sizeof(off));
	snprintf(buf, len, "%s-at-%s-%s", size, off, pgmap_type_name(c->type));
	if (c->vmemmap_shift)
		buf_cat(buf, len, "-shift%u", c->vmemmap_shift);
	if (c->memmap == MEMMAP_PMEM)
		buf_cat(buf, len, "-memmap_pmem");
}

/* "mhpbench.SUITE.OP.CASE.METRIC" (pfn_valid rows: no CASE). Flat under
 * the case: a phase's parents differ between kernels (the tracepoint
 * phases), its name does not, and a path must match across builds. */
static void test_path(const struct comparison *cmp, const struct cmp_row *row, size_t k,
		      char *path, size_t len)
{
	char word[96];

	path[0] = '\0';
	path_add(path, len, KCIDB_ORIGIN);
	path_add(path, len, cmp->pools[k].suite);
	path_add(path, len, op_name(row));
	if (row->ci != CMP_NO_CASE) {
		case_word(&cmp->cases[row->ci], word, sizeof(word));
		path_add(path, len, word);
	}
	path_add(path, len, row->name);
}

/* How the verdict was reached, in words, from the cell's design. */
static const char *method_name(const struct cmp_cell *c)
{
	switch (c->design) {
	case DESIGN_EXACT:
		return "exact";
	case DESIGN_FAR:
		return "far apart";
	case DESIGN_RUNS:
		return c->tested ? "Welch t on log run medians, Holm" : "none";
	case DESIGN_BOOTS:
		return c->tested ? "Welch t on log boot medians, Holm" : "none";
	default:
		return "none";
	}
}

/* Cell @k of @row against the baseline, as compare --format json gives
 * it, with the change in percent and the method named. */
static json_object *verdict_misc(const struct kcidb_doc *d, const struct cmp_row *row, size_t k)
{
	const struct cmp_cell *c = &row->cell[k];
	enum cell_verdict v = cmp_cell_verdict(row, k);
	json_object *m = json_object_new_object();
	char path[PATH_LEN], id[ID_LEN];

	add_str(m, "baseline", "A");
	test_path(d->cmp, row, 0, path, sizeof(path));
	object_id(id, sizeof(id), d->key, 0, OBJECT_TEST, path);
	add_str(m, "baseline_test_id", id);
	add_str(m, "verdict", verdict_key(v));
	add_bool(m, "significant", c->sig);
	add_num(m, "change_percent", 100 * c->change);
	add_str(m, "design", cmp_design_name(c->design));
	add_str(m, "method", method_name(c));
	if (c->tested) {
		add_pair(m, "change_ci_percent", 100 * c->ch_lo, 100 * c->ch_hi);
		add_num(m, "p", c->p);
		add_num(m, "p_holm", c->p_holm);
		add_num(m, "mde_percent", 100 * c->mde);
	}
	if (v == VERDICT_NOT_TESTED)
		add_str(m, "not_tested", untested_why(c));
	return m;
}

/* The case as compare --format json writes it. */
static json_object *case_misc(const struct bench_case *bc)
{
	json_object *c = json_object_new_object();
	char label[64];

	add_int(c, "size", (int64_t)bc->size);
	add_int(c, "offset", (int64_t)bc->offset);
	add_str(c, "type", pgmap_type_name(bc->type));
	add_int(c, "vmemmap_shift", bc->vmemmap_shift);
	add_str(c, "memmap", memmap_loc_name(bc->memmap));
	case_label(bc, label, sizeof(label));
	add_str(c, "label", label);
	return c;
}

/* Cell @c of @row described: its units and interval in the row's unit;
 * under icount its range and spread (the exact rule's inputs). */
static void cell_misc(json_object *m, const struct comparison *cmp, const struct cmp_row *row,
		      const struct cmp_cell *c)
{
	enum figure_unit u = row_unit(cmp, row);

	add_int(m, "n", (int64_t)c->n);
	add_int(m, "runs", (int64_t)c->runs);
	add_int(m, "boots", (int64_t)c->boots);
	add_pair(m, "interval", figure_count(c->lo, u, cmp->shift), figure_count(c->hi, u, cmp->shift));
	if (c->n)
		add_num(m, "interval_coverage", c->coverage);
	if (!cmp->exact || !c->n)
		return;
	add_pair(m, "range", figure_count(c->vmin, u, cmp->shift),
		 figure_count(c->vmax, u, cmp->shift));
	add_num(m, "spread", c->spread);
	add_bool(m, "deterministic", c->det);
}

/* What test @row of side @k measures, in what unit by what clock, and
 * against the baseline (sides after A) the verdict. */
static json_object *test_misc(const struct kcidb_doc *d, size_t r, size_t k)
{
	const struct comparison *cmp = d->cmp;
	const struct cmp_row *row = &cmp->rows[r];
	json_object *m = json_object_new_object();
	char side[24];

	side_name(k, side, sizeof(side));
	add_str(m, "side", side);
	if (row->ci != CMP_NO_CASE)
		json_object_object_add(m, "case", case_misc(&cmp->cases[row->ci]));
	add_str(m, "op", op_name(row));
	add_str(m, "metric", row->name);
	add_str(m, "kind", metric_kind(row->kind)->name);
	add_bool(m, "wait", row->wait);
	add_int(m, "depth", row->depth);
	add_bool(m, "headline", d->show && (d->show[r] & SHOW_HEADLINE));
	add_str(m, "unit", figure_unit_name(row_unit(cmp, row)));
	/* under icount a wait or total is virtual time: the clock says so */
	add_str(m, "clock", env_clock_name(cmp->exact ? ENV_CLOCK_ICOUNT : ENV_CLOCK_WALL));
	if (cmp->exact && cmp->shift >= 0)
		add_int(m, "icount_shift", cmp->shift);
	add_bool(m, "cache_lens", cmp->lens);
	cell_misc(m, cmp, row, &row->cell[k]);
	if (k)
		json_object_object_add(m, "compare", verdict_misc(d, row, k));
	return m;
}

/* "2M @+0 generic map add_pages" ("pfn_valid() per call, far"), and
 * after A ": worse against A, +5.91% (exact)": what a dashboard shows of
 * a test. */
static void test_comment(const struct comparison *cmp, const struct cmp_row *row, size_t k,
			 char *buf, size_t len)
{
	const struct cmp_cell *c = &row->cell[k];
	enum cell_verdict v = cmp_cell_verdict(row, k);
	char label[64], ch[24];

	row_label(cmp, row, label, sizeof(label));
	if (row->ci == CMP_NO_CASE)
		snprintf(buf, len, "%s, %s", label, row->name);
	else
		snprintf(buf, len, "%s %s %s", label, op_name(row), row->name);
	if (!k)
		return;
	pct(c->change, ch, sizeof(ch));
	buf_cat(buf, len, ": %s against A, %s (%s)", verdict_name(v), ch,
		v == VERDICT_NOT_TESTED ? untested_why(c) : method_name(c));
}

/* A start time as the schema's date-time wants it; the runs write
 * "2026-12-02T04:31:46Z". */
static bool is_timestamp(const char *s)
{
	return strlen(s) == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[19] == 'Z';
}

/* Side @k's test of row @r: the side's median in the row's unit, DONE;
 * SKIP, without a number, when the side has no value of it. */
static json_object *test_json(const struct kcidb_doc *d, size_t r, size_t k)
{
	const struct comparison *cmp = d->cmp;
	const struct cmp_row *row = &cmp->rows[r];
	const struct cmp_cell *c = &row->cell[k];
	bool measured = c->n && isfinite(c->median);
	enum figure_unit u = row_unit(cmp, row);
	json_object *o = json_object_new_object(), *num;
	char path[PATH_LEN], id[ID_LEN], comment[256];

	test_path(cmp, row, k, path, sizeof(path));
	object_id(id, sizeof(id), d->key, k, OBJECT_TEST, path);
	add_str(o, "id", id);
	object_id(id, sizeof(id), d->key, k, OBJECT_BUILD, NULL);
	add_str(o, "build_id", id);
	add_str(o, "origin", KCIDB_ORIGIN);
	add_str(o, "path", path);
	add_str(o, "status", status_name(measured ? KCIDB_DONE : KCIDB_SKIP));
	if (measured) {
		num = json_object_new_object();
		add_num(num, "value", figure_count(c->median, u, cmp->shift));
		add_str(num, "unit", figure_unit_name(u));
		json_object_object_add(o, "number", num);
	}
	if (is_timestamp(cmp->pools[k].started))
		add_str(o, "start_time", cmp->pools[k].started);
	test_comment(cmp, row, k, comment, sizeof(comment));
	add_str(o, "comment", comment);
	if (d->env && d->env[k])
		json_object_object_add(o, "environment", json_object_get(d->env[k]));
	json_object_object_add(o, "misc", test_misc(d, r, k));
	return o;
}

json_object *compare_kcidb_json(const struct comparison *cmp)
{
	struct kcidb_doc d = { .cmp = cmp };
	json_object *o = json_object_new_object(), *v = json_object_new_object();
	json_object *checkouts = json_object_new_array(), *builds = json_object_new_array();
	json_object *tests = json_object_new_array();

	comparison_key(cmp, d.key);
	d.show = short_rows(cmp);
	d.env = calloc(cmp->np + 1, sizeof(*d.env));
	add_int(v, "major", KCIDB_MAJOR);
	add_int(v, "minor", KCIDB_MINOR);
	json_object_object_add(o, "version", v);
	for (size_t k = 0; k < cmp->np; k++) {
		json_object_array_add(checkouts, checkout_json(cmp, k, d.key));
		json_object_array_add(builds, build_json(cmp, k, d.key));
		if (d.env)
			d.env[k] = environment_json(&cmp->pools[k]);
	}
	/* row by row, A then B: a row's sides next to each other */
	for (size_t r = 0; r < cmp->nr; r++)
		for (size_t k = 0; k < cmp->np; k++)
			json_object_array_add(tests, test_json(&d, r, k));
	json_object_object_add(o, "checkouts", checkouts);
	json_object_object_add(o, "builds", builds);
	json_object_object_add(o, "tests", tests);
	for (size_t k = 0; d.env && k < cmp->np; k++)
		json_object_put(d.env[k]);
	free(d.env);
	free(d.show);
	return o;
}

void compare_kcidb(FILE *out, const struct comparison *cmp)
{
	json_object *o = compare_kcidb_json(cmp);

	fprintf(out, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}
