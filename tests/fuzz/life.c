/*
 * Whole-process events: a forked child that exits holding mappings, the
 * module unloaded after the last close and loaded again, and the two
 * places that tell whether the kernel kept up: /proc/iomem (no claim the
 * model does not know) and the kernel log (no report of any kind).
 */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int module_unload(void)
{
	return syscall(SYS_delete_module, MODNAME, O_NONBLOCK) ? errno : 0;
}

int module_load(const char *params)
{
	int fd = open(W.module_path, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return errno;
	err = syscall(SYS_finit_module, fd, params, 0) ? errno : 0;
	close(fd);
	return err;
}

void close_all(void)
{
	for (int f = 0; f < NFILES; f++)
		if (S.F[f].open)
			op_close(f);
}

/*
 * rmmod while a file is open must be refused (the file holds a module
 * reference); after the last close it must work and leave no claim, and
 * the module must load again.
 */
void op_reload(void)
{
	uint64_t t0 = now_ns();
	bool any = false;

	/* its open file would keep the module */
	race_stop();
	for (int f = 0; f < NFILES; f++)
		any |= S.F[f].open;
	if (any && chance(50)) {
		event(-1, R_RMMOD, module_unload(), EWOULDBLOCK);
		return;
	}
	close_all();
	event(-1, R_RMMOD, module_unload(), 0);
	iomem_check();
	event(-1, R_INSMOD, module_load(""), 0);
	S.reloads++;
	S.row_ns[R_INSMOD] += now_ns() - t0;
}

static size_t xfer(int fd, void *buf, size_t len, bool out)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = out ? write(fd, (char *)buf + done, len - done) :
				  read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return done;
}

/* The child: a few calls on the inherited files and its own, then exit
 * without closing anything, handing its model back through the pipe. */
static void child(int out)
{
	uint64_t k = 5 + rnd(40);

	in_child = true;
	for (uint64_t i = 0; i < k; i++)
		one_call();
	xfer(out, &S, sizeof(S), true);
	_exit(0);
}

/* The doomed child's work: map, unmap and count pfns of its own claim
 * of 64 MiB (wherever one is free) until it is killed. */
static void doomed_loop(int fd)
{
	const struct span *r = &W.pmem.s[0];
	uint64_t slots = (r->end + 1 - r->start) / (64 * MIB);

	for (int i = 0; i < 16; i++) {
		struct mhpb_claim c = { r->start + rnd(slots) * 64 * MIB, 64 * MIB };

		if (!ioctl(fd, MHPB_IOC_CLAIM, &c))
			break;
	}
	for (;;) {
		struct mhpb_map m = {
			.offset = rnd(32) * SUB, .size = SUB * (1 + rnd(4)),
			.type = MHPB_PGMAP_GENERIC,
		};
		struct mhpb_unmap u = { .handle = (uint32_t)rnd(8) };
		struct mhpb_pfn_owner o = { .handle = u.handle, .size = 64 * MIB };

		ioctl(fd, MHPB_IOC_MAP, &m);
		ioctl(fd, chance(50) ? MHPB_IOC_UNMAP : MHPB_IOC_PFN_OWNER,
		      chance(50) ? (void *)&u : (void *)&o);
	}
}

/*
 * A child killed (SIGKILL) in the middle of its calls, holding a claim and
 * mappings on a file of its own: its exit is the file's last close. It
 * first closes what it inherited, so the parent's files are untouched and
 * the model knows everything that must remain: the parent's claims only.
 * The instruction-clocked guest makes the moment of the kill repeatable.
 */
static void op_kill(void)
{
	useconds_t wait = (useconds_t)(500 + rnd(20000));
	pid_t pid;
	int fd;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (!pid) {
		for (int f = 0; f < NFILES; f++)
			if (S.F[f].open)
				close(S.F[f].fd);
		fd = open(DEVICE, O_RDWR);
		if (fd >= 0)
			doomed_loop(fd);
		_exit(0);
	}
	usleep(wait);
	S.kills_holding += iomem_claims() > claims_held() + racing();
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	S.kills++;
	event(-1, R_FORK, 0, 0);
	iomem_check();
}

/*
 * A forked child that exits holding mappings: on the files it inherited
 * they stay (the parent still holds the files), on files it opened itself
 * its exit is their last close, which releases everything.
 */
