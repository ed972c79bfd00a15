#!/bin/sh
# Run a job inside a QEMU guest booted with one of Debian's stock kernels:
# fetch the kernel, build the benchmark module against its headers, build
# the collector and the initramfs, boot, and keep everything the job wrote.
#
#   run-job.sh KERNEL JOB OUTDIR
#
# KERNEL: a release (6.1.0-56-amd64, 6.12.117+deb12-amd64) or "default".
# JOB: a shell script the guest runs with /mnt/out (a new folder under
# OUTDIR) as its working directory and the collector at /mhp/bench.
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

kroot=$("$here/fetch-kernel.sh" "$kernel" "$cache")
kver=$(basename "$kroot")
hdr=$kroot/usr/src/linux-headers-$kver

# Kbuild writes objects beside the sources: build a copy per kernel and
# per invocation, so that concurrent runs never share a build folder.
mkdir -p "$cache/build"
build=$(mktemp -d "$cache/build/$kver.XXXXXX")
trap 'rm -rf "$build"' EXIT
mkdir -p "$build/modules"
cp -r "$top/modules/." "$build/modules/"
btf=
command -v pahole >/dev/null || btf=CONFIG_DEBUG_INFO_BTF_MODULES=
log "building modules for $kver"
# the cache lens needs the module's markers (modules/mhp_bench_lens.h)
lens=
[ -z "${MHPB_LENS:-}" ] || lens=LENS=1
# shellcheck disable=SC2086 # btf and lens are empty or one word
make -s -C "$build/modules" KDIR="$hdr" $btf $lens >"$build/modules.log" 2>&1 || {
	cat "$build/modules.log" >&2
	log "module build failed for $kver"
	exit 1
}
# MHPB_COLLECTOR: a prebuilt collector instead of this tree's.
collector=${MHPB_COLLECTOR:-}
if [ -z "$collector" ]; then
	make -s -C "$top/bench" >&2
	collector=$top/bench/mhpbench
fi
"$here/build-initramfs.sh" "$kroot" "$kver" "$build/modules/mhp_bench.ko" \
	"$collector" "$build/initrd.cpio"

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
