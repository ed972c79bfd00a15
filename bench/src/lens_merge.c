/* mhpbench lens-merge DIR: after a guest ran under the cache lens, fold
 * the plugin's per-call counts (DIR/lens-cache.jsonl) into the run files
 * of DIR. A call is matched by its tag (the run's file name, the sample's
 * seq and the op: lens.c), never by position, so calls of other commands
 * in the same boot (check-errors) and runs the guest never finished
 * cannot shift the counts onto the wrong sample. */
#include "lens.h"

#include "result.h"

#include <mhp_bench_lens.h>

#include <dirent.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LENS_FILE "lens-cache.jsonl"

/* The plugin's output: its header line and one record per call. */
struct lens_log {
	json_object *header;
	json_object *calls;	/* the records with a tag, by tag (the first of each) */
};

static int read_log(const char *dir, struct lens_log *log)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, LENS_FILE);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "mhpbench: lens-merge: cannot read %s (did the guest run under "
			"the lens?)\n", path);
		return -1;
	}
	log->header = NULL;
	log->calls = json_object_new_object();
	while (getline(&line, &cap, f) > 0) {
		json_object *j = json_tokener_parse(line), *tag;

		n++;
		if (!j) {	/* a guest killed mid-write leaves a cut last line */
			fprintf(stderr, "mhpbench: lens-merge: %s: line %ld is not JSON: left out\n",
				path, n);
			continue;
		}
		if (!log->header)
			log->header = j;
		else if (json_object_object_get_ex(j, "tag", &tag) && tag &&
			 !json_object_object_get_ex(log->calls, json_object_get_string(tag), NULL))
			json_object_object_add(log->calls, json_object_get_string(tag), j);
		else
			json_object_put(j);
	}
	free(line);
	fclose(f);
	if (!log->header || !json_object_object_get_ex(log->header, "model", NULL)) {
		fprintf(stderr, "mhpbench: lens-merge: %s has no model header line\n", path);
		json_object_put(log->header);
		json_object_put(log->calls);
		return -1;
	}
	return 0;
}

static json_object *find_call(const struct lens_log *log, uint64_t tag)
{
	char want[17];
	json_object *c;

	snprintf(want, sizeof(want), "%016" PRIx64, tag);
	return json_object_object_get_ex(log->calls, want, &c) ? c : NULL;
}

/* The name of phase @index in the run's module.phases, or NULL. */
static const char *phase_name(json_object *phases, long index)
{
	for (size_t i = 0; i < json_object_array_length(phases); i++) {
		json_object *p = json_object_array_get_idx(phases, i), *v;

		if (json_object_object_get_ex(p, "index", &v) && json_object_get_int64(v) == index &&
		    json_object_object_get_ex(p, "name", &v))
			return json_object_get_string(v);
	}
	return NULL;
}

/* The op's "cache" object from plugin record @call: phases by name. */
static json_object *cache_of(json_object *call, json_object *module_phases)
{
	json_object *o = json_object_new_object(), *phases = json_object_new_object(), *v;

	json_object_object_foreach(call, key, val) {
		if (strcmp(key, "tag") && strcmp(key, "op") && strcmp(key, "phases"))
			json_object_object_add(o, key, json_object_get(val));
	}
	if (json_object_object_get_ex(call, "phases", &v)) {
		json_object_object_foreach(v, idx, counts) {
			const char *name = phase_name(module_phases, strtol(idx, NULL, 10));

			if (name)
				json_object_object_add(phases, name, json_object_get(counts));
		}
	}
	json_object_object_add(o, "phases", phases);
	return o;
}

struct merge_tally {
	unsigned counted, missing;
};

