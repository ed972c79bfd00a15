/* The collector's part of the cache lens's marker protocol
 * (modules/uapi/mhp_bench_lens.h). */
#include "lens.h"

#include "cmdline.h"

#include <mhp_bench_lens.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool lens_from_cmdline(const char *cmdline, char *name, size_t len)
{
	return cmdline && cmdline_value(cmdline, "mhpbench.lens", name, len) == 0 &&
	       name[0];
}

uint32_t lens_run_id(const char *path)
{
	const char *base = strrchr(path, '/');
	uint32_t h = 2166136261u;

	for (const char *p = base ? base + 1 : path; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static char *read_cmdline(void)
{
	FILE *f = fopen("/proc/cmdline", "r");
	char *line = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	if (getline(&line, &cap, f) < 0) {
		free(line);
		line = NULL;
	}
	fclose(f);
	return line;
}

/* The module's lens parameter exists only in LENS=1 builds. */
static bool module_emits_markers(void)
{
	FILE *f = fopen("/sys/module/mhp_bench/parameters/lens", "r");
	int c = f ? fgetc(f) : EOF;

	if (f)
		fclose(f);
	return c == 'Y';
}

int lens_tagger_init(struct lens_tagger *t, const char *path, char *err, size_t errlen)
{
	char *cmdline = read_cmdline();
	char name[32];

	t->on = lens_from_cmdline(cmdline, name, sizeof(name));
	free(cmdline);
	t->run_id = lens_run_id(path);
	if (t->on && !module_emits_markers()) {
		snprintf(err, errlen, "the kernel command line asks for the %s lens, but the loaded "
			 "mhp_bench module was built without its markers (make -C modules LENS=1)",
			 name);
		return -1;
	}
	return 0;
}

void lens_tag(const struct lens_tagger *t, uint32_t seq, bool unmap)
{
	uint64_t tag = MHPB_LENS_TAG(t->run_id, seq, unmap);

	if (!t->on)
		return;
	MHPB_LENS_MARK(MHPB_LENS_TAG, 0);
	for (int bit = MHPB_LENS_TAG_BITS - 1; bit >= 0; bit--) {
		if (tag >> bit & 1)
			MHPB_LENS_MARK(MHPB_LENS_BIT1, 0);
		else
			MHPB_LENS_MARK(MHPB_LENS_BIT0, 0);
	}
}
