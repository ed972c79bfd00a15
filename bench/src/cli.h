/* The command line of every mhpbench subcommand: one getopt_long parser,
 * one table of options. A subcommand names the options it takes; --help
 * prints its usage on stdout (exit 0), and an error prints one line and the
 * usage on stderr (exit 2). Both --opt VALUE and --opt=VALUE are accepted,
 * and options may follow the positional arguments. */
#ifndef MHPB_CLI_H
#define MHPB_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum cli_opt {
	CLI_OUTPUT,		/* -o, --output DIR */
	CLI_RANGE,		/* --range START+SIZE */
	CLI_MODULE,		/* --module PATH.ko */
	CLI_LABEL,		/* --label TEXT */
	CLI_INJECT,		/* --inject TARGET:NS */
	CLI_IOMEM,		/* --iomem FILE */
	CLI_FULL,		/* --full */
	CLI_FORMAT,		/* --format NAME */
	CLI_DATA,		/* --data DIR */
	CLI_ALPHA,		/* --alpha A */
	CLI_COMMITS,		/* --commits FILE */
	CLI_MIN_SEGMENT,	/* --min-segment N */
	CLI_METRIC,		/* --metric OP.NAME */
	CLI_CASE,		/* --case FILTER */
	CLI_MEDIAN,		/* --median */
	CLI_FAIL_ON,		/* --fail-on worse|change */
	CLI_OPT_COUNT
};

#define CLI_BIT(o) (1u << (o))
#define CLI_ANY_POS (-1)	/* max_pos: no upper bound */

struct cli_command {
	const char *name;
	unsigned options;	/* the CLI_BIT()s of the options it takes */
	int min_pos, max_pos;	/* how many positional arguments */
	const char *args;	/* its positional arguments, "RUN_A RUN_B [RUN...]" */
	const char *what;	/* what it does, one line */
};

struct cli_args {
	const char *val[CLI_OPT_COUNT];	/* NULL: not given; a flag: "" */
	char **pos;			/* the positional arguments, in order */
	int npos;
};

#define CLI_RUN (-1)

/* Parse @argv (argv[0] is the subcommand's name) for @c into @a.
 * Returns CLI_RUN to go on, or the exit status to end with: 0 after
 * --help, 2 after a usage error (reported). */
int cli_parse(const struct cli_command *c, int argc, char **argv, struct cli_args *a);

/* Report a usage error of @c ("mhpbench NAME: WHY" and the usage, on
 * stderr). Returns 2, the exit status of a usage error. */
int cli_error(const struct cli_command *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print @c's usage to @out: "usage: mhpbench NAME ..." and its options. */
void cli_usage(const struct cli_command *c, FILE *out);

#endif
