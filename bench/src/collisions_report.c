/* The result file of `mhpbench collisions`: struct collisions -> JSON. */
#include "collisions.h"
#include "result.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MHPB_VERSION
#define MHPB_VERSION "unknown"
#endif

const char *step_result_name(enum step_result r)
{
	return r == STEP_PASS ? "pass" : r == STEP_FAIL ? "fail" : "skip";
}

static void put(json_object *o, const char *key, json_object *v)
{
	json_object_object_add(o, key, v);
}

static json_object *u64(uint64_t v)
{
	return json_object_new_int64((int64_t)v);
}

static json_object *step_to_json(const struct collision_step *s)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	put(o, "name", json_object_new_string(s->name));
	put(o, "result", json_object_new_string(step_result_name(s->result)));
	put(o, "ok", json_object_new_boolean(s->result == STEP_PASS));
	put(o, "skipped", json_object_new_boolean(s->result == STEP_SKIP));
	put(o, "expected", json_object_new_string(s->expected));
	put(o, "observed", json_object_new_string(s->observed));
	put(o, "detail", json_object_new_string(s->detail));
	for (size_t i = 0; i < s->alarms.n; i++)
		json_object_array_add(a, json_object_new_string(s->alarms.line[i]));
	put(o, "kernel_alarms", a);
	return o;
}

json_object *collisions_to_json(const struct collisions *c)
{
	json_object *o = json_object_new_object(), *col = json_object_new_object();
	json_object *mod = json_object_new_object(), *range = json_object_new_object();
	json_object *steps = json_object_new_array(), *adj = NULL;
	size_t n[STEP_SKIP + 1] = { 0 };

	put(o, "format", json_object_new_string(COLLISIONS_FORMAT));
	put(o, "format_version", json_object_new_int(COLLISIONS_FORMAT_VERSION));
	put(o, "status", json_object_new_string(c->complete ? "complete" : "running"));
	put(o, "started", json_object_new_string(c->started));
	if (c->complete)
		put(o, "finished", json_object_new_string(c->finished));
	put(col, "version", json_object_new_string(MHPB_VERSION));
	put(col, "compiler", json_object_new_string(__VERSION__));
	put(o, "collector", col);
	put(o, "environment", c->environment ? json_object_get(c->environment) : NULL);
	put(mod, "abi_version", json_object_new_int((int)c->module.abi_version));
	put(mod, "srcversion", c->module.srcversion[0] ?
		json_object_new_string(c->module.srcversion) : NULL);
	put(mod, "subsection_size", u64(c->module.subsection_size));
	put(mod, "section_size", u64(c->module.section_size));
	put(o, "module", mod);
	put(range, "start", u64(c->range_start));
	put(range, "size", u64(c->range_size));
	put(o, "range", range);
	if (c->have_ram_adjacent) {
		adj = json_object_new_object();
		put(adj, "start", u64(c->adj_start));
		put(adj, "end", u64(c->adj_end));
		put(adj, "ram_below", u64(c->adj_ram_below));
		put(adj, "ram_above", c->adj_has_ram_above ? u64(c->adj_ram_above) : NULL);
	}
	put(o, "ram_adjacent", adj);
	for (size_t i = 0; i < c->n_steps; i++) {
		json_object_array_add(steps, step_to_json(&c->steps[i]));
		n[c->steps[i].result]++;
	}
	put(o, "passed", json_object_new_int((int)n[STEP_PASS]));
	put(o, "failed", json_object_new_int((int)n[STEP_FAIL]));
	put(o, "skipped", json_object_new_int((int)n[STEP_SKIP]));
	put(o, "steps", steps);
	return o;
}

int collisions_write(const struct collisions *c, const char *path, char *err, size_t errlen)
{
	json_object *j = collisions_to_json(c);
	int rc = json_write_atomic(j, path, err, errlen);

	json_object_put(j);
	return rc;
}

void collisions_free(struct collisions *c)
{
	for (size_t i = 0; i < c->n_steps; i++)
		kmsg_lines_free(&c->steps[i].alarms);
	free(c->steps);
	if (c->environment)
		json_object_put(c->environment);
	memset(c, 0, sizeof(*c));
}