static void merge_op(const struct lens_log *log, json_object *op, json_object *module_phases,
		     uint64_t tag, const char *opname, struct merge_tally *t)
{
	json_object *call, *v;

	if (!op || !json_object_is_type(op, json_type_object))
		return;	/* an unmap after a failed map: no call */
	call = find_call(log, tag);
	if (call && json_object_object_get_ex(call, "op", &v) &&
	    strcmp(json_object_get_string(v), opname) == 0) {
		json_object_object_add(op, "cache", cache_of(call, module_phases));
		t->counted++;
	} else {
		json_object_object_add(op, "cache", NULL);
		t->missing++;
	}
}

/* The lens record of environment.virtualization: the plugin's header. */
static void set_lens_env(json_object *run, const struct lens_log *log)
{
	json_object *env, *virt, *lens = json_object_new_object();

	if (!json_object_object_get_ex(run, "environment", &env) ||
	    !json_object_object_get_ex(env, "virtualization", &virt))
		return;
	json_object_object_add(lens, "name", json_object_new_string("cache"));
	json_object_object_foreach(log->header, key, val) {
		if (strcmp(key, "format") && strcmp(key, "format_version") && strcmp(key, "lens"))
			json_object_object_add(lens, key, json_object_get(val));
	}
	json_object_object_add(virt, "lens", lens);
}

static int merge_run(const struct lens_log *log, const char *path, json_object *run)
{
	json_object *samples, *module, *phases, *v;
	uint32_t run_id = lens_run_id(path);
	struct merge_tally t = { 0, 0 };
	char err[512];

	if (!json_object_object_get_ex(run, "samples", &samples) ||
	    !json_object_object_get_ex(run, "module", &module) ||
	    !json_object_object_get_ex(module, "phases", &phases))
		return 0;	/* not a hotplug run file */
	for (size_t i = 0; i < json_object_array_length(samples); i++) {
		json_object *s = json_object_array_get_idx(samples, i), *op = NULL;
		uint32_t seq = json_object_object_get_ex(s, "seq", &v) ?
			(uint32_t)json_object_get_int64(v) : 0;

		json_object_object_get_ex(s, "map", &op);
		merge_op(log, op, phases, MHPB_LENS_TAG(run_id, seq, 0), "map", &t);
		op = NULL;
		json_object_object_get_ex(s, "unmap", &op);
		merge_op(log, op, phases, MHPB_LENS_TAG(run_id, seq, 1), "unmap", &t);
	}
	set_lens_env(run, log);
	if (json_write_atomic(run, path, err, sizeof(err))) {
		fprintf(stderr, "mhpbench: lens-merge: %s\n", err);
		return 2;
	}
	fprintf(stderr, "mhpbench: lens-merge: %s: %u calls counted%s\n", path, t.counted,
		t.missing ? ", some without counts" : "");
	if (t.missing)
		fprintf(stderr, "mhpbench: lens-merge: %s: %u calls have no lens record: their "
			"\"cache\" is null\n", path, t.missing);
	return t.missing ? 1 : 0;
}

static bool is_run_file(json_object *j)
{
	json_object *f;

	return j && json_object_object_get_ex(j, "format", &f) &&
	       strcmp(json_object_get_string(f), "mhpbench-run") == 0;
}

/* Every run file in @dir and its folders (a job may write runs to
 * folders of its own), to @depth levels. Returns the worst exit code. */
static int merge_tree(const struct lens_log *log, const char *dir, int depth)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int rc = 0, r;

	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char path[4096];
		json_object *run;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR && depth > 0) {
			r = merge_tree(log, path, depth - 1);
			rc = r > rc ? r : rc;
			continue;
		}
		if (n < 6 || strcmp(e->d_name + n - 5, ".json"))
			continue;
		run = json_object_from_file(path);
		if (is_run_file(run)) {
			r = merge_run(log, path, run);
			rc = r > rc ? r : rc;
		}
		json_object_put(run);
	}
	if (d)
		closedir(d);
	return rc;
}

int lens_merge_dir(const char *dir)
{
	struct lens_log log;
	int rc;

	if (read_log(dir, &log))
		return 2;
	rc = merge_tree(&log, dir, 2);
	json_object_put(log.header);
	json_object_put(log.calls);
	return rc;
}
