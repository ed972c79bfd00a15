/* Where things are: the executable, suites, the module, output folders. */
#include "paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* make install's suites folder (bench/Makefile: $(PREFIX)/share/mhpbench/suites) */
#ifndef MHPB_SUITES_DEFAULT
#define MHPB_SUITES_DEFAULT "/usr/local/share/mhpbench/suites"
#endif

int exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int suite_resolve(const char *arg, char *buf, size_t len, char *err, size_t errlen)
{
	const char *env = getenv("MHPB_SUITES_DIR");
	char dir[4096];

	if (strchr(arg, '/') || is_file(arg)) {
		snprintf(buf, len, "%s", arg);
		return 0;
	}
	if (env && *env) {
		snprintf(buf, len, "%s/%s", env, arg);
		if (is_file(buf))
			return 0;
	}
	if (exe_dir(dir, sizeof(dir)) == 0) {
		snprintf(buf, len, "%s/suites/%s", dir, arg);
		if (is_file(buf))
			return 0;
	}
	snprintf(buf, len, "%s/%s", MHPB_SUITES_DEFAULT, arg);
	if (is_file(buf))
		return 0;
	snprintf(err, errlen, "suite '%s' not found (looked in %s%s<exe dir>/suites, %s)", arg,
		 env && *env ? env : "", env && *env ? ", " : "", MHPB_SUITES_DEFAULT);
	return -1;
}

int mkdir_p(const char *path)
{
	char tmp[4096];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, path, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}
