#!/bin/bash
# Boot several kernels in rounds (round 1: every kernel in the order
# given, then round 2, ...) with one guest job, up to JOBS guests at once,
# and collect the result files: make compare, make track and the tests.
#
#   rounds.sh ROUNDS JOB OUTDIR KERNEL...
#
# Each finished guest's result files are copied into OUTDIR/I-KERNEL/ as
# rROUND-NAME (I: the kernel's place in the list, from 1) and the line
# "ROUND I KERNEL GUESTFOLDER" is printed, so callers can regroup runs (the
# fixture test splits rounds into odd and even). The guests' own folders
# go to OUTDIR/guests/. A guest that fails is kept as *-FAILED and booted
# once more (run-job.sh itself boots once more after an int3 Oops);
# a second failure fails the whole set, after the guests already running
# have finished.
#
# JOBS: guests at once. Default: the number of cores in exact mode
# (MHPB_CLOCK=exact, the default: instruction counts do not depend on the
# host's load), 1 in wall mode (parallel guests would share the cores they
# are timed on). The order of starting is the order above either way.
set -eu

[ $# -ge 4 ] || { echo "usage: rounds.sh ROUNDS JOB OUTDIR KERNEL..." >&2; exit 2; }
rounds=$1
job=$2
outdir=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
me=rounds
# shellcheck source=bench/lib.sh
. "$here/../lib.sh"
case $rounds in '' | *[!0-9]* | 0) die "ROUNDS is a count, not $rounds" ;; esac
if [ "${MHPB_CLOCK:-exact}" = exact ]; then
	jobs=${JOBS:-$(nproc)}
else
	jobs=${JOBS:-1}
fi
case $jobs in '' | *[!0-9]* | 0) echo "rounds: JOBS is a count, not $jobs" >&2; exit 2 ;; esac
mkdir -p "$outdir/guests"
# Fetch and build once before any guest starts: concurrent run-job.sh
# calls then share the downloaded kernels and the collector.
for k in "$@"; do
	"$here/fetch-kernel.sh" "$k" "$cache" >/dev/null
done
make -s -C "$here/.." >&2
export MHPB_COLLECTOR="${MHPB_COLLECTOR:-$here/../mhpbench}"

# Common random numbers: every kernel of a round boots with the round's
# boot seed (boot-qemu.sh), so that an exact guest of each draws the same
# spacings and two boots of one kernel in one round write the same file
# (analysis/METHOD.md, "Paired boots"); rounds draw apart. From
# MHPB_BOOT_SEED when it is set, so that a whole set repeats.
base_seed=${MHPB_BOOT_SEED:-$(od -An -N8 -tx8 /dev/urandom | tr -d ' \n')}
round_seed() {
	printf '%s-%s' "$base_seed" "$1" | sha256sum | cut -c1-16
}

# one ROUND I KERNEL: boot it (twice at most), copy its results, say so
one() {
	local run
	export MHPB_BOOT_SEED
	MHPB_BOOT_SEED=$(round_seed "$1")
	run=$("$here/run-job.sh" "$3" "$job" "$outdir/guests") || {
		echo "rounds: the guest of $3 (round $1) failed; one more try" >&2
		run=$("$here/run-job.sh" "$3" "$job" "$outdir/guests")
	} || return 1
	mkdir -p "$outdir/$2-$3"
	# The guest names its files by its own clock, which two guests
	# started together can share: the round keeps them apart.
	for f in "$run"/*.json; do
		cp "$f" "$outdir/$2-$3/r$1-$(basename "$f")"
	done
	echo "$1 $2 $3 $run"
}

running=0
failed=0
round=1
while [ "$round" -le "$rounds" ]; do
	i=0
	for k in "$@"; do
		i=$((i + 1))
		if [ "$running" -ge "$jobs" ]; then
			wait -n || failed=$((failed + 1))
			running=$((running - 1))
		fi
		[ "$failed" -eq 0 ] || break 2
		echo "rounds: round $round of $rounds, kernel $i: $k ($jobs at once)" >&2
		one "$round" "$i" "$k" &
		running=$((running + 1))
	done
	round=$((round + 1))
done
while [ "$running" -gt 0 ]; do
	wait -n || failed=$((failed + 1))
	running=$((running - 1))
done
[ "$failed" -eq 0 ] || { echo "rounds: $failed guest(s) failed twice" >&2; exit 1; }
