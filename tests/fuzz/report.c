/*
 * What a run says: the failure report (the mismatch and the calls before
 * it, decoded, so that the reduced sequence can be read off), the
 * per-command errno table and the JSON summary the host test checks.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const row_name[NR_ROWS] = {
	[R_INFO] = "INFO", [R_PHASE_INFO] = "PHASE_INFO", [R_CLAIM] = "CLAIM",
	[R_MAP] = "MAP", [R_UNMAP] = "UNMAP", [R_RELEASE] = "RELEASE",
	[R_PFN_VALID] = "PFN_VALID", [R_MEMSET] = "MEMSET",
	[R_PROBES] = "PROBES", [R_PFN_OWNER] = "PFN_OWNER",
	[R_CLAIM_PRIVATE] = "CLAIM_PRIVATE", [R_BAD_CMD] = "unknown_cmd",
	[R_OPEN] = "open", [R_CLOSE] = "close", [R_FORK] = "fork",
	[R_RMMOD] = "rmmod", [R_INSMOD] = "insmod",
};

static const char *const ptr_name[NR_PTR_KINDS] = {
	"ok", "read-only", "tail-into-read-only", "NULL", "no-access",
	"tail-into-no-access", "kernel",
};

const char *errname(int e)
{
	static char other[16];

	switch (e) {
	case 0: return "ok";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case ENXIO: return "ENXIO";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ENOTTY: return "ENOTTY";
	case ERANGE: return "ERANGE";
	case EOVERFLOW: return "EOVERFLOW";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default:
		snprintf(other, sizeof(other), "E%d", e);
		return other;
	}
}

#define U64(t, i) ((unsigned long long)(t)->u64[i])

/* The input fields of a recorded argument, by command. */
static void describe(const struct trace *t, char *out, size_t len)
{
	union {
		uint8_t b[40];
		uint64_t u64[5];
		uint32_t u32[10];
	} a;

	memcpy(a.b, t->arg, sizeof(a.b));
	switch (t->row) {
	case R_CLAIM:
	case R_MEMSET:
		snprintf(out, len, "{%#llx, %#llx}", U64(&a, 0), U64(&a, 1));
		break;
	case R_CLAIM_PRIVATE:
		snprintf(out, len, "{size %#llx, start %#llx}", U64(&a, 0), U64(&a, 1));
		break;
	case R_MAP:
		snprintf(out, len, "{offset %#llx, size %#llx, type %u, shift %u, flags %#x}",
			 U64(&a, 0), U64(&a, 1), a.u32[4], a.u32[5], a.u32[6]);
		break;
	case R_UNMAP:
	case R_PROBES:
	case R_PHASE_INFO:
		snprintf(out, len, "{%u, %u}", a.u32[0], a.u32[1]);
		break;
	case R_PFN_OWNER:
		snprintf(out, len, "{handle %u, reserved %u, offset %#llx, size %#llx}",
			 a.u32[0], a.u32[1], U64(&a, 1), U64(&a, 2));
		break;
	case R_PFN_VALID:
		snprintf(out, len, "{pfn %#llx, count %#llx, loops %u, reserved %u}",
			 U64(&a, 0), U64(&a, 1), a.u32[4], a.u32[5]);
		break;
	default:
		snprintf(out, len, "%s", t->cmd ? "" : "-");
	}
}

/* The calls before a failure, oldest first. */
void ring_dump(void)
{
	uint64_t first = S.calls > RING ? S.calls - RING : 0;
	char args[160];

	fprintf(stderr, "fuzz: the last %llu calls (file, call, argument, pointer: got / model):\n",
		(unsigned long long)(S.calls - first));
	for (uint64_t n = first; n < S.calls; n++) {
		const struct trace *t = &S.ring[n % RING];

		describe(t, args, sizeof(args));
		fprintf(stderr, "  #%llu f%d %s", (unsigned long long)t->n,
			t->file, row_name[t->row]);
		if (t->cmd)
			fprintf(stderr, " cmd %#lx %s %s", t->cmd, args, ptr_name[t->ptr]);
		fprintf(stderr, ": %s", errname(t->got));
		fprintf(stderr, " / %s\n", errname(t->want));
	}
}

