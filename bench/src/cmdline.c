/* The kernel command line's words: see cmdline.h. */
#include "cmdline.h"

#include <stdio.h>
#include <string.h>

int cmdline_value(const char *cmdline, const char *word, char *buf, size_t len)
{
	size_t wl = strlen(word);

	for (const char *p = cmdline; p && *p;) {
		p += strspn(p, " \t\n");
		if (strncmp(p, word, wl) == 0 && p[wl] == '=') {
			size_t vl = strcspn(p + wl + 1, " \t\n");

			snprintf(buf, len, "%.*s", (int)vl, p + wl + 1);
			return 0;
		}
		p += strcspn(p, " \t\n");
	}
	return -1;
}
