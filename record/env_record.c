/* Readers of the environment record a result file holds. */
#include "env_record.h"

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

void env_clock_read(json_object *env, struct env_clockinfo *ci)
{
	json_object *clock = path_get(env, "virtualization", "clock");
	json_object *shift = path_get(env, "virtualization", "icount_shift");

	ci->clock = ENV_CLOCK_WALL;
	ci->shift = -1;
	if (clock && json_object_is_type(clock, json_type_string) &&
	    strcmp(json_object_get_string(clock), "icount") == 0)
		ci->clock = ENV_CLOCK_ICOUNT;
	if (shift && json_object_is_type(shift, json_type_int))
		ci->shift = json_object_get_int(shift);
}

int env_clock_equal(const struct env_clockinfo *a, const struct env_clockinfo *b)
{
	/* a wall run's shift means nothing */
	return a->clock == b->clock && (a->clock == ENV_CLOCK_WALL || a->shift == b->shift);
}

void env_clock_describe(const struct env_clockinfo *ci, char *buf, size_t len)
{
	if (ci->clock == ENV_CLOCK_ICOUNT && ci->shift >= 0)
		snprintf(buf, len, "icount (shift %d)", ci->shift);
	else
		snprintf(buf, len, "%s", env_clock_name(ci->clock));
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
