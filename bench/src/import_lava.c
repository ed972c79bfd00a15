/* mhpbench import-lava: the files of a LAVA job's run, taken out of the
 * job's log whole (bench/lava/console-export.sh printed them on the
 * console), checked against the size and sha256 the guest printed, and
 * written to a folder that compare, trend and bisect read.
 *
 * The log is lava-run's output or a server's (`lavacli jobs logs ID
 * --raw`): one JSON object per line, with or without YAML's "- ". A plain
 * console capture works too. A file cut short or altered on the way is
 * refused, and then nothing is written: a partial import would pool as a
 * whole run. Each run file gains environment.virtualization.host from
 * what the log says of the worker (its QEMU); the file as the guest wrote
 * it is named there by size and sha256. */
#include "import_lava.h"
#include "result.h"

#include <json-c/json.h>
#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <zlib.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARK_FILE "mhpbench-file: "
#define MARK_B64 "mhpbench-b64: "
#define MARK_EXIT "mhpbench-guest: exit "
/* larger than any run file the collector writes */
#define MAX_FILE_BYTES (512UL << 20)

struct lava_file {
	char name[256], sha256[65];
	unsigned long bytes, lines, got_lines;
	char *b64;
	size_t b64_len, b64_cap;
	unsigned char *data;	/* the file, once checked */
};

struct lava_log {
	const char *path;
	unsigned long lineno;
	struct lava_file *files;
	size_t n, cap;
	struct lava_file *open;		/* between begin and end */
	long done;			/* the count "done" gave, -1 before */
	int guest_exit;			/* -1: never said */
	char qemu_deb[128], dispatcher[64], boot_cmd[1024];
	char err[1024];
};

/* The reason, with the log's file and line, into lg->err; returns -1. */
__attribute__((format(printf, 2, 3)))
static int fail(struct lava_log *lg, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(lg->err, sizeof(lg->err), "%s:%lu: %s", lg->path, lg->lineno, what);
	return -1;
}

/* Only names console-export.sh prints: no path, nothing hidden. */
static bool good_name(const char *s)
{
	if (!*s || *s == '.' || strlen(s) >= 256)
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+@,=-") ==
	       strlen(s);
}

static int file_begin(struct lava_log *lg, const char *args)
{
	struct lava_file f = { 0 };

	if (lg->open)
		return fail(lg, "%s begins before %s ended: the log was cut", args, lg->open->name);
	if (sscanf(args, "%255s %lu %64s", f.name, &f.bytes, f.sha256) != 3 ||
	    strlen(f.sha256) != 64 || !good_name(f.name) || f.bytes > MAX_FILE_BYTES)
		return fail(lg, "a file's first line is not \"begin NAME BYTES SHA256\": %s", args);
	for (size_t i = 0; i < lg->n; i++)
		if (strcmp(lg->files[i].name, f.name) == 0)
			return fail(lg, "%s comes twice", f.name);
	if (lg->n == lg->cap) {
		size_t cap = lg->cap ? 2 * lg->cap : 8;
		struct lava_file *p = realloc(lg->files, cap * sizeof(*p));

		if (!p)
			return fail(lg, "out of memory");
		lg->files = p;
		lg->cap = cap;
	}
	lg->files[lg->n] = f;
	lg->open = &lg->files[lg->n++];
	return 0;
}

static int b64_line(struct lava_log *lg, const char *text)
{
	struct lava_file *f = lg->open;
	size_t n = strcspn(text, " \r\n");

	if (!f)
		return fail(lg, "a line of data outside any file");
	if (f->b64_len + n + 1 > f->b64_cap) {
		size_t cap = f->b64_cap ? 2 * f->b64_cap : 4096;
		char *p;

		while (cap < f->b64_len + n + 1)
			cap *= 2;
		p = realloc(f->b64, cap);
		if (!p)
			return fail(lg, "out of memory");
		f->b64 = p;
		f->b64_cap = cap;
	}
	memcpy(f->b64 + f->b64_len, text, n);
	f->b64_len += n;
	f->b64[f->b64_len] = '\0';
	f->got_lines++;
	return 0;
}

