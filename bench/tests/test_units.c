/* units.c: sizes and durations. */
#include "check.h"
#include "units.h"

int main(void)
{
	uint64_t v = 0, s = 0;
	char buf[32];

	printf("test_units: size parsing and time formatting\n");
	SECTION("parse_size");
	CHECK(parse_size("2M", &v) == 0);
	CHECK_U64(v, 2 * MIB);
	CHECK(parse_size("1g", &v) == 0);
	CHECK_U64(v, GIB);
	CHECK(parse_size("0x1000", &v) == 0);
	CHECK_U64(v, 4096);
	CHECK(parse_size("0", &v) == 0);
	CHECK_U64(v, 0);
	CHECK(parse_size("3X", &v) == -1);
	CHECK(parse_size("M", &v) == -1);
	CHECK(parse_size("-2M", &v) == -1);
	CHECK(parse_size("2MB", &v) == -1);
	CHECK(parse_size("99999999999999999999", &v) == -1);
	CHECK(parse_size("17179869184G", &v) == -1);

	SECTION("parse_range");
	CHECK(parse_range("0x100000000+1G", &s, &v) == 0);
	CHECK_U64(s, 0x100000000ULL);
	CHECK_U64(v, GIB);
	CHECK(parse_range("4G+256M", &s, &v) == 0);
	CHECK_U64(s, 4 * GIB);
	CHECK(parse_range("4G", &s, &v) == -1);
	CHECK(parse_range("4G+0", &s, &v) == -1);

	SECTION("format_size");
	format_size(GIB, buf, sizeof(buf));
	CHECK_STR(buf, "1G");
	format_size(2 * MIB, buf, sizeof(buf));
	CHECK_STR(buf, "2M");
	format_size(0, buf, sizeof(buf));
	CHECK_STR(buf, "0");

	SECTION("format_ns: 3 significant digits, adaptive unit");
	format_ns(57, buf, sizeof(buf));
	CHECK_STR(buf, "57 ns");
	format_ns(250000, buf, sizeof(buf));
	CHECK_STR(buf, "250 us");
	format_ns(15312345, buf, sizeof(buf));
	CHECK_STR(buf, "15.3 ms");
	format_ns(1520000, buf, sizeof(buf));
	CHECK_STR(buf, "1.52 ms");
	format_ns(999700, buf, sizeof(buf));
	CHECK_STR(buf, "1.00 ms");
	format_ns(2.5e9, buf, sizeof(buf));
	CHECK_STR(buf, "2.50 s");
	return check_report("test_units");
}