void op_fork(void)
{
	static struct state back;
	uint64_t t0 = now_ns();
	int pfd[2], status = 0;
	pid_t pid;
	size_t got;

	if (chance(30)) {
		op_kill();
		S.row_ns[R_FORK] += now_ns() - t0;
		return;
	}

	fflush(stdout);
	fflush(stderr);
	if (pipe(pfd))
		fail("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (!pid) {
		close(pfd[0]);
		child(pfd[1]);
	}
	close(pfd[1]);
	got = xfer(pfd[0], &back, sizeof(back), false);
	close(pfd[0]);
	waitpid(pid, &status, 0);
	if (got != sizeof(back) || !WIFEXITED(status) || WEXITSTATUS(status))
		fail("the forked child failed (its report is above)");
	S = back;
	for (int f = 0; f < NFILES; f++) {
		if (!S.F[f].open || !S.F[f].child)
			continue;
		model_release(f);
		S.F[f].open = false;
		if (S.probes_owner == f)
			S.probes_owner = -1;
	}
	S.forks++;
	S.row_ns[R_FORK] += now_ns() - t0;
	event(-1, R_FORK, 0, 0);
	iomem_check();
}

/* Every "mhpbench" resource of /proc/iomem is a claim of an open file
 * of the model, and every claim is there. */
void iomem_check(void)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	unsigned long long s, e;
	int n = 0;

	if (!f)
		fail("/proc/iomem: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		bool known = false;

		if (!strstr(line, ": mhpbench") ||
		    sscanf(line, " %llx-%llx", &s, &e) != 2)
			continue;
		n++;
		for (int i = 0; i < NFILES; i++)
			known |= S.F[i].open && S.F[i].kind != CLAIM_NONE &&
				 S.F[i].start == s && claim_res_end(i) == e;
		known |= is_racer_claim(s, e);
		check(known, "/proc/iomem holds a claim %llx-%llx the model does not", s, e);
	}
	fclose(f);
	check(n == claims_held() + racing(), "/proc/iomem holds %d claims, the model %d",
	      n, claims_held() + racing());
}

int iomem_claims(void)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	int n = 0;

	while (f && fgets(line, sizeof(line), f))
		n += strstr(line, ": mhpbench") != NULL;
	if (f)
		fclose(f);
	return n;
}

int kmsg_open_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* The first line of every kind of kernel report (lockdep's and WARN()'s
 * begin with a "WARNING:" line, KASAN's with "BUG: KASAN"). */
static bool report_line(const char *msg)
{
	static const char *const starts[] = {
		"WARNING:", "BUG:", "Oops", "general protection", "KASAN",
		"UBSAN", "lockdep", "INFO: task", "detected stall",
		"kmemleak", "Kernel panic",
	};

	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (strstr(msg, starts[i]))
			return true;
	return false;
}

/* Kernel reports logged since the last look (a bare "Call Trace" with no
 * report line before it counts as one). */
int kmsg_reports(int fd, bool print)
{
	char buf[8192];
	int reports = 0, traces = 0;

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		char *msg;

		if (n < 0 && (errno == EINTR || errno == EPIPE))
			continue;	/* EPIPE: records overwritten */
		if (n <= 0)
			break;
		buf[n] = 0;
		msg = strchr(buf, ';');
		msg = msg ? msg + 1 : buf;
		msg[strcspn(msg, "\n")] = 0;
		if (report_line(msg))
			reports++;
		else if (strstr(msg, "Call Trace"))
			traces++;
		else
			continue;
		if (print)
			printf("fuzz: kernel: %s\n", msg);
	}
	return reports ? reports : traces > 0;
}

/*
 * The end of a seed: everything closed, no claim left, the module
 * unloads and loads, and the whole PMEM region can be claimed and a
 * sub-section of it mapped and owned again.
 */
int final_check(void)
{
	struct mhpb_map m = { .size = SUB, .type = MHPB_PGMAP_GENERIC };
	struct mhpb_pfn_owner o = { .size = SUB };
	const struct span *r = &W.pmem.s[0];
	int f;

	race_stop();
	close_all();
	iomem_check();
	event(-1, R_RMMOD, module_unload(), 0);
	iomem_check();
	event(-1, R_INSMOD, module_load(""), 0);
	f = op_open(false);
	check(f >= 0, "cannot open " DEVICE " after the reload");
	check(!do_claim(f, r->start, r->end + 1 - r->start, PTR_OK),
	      "the PMEM region cannot be claimed again");
	check(!do_map(f, &m, PTR_OK), "the PMEM region cannot be mapped again");
	o.handle = m.handle;
	do_owner(f, &o, PTR_OK);
	check(o.owned == SUB / PAGE, "PFN_OWNER after the reload: %llu owned",
	      (unsigned long long)o.owned);
	do_unmap(f, m.handle, 0, PTR_OK);
	do_release(f);
	op_close(f);
	iomem_check();
	return 0;
}
