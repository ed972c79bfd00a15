/* The environment record's kernel.source: the build identity file of a
 * kernel `make compare` built (/boot/source-<release>.json), read and
 * checked by the collector (env_source_file()), and read back from a
 * result's environment (env_kernel_source(), env_source_parse()). A
 * broken file is refused with a reason and never stops the capture. */
#include "check.h"
#include "env.h"

#include <stdbool.h>
#include <unistd.h>

/* env_source_file() on tests/data/@name: the record, or NULL and why. */
static json_object *read_data(const char *name, char *why, size_t len)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, name);
	return env_source_file(path, why, len);
}

static void good_files(void)
{
	char why[160];
	json_object *o;
	struct env_source s;

	SECTION("a git record and a Debian record are taken as they are");
	o = read_data("source-git.json", why, sizeof(why));
	CHECK(o != NULL);
	CHECK_STR(why, "");
	env_source_parse(o, &s);
	CHECK(s.kind == ENV_SOURCE_GIT);
	CHECK_STR(s.commit, "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
	CHECK_STR(s.describe, "v6.1-7-g1a2b3c4");
	CHECK_STR(s.tree, "/home/dev/linux");
	CHECK_STR(s.package, "");
	CHECK_U64(env_source_npatches(&s), 0);
	json_object_put(o);
	o = read_data("source-debian.json", why, sizeof(why));
	CHECK(o != NULL);
	env_source_parse(o, &s);
	CHECK(s.kind == ENV_SOURCE_DEBIAN);
	CHECK_STR(s.package, "linux-source-6.1");
	CHECK_STR(s.version, "6.1.158-1");
	CHECK_STR(s.instrumentation, "kretprobes");
	CHECK_U64(env_source_npatches(&s), 1);
	CHECK_STR(env_source_patch(&s, 0, "file"), "/home/dev/patches/0001-mm-sparse-count.patch");
	CHECK_STR(env_source_patch(&s, 1, "file"), "");
	CHECK(s.dropped && json_object_array_length(s.dropped) == 1);
	json_object_put(o);
}

/* A file of @size bytes that is a valid record but for its size. */
static void write_big(const char *path, size_t size)
{
	FILE *f = fopen(path, "w");
	const char *head = "{\"kind\": \"git\", \"subject\": \"";

	CHECK(f != NULL);
	if (!f)
		return;
	fputs(head, f);
	for (size_t i = strlen(head); i + 2 < size; i++)
		fputc('x', f);
	fputs("\"}", f);
	fclose(f);
}

static void bad_files(void)
{
	static const struct { const char *name, *why; } bad[] = {
		{ "source-bad-kind.json", "kind \"tarball\" is neither \"git\" nor \"debian\"" },
		{ "source-array.json", "not a JSON object" },
		{ "source-cut.json", "not JSON (it ends early)" },
		{ "source-two-values.json", "not JSON (more after the value)" },
	};
	char why[160], path[] = "/tmp/mhpb-test-env-XXXXXX";
	int fd = mkstemp(path);

	SECTION("a file that is not a record: NULL, and what is wrong with it");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(read_data(bad[i].name, why, sizeof(why)) == NULL);
		CHECK_STR(why, bad[i].why);
	}
	SECTION("no file: NULL and nothing to say (stock kernels, real hardware)");
	CHECK(read_data("source-none.json", why, sizeof(why)) == NULL);
	CHECK_STR(why, "");
	SECTION("JSON's null, an empty file, a NUL inside: not records");
	for (size_t i = 0; i < 3; i++) {
		static const char *const text[] = { "null\n", "", "{\"kind\": \"git\"}\0x" };
		static const size_t size[] = { 5, 0, 17 };
		static const char *const want[] = {
			"not a JSON object", "not JSON (it ends early)", "not JSON (more after the value)",
		};
		FILE *f = fopen(path, "w");

		CHECK(f != NULL);
		if (!f)
			continue;
		fwrite(text[i], 1, size[i], f);
		fclose(f);
		CHECK(env_source_file(path, why, sizeof(why)) == NULL);
		CHECK_STR(why, want[i]);
	}
	SECTION("64 KiB is the limit");
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
	write_big(path, ENV_SOURCE_MAX_BYTES);
	json_object_put(env_source_file(path, why, sizeof(why)));
	CHECK_STR(why, "");
	write_big(path, ENV_SOURCE_MAX_BYTES + 1);
	CHECK(env_source_file(path, why, sizeof(why)) == NULL);
	CHECK_STR(why, "larger than 64 KiB");
	unlink(path);
}

/* What a result's environment holds, read back: a valid record, or NULL
 * for anything else (absent, null, a hand-edited kind). */
static void reader(void)
{
	static const struct { const char *env; bool has; } cases[] = {
		{ "{\"kernel\":{\"release\":\"6.1\",\"source\":{\"kind\":\"git\"}}}", true },
		{ "{\"kernel\":{\"release\":\"6.1\",\"source\":{\"kind\":\"debian\"}}}", true },
		{ "{\"kernel\":{\"release\":\"6.1\",\"source\":null}}", false },
		{ "{\"kernel\":{\"release\":\"6.1\"}}", false },
		{ "{\"kernel\":{\"release\":\"6.1\",\"source\":{\"kind\":\"svn\"}}}", false },
		{ "{\"kernel\":{\"release\":\"6.1\",\"source\":\"git\"}}", false },
	};
	char why[96];

	SECTION("env_kernel_source(): the record when valid, else NULL");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_object *env = json_tokener_parse(cases[i].env);

		CHECK((env_kernel_source(env) != NULL) == cases[i].has);
		json_object_put(env);
	}
	CHECK(env_kernel_source(NULL) == NULL);
	CHECK(env_source_check(NULL, why, sizeof(why)) == -1);
	CHECK_STR(why, "not a JSON object");
}

/* This machine has no /boot/source-<release>.json of its running
 * kernel: the capture records the field, as null. */
static void capture(void)
{
	json_object *env = env_capture(NULL), *kernel = NULL, *v = (json_object *)1;

	SECTION("env_capture() records kernel.source (null without the file)");
	CHECK(json_object_object_get_ex(env, "kernel", &kernel));
	CHECK(json_object_object_get_ex(kernel, "source", &v));
	CHECK(v == NULL || env_kernel_source(env) != NULL);
	json_object_put(env);
}

int main(void)
{
	printf("test_env: the kernel's build identity in the environment record\n");
	good_files();
	bad_files();
	reader();
	capture();
	return check_report("test_env");
}
