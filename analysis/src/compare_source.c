/* The compared kernels' build identity in words, and the command that
 * reproduces a comparison (see compare_source.h). */
#include "compare_source.h"
#include "units.h"

#include <stdio.h>
#include <string.h>

/* The config text the build script writes: the starting configuration,
 * then " + " and each fragment merged over it. */
#define FRAGMENT_SEP " + "
/* The start of KCONFIG=tiny's (and, before Debian's configuration was the
 * default, of every build's) configuration */
#define TINY_BASE "tinyconfig"
#define KSRC_PACKAGE "linux-source-"
/* The commits of BASE= and HEAD=: as many hex digits as git's own
 * abbreviations of a large tree, unique in practice. */
#define COMMIT_ABBREV 12

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

void source_line(json_object *src, char *buf, size_t len)
{
	struct env_source s;

	buf[0] = '\0';
	if (!src)
		return;
	env_source_parse(src, &s);
	if (s.kind == ENV_SOURCE_GIT) {
		if (s.describe[0])
			buf_cat(buf, len, "git %s", s.describe);
		else	/* a record without describe: the commit, abbreviated */
			buf_cat(buf, len, "git %.*s", COMMIT_ABBREV, s.commit[0] ? s.commit : "?");
		if (s.subject[0])
			buf_cat(buf, len, " \"%s\"", s.subject);
	} else {
		buf_cat(buf, len, "debian %s %s", s.package[0] ? s.package : "?",
			s.version[0] ? s.version : "?");
	}
	for (size_t i = 0; i < env_source_npatches(&s); i++) {
		const char *subject = env_source_patch(&s, i, "subject");

		buf_cat(buf, len, " + %s", base_name(env_source_patch(&s, i, "file")));
		if (subject[0])
			buf_cat(buf, len, " \"%s\"", subject);
	}
}

void source_config_line(json_object *src, char *buf, size_t len)
{
	struct env_source s;
	size_t nd;

	buf[0] = '\0';
	if (!src)
		return;
	env_source_parse(src, &s);
	buf_cat(buf, len, "%s; instrumentation: %s", s.config[0] ? s.config : "?",
		s.instrumentation[0] ? s.instrumentation : "?");
	nd = s.dropped ? json_object_array_length(s.dropped) : 0;
	for (size_t i = 0; i < nd; i++) {
		json_object *o = json_object_array_get_idx(s.dropped, i);

		buf_cat(buf, len, "%s%s", i ? " " : "; dropped: ",
			json_object_is_type(o, json_type_string) ? json_object_get_string(o) : "?");
	}
}

bool source_config_shared(const struct comparison *cmp)
{
	char first[512], other[512];

	if (!cmp->np || !cmp->pools[0].source)
		return false;
	source_config_line(cmp->pools[0].source, first, sizeof(first));
	for (size_t k = 1; k < cmp->np; k++) {
		if (!cmp->pools[k].source)
			return false;
		source_config_line(cmp->pools[k].source, other, sizeof(other));
		if (strcmp(first, other))
			return false;
	}
	return true;
}

bool source_instrumentation_differs(const struct comparison *cmp, size_t *a, size_t *b)
{
	struct env_source x, y;

	for (size_t i = 0; i < cmp->np; i++) {
		env_source_parse(cmp->pools[i].source, &x);
		for (size_t k = i + 1; x.instrumentation[0] && k < cmp->np; k++) {
			env_source_parse(cmp->pools[k].source, &y);
			if (y.instrumentation[0] && strcmp(x.instrumentation, y.instrumentation)) {
				*a = i;
				*b = k;
				return true;
			}
		}
	}
	return false;
}

/* @word for a shell, in single quotes when it holds anything but the
 * characters of ordinary paths and releases. */
static void shell_word(char *buf, size_t len, const char *word)
{
	if (word[0] && !word[strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					 "0123456789_./+-=:,@%~")]) {
		buf_cat(buf, len, "%s", word);
		return;
	}
	buf_cat(buf, len, "'");
	for (const char *c = word; *c; c++)
		if (*c == '\'')
			buf_cat(buf, len, "'\\''");	/* close, a quoted quote, reopen */
		else
			buf_cat(buf, len, "%c", *c);
	buf_cat(buf, len, "'");
}

/* Two git sides of one tree, without patches on top: BASE and HEAD. */
static bool reproduce_git(const struct comparison *cmp, char *buf, size_t len)
{
	struct env_source a, b;

	if (cmp->np != 2)
		return false;
	env_source_parse(cmp->pools[0].source, &a);
	env_source_parse(cmp->pools[1].source, &b);
	if (a.kind != ENV_SOURCE_GIT || b.kind != ENV_SOURCE_GIT || !a.tree[0] ||
	    strcmp(a.tree, b.tree) || !a.commit[0] || !b.commit[0] ||
	    env_source_npatches(&a) || env_source_npatches(&b))
		return false;
	/* paths a reader can use: the folder's name, not this machine's path */
	buf_cat(buf, len, "make compare KTREE=");
	shell_word(buf, len, base_name(a.tree));
	buf_cat(buf, len, " BASE=%.*s HEAD=%.*s", COMMIT_ABBREV, a.commit, COMMIT_ABBREV,
		b.commit);
	return true;
}

/* One Debian source package on both sides, A as packaged and B with
 * the user's patches: PATCH and KSRC (the series, from the package). */
