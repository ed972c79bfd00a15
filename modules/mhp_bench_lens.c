// SPDX-License-Identifier: GPL-2.0
/*
 * The cache lens's phase markers (uapi/mhp_bench_lens.h). A phase is
 * known only at run time, so it follows its marker bit by bit. All of it
 * runs between HANDLER_ENTER and HANDLER_LEAVE: the plugin counts none of
 * it.
 */
#include <linux/moduleparam.h>
#include <linux/vmalloc.h>

#include "mhp_bench_lens.h"
#include "uapi/mhp_bench.h"

/* Read by the collector: this build emits the markers. */
static bool lens = true;
module_param(lens, bool, 0444);
MODULE_PARM_DESC(lens, "1: this build emits the cache lens's markers (LENS=1 builds only)");

static void mark_phase(u32 phase)
{
	unsigned int bit = MHPB_LENS_PHASE_BITS;

	if (phase >= MHPB_NR_PHASES)
		phase = MHPB_LENS_UNTRACKED;
	while (bit--) {
		if (phase >> bit & 1)
			MHPB_LENS_MARK(MHPB_LENS_BIT1, 0);
		else
			MHPB_LENS_MARK(MHPB_LENS_BIT0, 0);
	}
}

void mhpb_lens_phase_begin(u32 phase)
{
	MHPB_LENS_MARK(MHPB_LENS_PHASE_BEGIN, 0);
	mark_phase(phase);
}

void mhpb_lens_phase_end(u32 phase)
{
	MHPB_LENS_MARK(MHPB_LENS_PHASE_END, 0);
	mark_phase(phase);
}

/*
 * Tests only: the known access pattern of the lens's test. With
 * touch_target (a phase probe's function, as for inject_target) and
 * touch_lines given at load, every hit of the measuring task on the
 * target reads one byte of each of touch_lines 64-byte lines of a vmalloc
 * buffer, inside the phase, after HANDLER_LEAVE: the lens must count
 * touch_lines last-level misses there when the buffer is larger than the
 * modelled last level (a cyclic pass over more lines than LRU holds
 * misses every time).
 */
#define TOUCH_LINE	64
#define TOUCH_MAX_LINES	(4ul << 20)	/* 256 MiB */

static char *touch_target = "";
module_param(touch_target, charp, 0444);
MODULE_PARM_DESC(touch_target, "Tests only: phase function whose hits read touch_lines lines");
static unsigned long touch_lines;
module_param(touch_lines, ulong, 0444);
MODULE_PARM_DESC(touch_lines, "Tests only: 64-byte lines read per hit of touch_target");
static unsigned long touch_hits;
module_param(touch_hits, ulong, 0444);
MODULE_PARM_DESC(touch_hits, "Tests only: hits that read the lines");

static const char *touch_symbol;
static u8 *touch_buf;
static u8 touch_sink;

int mhpb_lens_init(const char *(*probed)(const char *name))
{
	if (!touch_lines && !touch_target[0])
		return 0;
	if (!touch_lines || touch_lines > TOUCH_MAX_LINES)
		return -EINVAL;
	touch_symbol = probed(touch_target);
	if (!touch_symbol)
		return -ENOENT;
	touch_buf = vmalloc(touch_lines * TOUCH_LINE);
	if (!touch_buf)
		return -ENOMEM;
	pr_info("mhp_bench: reading %lu lines in every %s() of the measured task (lens test only)\n",
		touch_lines, touch_target);
	return 0;
}

void mhpb_lens_exit(void)
{
	vfree(touch_buf);
	touch_buf = NULL;
}

void mhpb_lens_touch(const char *symbol)
{
	unsigned long i;
	u8 sum = 0;

	if (symbol != touch_symbol || !touch_buf)
		return;
	for (i = 0; i < touch_lines; i++)
		sum += READ_ONCE(touch_buf[i * TOUCH_LINE]);
	WRITE_ONCE(touch_sink, sum);
	WRITE_ONCE(touch_hits, touch_hits + 1);
}
