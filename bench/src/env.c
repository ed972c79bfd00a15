/* The environment a run happened in, captured as a JSON record. */
#include "env.h"
#include "cmdline.h"
#include "lens.h"

#include <nettle/sha2.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* First line of a small file without its newline, or NULL. */
static char *read_line(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[4096];
	char *s = NULL;

	if (!f)
		return NULL;
	if (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		s = strdup(buf);
	}
	fclose(f);
	return s;
}

static json_object *string_file(const char *path)
{
	char *s = read_line(path);
	json_object *o = s ? json_object_new_string(s) : NULL;

	free(s);
	return o;
}

static json_object *int_file(const char *path)
{
	char *s = read_line(path);
	json_object *o = NULL;

	if (s && isdigit((unsigned char)s[0]))
		o = json_object_new_int(atoi(s));
	free(s);
	return o;
}

/* Hex sha256 of a whole file into @hex (65 bytes). Returns 0 or -1. */
static int sha256_file(const char *path, char *hex)
{
	FILE *f = fopen(path, "rb");
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	unsigned char buf[65536];
	size_t n;

	if (!f)
		return -1;
	sha256_init(&ctx);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&ctx, n, buf);
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);
	return 0;
}

/* /boot/config-<release> is the plain config; /proc/config.gz is hashed as
 * stored (compressed), so the two are not comparable: the file is recorded. */
static void add_config(json_object *env, const char *release)
{
	char path[512], hex[2 * SHA256_DIGEST_SIZE + 1];

	snprintf(path, sizeof(path), "/boot/config-%s", release);
	if (sha256_file(path, hex) != 0) {
		snprintf(path, sizeof(path), "/proc/config.gz");
		if (sha256_file(path, hex) != 0) {
			json_object_object_add(env, "config_sha256", NULL);
			json_object_object_add(env, "config_file", NULL);
			return;
		}
	}
	json_object_object_add(env, "config_sha256", json_object_new_string(hex));
	json_object_object_add(env, "config_file", json_object_new_string(path));
}

/* The whole of a file of at most @max bytes into @buf (@max + 1 bytes):
 * its length, -1 when it cannot be read (errno), -2 when larger. */
static long read_small(const char *path, char *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	int bad;

	if (!f)
		return -1;
	n = fread(buf, 1, max + 1, f);
	bad = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (bad) {
		errno = bad;
		return -1;
	}
	buf[n < max ? n : max] = '\0';
	return n > max ? -2 : (long)n;
}

/* The one JSON value of @buf (@n bytes, nothing but blanks after it), or
 * NULL with the reason in @why. */
static json_object *parse_whole(const char *buf, long n, char *why, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	json_object *o;
	enum json_tokener_error e;
	size_t end;

	if (!tok) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	o = json_tokener_parse_ex(tok, buf, (int)n);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (e == json_tokener_continue)	/* the file ends inside the value */
		snprintf(why, len, "not JSON (it ends early)");
	else if (e != json_tokener_success)
		snprintf(why, len, "not JSON (%s)", json_tokener_error_desc(e));
	else if (buf[end + strspn(buf + end, " \t\r\n")] != '\0' || strlen(buf) != (size_t)n)
		snprintf(why, len, "not JSON (more after the value)");
	else
		return o;
	json_object_put(o);
	return NULL;
}

/* The JSON object of the file @path of at most ENV_SOURCE_MAX_BYTES, or
 * NULL: with the reason in @why, or with @why empty when there is none. */
static json_object *small_object_file(const char *path, char *why, size_t len)
{
	char *buf = malloc(ENV_SOURCE_MAX_BYTES + 1);
	json_object *o = NULL;
	long n;

	why[0] = '\0';
	if (!buf) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	n = read_small(path, buf, ENV_SOURCE_MAX_BYTES);
	if (n == -1 && errno != ENOENT)
		snprintf(why, len, "cannot read it: %s", strerror(errno));
	else if (n == -2)
		snprintf(why, len, "larger than %d KiB", ENV_SOURCE_MAX_BYTES / 1024);
	else if (n >= 0)
		o = parse_whole(buf, n, why, len);
	/* JSON's null parses to NULL too */
	if (n >= 0 && !why[0] && !json_object_is_type(o, json_type_object))
		snprintf(why, len, "not a JSON object");
	if (why[0]) {
		json_object_put(o);
		o = NULL;
	}
	free(buf);
	return o;
}

