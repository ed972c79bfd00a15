/*
 * Privilege: who may open the device, what a descriptor opened by root
 * can do in an unprivileged process it is handed to, and who may set the
 * delay injection's parameters. Each check runs the call in a forked
 * child (as nobody, or as root without CAP_SYS_ADMIN) whose exit status
 * is the call's errno.
 */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOBODY 65534
#define PARAMS "/sys/module/" MODNAME "/parameters/"

enum who { AS_ROOT, AS_NOBODY, AS_ROOT_NO_SYS_ADMIN };

/* What a child does: returns an errno (0: it worked). */
typedef int (*action)(const void *arg);

static FILE *json;
static int checks, failures;

static void result(const char *name, int want, int got)
{
	bool ok = want == got;

	printf("priv: %s %s (want %s, got %s)\n", ok ? "ok:" : "FAIL:", name,
	       errname(want), errname(got));
	fprintf(json, "%s\n    {\"name\": \"%s\", \"want\": \"%s\", \"got\": \"%s\", \"pass\": %s}",
		checks++ ? "," : "", name, errname(want), errname(got),
		ok ? "true" : "false");
	failures += !ok;
}

static int drop_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return errno;
	data[0].effective &= ~(1u << CAP_SYS_ADMIN);
	data[0].permitted &= ~(1u << CAP_SYS_ADMIN);
	return syscall(SYS_capset, &hdr, data) ? errno : 0;
}

static int become(enum who who)
{
	if (who == AS_ROOT_NO_SYS_ADMIN)
		return drop_sys_admin();
	if (who == AS_NOBODY &&
	    (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)))
		return errno;
	return 0;
}

/* Exit statuses of a child that did not get to report an errno. */
enum { CHILD_NOT_BECOME = 254, CHILD_BROKE = 255 };

/* Run @fn in a child as @who; its errno, or one of the above. */
static int as(enum who who, action fn, const void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return CHILD_BROKE;
	if (!pid) {
		int err = become(who);

		_exit(err ? CHILD_NOT_BECOME : fn(arg) & 0xff);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return CHILD_BROKE;
	return WEXITSTATUS(status);
}

static int open_device(const void *arg)
{
	int fd = open(DEVICE, *(const int *)arg);

	return fd < 0 ? errno : 0;
}

static int open_path(const void *arg)
{
	int fd = open(arg, O_RDWR);

	return fd < 0 ? errno : 0;
}

static int write_param(const void *arg)
{
	const char *const *kv = arg;
	int fd = open(kv[0], O_WRONLY), err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, kv[1], strlen(kv[1])) < 0)
		err = errno;
	close(fd);
	return err;
}

/* One ioctl on the descriptor the parent opened. */
struct handed {
	int fd;
	unsigned long cmd;
	void *arg;
};

static int handed_ioctl(const void *arg)
{
	const struct handed *h = arg;

	return ioctl(h->fd, h->cmd, h->arg) ? errno : 0;
}

static void check_mode(const char *path, unsigned mode)
{
	struct stat st;
	char name[128];

	snprintf(name, sizeof(name), "%s is mode %04o, owned by root", path, mode);
	if (stat(path, &st))
		result(name, 0, errno);
	else
		result(name, 0, (st.st_mode & 07777) == mode && !st.st_uid ? 0 : EINVAL);
}

static void opening(void)
{
	static const int rw = O_RDWR, ro = O_RDONLY;

	static const char *const null_dev = "/dev/null";
	struct stat st;

	/*
	 * The initramfs's root comes from a mktemp -d folder, mode 0700:
	 * nobody could not reach any path, and every open would be EACCES
	 * for that reason. Open it up as any root file system is.
	 */
	if (!stat("/", &st) && (st.st_mode & 0777) != 0755) {
		printf("priv: / is mode %04o, made 0755\n", st.st_mode & 07777);
		chmod("/", 0755);
	}
	check_mode(DEVICE, 0600);
	result("open /dev/null O_RDWR as nobody (the control)", 0,
	       as(AS_NOBODY, open_path, null_dev));
	result("open O_RDWR as nobody", EACCES, as(AS_NOBODY, open_device, &rw));
	result("open O_RDONLY as nobody", EACCES, as(AS_NOBODY, open_device, &ro));
	result("chmod 0666 " DEVICE, 0, chmod(DEVICE, 0666) ? errno : 0);
	check_mode(DEVICE, 0666);
	result("open O_RDWR as nobody, node mode 0666", EPERM,
	       as(AS_NOBODY, open_device, &rw));
	result("open O_RDONLY as nobody, node mode 0666", EPERM,
	       as(AS_NOBODY, open_device, &ro));
	chmod(DEVICE, 0600);
	result("open O_RDWR as root without CAP_SYS_ADMIN", EPERM,
	       as(AS_ROOT_NO_SYS_ADMIN, open_device, &rw));
	result("open O_RDWR as root", 0, as(AS_ROOT, open_device, &rw));
}

