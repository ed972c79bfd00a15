/* mirror.c: the guest's result mirror, written and read back as the host
 * does after a guest that was killed. */
#include "check.h"
#include "mirror.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

static char dir[] = "/tmp/mhpb-mirror-XXXXXX";

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

/* the text of @dir/@name, or "" */
static const char *read_text(const char *name)
{
	static char buf[256];
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/out/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return "";
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static void clear_out(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf %s/out && mkdir %s/out", dir, dir);
	CHECK(system(cmd) == 0);
}

int main(void)
{
	char img[512], run[512], other[512], err[512];
	struct mirror m, m2;

	printf("test_mirror: the result mirror a killed guest leaves\n");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(img, sizeof(img), "%s/mirror.img", dir);
	snprintf(run, sizeof(run), "%s/r1.json", dir);
	snprintf(other, sizeof(other), "%s/r2.json", dir);
	SECTION("an image too small is refused");
	write_text(img, "");
	CHECK(truncate(img, 4096) == 0);
	CHECK(mirror_open(&m, img, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "the mirror needs");
	CHECK(mirror_extract(img, dir) == -1);
	CHECK(truncate(img, MIRROR_BYTES) == 0);

	SECTION("the newest whole version of each file");
	CHECK(mirror_open(&m, img, err, sizeof(err)) == 0);
	for (int i = 1; i <= 3; i++) {
		char text[32];

		snprintf(text, sizeof(text), "version %d\n", i);
		write_text(run, text);
		CHECK(mirror_put_file(&m, run, err, sizeof(err)) == 0);
	}
	CHECK(mirror_open(&m2, img, err, sizeof(err)) == 0);	/* the next run */
	write_text(other, "other run\n");
	CHECK(mirror_put_file(&m2, other, err, sizeof(err)) == 0);
	CHECK(m2.slot != m.slot);
	clear_out();
	snprintf(run, sizeof(run), "%s/out", dir);
	CHECK(mirror_extract(img, run) == 2);
	CHECK_STR(read_text("r1.json"), "version 3\n");
	CHECK_STR(read_text("r2.json"), "other run\n");

	SECTION("the folder's own copy wins");
	snprintf(run, sizeof(run), "%s/out/r1.json", dir);
	write_text(run, "copied by the guest\n");
	snprintf(run, sizeof(run), "%s/out", dir);
	CHECK(mirror_extract(img, run) == 0);
	CHECK_STR(read_text("r1.json"), "copied by the guest\n");

	SECTION("killed while writing: the version before");
	{
		/* version 4 goes to half 1 (seq 8 there once whole): leave it odd */
		struct mirror_half *h = (struct mirror_half *)(m.base +
			(size_t)m.slot * MIRROR_SLOT_BYTES + MIRROR_HALF_BYTES);

		CHECK_U64(h->seq, 4);
		h->seq = 7;
		memcpy(h + 1, "torn", 4);
	}
	clear_out();
	CHECK(mirror_extract(img, run) == 2);
	CHECK_STR(read_text("r1.json"), "version 3\n");

	SECTION("a file larger than a half is refused, the older version kept");
	snprintf(run, sizeof(run), "%s/r1.json", dir);
	CHECK(truncate(run, MIRROR_DATA_BYTES + 1) == 0);
	CHECK(mirror_put_file(&m, run, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "the mirror holds");
	clear_out();
	snprintf(run, sizeof(run), "%s/out", dir);
	CHECK(mirror_extract(img, run) == 2);
	CHECK_STR(read_text("r1.json"), "version 3\n");

	SECTION("a name that would leave the folder is not written");
	{
		struct mirror_half *h = (struct mirror_half *)(m2.base +
			(size_t)m2.slot * MIRROR_SLOT_BYTES);

		snprintf(h->name, sizeof(h->name), "../escape");
	}
	clear_out();
	CHECK(mirror_extract(img, run) == 1);
	CHECK_STR(read_text("../escape"), "");

	SECTION("every slot taken");
	for (size_t i = 0; i < MIRROR_SLOTS - 2; i++) {
		struct mirror k;

		CHECK(mirror_open(&k, img, err, sizeof(err)) == 0);
		CHECK(mirror_put_file(&k, other, err, sizeof(err)) == 0);
		mirror_close(&k);
	}
	mirror_close(&m2);
	CHECK(mirror_open(&m2, img, err, sizeof(err)) == 0);
	CHECK(mirror_put_file(&m2, other, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "slots of the mirror are taken");
	mirror_close(&m);
	mirror_close(&m2);
	snprintf(run, sizeof(run), "rm -rf %s", dir);
	CHECK(system(run) == 0);
	return check_report("test_mirror");
}
