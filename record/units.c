/* Parsing and printing of byte sizes, durations and instruction counts. */
#include "units.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;

	/* strtoull accepts a sign and leading blanks: a size never has them */
	if (!s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': mult = KIB; end++; break;
	case 'm': case 'M': mult = MIB; end++; break;
	case 'g': case 'G': mult = GIB; end++; break;
	default: return -1;
	}
	if (*end != '\0')
		return -1;
	if (v > UINT64_MAX / mult)
		return -1;
	*out = (uint64_t)v * mult;
	return 0;
}

int parse_range(const char *s, uint64_t *start, uint64_t *size)
{
	const char *plus = strchr(s, '+');
	char first[64];
	size_t n;

	if (!plus)
		return -1;
	n = (size_t)(plus - s);
	if (n == 0 || n >= sizeof(first))
		return -1;
	memcpy(first, s, n);
	first[n] = '\0';
	if (parse_size(first, start) || parse_size(plus + 1, size))
		return -1;
	if (*size == 0 || *start + *size < *start)
		return -1;
	return 0;
}

void format_size(uint64_t bytes, char *buf, size_t len)
{
	if (bytes && bytes % GIB == 0)
		snprintf(buf, len, "%lluG", (unsigned long long)(bytes / GIB));
	else if (bytes && bytes % MIB == 0)
		snprintf(buf, len, "%lluM", (unsigned long long)(bytes / MIB));
	else if (bytes && bytes % KIB == 0)
		snprintf(buf, len, "%lluK", (unsigned long long)(bytes / KIB));
	else
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
}

void format_ns(double ns, char *buf, size_t len)
{
	static const char *const unit[] = { "ns", "us", "ms", "s" };
	unsigned u = 0;
	double v = ns;

	/* 999.7 us would print as "1000 us": move up once it rounds to 1000 */
	while (u < 3 && v >= 999.5) {
		v /= 1000.0;
		u++;
	}
	if (v >= 99.95 || u == 0)
		snprintf(buf, len, "%.0f %s", v, unit[u]);
	else if (v >= 9.995)
		snprintf(buf, len, "%.1f %s", v, unit[u]);
	else
		snprintf(buf, len, "%.2f %s", v, unit[u]);
}

const char *figure_unit_name(enum figure_unit u)
{
	return u == FIGURE_INSTRUCTIONS ? "instructions" : u == FIGURE_EST_CYCLES ? "est_cycles" :
	       "ns";
}

double ns_to_instructions(double ns, int shift)
{
	return ldexp(ns, -(shift > 0 ? shift : 0));
}

void format_count_in(double n, double scale, char *buf, size_t len)
{
	static const char *const suffix[] = { "", "k", "M", "G" };
	unsigned u = 0;
	double v = n, s = fabs(scale);

	if (isnan(n)) {
		snprintf(buf, len, "-");
		return;
	}
	/* as format_ns: 999.7k would print as "1000k", so move up at 999.5 */
	while (u < 3 && s >= 999.5) {
		v /= 1000.0;
		s /= 1000.0;
		u++;
	}
	/* pfn_valid() costs a fractional count per call: 3 digits there too */
	if (fabs(v) >= 99.95 || v == 0)
		snprintf(buf, len, "%.0f%s", v, suffix[u]);
	else if (fabs(v) >= 9.995)
		snprintf(buf, len, "%.1f%s", v, suffix[u]);
	else
		snprintf(buf, len, "%.2f%s", v, suffix[u]);
}

void format_count(double n, char *buf, size_t len)
{
	format_count_in(n, n, buf, len);
}

double figure_count(double ns, enum figure_unit u, int shift)
{
	return u == FIGURE_INSTRUCTIONS ? ns_to_instructions(ns, shift) : ns;
}

void format_figure(double ns, enum figure_unit u, int shift, char *buf, size_t len)
{
	if (u == FIGURE_NS)
		format_ns(ns, buf, len);
	else
		format_count(figure_count(ns, u, shift), buf, len);
}

void buf_cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}
