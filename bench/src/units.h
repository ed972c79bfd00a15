/* Parsing and printing of byte sizes and durations. */
#ifndef MHPB_UNITS_H
#define MHPB_UNITS_H

#include <stddef.h>
#include <stdint.h>

#define KIB (1ULL << 10)
#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

/* "4096", "0x1000", "2M", "1g": a number (base 0) with an optional binary
 * suffix K, M or G. Returns 0, or -1 if @s is not such a size or overflows. */
int parse_size(const char *s, uint64_t *out);

/* "START+SIZE", both in parse_size() syntax. Returns 0 or -1. */
int parse_range(const char *s, uint64_t *start, uint64_t *size);

/* Shortest exact form: "1G", "64M", "4K", or plain bytes. */
void format_size(uint64_t bytes, char *buf, size_t len);

/* Adaptive unit (ns, us, ms, s) with 3 significant digits: "15.3 ms". */
void format_ns(double ns, char *buf, size_t len);

#endif
