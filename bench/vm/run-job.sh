#!/bin/sh
# Run a job inside a QEMU guest booted with one of Debian's stock kernels:
# build what the guest needs (build-guest.sh), boot, and keep everything
# the job wrote.
#
#   run-job.sh KERNEL JOB OUTDIR
#
# KERNEL: a release (6.1.0-56-amd64, 6.12.117+deb12-amd64) or "default".
# JOB: a shell script the guest runs with /tmp/out, in its tmpfs, as its
# working directory and the collector at /mhp/bench; every file it leaves
# there is copied to a new folder under OUTDIR after the job (boot-qemu.sh).
# Prints the folder; it also holds console.log and dmesg.txt. A failed job
# leaves the folder renamed to *-FAILED and this script fails.
set -eu

kernel=$1
job=$2
outdir=$3

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
me="run-job"
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
export MHPB_CACHE="$cache"

# a build folder per invocation: concurrent runs never share one
mkdir -p "$cache/build"
build=$(mktemp -d "$cache/build/$kernel.XXXXXX")
trap 'rm -rf "$build"' EXIT
kroot=$("$here/build-guest.sh" "$kernel" "$build")
kver=$(basename "$kroot")
lens=
[ -z "${MHPB_LENS:-}" ] || lens=cache
collector=${MHPB_COLLECTOR:-$top/bench/mhpbench}

mkdir -p "$outdir"
# A guest that dies of an int3 Oops is booted once more: that is the MTTCG
# artifact (docs/clocks.md, "Wall mode"), not a fault of the kernel or the
# module. Its folder stays, as *-FAILED. Any other failure, or a second
# one, fails.
try=1
while :; do
	# guests started in the same second (rounds.sh runs several) get -2, -3...
	run=$outdir/$(date -u +%Y%m%dT%H%M%SZ)-$kver
	n=1
	while ! mkdir "$run$([ "$n" -eq 1 ] || echo "-$n")" 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -le 99 ] || { log "cannot make a folder $run-N in $outdir"; exit 1; }
	done
	[ "$n" -eq 1 ] || run=$run-$n
	cp "$job" "$run/job.sh"
	log "booting $kver (console: $run/console.log)"
	rc=0
	"$here/boot-qemu.sh" "$kroot/boot/vmlinuz-$kver" "$build/initrd.cpio" "$run" || rc=$?
	# the lens's counts into the run files, also of a failed job's
	# finished samples
	if [ -n "$lens" ] && [ -f "$run/lens-cache.jsonl" ]; then
		"$collector" lens-merge "$run" || [ "$rc" -ne 0 ] || rc=1
	fi
	[ "$rc" -ne 0 ] || break
	mv "$run" "$run-FAILED"
	if [ "$try" -eq 1 ] && grep -q 'Oops: int3' "$run-FAILED/console.log"; then
		log "the guest died of an int3 Oops (MTTCG artifact), kept in $run-FAILED; one more boot"
		try=2
		continue
	fi
	log "guest job failed (status $rc); last console lines:"
	tail -n 25 "$run-FAILED/console.log" >&2 || true
	log "kept in $run-FAILED"
	exit 1
done
echo "$run"
