/*
 * mhpb-fuzz: run in the guest, as root, with the module loaded.
 *
 *   mhpb-fuzz run --seed S --calls N --module KO --json OUT
 *   mhpb-fuzz priv --module KO --json OUT
 *
 * run: N calls (at least; a scripted sequence or a forked child may end a
 * little past it) drawn from seed S, each checked against the model; then
 * the end-of-seed checks (final_check()). Every seed starts on a freshly
 * loaded module, so a seed fails the same way on its own: rerun it with
 * the same S (and N) to reproduce. Prints one line
 * "fuzz: N calls, seed S, M errnos seen, K kernel reports" and the errno
 * table, and writes the JSON summary. Exit status 0 pass, 1 fail, 2 usage.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

bool in_child;
uint64_t cur_seed;

static const char *json_path;
static uint64_t want_calls;
static struct timespec t0;

/* How often the kernel log is read during a run. */
#define KMSG_EVERY 512

static double elapsed(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
}

static void print_summary(int reports)
{
	printf("fuzz: %llu calls, seed %llu, %d errnos seen, %d kernel reports\n",
	       (unsigned long long)S.calls, (unsigned long long)cur_seed,
	       errnos_seen(), reports);
	print_table(stdout);
	fflush(stdout);
}

void fuzz_abort(void)
{
	fprintf(stderr, "fuzz: seed %llu FAILED; reproduce with make fuzz-test SEEDS=%llu CALLS=%llu\n",
		(unsigned long long)cur_seed, (unsigned long long)cur_seed,
		(unsigned long long)want_calls);
	race_kill();
	print_summary(0);
	if (json_path)
		write_json(json_path, cur_seed, want_calls, 0, 0, elapsed());
	exit(1);
}

/* A kernel report ends the run at once, naming the calls before it. */
static int look_at_kmsg(int kfd, bool end)
{
	int reports = kmsg_reports(kfd, true);

	if (reports && !end) {
		fprintf(stderr, "fuzz: kernel report by call %llu, seed %llu\n",
			(unsigned long long)S.calls, (unsigned long long)cur_seed);
		ring_dump();
	}
	return reports;
}

static int run(uint64_t seed, uint64_t calls, const char *module)
{
	char err[256];
	int kfd = kmsg_open_end(), reports = 0;
	uint64_t next_look = KMSG_EVERY;

	cur_seed = seed;
	want_calls = calls;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (kfd < 0 || world_load(module, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s\n", kfd < 0 ? strerror(errno) : err);
		return 2;
	}
	args_init();
	rng_seed(seed);
	S.probes_owner = -1;
	/* a fresh module: the seed's run does not depend on what ran before */
	event(-1, R_RMMOD, module_unload(), 0);
	event(-1, R_INSMOD, module_load(""), 0);
	while (S.calls < calls && !reports) {
		one_call();
		if (S.calls >= next_look) {
			reports = look_at_kmsg(kfd, false);
			next_look = S.calls + KMSG_EVERY;
		}
	}
	if (!reports) {
		final_check();
		reports = look_at_kmsg(kfd, true);
	}
	print_summary(reports);
	printf("fuzz: seed %llu: %.1f s, %.0f calls/s, %llu maps, %llu forked children, %llu killed, %llu racers, %llu reloads\n",
	       (unsigned long long)seed, elapsed(), S.calls / elapsed(),
	       (unsigned long long)S.maps_ok, (unsigned long long)S.forks,
	       (unsigned long long)S.kills, (unsigned long long)S.races,
	       (unsigned long long)S.reloads);
	if (write_json(json_path, seed, calls, reports, 0, elapsed()))
		fprintf(stderr, "fuzz: cannot write %s\n", json_path);
	return reports ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: mhpb-fuzz run --seed S --calls N --module KO --json OUT\n"
			"       mhpb-fuzz priv --module KO --json OUT\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *module = NULL;
	uint64_t seed = 1, calls = 1000;

	if (argc < 2)
		return usage();
	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--calls"))
			calls = strtoull(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--module"))
			module = argv[i + 1];
		else if (!strcmp(argv[i], "--json"))
			json_path = argv[i + 1];
		else
			return usage();
	}
	if (!module || !json_path)
		return usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "run"))
		return run(seed, calls, module);
	if (!strcmp(argv[1], "priv"))
		return priv_main(module, json_path);
	return usage();
}
