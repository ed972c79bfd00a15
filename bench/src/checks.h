/* `mhpbench check-errors`: the documented errno of each misuse. */
#ifndef MHPB_CHECKS_H
#define MHPB_CHECKS_H

/* Returns the exit code: 0 all pass, 1 some fail, 2 could not start. */
int check_errors(const char *range_arg, const char *module_path);

#endif
