/* libFuzzer target: the result reader (result_parse.c result_parse: JSON syntax,
 * salvage of a cut file, every field) on any bytes, then the writer and the
 * summaries (targets.h). Built and run by make -C bench fuzz-parsers. */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_result_one(data, size);
	return 0;
}