/* gzip's stream of @in into exactly @bytes bytes; -1 when it is not one,
 * or holds fewer or more. */
static int gunzip_exact(const unsigned char *in, size_t len, unsigned char *out, size_t bytes)
{
	unsigned char extra = 0;	/* where an empty file's excess would go */
	z_stream zs = { 0 };
	int rc;

	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return -1;
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = bytes ? out : &extra;
	zs.avail_out = (uInt)bytes;
	rc = inflate(&zs, Z_FINISH);
	inflateEnd(&zs);
	return rc == Z_STREAM_END && zs.total_out == bytes && zs.avail_in == 0 ? 0 : -1;
}

static void sha256_hex(const unsigned char *data, size_t len, char hex[65])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(d), d);
	for (size_t i = 0; i < sizeof(d); i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
}

/* The open file's text decoded and checked: base64, gzip, size, hash. */
static int file_check(struct lava_log *lg, struct lava_file *f)
{
	struct base64_decode_ctx ctx;
	size_t zlen = BASE64_DECODE_LENGTH(f->b64_len);
	unsigned char *z = malloc(zlen + 1);
	char hex[65];
	int bad;

	f->data = malloc(f->bytes + 1);
	if (!z || !f->data) {
		free(z);
		return fail(lg, "out of memory");
	}
	base64_decode_init(&ctx);
	bad = !base64_decode_update(&ctx, &zlen, z, f->b64_len, f->b64 ? f->b64 : "") ||
	      !base64_decode_final(&ctx) || gunzip_exact(z, zlen, f->data, f->bytes);
	free(z);
	if (bad)
		return fail(lg, "%s: its data is not the gzip and base64 of %lu bytes: altered or "
			    "cut on the way", f->name, f->bytes);
	sha256_hex(f->data, f->bytes, hex);
	if (strcmp(hex, f->sha256))
		return fail(lg, "%s: sha256 %s differs from the guest's: altered on the way",
			    f->name, hex);
	return 0;
}

static int file_end(struct lava_log *lg, const char *args)
{
	struct lava_file *f = lg->open;
	char name[256];
	unsigned long lines;

	if (!f || sscanf(args, "%255s %lu", name, &lines) != 2 || strcmp(name, f->name))
		return fail(lg, "an end without its begin: %s", args);
	if (lines != f->got_lines)
		return fail(lg, "%s: %lu of %lu lines of data came: lines were lost", f->name,
			    f->got_lines, lines);
	lg->open = NULL;
	return file_check(lg, f);
}

static int file_line(struct lava_log *lg, const char *text)
{
	if (strncmp(text, "begin ", 6) == 0)
		return file_begin(lg, text + 6);
	if (strncmp(text, "end ", 4) == 0)
		return file_end(lg, text + 4);
	if (strncmp(text, "done ", 5) == 0) {
		if (lg->open)
			return fail(lg, "done while %s is open: the log was cut", lg->open->name);
		lg->done = strtol(text + 5, NULL, 10);
	}
	return 0;	/* "skipped ...": said by the guest, nothing to take */
}

/* One line of the guest's console. Markers are looked for anywhere in the
 * line: the firmware's escape codes can precede the first. */
static int console_line(struct lava_log *lg, const char *text)
{
	const char *m;

	if ((m = strstr(text, MARK_B64)))
		return b64_line(lg, m + strlen(MARK_B64));
	if ((m = strstr(text, MARK_FILE)))
		return file_line(lg, m + strlen(MARK_FILE));
	if ((m = strstr(text, MARK_EXIT)))
		lg->guest_exit = atoi(m + strlen(MARK_EXIT));
	return 0;
}