/*
 * The capability is checked at open only: a descriptor root opened and
 * handed to nobody (inherited here, as through fork or SCM_RIGHTS) can
 * issue every command, the claim and the hotplug included.
 */
static void handed(void)
{
	const struct span *r = &W.pmem.s[0];
	struct mhpb_info info;
	struct mhpb_claim claim = { r->start, 64 * MIB };
	struct mhpb_map map = { .size = SUB, .type = MHPB_PGMAP_GENERIC };
	struct mhpb_pfn_owner own = { .size = SUB };
	struct mhpb_unmap unmap = { 0 };
	struct mhpb_probes off = { 0, 0 }, on = { 1, 0 };
	struct mhpb_memset ms = { .size = PAGE };
	int fd = open(DEVICE, O_RDWR);
	const struct {
		const char *name;
		struct handed h;
	} steps[] = {
		{ "INFO", { fd, MHPB_IOC_INFO, &info } },
		{ "CLAIM 64M of the PMEM", { fd, MHPB_IOC_CLAIM, &claim } },
		{ "MAP 2M", { fd, MHPB_IOC_MAP, &map } },
		{ "PFN_OWNER", { fd, MHPB_IOC_PFN_OWNER, &own } },
		{ "UNMAP", { fd, MHPB_IOC_UNMAP, &unmap } },
		{ "PROBES off", { fd, MHPB_IOC_PROBES, &off } },
		{ "PROBES on", { fd, MHPB_IOC_PROBES, &on } },
		{ "MEMSET 4K", { fd, MHPB_IOC_MEMSET, &ms } },
		{ "RELEASE", { fd, MHPB_IOC_RELEASE, NULL } },
	};
	char name[128];

	if (fd < 0) {
		result("open as root for handing over", 0, errno);
		return;
	}
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		snprintf(name, sizeof(name), "%s as nobody on a descriptor root opened",
			 steps[i].name);
		result(name, 0, as(AS_NOBODY, handed_ioctl, &steps[i].h));
	}
	close(fd);
}

static int set(enum who who, const char *param, const char *value)
{
	char path[128];
	const char *kv[2] = { path, value };

	snprintf(path, sizeof(path), PARAMS "%s", param);
	return as(who, write_param, kv);
}

/* Loaded without inject_allow (as the job loads it), then with it. */
static void injection(void)
{
	check_mode(PARAMS "inject_allow", 0444);
	check_mode(PARAMS "inject_hits", 0444);
	check_mode(PARAMS "inject_ns", 0644);
	check_mode(PARAMS "inject_target", 0644);
	result("inject_ns=1000 as nobody", EACCES, set(AS_NOBODY, "inject_ns", "1000"));
	result("inject_target as nobody", EACCES,
	       set(AS_NOBODY, "inject_target", "sparse_add_section"));
	result("inject_ns=1000 as root, loaded without inject_allow", EPERM,
	       set(AS_ROOT, "inject_ns", "1000"));
	result("inject_target as root, loaded without inject_allow", EPERM,
	       set(AS_ROOT, "inject_target", "sparse_add_section"));
	result("inject_allow=1 as root after load", EACCES,
	       set(AS_ROOT, "inject_allow", "1"));
	result("rmmod", 0, module_unload());
	result("insmod inject_ns=1000 without inject_allow", EPERM,
	       module_load("inject_ns=1000"));
	result("insmod inject_allow=1", 0, module_load("inject_allow=1"));
	result("inject_ns=1000 as nobody, inject_allow=1", EACCES,
	       set(AS_NOBODY, "inject_ns", "1000"));
	result("inject_target as root, inject_allow=1", 0,
	       set(AS_ROOT, "inject_target", "sparse_add_section"));
	result("inject_ns=1000 as root, inject_allow=1 (armed)", 0,
	       set(AS_ROOT, "inject_ns", "1000"));
	result("inject_ns=0 as root (disarmed)", 0, set(AS_ROOT, "inject_ns", "0"));
	result("rmmod", 0, module_unload());
	result("insmod", 0, module_load(""));
}

int priv_main(const char *module_path, const char *json_path)
{
	char err[256];

	if (world_load(module_path, err, sizeof(err))) {
		fprintf(stderr, "priv: %s\n", err);
		return 2;
	}
	json = fopen(json_path, "w");
	if (!json) {
		perror(json_path);
		return 2;
	}
	fprintf(json, "{\n  \"checks\": [");
	opening();
	handed();
	injection();
	fprintf(json, "\n  ],\n  \"failures\": %d,\n  \"status\": \"%s\"\n}\n",
		failures, failures ? "fail" : "pass");
	fclose(json);
	printf("priv: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
