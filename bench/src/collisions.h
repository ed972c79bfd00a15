/* `mhpbench collisions`: the seed's section collisions as pass/fail steps.
 * The result file (format "mhpbench-collisions") is documented in
 * results/README.md. */
#ifndef MHPB_COLLISIONS_H
#define MHPB_COLLISIONS_H

#include "kmsg.h"
#include "model.h"
#include "suite.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kind;
struct run_options;

#define COLLISIONS_FORMAT "mhpbench-collisions"
#define COLLISIONS_FORMAT_VERSION 1

enum step_result { STEP_PASS, STEP_FAIL, STEP_SKIP };

struct collision_step {
	char name[64];
	enum step_result result;
	char expected[512];
	char observed[1024];	/* every count and errno the step saw */
	char detail[1024];	/* why it failed or was skipped; "" if passed */
	struct kmsg_lines alarms;	/* WARN/BUG/Oops lines the step added */
};

struct collisions {
	bool complete;		/* every step ran */
	char started[32], finished[32];
	json_object *environment;	/* env_capture(), owned */
	struct module_desc module;
	uint64_t range_start, range_size;	/* the claim on free PMEM */
	bool have_ram_adjacent;
	uint64_t adj_start, adj_end, adj_ram_below, adj_ram_above;
	bool adj_has_ram_above;
	struct collision_step *steps;
	size_t n_steps;
};

/* Run every step; returns the exit code: 0 all passed (or skipped), 1 some
 * failed, 2 could not start. */
int collisions_main(const char *outdir, const char *module_path);

/* The run of a suite of kind collisions (kind.c): collisions_main() with
 * @o's -o and --module. Writes no @path for a summary: the steps print
 * their own. */
int collisions_run(const struct kind *k, struct suite *s, const struct run_options *o,
		   char *path, size_t pathlen);

/* The JSON record of @c (the caller puts it), and writing it atomically. */
json_object *collisions_to_json(const struct collisions *c);
int collisions_write(const struct collisions *c, const char *path, char *err, size_t errlen);
const char *step_result_name(enum step_result r);

void collisions_free(struct collisions *c);

#endif
