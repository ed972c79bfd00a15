/* libFuzzer target: the suite parser (suite.c suite_parse) on any bytes
 * (targets.h). Built and run by make -C bench fuzz-parsers. */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_suite_one(data, size);
	return 0;
}
