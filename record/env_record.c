/* Readers of the environment record a result file holds. */
#include "env_record.h"
#include "units.h"

#include <stdio.h>
#include <string.h>

const char *env_clock_name(enum env_clock c)
{
	return c == ENV_CLOCK_ICOUNT ? "icount" : "wall";
}

static json_object *path_get(json_object *o, const char *a, const char *b)
{
	json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, a, &v))
		return NULL;
	if (b && (!v || !json_object_object_get_ex(v, b, &v)))
		return NULL;
	return v;
}

const char *env_kernel_release(json_object *env)
{
	json_object *v = path_get(env, "kernel", "release");

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "?";
}

int env_source_check(json_object *src, char *why, size_t len)
{
	json_object *kind = NULL;
	const char *k;

	if (!json_object_is_type(src, json_type_object)) {
		snprintf(why, len, "not a JSON object");
		return -1;
	}
	if (!json_object_object_get_ex(src, "kind", &kind) ||
	    !json_object_is_type(kind, json_type_string)) {
		snprintf(why, len, "no \"kind\" string");
		return -1;
	}
	k = json_object_get_string(kind);
	if (strcmp(k, "git") && strcmp(k, "debian")) {
		snprintf(why, len, "kind \"%.40s\" is neither \"git\" nor \"debian\"", k);
		return -1;
	}
	return 0;
}

json_object *env_kernel_source(json_object *env)
{
	json_object *v = path_get(env, "kernel", "source");
	char why[96];

	return v && env_source_check(v, why, sizeof(why)) == 0 ? v : NULL;
}

