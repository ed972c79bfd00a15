/* The result mirror: the run files of a guest, each as its last finished
 * rewrite left it, in memory the host reads directly (QEMU's ivshmem-plain
 * over a file of the host, bench/vm/boot-qemu.sh).
 *
 * Why: a guest that wrote its results over 9p during the run moved its own
 * virtual clock, because 9p completes on the host's threads at host-timed
 * points, and two exact-mode boots of one kernel then differed in some
 * work rows (analysis/METHOD.md, "Exact mode"). The guest now writes its
 * results to its tmpfs and copies them to the share after the job; the
 * mirror, plain stores of the guest's own instructions, keeps every
 * finished sample of a guest that is killed before that copy.
 *
 * Layout: MIRROR_SLOTS slots of MIRROR_SLOT_BYTES, a slot per file. A slot
 * is two halves, each a struct mirror_half and then the file's bytes. A
 * version is written into the half that does not hold the newest one,
 * with an odd seq while it is written and the next even seq once it is
 * whole; a reader takes the whole half of the larger seq, so a guest
 * killed in the middle of a write leaves the version before it. */
#ifndef MHPB_MIRROR_H
#define MHPB_MIRROR_H

#include <stddef.h>
#include <stdint.h>

#define MIRROR_MAGIC "MHPBMIR1"
#define MIRROR_BYTES (128UL << 20)
#define MIRROR_SLOT_BYTES (16UL << 20)
#define MIRROR_SLOTS (MIRROR_BYTES / MIRROR_SLOT_BYTES)
#define MIRROR_HALF_BYTES (MIRROR_SLOT_BYTES / 2)

struct mirror_half {
	char magic[8];		/* MIRROR_MAGIC once the slot is taken */
	uint64_t seq;		/* odd: being written; even, non-zero: whole */
	uint64_t len;		/* bytes of the file after this header */
	char name[232];		/* the file's name, no folder, NUL-terminated */
};

#define MIRROR_DATA_BYTES (MIRROR_HALF_BYTES - sizeof(struct mirror_half))

struct mirror {
	uint8_t *base;		/* NULL: no mirror */
	size_t size;
	int slot;		/* the slot of this process's file, -1 until taken */
	uint64_t seq;		/* the seq of its newest version */
};

/* Map the mirror at @path (the guest: the ivshmem device's
 * /sys/bus/pci/devices/.../resource2). 0, or -1 with @err. */
int mirror_open(struct mirror *m, const char *path, char *err, size_t errlen);
void mirror_close(struct mirror *m);

/* The file @path as it is now, as the newest version of its name. 0, or
 * -1 with @err (too large, no free slot, unreadable). */
int mirror_put_file(struct mirror *m, const char *path, char *err, size_t errlen);

/* Host: every file of the mirror image @img that @dir does not hold yet,
 * written there whole (FILE.tmp renamed); @dir's own copies win. Reads a
 * mirror a running guest writes. Returns the number written, or -1 (said
 * on stderr). */
int mirror_extract(const char *img, const char *dir);

#endif