void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz: MISMATCH at call %llu, seed %llu%s: ",
		(unsigned long long)S.calls, (unsigned long long)cur_seed,
		in_child ? " (in the forked child)" : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ring_dump();
	S.failed = true;
	if (in_child) {
		fflush(stderr);
		_exit(1);
	}
	fuzz_abort();
}

void check(bool ok, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (ok)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail("%s", msg);
}

/* Distinct errno values (not 0) the run saw, over all rows. */
int errnos_seen(void)
{
	int n = 0;

	for (int e = 1; e < MAX_ERRNO; e++) {
		uint64_t c = 0;

		for (int r = 0; r < NR_ROWS; r++)
			c += S.table[r][e];
		n += c > 0;
	}
	return n;
}

void print_table(FILE *out)
{
	for (int r = 0; r < NR_ROWS; r++) {
		fprintf(out, "  %-14s", row_name[r]);
		for (int e = 0; e < MAX_ERRNO; e++)
			if (S.table[r][e])
				fprintf(out, " %s %llu", errname(e),
					(unsigned long long)S.table[r][e]);
		if (S.row_ns[r])
			fprintf(out, " (%.1f s)", S.row_ns[r] / 1e9);
		fputc('\n', out);
	}
}

static void json_table(FILE *f)
{
	fprintf(f, "  \"table\": {");
	for (int r = 0; r < NR_ROWS; r++) {
		bool first = true;

		fprintf(f, "%s\n    \"%s\": {", r ? "," : "", row_name[r]);
		for (int e = 0; e < MAX_ERRNO; e++) {
			if (!S.table[r][e])
				continue;
			fprintf(f, "%s\"%s\": %llu", first ? "" : ", ", errname(e),
				(unsigned long long)S.table[r][e]);
			first = false;
		}
		fprintf(f, "}");
	}
	fprintf(f, "\n  }\n");
}

int write_json(const char *path, uint64_t seed, uint64_t want_calls,
	       int reports, int final, double seconds)
{
	FILE *f = fopen(path, "w");
	const char *status = S.failed ? "mismatch" : reports ? "kernel_report" :
			     final ? "final_check_failed" : "pass";

	if (!f)
		return -1;
	fprintf(f, "{\n  \"seed\": %llu,\n  \"calls\": %llu,\n  \"calls_wanted\": %llu,\n",
		(unsigned long long)seed, (unsigned long long)S.calls,
		(unsigned long long)want_calls);
	fprintf(f, "  \"status\": \"%s\",\n  \"errnos_seen\": %d,\n  \"kernel_reports\": %d,\n",
		status, errnos_seen(), reports);
	fprintf(f, "  \"device_private\": %s,\n",
		W.features & MHPB_FEAT_DEVICE_PRIVATE ? "true" : "false");
	fprintf(f, "  \"seconds\": %.1f,\n  \"calls_per_s\": %.0f,\n", seconds,
		seconds > 0 ? (double)S.calls / seconds : 0.0);
	fprintf(f, "  \"maps_ok\": %llu,\n  \"max_live_mappings\": %llu,\n",
		(unsigned long long)S.maps_ok, (unsigned long long)S.max_live);
	fprintf(f, "  \"forks\": %llu,\n  \"kills\": %llu,\n  \"reloads\": %llu,\n",
		(unsigned long long)S.forks, (unsigned long long)S.kills,
		(unsigned long long)S.reloads);
	fprintf(f, "  \"kills_holding_a_claim\": %llu,\n  \"races\": %llu,\n",
		(unsigned long long)S.kills_holding, (unsigned long long)S.races);
	fprintf(f, "  \"deep_runs\": %llu,\n", (unsigned long long)S.deep_runs);
	fprintf(f, "  \"row_seconds\": {");
	for (int r = 0; r < NR_ROWS; r++)
		fprintf(f, "%s\"%s\": %.2f", r ? ", " : "", row_name[r], S.row_ns[r] / 1e9);
	fprintf(f, "},\n");
	json_table(f);
	fprintf(f, "}\n");
	return fclose(f);
}
