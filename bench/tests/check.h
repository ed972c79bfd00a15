/* Minimal unit test helpers: every failure names file:line and goes on. */
#ifndef MHPB_CHECK_H
#define MHPB_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond) do { \
	check_count++; \
	if (!(cond)) { \
		check_failures++; \
		fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	check_count++; \
	if (!g_ || strcmp(g_, w_) != 0) { \
		check_failures++; \
		fprintf(stderr, "FAIL %s:%d: %s\n  got:  '%s'\n  want: '%s'\n", \
			__FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_); \
	} \
} while (0)

#define CHECK_U64(got, want) do { \
	unsigned long long g_ = (got), w_ = (want); \
	check_count++; \
	if (g_ != w_) { \
		check_failures++; \
		fprintf(stderr, "FAIL %s:%d: %s = %llu (0x%llx), want %llu (0x%llx)\n", \
			__FILE__, __LINE__, #got, g_, g_, w_, w_); \
	} \
} while (0)

#define CHECK_CONTAINS(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	check_count++; \
	if (!h_ || !strstr(h_, n_)) { \
		check_failures++; \
		fprintf(stderr, "FAIL %s:%d: '%s' not found in:\n%.600s%s\n", \
			__FILE__, __LINE__, n_, h_ ? h_ : "(null)", \
			h_ && strlen(h_) > 600 ? "\n[...]" : ""); \
	} \
} while (0)

#define SECTION(name) printf("  %s\n", name)

static inline int check_report(const char *test)
{
	if (check_failures) {
		fprintf(stderr, "%s: %d of %d checks FAILED\n", test, check_failures, check_count);
		return 1;
	}
	printf("%s: %d checks passed\n", test, check_count);
	return 0;
}

/* The contents of @dir/@name (free it), or NULL. */
static inline char *slurp_in(const char *dir, const char *name)
{
	char path[512], *buf = NULL;
	size_t len = 0;
	FILE *f, *m;
	int c;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "r")))
		return NULL;
	m = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return buf;
}

#endif
