/* The PMU wrapper on whatever this machine has: an unknown event name is an
 * error; every requested event is either counted or marked unsupported
 * with a reason; task-clock always counts kernel work done by syscalls. */
#include "check.h"
#include "pmu.h"

#include <fcntl.h>
#include <unistd.h>

/* Kernel work in this thread: open and close a file many times. */
static void kernel_work(void)
{
	for (int i = 0; i < 2000; i++) {
		int fd = open("/proc/self/stat", O_RDONLY);

		if (fd >= 0)
			close(fd);
	}
}

int main(void)
{
	struct pmu p;
	struct pmu_reading r;
	char err[256] = "", note[512];

	puts("test_pmu: perf_event_open + libpfm4 on this machine");

	CHECK(pmu_open(&p, "no-such-event-xyz", err, sizeof(err)) == -1);
	CHECK(strstr(err, "no-such-event-xyz") != NULL);
	puts("  an unknown event name is an error naming it");

	err[0] = 0;
	CHECK_U64((uint64_t)(pmu_open(&p, PMU_DEFAULT_EVENTS, err, sizeof(err))), (uint64_t)(0));
	CHECK_STR(err, "");
	CHECK_U64((uint64_t)(p.n), (uint64_t)(4));
	pmu_start(&p);
	kernel_work();
	pmu_stop(&p, &r);
	CHECK(r.task_clock_ns > 0);
	printf("  task-clock counted %llu ns of kernel work\n",
	       (unsigned long long)r.task_clock_ns);
	for (unsigned int i = 0; i < p.n; i++) {
		if (p.ev[i].supported) {
			CHECK(r.value[i] > 0 || i >= 2);	/* misses may be 0 */
			printf("  %s: %llu\n", p.ev[i].name, (unsigned long long)r.value[i]);
		} else {
			CHECK(p.ev[i].why[0] != 0);
			CHECK_U64((uint64_t)((int)r.value[i]), (uint64_t)(0));
			printf("  %s: unsupported (%s)\n", p.ev[i].name, p.ev[i].why);
		}
	}
	if (p.any_hw)
		CHECK(r.running_ns > 0 && r.running_ns <= r.enabled_ns);
	if (pmu_fallback_note(&p, note, sizeof(note)))
		printf("  note: %s\n", note);
	pmu_close(&p);
	return check_report("test_pmu");
}
