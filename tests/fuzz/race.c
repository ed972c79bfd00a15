/*
 * A racer: a forked child that makes calls at the same time as the
 * fuzzer, on a file and a claim of its own, so that two tasks are in the
 * module at once (the hotplug lock, the measurement lock, the resource
 * tree). Its zone of the PMEM is free when it starts (it must get the
 * claim: the model said nobody held it); from then on the model treats
 * the zone as held by someone else, as it treats a namespace, and does
 * not predict pfn counts in it. The racer's own results are not checked
 * (they depend on the interleaving); the fuzzer's must not change. It
 * leaves the probes alone: their state is the model's. SIGKILL ends it,
 * and /proc/iomem must then drop its claim.
 */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define ZONE (256 * MIB)

static pid_t racer;
static struct span zone;

bool racing(void)
{
	return racer > 0;
}

bool is_racer_claim(uint64_t start, uint64_t end)
{
	return racer > 0 && start == zone.start && end == zone.end;
}

/* A free zone: section aligned, clear of every claim and holder. */
static bool find_zone(void)
{
	const struct span *r = &W.pmem.s[0];
	uint64_t n = (r->end + 1 - r->start) / ZONE;

	for (int i = 0; i < 8; i++) {
		zone.start = r->start + rnd(n) * ZONE;
		zone.end = zone.start + ZONE - 1;
		/* as a file without a claim would: slot PARENT_FILES is
		 * never open in the parent */
		if (claim_errno(PARENT_FILES, zone.start, ZONE) == 0)
			return true;
	}
	return false;
}

static void racer_loop(int fd)
{
	for (;;) {
		struct mhpb_map m = {
			.offset = rnd(ZONE / SUB) * SUB, .size = SUB * (1 + rnd(8)),
			.type = chance(90) ? MHPB_PGMAP_GENERIC : MHPB_PGMAP_FS_DAX,
			.vmemmap_shift = chance(80) ? 0 : 9,
			.flags = chance(90) ? 0 : MHPB_MAPF_ALTMAP,
		};
		struct mhpb_unmap u = { .handle = (uint32_t)rnd(8) };
		struct mhpb_pfn_valid pv = {
			.pfn = zone.start / PAGE + rnd(ZONE / PAGE), .count = 512,
			.loops = 1,
		};
		struct mhpb_memset ms = { .size = 8 * (1 + rnd(512)) };

		ioctl(fd, MHPB_IOC_MAP, &m);
		ioctl(fd, MHPB_IOC_PFN_VALID, &pv);
		ioctl(fd, chance(60) ? MHPB_IOC_UNMAP : MHPB_IOC_MEMSET,
		      chance(60) ? (void *)&u : (void *)&ms);
		if (chance(5) && !ioctl(fd, MHPB_IOC_RELEASE))
			ioctl(fd, MHPB_IOC_CLAIM, &(struct mhpb_claim){ zone.start, ZONE });
		/* leave the fuzzer most of the (virtual) time */
		usleep(2000);
	}
}

static void racer_main(int ready)
{
	struct mhpb_claim c = { zone.start, ZONE };
	char ok = 0;
	int fd;

	for (int f = 0; f < NFILES; f++)
		if (S.F[f].open)
			close(S.F[f].fd);
	fd = open(DEVICE, O_RDWR);
	ok = fd >= 0 && !ioctl(fd, MHPB_IOC_CLAIM, &c);
	if (write(ready, &ok, 1) != 1 || !ok)
		_exit(1);
	close(ready);
	racer_loop(fd);
}

static void race_start(void)
{
	int pfd[2];
	char ok = 0;

	if (!find_zone())
		return;
	fflush(stdout);
	fflush(stderr);
	if (pipe(pfd))
		fail("pipe: %s", strerror(errno));
	racer = fork();
	if (racer < 0)
		fail("fork: %s", strerror(errno));
	if (!racer)
		racer_main(pfd[1]);
	close(pfd[1]);
	if (read(pfd[0], &ok, 1) != 1)
		ok = 0;
	close(pfd[0]);
	event(-1, R_FORK, ok ? 0 : EBUSY, 0);
	W.busy.s[W.busy.n++] = zone;
	S.races++;
}

/* SIGKILL the racer, if any: its exit is its file's last close. */
void race_kill(void)
{
	if (racer <= 0)
		return;
	kill(racer, SIGKILL);
	waitpid(racer, NULL, 0);
	racer = 0;
	W.busy.n--;
}

void race_stop(void)
{
	if (!racing())
		return;
	race_kill();
	iomem_check();
}

void op_race(void)
{
	if (racing())
		race_stop();
	else if (W.busy.n < MAX_SPANS)
		race_start();
}
