/* The record of a delay injection in a result file (module.inject). */
#include "inject_record.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

json_object *inject_to_json(const struct inject_desc *d)
{
	json_object *o;

	if (!d->armed)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "target", json_object_new_string(d->target));
	json_object_object_add(o, "ns", json_object_new_uint64(d->ns));
	json_object_object_add(o, "hits", json_object_new_uint64(d->hits));
	json_object_object_add(o, "changed", json_object_new_boolean(d->changed));
	if (d->touch_lines) {
		json_object_object_add(o, "touch_target", json_object_new_string(d->touch_target));
		json_object_object_add(o, "touch_lines", json_object_new_uint64(d->touch_lines));
	}
	return o;
}

int inject_from_json(json_object *o, struct inject_desc *d, char *err, size_t errlen)
{
	json_object *t, *ns, *v;

	memset(d, 0, sizeof(*d));
	if (!o)
		return 0;
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "target", &t) || !json_object_is_type(t, json_type_string) ||
	    !json_object_object_get_ex(o, "ns", &ns) || !json_object_is_type(ns, json_type_int)) {
		snprintf(err, errlen, "module.inject: expected null or an object with target and ns");
		return -1;
	}
	snprintf(d->target, sizeof(d->target), "%s", json_object_get_string(t));
	d->ns = json_object_get_uint64(ns);
	if (json_object_object_get_ex(o, "hits", &v) && json_object_is_type(v, json_type_int))
		d->hits = json_object_get_uint64(v);
	if (json_object_object_get_ex(o, "changed", &v) && json_object_is_type(v, json_type_boolean))
		d->changed = json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "touch_target", &v) && json_object_is_type(v, json_type_string))
		snprintf(d->touch_target, sizeof(d->touch_target), "%s", json_object_get_string(v));
	if (json_object_object_get_ex(o, "touch_lines", &v) && json_object_is_type(v, json_type_int))
		d->touch_lines = json_object_get_uint64(v);
	/* an object means armed: a reader must never take it for a measurement */
	d->armed = true;
	return 0;
}

void inject_describe(const struct inject_desc *d, char *buf, size_t len)
{
	if (d->touch_lines && !d->ns)
		snprintf(buf, len, "%" PRIu64 " lines read in every %s() of the measured calls "
			 "(the cache lens's test)%s", d->touch_lines,
			 d->touch_target[0] ? d->touch_target : "?",
			 d->changed ? ", changed during the run" : "");
	else
		snprintf(buf, len, "%" PRIu64 " ns in every %s() of the measured calls%s%s", d->ns,
			 d->target[0] ? d->target : "?",
			 d->touch_lines ? ", and the cache lens's test's reads" : "",
			 d->changed ? ", changed during the run" : "");
}
