/* mhpbench import-lava: a LAVA job's result files out of its log. */
#ifndef MHPB_IMPORT_LAVA_H
#define MHPB_IMPORT_LAVA_H

/* The files bench/lava/console-export.sh printed in the job's log @log
 * (lava-run's output, a server's raw log, or a console capture), checked
 * whole, into the new folder @out. Returns 0; 1 when nothing was imported
 * (said on stderr) or when the guest's job did not end well. */
int import_lava(const char *log, const char *out);

#endif
