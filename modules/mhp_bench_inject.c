// SPDX-License-Identifier: GPL-2.0
/*
 * Delay injection, for tests only: it lets the end-to-end test show that
 * mhpbench compare flags a known slowdown in exactly one phase.
 *
 * Load the module with inject_allow=1, then write a target function to
 * inject_target ("sparse_add_section" or "memmap_init_zone_device") and a
 * delay in ns to inject_ns (at most 10 ms; 0 disarms). Every call of the
 * target made by the task being measured then busy-waits that long; no
 * other task is delayed. Without inject_allow every setting is refused with
 * -EPERM, at load time as through /sys/module/mhp_bench/parameters/, so a
 * module loaded for real measurements cannot be armed. inject_hits counts
 * the waits since the last arming. Result files record the state (mhpbench
 * reads these parameters at the start and the end of a run).
 *
 * Where the wait runs: in the entry handler of the phase kretprobe on the
 * target (mhp_bench_phases.c), right after it took the phase's entry
 * timestamp. So the delay lands in that phase and in its ancestors, never
 * in a sibling, and the probes cost what they cost without injection. A
 * kprobe of its own does not do: under QEMU TCG one more kprobe hit costs
 * about 9 us (int3 and single step), as much as the delay a test injects;
 * a probe at the entry would need a post handler to run after the
 * kretprobe's entry handler, which keeps the shared probe from being
 * jump-optimized (its int3 handlers run in NMI context, where the phase
 * probes do not count a hit) and, on an ftrace call site, leaves the
 * shared probe armed with ftrace ops that its disarming does not match
 * (a WARN in __disarm_kprobe_ftrace()). With the phase probes disarmed
 * (MHPB_IOC_PROBES) nothing is delayed.
 *
 * The wait polls ktime_get_ns() instead of calling ndelay(), whose
 * calibration is poor under QEMU TCG.
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "mhp_bench_inject.h"

#define INJECT_MAX_NS	(10 * NSEC_PER_MSEC)
#define TARGET_LEN	32

static const char * const inject_targets[] = {
	"sparse_add_section",
	"memmap_init_zone_device",
};

enum inject_state { INJECT_LOADING, INJECT_LIVE, INJECT_GONE };

static bool inject_allow;
module_param(inject_allow, bool, 0444);
MODULE_PARM_DESC(inject_allow,
		 "Permit delay injection (tests only; at load time only)");

/* Both under inject_lock once the module is live. */
static char inject_target[TARGET_LEN];
static unsigned long inject_ns;

static unsigned long inject_hits;
module_param(inject_hits, ulong, 0444);
MODULE_PARM_DESC(inject_hits, "Injected waits since the last arming");

static DEFINE_MUTEX(inject_lock);
static enum inject_state state;
/* What the phase probes read: the armed target, NULL while disarmed. */
static const char *armed_target;	/* for the log, NULL when disarmed */
/*
 * The armed phase probe's symbol_name pointer, or inject_none: every
 * probe hit compares its own pointer with it, one comparison armed or
 * not, so the phase probes execute the same instructions in both states
 * (an instruction-clocked guest counts them: a strcmp() here made every
 * armed hit of another phase longer, and compare flagged the unmap's
 * phases of the injected runs).
 */
static const char inject_none[] = "";
static const char *armed_symbol = inject_none;
static u64 inject_delay;	/* ns per call of armed_target */

u64 mhpb_inject_delay(const char *symbol)
{
	if (symbol != READ_ONCE(armed_symbol))
		return 0;
	return READ_ONCE(inject_delay);
}

/*
 * No cpu_relax() in the loop: under QEMU TCG a PAUSE leaves the vCPU's
 * execution loop, and single-threaded TCG then visits the other vCPUs, so
 * every iteration took microseconds and a 7.5 us wait took 16 us. The wait
 * is at most 10 ms and only ever armed in tests.
 */
void mhpb_inject_wait(u64 ns)
{
	u64 t0;

	t0 = ktime_get_ns();
	while (ktime_get_ns() - t0 < ns)
		barrier();
	WRITE_ONCE(inject_hits, inject_hits + 1);
}

static void inject_disarm(void)
{
	if (!armed_target)
		return;
	/* a hit racing with this may still wait once */
	WRITE_ONCE(inject_delay, 0);
	WRITE_ONCE(armed_symbol, inject_none);
	armed_target = NULL;
	pr_info("mhp_bench: delay injection disarmed\n");
}

/* The phase probes' symbol lookup, from mhpb_inject_init(). */
static const char *(*probed_symbol)(const char *name);

