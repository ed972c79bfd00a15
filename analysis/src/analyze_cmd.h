/* The command lines of `mhpbench compare` and `mhpbench trend`. */
#ifndef MHPB_ANALYZE_CMD_H
#define MHPB_ANALYZE_CMD_H

/* argv holds the arguments after the subcommand's name. Exit status:
 * 0 done, 2 usage or input error. */
int cmd_compare(int argc, char **argv);
int cmd_trend(int argc, char **argv);

#endif