json_object *env_source_file(const char *path, char *why, size_t len)
{
	json_object *o = small_object_file(path, why, len);

	if (o && env_source_check(o, why, len)) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

/* environment.virtualization.host: the machine that ran the guest, as the
 * QEMU runner recorded it before the boot (bench/vm/boot-qemu.sh writes
 * it, the guest's init names it in MHPB_HOST_RECORD): CPU model, QEMU's
 * version and the hash of its binary. Null where nobody recorded it (a
 * run on the host itself, whose CPU is environment.cpu; a LAVA job's
 * guest, which `mhpbench import-lava` completes from the job's log). */
static json_object *host_record(void)
{
	const char *path = getenv("MHPB_HOST_RECORD");
	char why[160];
	json_object *o;

	if (!path || !*path)
		return NULL;
	o = small_object_file(path, why, sizeof(why));
	if (!o)
		fprintf(stderr, "mhpbench: warning: %s: %s; environment.virtualization.host "
			"recorded as null\n", path, why[0] ? why : "no such file");
	return o;
}

/* environment.kernel.source: the build identity of a kernel `make
 * compare` built, or null. A broken file must not cost the run: it is
 * recorded as null, and said once. */
static json_object *kernel_source(const char *release)
{
	char path[512], why[160];
	json_object *o;

	snprintf(path, sizeof(path), "/boot/source-%s.json", release);
	o = env_source_file(path, why, sizeof(why));
	if (!o && why[0])
		fprintf(stderr, "mhpbench: warning: %s: %s; environment.kernel.source recorded "
			"as null\n", path, why);
	return o;
}

void env_clock_from_cmdline(const char *cmdline, struct env_clockinfo *ci)
{
	char v[32], lens[32], *end;
	long shift;

	ci->clock = ENV_CLOCK_WALL;
	ci->shift = -1;
	ci->cache_lens = lens_from_cmdline(cmdline, lens, sizeof(lens)) &&
			 strcmp(lens, "cache") == 0;
	if (!cmdline)
		return;
	if (!cmdline_value(cmdline, "mhpbench.clock", v, sizeof(v)) &&
	    strcmp(v, "icount") == 0)
		ci->clock = ENV_CLOCK_ICOUNT;
	/* QEMU takes shifts 0..10; anything else is not a shift we can use */
	if (!cmdline_value(cmdline, "mhpbench.icount_shift", v, sizeof(v)) &&
	    isdigit((unsigned char)v[0])) {
		shift = strtol(v, &end, 10);
		if (!*end && shift <= 30)
			ci->shift = (int)shift;
	}
}

/* environment.virtualization: clock, icount_shift, vcpus. The clock
 * decides what a number means (instructions or time), so compare and
 * trend refuse to mix runs of different clocks. */
static void add_clock(json_object *virt, const char *cmdline)
{
	struct env_clockinfo ci;

	env_clock_from_cmdline(cmdline, &ci);
	json_object_object_add(virt, "clock", json_object_new_string(env_clock_name(ci.clock)));
	json_object_object_add(virt, "icount_shift",
			       ci.shift >= 0 ? json_object_new_int(ci.shift) : NULL);
	json_object_object_add(virt, "vcpus", json_object_new_int64(sysconf(_SC_NPROCESSORS_ONLN)));
}

/* environment.virtualization.lens: {"name": NAME} when the guest runs
 * under a lens (mhpbench lens-merge adds the model), else null. */
static void add_lens(json_object *virt, const char *cmdline)
{
	json_object *lens = NULL;
	char name[32];

	if (lens_from_cmdline(cmdline, name, sizeof(name))) {
		lens = json_object_new_object();
		json_object_object_add(lens, "name", json_object_new_string(name));
	}
	json_object_object_add(virt, "lens", lens);
}

static void add_cpu(json_object *env, bool *hypervisor)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	json_object *cpu = json_object_new_object();
	char line[8192], model[256] = "";

	*hypervisor = false;
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		if (!model[0] && strncmp(line, "model name", 10) == 0) {
			snprintf(model, sizeof(model), "%s", colon + 2);
			model[strcspn(model, "\n")] = '\0';
		}
		/* the CPUID hypervisor bit, as the kernel reports it */
		if (strncmp(line, "flags", 5) == 0 && strstr(colon, " hypervisor"))
			*hypervisor = true;
	}
	if (f)
		fclose(f);
	json_object_object_add(cpu, "model", model[0] ? json_object_new_string(model) : NULL);
	json_object_object_add(cpu, "count", json_object_new_int64(sysconf(_SC_NPROCESSORS_ONLN)));
	json_object_object_add(env, "cpu", cpu);
}