static bool reproduce_debian(const struct comparison *cmp, char *buf, size_t len)
{
	struct env_source a, b;
	size_t pre = strlen(KSRC_PACKAGE);

	if (cmp->np != 2)
		return false;
	env_source_parse(cmp->pools[0].source, &a);
	env_source_parse(cmp->pools[1].source, &b);
	if (a.kind != ENV_SOURCE_DEBIAN || b.kind != ENV_SOURCE_DEBIAN ||
	    strcmp(a.package, b.package) || strncmp(a.package, KSRC_PACKAGE, pre) ||
	    !a.package[pre] || env_source_npatches(&a) || !env_source_npatches(&b))
		return false;
	buf_cat(buf, len, "make compare PATCH=\"");
	/* the mails of one mbox share its file: named once */
	for (size_t i = 0; i < env_source_npatches(&b); i++) {
		const char *file = env_source_patch(&b, i, "file");

		if (!i || strcmp(file, env_source_patch(&b, i - 1, "file")))
			buf_cat(buf, len, "%s%s", i ? " " : "", base_name(file));
	}
	buf_cat(buf, len, "\" KSRC=%s", a.package + pre);
	return true;
}

/* The KCONFIG the kernels were built with, from the first source whose
 * starting configuration is not the default (Debian's): tiny, or the
 * user's file (a path) by its name. */
static void kconfig(const struct comparison *cmp, char *buf, size_t len)
{
	for (size_t k = 0; k < cmp->np; k++) {
		struct env_source s;
		const char *cut;
		char base[1024];

		env_source_parse(cmp->pools[k].source, &s);
		cut = strstr(s.config, FRAGMENT_SEP);
		if (!cut || cut == s.config)
			continue;
		snprintf(base, sizeof(base), "%.*s", (int)(cut - s.config), s.config);
		if (!strcmp(base, TINY_BASE)) {
			buf_cat(buf, len, " KCONFIG=tiny");
			return;
		}
		if (!strchr(base, '/'))
			continue;	/* Debian's, the default */
		buf_cat(buf, len, " KCONFIG=");
		shell_word(buf, len, base_name(base));
		return;
	}
}

void compare_reproduce(const struct comparison *cmp, char *buf, size_t len)
{
	const char *suite = cmp->np ? cmp->pools[0].suite : "";

	buf[0] = '\0';
	if (!reproduce_git(cmp, buf, len) && !reproduce_debian(cmp, buf, len)) {
		buf_cat(buf, len, "make compare KERNELS=\"");
		for (size_t k = 0; k < cmp->np; k++)
			buf_cat(buf, len, "%s%s", k ? " " : "", cmp->pools[k].release);
		buf_cat(buf, len, "\"");
	}
	kconfig(cmp, buf, len);
	/* the defaults of make compare: SUITE=subsection, CLOCK=exact */
	if (suite[0] && strcmp(suite, "subsection"))
		buf_cat(buf, len, " SUITE=%s", suite);
	buf_cat(buf, len, " ROUNDS=%zu", cmp->min_boots);
	if (!cmp->exact)
		buf_cat(buf, len, " CLOCK=wall");
	if (cmp->lens)
		buf_cat(buf, len, " LENS=cache");
}

/* "6.12.117+deb12-amd64" -> "6.12.117": the release without Debian's
 * flavour and build suffixes, which every compared kernel shares. */
static void release_short(const char *release, char *buf, size_t len)
{
	size_t n = strlen(release);
	const char *deb = strstr(release, "+deb");

	if (n > 6 && !strcmp(release + n - 6, "-amd64"))
		n -= 6;
	if (deb && (size_t)(deb - release) < n)
		n = (size_t)(deb - release);
	snprintf(buf, len, "%.*s", (int)n, release);
}

/* The label of pool @k alone: its last patch's file name, its commit, or
 * its release shortened. */
static void label_alone(const struct pool *p, bool full_release, char *buf, size_t len)
{
	struct env_source s;
	size_t np;

	env_source_parse(p->source, &s);
	np = env_source_npatches(&s);
	if (np) {
		const char *file = base_name(env_source_patch(&s, np - 1, "file"));
		size_t n = strlen(file);

		if (n > 6 && !strcmp(file + n - 6, ".patch"))
			n -= 6;
		snprintf(buf, len, "%.*s", (int)(n < KERNEL_LABEL_LEN - 1 ? n : KERNEL_LABEL_LEN - 1),
			 file);
	} else if (s.kind == ENV_SOURCE_GIT && (s.describe[0] || s.commit[0])) {
		if (s.describe[0])
			snprintf(buf, len, "%s", s.describe);
		else
			snprintf(buf, len, "%.*s", COMMIT_ABBREV, s.commit);
	} else if (full_release) {
		snprintf(buf, len, "%s", p->release);
	} else {
		release_short(p->release, buf, len);
	}
}

void kernel_label(const struct comparison *cmp, size_t k, char *buf, size_t len)
{
	char other[KERNEL_LABEL_LEN];

	label_alone(&cmp->pools[k], false, buf, len);
	for (size_t i = 0; i < cmp->np; i++) {
		if (i == k)
			continue;
		label_alone(&cmp->pools[i], false, other, sizeof(other));
		if (!strcmp(buf, other)) {	/* shortened alike: the whole release */
			label_alone(&cmp->pools[k], true, buf, len);
			label_alone(&cmp->pools[i], true, other, sizeof(other));
			if (!strcmp(buf, other))	/* one kernel: the letters say it */
				buf[0] = '\0';
			return;
		}
	}
}