/*
 * Make the armed state match @target and @ns: armed when both are set.
 * Under inject_lock. On failure everything is disarmed.
 */
static int inject_apply(const char *target, unsigned long ns)
{
	const char *symbol;
	unsigned int i;

	if (!ns || !target[0]) {
		inject_disarm();
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(inject_targets); i++)
		if (!strcmp(target, inject_targets[i]))
			break;
	if (i == ARRAY_SIZE(inject_targets))
		return -EINVAL;
	symbol = probed_symbol(inject_targets[i]);
	if (!symbol) {
		inject_disarm();
		pr_info("mhp_bench: cannot inject into %s: no phase probe there\n",
			target);
		return -ENOENT;
	}
	if (armed_target != inject_targets[i]) {
		inject_disarm();
		WRITE_ONCE(inject_hits, 0);
	}
	if (armed_target != inject_targets[i] || inject_delay != ns)
		pr_info("mhp_bench: injecting %lu ns into every %s() of the measured task (tests only)\n",
			ns, target);
	WRITE_ONCE(inject_delay, ns);
	WRITE_ONCE(armed_symbol, symbol);
	armed_target = inject_targets[i];
	return 0;
}

/* Whether a setting may be made now: 0, -EPERM or -ENODEV. */
static int inject_may_set(void)
{
	if (state == INJECT_GONE)
		return -ENODEV;
	/* at load time the parameters may come in any order: init checks */
	if (state == INJECT_LIVE && !inject_allow)
		return -EPERM;
	return 0;
}

static int set_target(const char *val, const struct kernel_param *kp)
{
	char buf[TARGET_LEN], *name;
	unsigned int i;
	bool known = false;
	int err;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		return -EINVAL;
	name = strim(buf);
	for (i = 0; i < ARRAY_SIZE(inject_targets); i++)
		known |= !strcmp(name, inject_targets[i]);
	mutex_lock(&inject_lock);
	err = inject_may_set();
	if (!err && name[0] && !known)
		err = -EINVAL;
	if (!err && state == INJECT_LIVE) {
		err = inject_apply(name, inject_ns);
		if (err)
			inject_ns = 0;
	}
	if (!err)
		strscpy(inject_target, name, sizeof(inject_target));
	mutex_unlock(&inject_lock);
	return err;
}

static int get_target(char *buffer, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&inject_lock);
	n = scnprintf(buffer, PAGE_SIZE, "%s\n", inject_target);
	mutex_unlock(&inject_lock);
	return n;
}

static int set_ns(const char *val, const struct kernel_param *kp)
{
	unsigned long ns;
	int err;

	mutex_lock(&inject_lock);
	err = inject_may_set();
	if (!err && (kstrtoul(val, 0, &ns) || ns > INJECT_MAX_NS))
		err = -EINVAL;
	if (!err && state == INJECT_LIVE)
		err = inject_apply(inject_target, ns);
	if (!err)
		inject_ns = ns;
	else if (state == INJECT_LIVE && !armed_target)
		inject_ns = 0;
	mutex_unlock(&inject_lock);
	return err;
}

static int get_ns(char *buffer, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&inject_lock);
	n = scnprintf(buffer, PAGE_SIZE, "%lu\n", inject_ns);
	mutex_unlock(&inject_lock);
	return n;
}

static const struct kernel_param_ops target_ops = {
	.set = set_target,
	.get = get_target,
};

static const struct kernel_param_ops ns_ops = {
	.set = set_ns,
	.get = get_ns,
};

module_param_cb(inject_target, &target_ops, NULL, 0644);
MODULE_PARM_DESC(inject_target,
		 "Function to slow down: sparse_add_section or memmap_init_zone_device (tests only)");
module_param_cb(inject_ns, &ns_ops, NULL, 0644);
MODULE_PARM_DESC(inject_ns,
		 "Busy wait per call of inject_target, ns (0: off, at most 10 ms; tests only)");

int mhpb_inject_init(const char *(*probed)(const char *name))
{
	int err = 0;

	mutex_lock(&inject_lock);
	probed_symbol = probed;
	if ((inject_ns || inject_target[0]) && !inject_allow) {
		pr_info("mhp_bench: inject_target and inject_ns need inject_allow=1 (tests only)\n");
		err = -EPERM;
	} else {
		err = inject_apply(inject_target, inject_ns);
	}
	if (err)
		state = INJECT_GONE;
	else
		state = INJECT_LIVE;
	mutex_unlock(&inject_lock);
	return err;
}

void mhpb_inject_exit(void)
{
	mutex_lock(&inject_lock);
	state = INJECT_GONE;
	inject_disarm();
	mutex_unlock(&inject_lock);
}