static json_object *memory_kib(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long long kib = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %lld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib >= 0 ? json_object_new_int64(kib) : NULL;
}

static json_object *pmem_regions(const struct iomem *io)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; io && i < io->n; i++) {
		json_object *r, *children;

		if (!iomem_is_pmem_region(io, i))
			continue;
		r = json_object_new_object();
		children = json_object_new_array();
		json_object_object_add(r, "start", json_object_new_uint64(io->e[i].start));
		json_object_object_add(r, "end", json_object_new_uint64(io->e[i].end));
		json_object_object_add(r, "name", json_object_new_string(io->e[i].name));
		for (size_t c = i + 1; c < io->n && io->e[c].depth > 0; c++)
			if (io->e[c].parent == (int)i)
				json_object_array_add(children, json_object_new_string(io->e[c].name));
		json_object_object_add(r, "children", children);
		json_object_array_add(a, r);
	}
	return a;
}

/* `ndctl list -RNi` as JSON, or NULL if ndctl is missing or fails. */
static json_object *ndctl_list(void)
{
	FILE *p = popen("command -v ndctl >/dev/null 2>&1 && ndctl list -RNi 2>/dev/null", "r");
	char *out = NULL;
	size_t len = 0;
	char chunk[4096];
	size_t n;
	json_object *j = NULL;

	if (!p)
		return NULL;
	out = calloc(1, 1);
	while (out && (n = fread(chunk, 1, sizeof(chunk), p)) > 0) {
		char *t = realloc(out, len + n + 1);

		if (!t)
			break;
		out = t;
		memcpy(out + len, chunk, n);
		len += n;
		out[len] = '\0';
	}
	if (pclose(p) == 0 && out && len)
		j = json_tokener_parse(out);
	free(out);
	return j;
}

json_object *env_capture(const struct iomem *io)
{
	json_object *env = json_object_new_object(), *kernel = json_object_new_object();
	json_object *virt = json_object_new_object();
	struct utsname u;
	char *cmdline = read_line("/proc/cmdline");
	char accel[64], tcg[16], host[256];
	bool hypervisor;

	uname(&u);
	json_object_object_add(kernel, "release", json_object_new_string(u.release));
	json_object_object_add(kernel, "version", json_object_new_string(u.version));
	json_object_object_add(kernel, "cmdline", cmdline ? json_object_new_string(cmdline) : NULL);
	json_object_object_add(kernel, "source", kernel_source(u.release));
	json_object_object_add(env, "kernel", kernel);
	/* compare treats one boot as one replicate (analysis/METHOD.md) */
	json_object_object_add(env, "boot_id", string_file("/proc/sys/kernel/random/boot_id"));
	add_config(env, u.release);
	add_cpu(env, &hypervisor);
	json_object_object_add(env, "memory_kib", memory_kib());
	json_object_object_add(env, "clocksource",
		string_file("/sys/devices/system/clocksource/clocksource0/current_clocksource"));
	json_object_object_add(env, "rcu_expedited", int_file("/sys/kernel/rcu_expedited"));
	json_object_object_add(env, "rcu_normal", int_file("/sys/kernel/rcu_normal"));
	/* the QEMU runner names its accelerator; nothing else can tell TCG */
	if (!cmdline || cmdline_value(cmdline, "mhpbench.accel", accel, sizeof(accel)))
		snprintf(accel, sizeof(accel), "%s", hypervisor ? "unknown" : "none");
	json_object_object_add(virt, "hypervisor", json_object_new_boolean(hypervisor));
	json_object_object_add(virt, "accel", json_object_new_string(accel));
	/* single: QEMU's round-robin TCG, one host thread for all vCPUs */
	json_object_object_add(virt, "tcg_thread",
		cmdline && !cmdline_value(cmdline, "mhpbench.tcg_thread", tcg, sizeof(tcg)) ?
		json_object_new_string(tcg) : NULL);
	add_clock(virt, cmdline);
	add_lens(virt, cmdline);
	json_object_object_add(virt, "host", host_record());
	json_object_object_add(env, "virtualization", virt);
	json_object_object_add(env, "pmem_regions", pmem_regions(io));
	json_object_object_add(env, "ndctl", ndctl_list());
	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		json_object_object_add(env, "hostname", json_object_new_string(host));
	} else {
		json_object_object_add(env, "hostname", NULL);
	}
	free(cmdline);
	return env;
}
