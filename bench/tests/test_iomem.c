/* iomem.c: PMEM discovery on sample /proc/iomem texts (tests/data). */
#include "check.h"
#include "iomem.h"
#include "units.h"

static char *load(const char *name)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, name);
	text = iomem_read_text(path);
	if (!text) {
		fprintf(stderr, "FAIL cannot read %s\n", path);
		exit(1);
	}
	return text;
}

/* Parse @name; pick @needed; return 0 and *base, or -1 with @err. */
static int pick(const char *name, uint64_t needed, uint64_t *base, char *err, size_t len)
{
	char *text = load(name);
	struct iomem io;
	int rc = iomem_parse(text, &io, err, len);

	free(text);
	if (rc)
		return rc;
	rc = iomem_pick(&io, needed, base, err, len);
	iomem_free(&io);
	return rc;
}

static void test_free_region(void)
{
	char *text = load("iomem-nvdimm-free.txt");
	struct iomem io;
	struct iomem_part *parts;
	char err[256];
	uint64_t base = 0, ram = 0;
	size_t n;

	SECTION("QEMU NVDIMM region without children: wholly free");
	CHECK(iomem_parse(text, &io, err, sizeof(err)) == 0);
	free(text);
	CHECK_U64(io.n, 22);
	CHECK_U64(io.e[6].depth, 0);
	CHECK_U64(io.e[7].depth, 1);
	CHECK_U64(io.e[7].parent, 6);
	CHECK_STR(io.e[7].name, "Kernel code");
	n = iomem_free_parts(&io, &parts);
	CHECK_U64(n, 1);
	if (n == 1) {
		CHECK_U64(parts[0].start, 0x100000000ULL);
		CHECK_U64(parts[0].end, 0x1ffffffffULL);
	}
	free(parts);
	CHECK(iomem_pick(&io, GIB + 2 * MIB, &base, err, sizeof(err)) == 0);
	CHECK_U64(base, 0x100000000ULL);
	CHECK(iomem_pick(&io, 4 * GIB, &base, err, sizeof(err)) == 0);
	CHECK(iomem_pick(&io, 4 * GIB + 2 * MIB, &base, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "needed 4098M");
	CHECK_CONTAINS(err, "largest free part is 4G");

	SECTION("System RAM probe for the negative checks: above 16M, 2M aligned");
	CHECK(iomem_system_ram_probe(&io, &ram) == 0);
	CHECK_U64(ram, 16 * MIB);
	iomem_free(&io);
}

static void test_owned(void)
{
	char err[256] = "";
	uint64_t base = 0;

	SECTION("region held by namespace0.0/pmem0: nothing free");
	CHECK(pick("iomem-nvdimm-namespace.txt", 2 * MIB, &base, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "owned by a driver");

	SECTION("partly owned region (dax0.0 and a crashed mhpbench): the gaps are free");
	CHECK(pick("iomem-nvdimm-partial.txt", GIB + 2 * MIB, &base, err, sizeof(err)) == 0);
	CHECK_U64(base, 0x140000000ULL);
	CHECK(pick("iomem-nvdimm-partial.txt", 2 * GIB, &base, err, sizeof(err)) == 0);
	CHECK_U64(base, 0x190000000ULL);
}

static void test_partial_parts(void)
{
	char *text = load("iomem-nvdimm-partial.txt");
	struct iomem io;
	struct iomem_part *parts;
	char err[256];
	size_t n;

	SECTION("free parts skip every child, grandchildren do not split");
	CHECK(iomem_parse(text, &io, err, sizeof(err)) == 0);
	free(text);
	n = iomem_free_parts(&io, &parts);
	CHECK_U64(n, 2);
	if (n == 2) {
		CHECK_U64(parts[0].start, 0x140000000ULL);
		CHECK_U64(parts[0].end, 0x187ffffffULL);
		CHECK_U64(parts[1].start, 0x190000000ULL);
		CHECK_U64(parts[1].end, 0x2ffffffffULL);
	}
	free(parts);
	iomem_free(&io);
}

static void test_other_kinds(void)
{
	char err[256] = "";
	uint64_t base = 0;

	SECTION("legacy e820 PMEM (memmap=2G!4G)");
	CHECK(pick("iomem-legacy.txt", GIB + 2 * MIB, &base, err, sizeof(err)) == 0);
	CHECK_U64(base, 0x100000000ULL);

	SECTION("no PMEM at all");
	CHECK(pick("iomem-no-pmem.txt", 2 * MIB, &base, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "no Persistent Memory region");

	SECTION("read without root: all zero, refused");
	CHECK(pick("iomem-nonroot.txt", 2 * MIB, &base, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "root");

	SECTION("region too small once rounded up to a section");
	CHECK(pick("iomem-small.txt", 2 * MIB, &base, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "needed 2M");
	CHECK_CONTAINS(err, "largest free part is 127M");
}

static void test_bad_text(void)
{
	struct iomem io;
	char err[256] = "";

	SECTION("malformed lines are errors naming the line");
	CHECK(iomem_parse("00000000-00000fff : Reserved\nnot a line\n", &io, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "line 2");
	CHECK(iomem_parse("    00000000-00000fff : too deep\n", &io, err, sizeof(err)) == -1);
	CHECK(iomem_parse("", &io, err, sizeof(err)) == 0);
	CHECK_U64(io.n, 0);
	iomem_free(&io);
}

int main(void)
{
	printf("test_iomem: PMEM range discovery\n");
	test_free_region();
	test_owned();
	test_partial_parts();
	test_other_kinds();
	test_bad_text();
	return check_report("test_iomem");
}
