/* One option parser for every subcommand: see cli.h. */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <string.h>

static const struct {
	const char *name;
	char short_name;	/* 0: long only */
	const char *arg;	/* NULL: a flag */
	const char *help;
} cli_options[CLI_OPT_COUNT] = {
	[CLI_OUTPUT] = { "output", 'o', "DIR", "write the result file under DIR (results/local)" },
	[CLI_RANGE] = { "range", 0, "START+SIZE", "hotplug in this physical range" },
	[CLI_MODULE] = { "module", 0, "PATH.ko", "the benchmark module to load" },
	[CLI_LABEL] = { "label", 0, "TEXT", "a label recorded in the result" },
	[CLI_INJECT] = { "inject", 0, "TARGET:NS", "tests only: delay every TARGET() by NS ns" },
	[CLI_IOMEM] = { "iomem", 0, "FILE", "read FILE instead of /proc/iomem" },
	[CLI_FULL] = { "full", 0, NULL, "every row, the long layout" },
	[CLI_FORMAT] = { "format", 0, "NAME", "text, markdown, json or kcidb (as the command allows)" },
	[CLI_DATA] = { "data", 0, "DIR", "write plot data files to DIR" },
	[CLI_ALPHA] = { "alpha", 0, "A", "family-wise error rate, in (0, 1)" },
	[CLI_COMMITS] = { "commits", 0, "FILE", "commit labels, one per run" },
	[CLI_MIN_SEGMENT] = { "min-segment", 0, "N", "fewest runs between change points (2..1000)" },
	[CLI_METRIC] = { "metric", 0, "OP.NAME", "the metric, e.g. map.sparse_add_section" },
	[CLI_CASE] = { "case", 0, "SIZE@OFFSET[,TYPE][,shift=N][,memmap=M]", "the case" },
	[CLI_MEDIAN] = { "median", 0, NULL, "print the median only" },
	[CLI_FAIL_ON] = { "fail-on", 0, "worse|change",
			  "exit 1 when a row is flagged worse (or flagged at all)" },
};

#define CLI_HELP_VAL 'h'
#define CLI_LONG_BASE 256	/* getopt's value of a long-only option */

void cli_usage(const struct cli_command *c, FILE *out)
{
	fprintf(out, "usage: mhpbench %s%s%s%s\n%s\n", c->name, c->options ? " [OPTION...]" : "",
		c->args[0] ? " " : "", c->args, c->what);
	for (int o = 0; o < CLI_OPT_COUNT; o++) {
		char opt[96];

		if (!(c->options & CLI_BIT(o)))
			continue;
		snprintf(opt, sizeof(opt), "%s%c%s--%s%s%s", cli_options[o].short_name ? "-" : "",
			 cli_options[o].short_name ? cli_options[o].short_name : ' ',
			 cli_options[o].short_name ? ", " : "  ", cli_options[o].name,
			 cli_options[o].arg ? "=" : "", cli_options[o].arg ? cli_options[o].arg : "");
		fprintf(out, "  %-28s %s\n", opt + !cli_options[o].short_name, cli_options[o].help);
	}
	fprintf(out, "  %-28s %s\n", "-h, --help", "this text");
}

int cli_error(const struct cli_command *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mhpbench %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_usage(c, stderr);
	return 2;
}

/* getopt_long's tables for the options @c takes. */
static void cli_tables(const struct cli_command *c, struct option *lo, char *so)
{
	size_t n = 0, s = 0;

	so[s++] = ':';	/* a missing value returns ':', not '?' */
	so[s++] = 'h';
	for (int o = 0; o < CLI_OPT_COUNT; o++) {
		if (!(c->options & CLI_BIT(o)))
			continue;
		lo[n++] = (struct option){ cli_options[o].name,
					   cli_options[o].arg ? required_argument : no_argument,
					   NULL, CLI_LONG_BASE + o };
		if (cli_options[o].short_name) {
			so[s++] = cli_options[o].short_name;
			so[s++] = ':';
		}
	}
	lo[n++] = (struct option){ "help", no_argument, NULL, CLI_HELP_VAL };
	lo[n] = (struct option){ 0 };
	so[s] = '\0';
}

/* The option of short name @ch, or -1. */
static int cli_short(const struct cli_command *c, int ch)
{
	for (int o = 0; o < CLI_OPT_COUNT; o++)
		if ((c->options & CLI_BIT(o)) && cli_options[o].short_name == ch)
			return o;
	return -1;
}

int cli_parse(const struct cli_command *c, int argc, char **argv, struct cli_args *a)
{
	struct option lo[CLI_OPT_COUNT + 2];
	char so[2 * CLI_OPT_COUNT + 3];
	int ch;

	memset(a, 0, sizeof(*a));
	cli_tables(c, lo, so);
	opterr = 0;
	optind = 0;	/* glibc: start again, a new argv */
	while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		int o = ch >= CLI_LONG_BASE ? ch - CLI_LONG_BASE : cli_short(c, ch);

		if (ch == CLI_HELP_VAL) {
			cli_usage(c, stdout);
			return 0;
		}
		if (ch == ':')
			return cli_error(c, "option '%s' needs a value", argv[optind - 1]);
		if ((ch == '?' || o < 0) && optopt && optopt < CLI_LONG_BASE)
			return cli_error(c, "unknown option '-%c'", optopt);
		if (ch == '?' || o < 0)
			return cli_error(c, "unknown option '%s'", argv[optind - 1]);
		a->val[o] = optarg ? optarg : "";
	}
	a->pos = argv + optind;
	a->npos = argc - optind;
	if (a->npos < c->min_pos)
		return cli_error(c, "missing arguments: %s", c->args);
	if (c->max_pos != CLI_ANY_POS && a->npos > c->max_pos)
		return cli_error(c, "unexpected argument '%s'", a->pos[c->max_pos]);
	return CLI_RUN;
}
