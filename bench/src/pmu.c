/* Kernel-mode event counts around one operation. The counters belong to the
 * collector's thread (pid 0, any CPU) and exclude user mode (PFM_PLM0), so
 * they count what the kernel did inside the ioctl, on CPU: time asleep in
 * a grace-period wait is not counted. The requested events form one group,
 * read with their enabled and running times to expose multiplexing.
 * task-clock is always counted beside them: where the PMU is missing (a TCG
 * guest, most VMs) it is the only figure, and it says so. */
#include "pmu.h"

#include <errno.h>
#include <perfmon/pfmlib_perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int perf_open(struct perf_event_attr *attr, int group)
{
	return (int)syscall(SYS_perf_event_open, attr, 0, -1, group, 0);
}

static int encode(const char *name, struct perf_event_attr *attr, char *err,
		  size_t errlen)
{
	pfm_perf_encode_arg_t arg;
	int r;

	memset(attr, 0, sizeof(*attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = attr;
	arg.size = sizeof(arg);
	r = pfm_get_os_event_encoding(name, PFM_PLM0, PFM_OS_PERF_EVENT_EXT, &arg);
	if (r != PFM_SUCCESS) {
		snprintf(err, errlen, "event '%s': %s", name, pfm_strerror(r));
		return -1;
	}
	attr->size = sizeof(*attr);
	attr->disabled = 1;
	attr->read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED |
			    PERF_FORMAT_TOTAL_TIME_RUNNING;
	return 0;
}

int pmu_open(struct pmu *p, const char *names, char *err, size_t errlen)
{
	static bool initialised;
	struct perf_event_attr attr;
	char list[512], *save = NULL, *tok;

	memset(p, 0, sizeof(*p));
	p->leader = -1;
	p->clock_fd = -1;
	if (!initialised) {
		if (pfm_initialize() != PFM_SUCCESS) {
			snprintf(err, errlen, "libpfm4 cannot initialise");
			return -1;
		}
		initialised = true;
	}
	snprintf(list, sizeof(list), "%s", names);
	for (tok = strtok_r(list, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		struct pmu_event *e;

		if (p->n == PMU_MAX_EVENTS) {
			snprintf(err, errlen, "more than %d events", PMU_MAX_EVENTS);
			return -1;
		}
		e = &p->ev[p->n++];
		snprintf(e->name, sizeof(e->name), "%s", tok);
		e->fd = -1;
		if (encode(tok, &attr, err, errlen))
			return -1;
		e->fd = perf_open(&attr, p->leader);
		if (e->fd < 0) {
			snprintf(e->why, sizeof(e->why), "%s", strerror(errno));
			continue;
		}
		e->supported = true;
		p->any_hw = true;
		if (p->leader < 0)
			p->leader = e->fd;
	}

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_TASK_CLOCK;
	attr.disabled = 1;
	p->clock_fd = perf_open(&attr, -1);
	if (p->clock_fd < 0) {
		snprintf(err, errlen, "perf_event_open(task-clock): %s "
			 "(is /proc/sys/kernel/perf_event_paranoid above 1?)",
			 strerror(errno));
		pmu_close(p);
		return -1;
	}
	return 0;
}

void pmu_start(struct pmu *p)
{
	if (p->leader >= 0) {
		ioctl(p->leader, PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
		ioctl(p->leader, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
	}
	ioctl(p->clock_fd, PERF_EVENT_IOC_RESET, 0);
	ioctl(p->clock_fd, PERF_EVENT_IOC_ENABLE, 0);
}

/* The fields of a group's read (PERF_FORMAT_GROUP, TOTAL_TIME_ENABLED,
 * TOTAL_TIME_RUNNING): nr, time_enabled, time_running, then one value per
 * member. */
enum group_read { READ_NR, READ_ENABLED, READ_RUNNING, READ_VALUES };

void pmu_stop(struct pmu *p, struct pmu_reading *r)
{
	uint64_t buf[READ_VALUES + PMU_MAX_EVENTS];
	unsigned int i, k = 0;
	ssize_t got;

	ioctl(p->clock_fd, PERF_EVENT_IOC_DISABLE, 0);
	if (p->leader >= 0)
		ioctl(p->leader, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
	memset(r, 0, sizeof(*r));
	if (read(p->clock_fd, &r->task_clock_ns, sizeof(r->task_clock_ns)) !=
	    (ssize_t)sizeof(r->task_clock_ns))
		r->task_clock_ns = 0;
	if (p->leader < 0)
		return;
	got = read(p->leader, buf, sizeof(buf));
	if (got < (ssize_t)(READ_VALUES * sizeof(uint64_t)))
		return;
	r->enabled_ns = buf[READ_ENABLED];
	r->running_ns = buf[READ_RUNNING];
	for (i = 0; i < p->n; i++) {
		if (!p->ev[i].supported)
			continue;
		if (k < buf[READ_NR] && (READ_VALUES + k) * sizeof(uint64_t) < (size_t)got)
			r->value[i] = buf[READ_VALUES + k];
		k++;
	}
}

void pmu_close(struct pmu *p)
{
	for (unsigned int i = 0; i < p->n; i++)
		if (p->ev[i].fd >= 0)
			close(p->ev[i].fd);
	if (p->clock_fd >= 0)
		close(p->clock_fd);
	p->n = 0;
	p->leader = -1;
	p->clock_fd = -1;
}

/*
 * Any per-task event enables the kernel's perf_sched_events static key (the
 * perf hooks in __schedule()), and closing the last one disables it again
 * from a work item 1 s later, both by patching __schedule()'s code. Each
 * run opens and closes its events, so a job of several runs patched the
 * scheduler while the other vCPU ran it, and under MTTCG that has ended in
 * an int3 Oops at that site. The guest's init holds one event open from
 * boot to poweroff, so the key flips once, before the job.
 */
int pmu_hold_sched_events(const char *ready_line, char *err, size_t errlen)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_DUMMY;
	attr.disabled = 1;	/* counts nothing: only its existence matters */
	fd = perf_open(&attr, -1);
	if (fd < 0) {
		snprintf(err, errlen, "perf_event_open(dummy): %s", strerror(errno));
		return -1;
	}
	if (puts(ready_line) == EOF || fflush(stdout) == EOF) {
		snprintf(err, errlen, "cannot write to stdout: %s", strerror(errno));
		close(fd);
		return -1;
	}
	for (;;)
		pause();
}

const char *pmu_fallback_note(const struct pmu *p, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int missing = 0;

	for (unsigned int i = 0; i < p->n; i++) {
		if (p->ev[i].supported)
			continue;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%s%s (%s)", missing ? ", " : "",
					 p->ev[i].name, p->ev[i].why);
		missing++;
	}
	if (!missing)
		return NULL;
	if (used < len)
		snprintf(buf + used, len - used, p->any_hw ?
			 ": not counted" :
			 ": no hardware PMU here, counting task-clock (time on CPU) only");
	return buf;
}