static const char *str_field(json_object *o, const char *key)
{
	json_object *v = path_get(o, key, NULL);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

static json_object *array_field(json_object *o, const char *key)
{
	json_object *v = path_get(o, key, NULL);

	return v && json_object_is_type(v, json_type_array) ? v : NULL;
}

void env_source_parse(json_object *src, struct env_source *s)
{
	const char *kind = str_field(src, "kind");

	s->kind = !strcmp(kind, "git") ? ENV_SOURCE_GIT :
		  !strcmp(kind, "debian") ? ENV_SOURCE_DEBIAN : ENV_SOURCE_NONE;
	s->tree = str_field(src, "tree");
	s->commit = str_field(src, "commit");
	s->describe = str_field(src, "describe");
	s->subject = str_field(src, "subject");
	s->package = str_field(src, "package");
	s->version = str_field(src, "version");
	s->instrumentation = str_field(src, "instrumentation");
	s->config = str_field(src, "config");
	s->patches = array_field(src, "patches");
	s->dropped = array_field(src, "config_dropped");
}

size_t env_source_npatches(const struct env_source *s)
{
	return s->patches ? json_object_array_length(s->patches) : 0;
}

const char *env_source_patch(const struct env_source *s, size_t i, const char *field)
{
	if (i >= env_source_npatches(s))
		return "";
	return str_field(json_object_array_get_idx(s->patches, i), field);
}

int env_source_equal(json_object *a, json_object *b)
{
	/* json_object_equal() takes two NULLs as equal, one as different */
	return json_object_equal(a, b);
}

/* The QEMU of virtualization.host into @buf: Debian's version of the
 * package where recorded (the QEMU runner and a LAVA job's log both name
 * it), else QEMU's own version; "" when neither is. */
static void qemu_read(json_object *host, char *buf, size_t len)
{
	const char *v = str_field(path_get(host, "qemu", NULL), "version");
	const char *deb = str_field(path_get(host, "qemu", NULL), "debian_version");

	if (deb[0])
		snprintf(buf, len, "Debian %s", deb);
	else
		snprintf(buf, len, "%s", v);
}

void env_clock_read(json_object *env, struct env_clockinfo *ci)
{
	json_object *clock = path_get(env, "virtualization", "clock");
	json_object *shift = path_get(env, "virtualization", "icount_shift");
	json_object *lens = path_get(env, "virtualization", "lens");
	json_object *name = lens ? path_get(lens, "name", NULL) : NULL;

	ci->clock = ENV_CLOCK_WALL;
	ci->shift = -1;
	ci->cache_lens = name && json_object_is_type(name, json_type_string) &&
			 strcmp(json_object_get_string(name), "cache") == 0;
	if (clock && json_object_is_type(clock, json_type_string) &&
	    strcmp(json_object_get_string(clock), "icount") == 0)
		ci->clock = ENV_CLOCK_ICOUNT;
	if (shift && json_object_is_type(shift, json_type_int))
		ci->shift = json_object_get_int(shift);
	qemu_read(path_get(env, "virtualization", "host"), ci->qemu, sizeof(ci->qemu));
}

bool env_qemu_differs(const struct env_clockinfo *a, const struct env_clockinfo *b)
{
	return a->clock == ENV_CLOCK_ICOUNT && b->clock == ENV_CLOCK_ICOUNT && a->qemu[0] &&
	       b->qemu[0] && strcmp(a->qemu, b->qemu) != 0;
}

int env_clock_equal(const struct env_clockinfo *a, const struct env_clockinfo *b)
{
	/* a wall run's shift means nothing */
	return a->clock == b->clock && (a->clock == ENV_CLOCK_WALL || a->shift == b->shift) &&
	       a->cache_lens == b->cache_lens;
}

void env_clock_describe(const struct env_clockinfo *ci, char *buf, size_t len)
{
	if (ci->clock == ENV_CLOCK_ICOUNT && ci->shift >= 0)
		snprintf(buf, len, "icount (shift %d)", ci->shift);
	else
		snprintf(buf, len, "%s", env_clock_name(ci->clock));
	if (ci->cache_lens)
		buf_cat(buf, len, " with the cache lens");
}

/* ", instruction-clocked (icount shift 0), 1 vCPU" when recorded. */
static void describe_clock(json_object *env, char *buf, size_t len)
{
	json_object *vcpus = path_get(env, "virtualization", "vcpus");
	struct env_clockinfo ci;
	size_t at;

	buf[0] = '\0';
	env_clock_read(env, &ci);
	if (ci.clock == ENV_CLOCK_ICOUNT && ci.shift >= 0)
		snprintf(buf, len, ", instruction-clocked (icount shift %d)", ci.shift);
	else if (ci.clock == ENV_CLOCK_ICOUNT)
		snprintf(buf, len, ", instruction-clocked (icount)");
	if (ci.cache_lens)
		buf_cat(buf, len, " with the cache lens");
	at = strlen(buf);
	if (vcpus && json_object_is_type(vcpus, json_type_int) && at < len)
		snprintf(buf + at, len - at, ", %d vCPU%s", json_object_get_int(vcpus),
			 json_object_get_int(vcpus) == 1 ? "" : "s");
}

void env_describe(json_object *env, char *buf, size_t len)
{
	char clock[96];
	size_t at;

	json_object *accel = path_get(env, "virtualization", "accel");
	json_object *hyp = path_get(env, "virtualization", "hypervisor");
	json_object *thread = path_get(env, "virtualization", "tcg_thread");
	const char *a = accel && json_object_is_type(accel, json_type_string) ?
			json_object_get_string(accel) : "";

	if (strcmp(a, "tcg") == 0 && thread && json_object_is_type(thread, json_type_string))
		snprintf(buf, len, "TCG guest (%s-threaded)", json_object_get_string(thread));
	else if (strcmp(a, "tcg") == 0)
		snprintf(buf, len, "TCG guest");
	else if (strcmp(a, "kvm") == 0)
		snprintf(buf, len, "KVM guest");
	else if (hyp && json_object_get_boolean(hyp))
		snprintf(buf, len, "guest (accel %s)", a[0] ? a : "unknown");
	else if (env)
		snprintf(buf, len, "host");
	else
		snprintf(buf, len, "unknown environment");
	/* a host has CPUs, not vCPUs, and no icount: only guests say more */
	if (strcmp(a, "tcg") && strcmp(a, "kvm") && !(hyp && json_object_get_boolean(hyp)))
		return;
	describe_clock(env, clock, sizeof(clock));
	at = strlen(buf);
	if (at < len)
		snprintf(buf + at, len - at, "%s", clock);
}
