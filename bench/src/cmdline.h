/* The value of one "word=value" of a kernel command line: how the runner
 * tells a guest's collector its clock and lens (mhpbench.clock=,
 * mhpbench.lens=, ...). A leaf: env.c and lens.c both read it. */
#ifndef MHPB_CMDLINE_H
#define MHPB_CMDLINE_H

#include <stddef.h>

/* Value of "word=" in the kernel command line @cmdline, copied into @buf.
 * Returns 0 if found, -1 if not. */
int cmdline_value(const char *cmdline, const char *word, char *buf, size_t len);

#endif
