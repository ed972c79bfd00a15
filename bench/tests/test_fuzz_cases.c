/* The inputs kept from fuzzing (tests/data/fuzz-suite/, tests/data/
 * fuzz-result/: each once crashed a parser, or is a corrupted file worth
 * keeping) run through the fuzz targets' own code (tests/fuzz/targets.h):
 * in every unit-test build, and under ASan and UBSan in make asan-test.
 * Each must be read or refused, never crash. */
#include "check.h"
#include "fuzz/targets.h"

#include <dirent.h>

/* Run @one on every file of TEST_DATA/@dir; returns how many ran. */
static unsigned run_dir(const char *dir, int (*one)(const uint8_t *, size_t))
{
	char path[512];
	struct dirent *e;
	unsigned n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, dir);
	d = opendir(path);
	CHECK(d != NULL);
	while (d && (e = readdir(d)) != NULL) {
		char *text;
		size_t len;
		FILE *f, *m;
		int c;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", TEST_DATA, dir, e->d_name);
		f = fopen(path, "rb");
		CHECK(f != NULL);
		if (!f)
			continue;
		text = NULL;
		len = 0;
		m = open_memstream(&text, &len);
		while ((c = fgetc(f)) != EOF)
			fputc(c, m);
		fclose(m);
		fclose(f);
		one((const uint8_t *)text, len);	/* read or refused: either is fine */
		free(text);
		n++;
	}
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	printf("test_fuzz_cases: inputs kept from the parser fuzzers\n");
	SECTION("tests/data/fuzz-suite: suite_parse, then the schedule");
	CHECK(run_dir("fuzz-suite", fuzz_suite_one) > 0);
	SECTION("tests/data/fuzz-result: result_parse, then the writer and the summaries");
	CHECK(run_dir("fuzz-result", fuzz_result_one) > 0);
	return check_report("test_fuzz_cases");
}
