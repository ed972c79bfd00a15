/* The result mirror (mirror.h): the guest's writer and the host's reader. */
#include "mirror.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* a reader's tries at a half a running guest rewrites under it */
#define MIRROR_READ_TRIES 100

static struct mirror_half *half_at(uint8_t *base, int slot, int half)
{
	return (struct mirror_half *)(base + (size_t)slot * MIRROR_SLOT_BYTES +
				      (size_t)half * MIRROR_HALF_BYTES);
}

static uint64_t seq_load(const struct mirror_half *h)
{
	return atomic_load_explicit((const _Atomic uint64_t *)&h->seq, memory_order_acquire);
}

static void seq_store(struct mirror_half *h, uint64_t seq)
{
	atomic_store_explicit((_Atomic uint64_t *)&h->seq, seq, memory_order_release);
}

/* Map the first MIRROR_BYTES of @path with @prot: the mapping, or NULL
 * with @err. */
static uint8_t *map_mirror(const char *path, int prot, char *err, size_t errlen)
{
	struct stat st;
	void *base;
	int fd = open(path, (prot & PROT_WRITE ? O_RDWR : O_RDONLY) | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if ((size_t)st.st_size < MIRROR_BYTES) {
		snprintf(err, errlen, "%s: %lld bytes, the mirror needs %lu", path,
			 (long long)st.st_size, MIRROR_BYTES);
		close(fd);
		return NULL;
	}
	base = mmap(NULL, MIRROR_BYTES, prot, MAP_SHARED, fd, 0);
	close(fd);
	if (base == MAP_FAILED) {
		snprintf(err, errlen, "mmap %s: %s", path, strerror(errno));
		return NULL;
	}
	return base;
}

int mirror_open(struct mirror *m, const char *path, char *err, size_t errlen)
{
	*m = (struct mirror){ .slot = -1 };
	m->base = map_mirror(path, PROT_READ | PROT_WRITE, err, errlen);
	if (!m->base)
		return -1;
	m->size = MIRROR_BYTES;
	return 0;
}

void mirror_close(struct mirror *m)
{
	if (m->base)
		munmap(m->base, m->size);
	*m = (struct mirror){ .slot = -1 };
}

/* The first slot no process has taken; -1 when all are. */
static int free_slot(const struct mirror *m)
{
	for (int s = 0; s < (int)MIRROR_SLOTS; s++)
		if (!half_at(m->base, s, 0)->magic[0] && !half_at(m->base, s, 1)->magic[0])
			return s;
	return -1;
}

/* Read @path whole into a new buffer: 0, or -1 with @err. */
static int read_whole(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	*buf = malloc((size_t)n + 1);
	*len = *buf ? fread(*buf, 1, (size_t)n, f) : 0;
	fclose(f);
	if (!*buf || *len != (size_t)n) {
		snprintf(err, errlen, "%s: cannot read it whole", path);
		free(*buf);
		return -1;
	}
	return 0;
}

int mirror_put_file(struct mirror *m, const char *path, char *err, size_t errlen)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct mirror_half *h;
	size_t len;
	char *buf;

	if (strlen(name) >= sizeof(h->name)) {
		snprintf(err, errlen, "%s: a name too long for the mirror", name);
		return -1;
	}
	if (m->slot < 0 && (m->slot = free_slot(m)) < 0) {
		snprintf(err, errlen, "all %lu slots of the mirror are taken", MIRROR_SLOTS);
		return -1;
	}
	if (read_whole(path, &buf, &len, err, errlen))
		return -1;
	if (len > MIRROR_DATA_BYTES) {
		snprintf(err, errlen, "%s: %zu bytes, the mirror holds %zu", path, len,
			 (size_t)MIRROR_DATA_BYTES);
		free(buf);
		return -1;
	}
	/* versions alternate between the halves: seq 2 in half 0, 4 in 1... */
	h = half_at(m->base, m->slot, (int)((m->seq / 2) % 2));
	memcpy(h->magic, MIRROR_MAGIC, sizeof(h->magic));
	seq_store(h, m->seq + 1);
	memcpy((uint8_t *)(h + 1), buf, len);
	h->len = len;
	snprintf(h->name, sizeof(h->name), "%s", name);
	m->seq += 2;
	seq_store(h, m->seq);
	free(buf);
	return 0;
}

/* A name the guest may give a file of the host's folder. */
static bool name_ok(const char *name, size_t cap)
{
	size_t n = strnlen(name, cap);

	return n > 0 && n < cap && name[0] != '.' && !memchr(name, '/', n);
}

struct mirror_copy {
	uint64_t seq;		/* 0: no whole version */
	char name[sizeof(((struct mirror_half *)0)->name)];
	char *data;
	size_t len;
};

/* Half @h into @c if it holds a whole version newer than @c's, read the
 * way a seqlock is: its seq the same before and after the copy. */
static void read_half(const struct mirror_half *h, struct mirror_copy *c)
{
	for (int t = 0; t < MIRROR_READ_TRIES; t++) {
		uint64_t seq = seq_load(h);
		size_t len = h->len;

		if (memcmp(h->magic, MIRROR_MAGIC, sizeof(h->magic)) || !seq || seq <= c->seq)
			return;
		if (seq % 2 || len > MIRROR_DATA_BYTES || !name_ok(h->name, sizeof(h->name)))
			continue;	/* being written: look again */
		char *data = malloc(len ? len : 1);

		if (!data)
			return;
		memcpy(data, h + 1, len);
		atomic_thread_fence(memory_order_acquire);
		if (seq_load(h) != seq) {
			free(data);
			continue;
		}
		free(c->data);
		*c = (struct mirror_copy){ .seq = seq, .data = data, .len = len };
		memcpy(c->name, h->name, sizeof(c->name));
		return;
	}
}

/* @c into @dir/@c->name unless the folder has that file: 1 written, 0
 * there already, -1 failed (said on stderr). */
static int write_copy(const struct mirror_copy *c, const char *dir)
{
	char path[4096], tmp[4200];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, c->name);
	if (access(path, F_OK) == 0)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	ok = f && fwrite(c->data, 1, c->len, f) == c->len;
	if (f && fclose(f))
		ok = 0;
	if (!ok || rename(tmp, path)) {
		fprintf(stderr, "mhpbench mirror-extract: %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	fprintf(stderr, "mhpbench mirror-extract: %s restored from the mirror (%zu bytes)\n",
		path, c->len);
	return 1;
}

int mirror_extract(const char *img, const char *dir)
{
	char err[512];
	int written = 0, failed = 0;
	uint8_t *base = map_mirror(img, PROT_READ, err, sizeof(err));

	if (!base) {
		fprintf(stderr, "mhpbench mirror-extract: %s\n", err);
		return -1;
	}
	for (int s = 0; s < (int)MIRROR_SLOTS; s++) {
		struct mirror_copy c = { 0 };
		int rc;

		read_half(half_at(base, s, 0), &c);
		read_half(half_at(base, s, 1), &c);
		if (!c.seq)
			continue;
		rc = write_copy(&c, dir);
		free(c.data);
		written += rc > 0;
		failed |= rc < 0;
	}
	munmap(base, MIRROR_BYTES);
	return failed ? -1 : written;
}
