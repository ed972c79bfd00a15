/* Where things are: the executable, suites, the module, output folders. */
#ifndef MHPB_PATHS_H
#define MHPB_PATHS_H

#include <stddef.h>

/* Folder of the running executable (from /proc/self/exe). Returns 0 or -1. */
int exe_dir(char *buf, size_t len);

/* A SUITE argument: a path if it holds a '/' or names an existing file, else
 * a bare name looked up in $MHPB_SUITES_DIR, then <exe dir>/suites (the
 * tree's bench/, the guest's /mhp/bench/), then MHPB_SUITES_DEFAULT (where
 * make install put them).
 * Returns 0 with the path in @buf, or -1 with a message in @err. */
int suite_resolve(const char *arg, char *buf, size_t len, char *err, size_t errlen);

/* mkdir -p. Returns 0 or -1 with errno. */
int mkdir_p(const char *path);

#endif
