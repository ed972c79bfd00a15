/* Parsing and printing of byte sizes, durations and instruction counts. */
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

/* What a figure counts. Under QEMU's -icount the guest clock advances
 * 2^shift ns per executed instruction, so a work phase's ns are an
 * instruction count; a wait stays (virtual) time. */
enum figure_unit {
	FIGURE_NS,		/* time: ns, us, ms, s */
	FIGURE_INSTRUCTIONS,	/* guest instructions (icount) */
	FIGURE_EST_CYCLES,	/* the cache lens's estimated cycles
				 * (lens_record.h) */
};

/* "ns", "instructions" or "est_cycles": the JSON name of the unit. */
const char *figure_unit_name(enum figure_unit u);

/* Instructions of @ns guest ns at icount shift @shift (< 0 read as 0):
 * ns / 2^shift. */
double ns_to_instructions(double ns, int shift);

/* A count with 3 significant digits and a k, M or G suffix chosen by
 * @scale (a reference value of the same row, so that a row's cells share
 * a suffix): "830", "13.6k", "1.40M". "-" for NaN. */
void format_count_in(double n, double scale, char *buf, size_t len);
/* The same with the suffix of @n itself. */
void format_count(double n, char *buf, size_t len);

/* A figure held in the ns fields as a count of @u: instructions (ns /
 * 2^@shift), estimated cycles as held; a time stays ns. */
double figure_count(double ns, enum figure_unit u, int shift);

/* @ns as @u: time by format_ns(), instructions (shift @shift) and
 * estimated cycles (held as they are) by format_count(). */
void format_figure(double ns, enum figure_unit u, int shift, char *buf, size_t len);

/* Append printf output to the string in @buf of @len bytes, cut at its end. */
void buf_cat(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
