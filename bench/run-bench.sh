#!/bin/sh
# make bench: run a suite on this machine's own kernel when it can, else
# inside a QEMU guest booted with one of Debian's stock kernels.
#
#   run-bench.sh SUITE
#
# Environment: KERNEL (a Debian kernel release or "default": always use a
# guest), OUT (results folder, default results/local), NDCTL_TIMING (1: in a
# guest, also time ndctl create/destroy-namespace with hyperfine).
set -eu

suite=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=${OUT:-$top/results/local}
kernel=${KERNEL:-}

# Why the host cannot run the suite itself, or nothing if it can.
host_unfit() {
	if [ "$(cat /proc/sys/kernel/modules_disabled 2>/dev/null || echo 1)" != 0 ]; then
		echo "module loading is disabled"
	elif [ ! -d "/lib/modules/$(uname -r)/build" ]; then
		echo "no headers for $(uname -r) (apt-get install linux-headers-$(uname -r))"
	elif ! "$here/mhpbench" discover >/dev/null 2>&1; then
		echo "no free Persistent Memory range in /proc/iomem"
	fi
}

if [ -z "$kernel" ]; then
	why=$(host_unfit)
	if [ -z "$why" ] && [ -n "${MHPB_LENS:-}" ]; then
		echo "mhpbench: LENS=${MHPB_LENS} simulates the caches of a QEMU guest; this machine's own kernel has no lens (leave LENS unset, or set KERNEL to use a guest)" >&2
		exit 2
	fi
	if [ -z "$why" ] && [ "${MHPB_CLOCK:-}" = exact ]; then
		echo "mhpbench: CLOCK=exact counts instructions in a QEMU guest; this machine's own kernel runs on the wall clock (leave CLOCK unset, or set KERNEL to use a guest)" >&2
		exit 2
	fi
	if [ -z "$why" ]; then
		echo "mhpbench: running $suite on this machine's kernel $(uname -r)"
		make -s -C "$top/modules"
		exec "$here/mhpbench" run "$suite" -o "$out" --module "$top/modules/mhp_bench.ko"
	fi
	echo "mhpbench: this machine cannot run it ($why): using a QEMU guest"
	kernel=default
fi

job=$(mktemp)
trap 'rm -f "$job"' EXIT
"$here/vm/suite-job.sh" "$suite" >"$job"
# After the suite (nd_pmem then owns the PMEM): the user's end-to-end path.
if [ "${NDCTL_TIMING:-1}" = 1 ]; then
	echo "sh /mhp/bench/ndctl-hyperfine.sh hyperfine-ndctl.json" >>"$job"
fi
run=$("$here/vm/run-job.sh" "$kernel" "$job" "$out")
for f in "$run"/*.json; do
	case $f in
	*/hyperfine-*.json) continue ;;	# hyperfine's own export format
	esac
	"$here/mhpbench" summary "$f"
done
if [ -f "$run/hyperfine-ndctl.txt" ]; then
	echo
	echo "End to end, timed by hyperfine in the guest (process level: ndctl included):"
	cat "$run/hyperfine-ndctl.txt"
fi
echo "mhpbench: results, console log and guest dmesg in $run"