/* What LAVA says of its worker: the dispatcher's and QEMU's packages. */
static void worker_line(struct lava_log *lg, const char *msg)
{
	const char *v;

	if ((v = strstr(msg, "qemu-system-x86, installed at version: ")))
		sscanf(v + 39, "%127[^,]", lg->qemu_deb);
	else if ((v = strstr(msg, "lava-dispatcher, installed at version: ")))
		sscanf(v + 39, "%63s", lg->dispatcher);
	else if (strncmp(msg, "Boot command: ", 14) == 0)
		snprintf(lg->boot_cmd, sizeof(lg->boot_cmd), "%s", msg + 14);
}

static int log_line(struct lava_log *lg, char *line)
{
	json_object *o, *lvl, *msg;
	const char *p = strncmp(line, "- ", 2) == 0 ? line + 2 : line;
	int rc = 0;

	line[strcspn(line, "\r\n")] = '\0';
	if (*p != '{' || !(o = json_tokener_parse(p)))
		return console_line(lg, line);	/* a plain console capture */
	if (json_object_object_get_ex(o, "lvl", &lvl) &&
	    json_object_object_get_ex(o, "msg", &msg) && json_object_is_type(msg, json_type_string)) {
		const char *level = json_object_get_string(lvl);

		/* "feedback": what the console said after the action that
		 * read it had ended (the exit line after the monitor's end) */
		if (strcmp(level, "target") == 0 || strcmp(level, "feedback") == 0)
			rc = console_line(lg, json_object_get_string(msg));
		else
			worker_line(lg, json_object_get_string(msg));
	}
	json_object_put(o);
	return rc;
}

static int read_log(struct lava_log *lg)
{
	FILE *f = fopen(lg->path, "r");
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (!f) {
		snprintf(lg->err, sizeof(lg->err), "%s: %s", lg->path, strerror(errno));
		return -1;
	}
	while (!rc && getline(&line, &cap, f) > 0) {
		lg->lineno++;
		rc = log_line(lg, line);
	}
	free(line);
	fclose(f);
	if (!rc && lg->open)
		rc = fail(lg, "the log ends inside %s: it was cut", lg->open->name);
	if (!rc && lg->done < 0)
		rc = fail(lg, "no \"%sdone\" line: the log was cut, or the job never printed its "
			  "files", MARK_FILE);
	if (!rc && (size_t)lg->done != lg->n)
		rc = fail(lg, "the guest printed %ld files, the log holds %zu", lg->done, lg->n);
	return rc;
}

/* environment.virtualization.host of a guest's run: the worker's QEMU as
 * LAVA logged it, and the file as the guest wrote it. */
static json_object *host_record(const struct lava_log *lg, const struct lava_file *f)
{
	json_object *h = json_object_new_object(), *q = NULL, *lava = json_object_new_object();

	json_object_object_add(h, "recorded_by", json_object_new_string("import-lava"));
	json_object_object_add(h, "cpu_model", NULL);	/* LAVA's log does not say */
	if (lg->qemu_deb[0]) {
		q = json_object_new_object();
		json_object_object_add(q, "debian_version", json_object_new_string(lg->qemu_deb));
	}
	json_object_object_add(h, "qemu", q);
	json_object_object_add(lava, "dispatcher", lg->dispatcher[0] ?
			       json_object_new_string(lg->dispatcher) : NULL);
	json_object_object_add(lava, "boot_command", lg->boot_cmd[0] ?
			       json_object_new_string(lg->boot_cmd) : NULL);
	json_object_object_add(lava, "bytes_as_written", json_object_new_uint64(f->bytes));
	json_object_object_add(lava, "sha256_as_written", json_object_new_string(f->sha256));
	json_object_object_add(h, "lava", lava);
	return h;
}

/* A guest's run file gains the host record; any other file is kept byte
 * for byte. */
