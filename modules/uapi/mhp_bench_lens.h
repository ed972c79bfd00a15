/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The marker protocol between mhpbench and the cache lens, a QEMU TCG
 * plugin (bench/lens/mhpb_cache.c) that simulates the guest's caches and
 * attributes the counts to the phases the module times.
 *
 * A marker is one 7-byte NOP, "nopl disp32(%rax)" (0f 1f 80 + disp32),
 * whose displacement carries the marker: MHPB_LENS_MAGIC in the top 16
 * bits, the kind (enum mhpb_lens_kind) in bits 8-15, an argument in bits
 * 0-7. On any CPU it does nothing; the plugin recognises it when QEMU
 * translates it and acts when it executes. An immediate is the only data
 * a plugin of QEMU 7.2 (plugin API 1, no register reads) can see, so a
 * value known only at run time follows its marker bit by bit: one
 * MHPB_LENS_BIT0 or MHPB_LENS_BIT1 marker per bit, the most significant
 * first (64 bits after MHPB_LENS_TAG, 8 after MHPB_LENS_PHASE_*).
 *
 * Who emits what, only while the lens is on (the module's lens=1
 * parameter, the collector's mhpbench.lens=cache on the kernel command
 * line):
 * - the collector: TAG and its 64 bits right before each measured ioctl:
 *   the next call's tag (MHPB_LENS_TAG());
 * - the module: CALL_BEGIN (argument: enum mhpb_lens_op) and CALL_END
 *   around one measured memremap_pages()/memunmap_pages() call,
 *   PHASE_BEGIN and PHASE_END and their 8 bits (enum mhpb_phase, or
 *   MHPB_LENS_UNTRACKED) where it pushes and pops its phase stack, and
 *   HANDLER_ENTER/HANDLER_LEAVE around the code of its probe handlers
 *   that no unprobed kernel would run: the plugin counts nothing there.
 */
#ifndef _UAPI_MHP_BENCH_LENS_H
#define _UAPI_MHP_BENCH_LENS_H

#include <linux/types.h>

#define MHPB_LENS_MAGIC		0x6d68u	/* "mh" */

enum mhpb_lens_kind {
	MHPB_LENS_CALL_BEGIN = 1,
	MHPB_LENS_CALL_END,
	MHPB_LENS_PHASE_BEGIN,
	MHPB_LENS_PHASE_END,
	MHPB_LENS_HANDLER_ENTER,
	MHPB_LENS_HANDLER_LEAVE,
	MHPB_LENS_TAG,
	MHPB_LENS_BIT0,
	MHPB_LENS_BIT1,
};

#define MHPB_LENS_TAG_BITS	64
#define MHPB_LENS_PHASE_BITS	8

enum mhpb_lens_op { MHPB_LENS_OP_MAP, MHPB_LENS_OP_UNMAP };

/* The PHASE_* value of a phase the module pushes as untracked. */
#define MHPB_LENS_UNTRACKED	0xffu

#define MHPB_LENS_DISP(kind, arg) \
	((MHPB_LENS_MAGIC << 16) | ((kind) << 8) | ((arg) & 0xffu))

/*
 * The tag of one measured call: a 32-bit run identity (the collector uses
 * a hash of the result file's name), the sample's seq and the op.
 */
#define MHPB_LENS_TAG(run, seq, unmap) \
	(((__u64)(run) << 32) | (((__u64)(seq) & 0x7fffffffu) << 1) | \
	 ((unmap) ? 1u : 0u))

#if defined(__x86_64__)
/* Emit marker (@kind, @arg); both must be compile-time constants. */
#define MHPB_LENS_MARK(kind, arg) \
	({ __asm__ __volatile__(".byte 0x0f, 0x1f, 0x80\n\t.long %c0" \
				: : "i" (MHPB_LENS_DISP(kind, arg)) \
				: "memory"); })
#else
#define MHPB_LENS_MARK(kind, arg) do { (void)(kind); (void)(arg); } while (0)
#endif

#endif /* _UAPI_MHP_BENCH_LENS_H */
