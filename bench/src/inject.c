/* Delay injection (tests only): see inject.h. */
#include "inject.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *params_dir(void)
{
	const char *d = getenv("MHPB_SYSFS_PARAMS");

	return d && d[0] ? d : INJECT_SYSFS_DIR;
}

/* The first line of parameter @name, without its newline. Returns 0, or -1
 * when it cannot be read. */
static int read_param(const char *name, char *buf, size_t len)
{
	char path[512];
	FILE *f;
	int rc = -1;

	snprintf(path, sizeof(path), "%s/%s", params_dir(), name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	buf[0] = '\0';
	if (fgets(buf, (int)len, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		rc = 0;
	}
	fclose(f);
	return rc;
}

static int write_param(const char *name, const char *value)
{
	char path[512];
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/%s", params_dir(), name);
	f = fopen(path, "w");
	if (!f)
		return errno;
	/* sysfs reports the store's error at the write, i.e. at the flush */
	if (fputs(value, f) == EOF)
		err = errno;
	if (fclose(f) != 0 && !err)
		err = errno;
	return err;
}

int inject_parse(const char *arg, struct inject_desc *d, char *err, size_t errlen)
{
	const char *colon = strrchr(arg, ':');
	char *end;
	unsigned long long ns;

	memset(d, 0, sizeof(*d));
	if (!colon || colon == arg || (size_t)(colon - arg) >= sizeof(d->target)) {
		snprintf(err, errlen, "--inject '%s': expected TARGET:NS (e.g. sparse_add_section:8000)",
			 arg);
		return -1;
	}
	errno = 0;
	ns = strtoull(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || colon[1] == '-' || ns == 0 ||
	    ns > INJECT_MAX_NS) {
		snprintf(err, errlen, "--inject '%s': NS must be 1..%llu", arg, INJECT_MAX_NS);
		return -1;
	}
	memcpy(d->target, arg, (size_t)(colon - arg));
	d->target[colon - arg] = '\0';
	d->ns = ns;
	d->armed = true;
	return 0;
}

int inject_allowed(void)
{
	char v[16];

	if (access(params_dir(), F_OK) != 0)
		return -1;
	if (read_param("inject_allow", v, sizeof(v)))
		return 0;
	return strcmp(v, "Y") == 0 || strcmp(v, "1") == 0;
}

void inject_read(struct inject_desc *d)
{
	char v[64];

	memset(d, 0, sizeof(*d));
	if (read_param("inject_target", d->target, sizeof(d->target)))
		d->target[0] = '\0';
	if (read_param("inject_ns", v, sizeof(v)) == 0)
		d->ns = strtoull(v, NULL, 10);
	if (read_param("inject_hits", v, sizeof(v)) == 0)
		d->hits = strtoull(v, NULL, 10);
	/* the lens test's reads (LENS=1 builds, load time only) */
	if (read_param("touch_lines", v, sizeof(v)) == 0)
		d->touch_lines = strtoull(v, NULL, 10);
	if (d->touch_lines && read_param("touch_target", d->touch_target, sizeof(d->touch_target)))
		d->touch_target[0] = '\0';
	d->armed = (d->target[0] && d->ns) || d->touch_lines;
}

int inject_write(const char *target, uint64_t ns)
{
	char v[32];
	int err = 0;

	if (ns)
		err = write_param("inject_target", target);
	snprintf(v, sizeof(v), "%" PRIu64, ns);
	return err ? err : write_param("inject_ns", v);
}

void inject_merge(struct inject_desc *start, const struct inject_desc *end)
{
	bool same = start->armed == end->armed &&
		    (!start->armed || (start->ns == end->ns &&
				       strcmp(start->target, end->target) == 0 &&
				       start->touch_lines == end->touch_lines));

	if (!start->armed && end->armed) {
		*start = *end;
	} else if (start->armed && end->armed && same) {
		start->hits = end->hits;
	}
	start->changed = !same;
}
