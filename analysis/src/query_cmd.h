/* The command lines of `mhpbench summary` and `mhpbench values`: one run
 * summarised, and one metric's values under the selection rule (select.h),
 * for scripts (bisect, tests) that would otherwise re-implement it. */
#ifndef MHPB_QUERY_CMD_H
#define MHPB_QUERY_CMD_H

#include "summary.h"

/* argv holds the arguments after the subcommand's name. Exit status:
 * 0 done, 1 no value (values), 2 usage or input error. */
int cmd_summary(int argc, char **argv);
int cmd_values(int argc, char **argv);

/* Read the result at @path and write its summary; 0, or 2 with a message
 * naming the file when it cannot be read. */
int summary_of_file(const char *path, enum summary_format f, enum summary_detail d);

#endif
