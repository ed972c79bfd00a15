/* The suite file: what to measure, parsed from a small key/value text
 * (the format is documented in suites/subsection). Which keys a kind uses
 * and how it checks them: its row in kind.c. */
#ifndef MHPB_SUITE_H
#define MHPB_SUITE_H

#include "cases.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The keys of a suite file, grouped by the kinds that use them. A suite
 * that sets keys its kind does not use is refused at the first of them in
 * this order. */
enum suite_key {
	/* every kind */
	KEY_NAME, KEY_DESCRIPTION, KEY_KIND,
	/* hotplug */
	KEY_SIZES, KEY_OFFSETS, KEY_TYPE, KEY_SHIFT, KEY_MEMMAP, KEY_PROBES,
	KEY_SPACING, KEY_JITTER, KEY_EVENTS,
	/* hotplug and pfn_valid */
	KEY_REPEAT, KEY_WARMUP, KEY_ORDER, KEY_SEED,
	/* pfn_valid */
	KEY_LOOPS, KEY_WINDOW,
	KEY_COUNT
};

#define KEY_BIT(k) (1u << (k))

/* A parsed suite under its kind's check: where each key was set. */
struct suite_check {
	const char *file;
	unsigned key_line[KEY_COUNT];	/* 0: not set */
	char *err;
	size_t errlen;
};

/* Refuse the suite for key @k: "file:line: key: reason" at the key's line,
 * or "file: key: reason" if the key is not set. Returns -1. */
__attribute__((format(printf, 3, 4)))
int suite_reject(struct suite_check *c, enum suite_key k, const char *fmt, ...);
bool suite_has_key(const struct suite_check *c, enum suite_key k);

/* What a suite of one kind may say: the keys it uses (KEY_BIT()s; any
 * other is refused as "not used by kind K") and the check once every key
 * is read (NULL: nothing more; 0, or -1 after suite_reject()). The kinds'
 * rules come from the caller (kind.c's kind_suite_rules()), so that the
 * parser knows no kind and the kinds' checks may call the parser's
 * helpers. */
struct suite_rules {
	unsigned keys;
	int (*check)(struct suite_check *c, struct suite *s);
};
/* The rules of kind @k, or NULL for a kind the collector does not run. */
typedef const struct suite_rules *(*suite_rules_fn)(enum suite_kind k);

/* Parse @text (named @file in messages) under @rules. On error returns -1
 * and writes "file:line: key: reason" into @err. @s must be suite_free()d
 * either way. */
int suite_parse(const char *file, const char *text, suite_rules_fn rules, struct suite *s,
		char *err, size_t errlen);
/* Read and parse the file at @path. */
int suite_load(const char *path, suite_rules_fn rules, struct suite *s, char *err,
	       size_t errlen);

/* Resolve "max": add the largest size that fits in @room bytes from the
 * base at every offset, a multiple of every listed compound page. Returns
 * the size added, or 0 (nothing larger than the listed sizes fits). */
uint64_t suite_add_max_size(struct suite *s, uint64_t room);

#endif
