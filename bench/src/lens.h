/* The cache lens (bench/lens/): the collector's part of its marker
 * protocol, and folding the plugin's counts into the result files. */
#ifndef MHPB_LENS_H
#define MHPB_LENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A run's tagging of its measured calls. */
struct lens_tagger {
	bool on;		/* the guest runs under the lens */
	uint32_t run_id;	/* lens_run_id() of the result file */
};

/* The lens asked for on kernel command line @cmdline (mhpbench.lens=NAME):
 * its name into @name, true; false when none. */
bool lens_from_cmdline(const char *cmdline, char *name, size_t len);

/* The 32-bit identity of a run in the tags: FNV-1a of the result file's
 * base name, which the guest and the host both see. */
uint32_t lens_run_id(const char *path);

/* Start tagging for the run whose result file is @path, if the kernel
 * command line asks for the lens. Returns 0, or -1 with @err when it does
 * but the module cannot take part (built without LENS=1). */
int lens_tagger_init(struct lens_tagger *t, const char *path, char *err, size_t errlen);

/* Tag the next measured call: sample @seq's map or unmap. */
void lens_tag(const struct lens_tagger *t, uint32_t seq, bool unmap);

/* mhpbench lens-merge DIR: fold DIR/lens-cache.jsonl into every run file
 * of DIR and of its folders (two levels). Returns the exit code (0, 1 some
 * calls without counts, 2). */
int lens_merge_dir(const char *dir);

#endif