static int write_one(const struct lava_log *lg, const struct lava_file *f, const char *dir,
		     char *err, size_t errlen)
{
	char path[PATH_MAX + 256], why[256];
	json_object *j = NULL, *virt = NULL, *accel, *host = NULL;
	struct result r;
	FILE *out;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", dir, f->name);
	f->data[f->bytes] = '\0';
	if (result_parse((const char *)f->data, f->bytes, &r, why, sizeof(why)) == 0)
		j = json_tokener_parse((const char *)f->data);
	result_free(&r);
	if (j && json_object_object_get_ex(j, "environment", &virt) &&
	    json_object_object_get_ex(virt, "virtualization", &virt) &&
	    json_object_object_get_ex(virt, "accel", &accel) &&
	    (!json_object_object_get_ex(virt, "host", &host) || !host) &&
	    strcmp(json_object_get_string(accel), "none") != 0) {
		json_object_object_add(virt, "host", host_record(lg, f));
		ok = json_write_atomic(j, path, err, errlen) == 0;
		json_object_put(j);
		return ok ? 0 : -1;
	}
	json_object_put(j);
	out = fopen(path, "wbx");
	ok = out && fwrite(f->data, 1, f->bytes, out) == f->bytes;
	if (out && fclose(out))
		ok = false;
	if (!ok)
		snprintf(err, errlen, "%s: %s", f->name, strerror(errno));
	return ok ? 0 : -1;
}

static void remove_stage(const struct lava_log *lg, const char *stage)
{
	char path[PATH_MAX + 256];

	for (size_t i = 0; i < lg->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", stage, lg->files[i].name);
		unlink(path);
	}
	rmdir(stage);
}

/* Every file into @out at once: written to a folder beside it, renamed
 * when all are there. @out must not exist or be an empty folder. */
static int write_all(const struct lava_log *lg, const char *out, char *err, size_t errlen)
{
	char stage[PATH_MAX];
	size_t i;

	if (rmdir(out) && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s; give a new folder", out,
			 errno == ENOTEMPTY || errno == EEXIST ? "not empty" : strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(stage, sizeof(stage), "%s.import-XXXXXX", out) >= sizeof(stage) ||
	    !mkdtemp(stage)) {
		snprintf(err, errlen, "%s: cannot make a folder beside it: %s", out, strerror(errno));
		return -1;
	}
	/* mkdtemp's 0700 is for the folder's making, not for its readers */
	chmod(stage, 0755);
	for (i = 0; i < lg->n; i++)
		if (write_one(lg, &lg->files[i], stage, err, errlen))
			break;
	if (i < lg->n || rename(stage, out)) {
		if (i == lg->n)
			snprintf(err, errlen, "%s: %s", out, strerror(errno));
		remove_stage(lg, stage);
		return -1;
	}
	return 0;
}

static void free_log(struct lava_log *lg)
{
	for (size_t i = 0; i < lg->n; i++) {
		free(lg->files[i].b64);
		free(lg->files[i].data);
	}
	free(lg->files);
}

int import_lava(const char *log, const char *out)
{
	struct lava_log lg = { .path = log, .done = -1, .guest_exit = -1 };
	char err[PATH_MAX + 128];
	int rc = 0;

	if (read_log(&lg)) {
		fprintf(stderr, "mhpbench import-lava: %s; nothing imported\n", lg.err);
		free_log(&lg);
		return 1;
	}
	if (write_all(&lg, out, err, sizeof(err))) {
		fprintf(stderr, "mhpbench import-lava: %s; nothing imported\n", err);
		free_log(&lg);
		return 1;
	}
	/* the files are whole; the run they hold may not be: say so */
	if (lg.guest_exit != 0) {
		fprintf(stderr, "mhpbench import-lava: %s: the guest's job %s; its run is kept as "
			"its files say (a cut run is marked in them)\n", log,
			lg.guest_exit < 0 ? "never said how it ended" : "failed");
		rc = 1;
	}
	printf("%s\n", out);
	free_log(&lg);
	return rc;
}
