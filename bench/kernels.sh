#!/bin/sh
# make compare / make track: run the suite on several kernels in QEMU
# guests and write the report and the plots into one folder (those by
# bench/replot.sh, which remakes them later from the stored runs).
#
#   kernels.sh compare|track KERNEL...
#
# compare: rounds of A B A B... (interleaved, so drift of the host hits
# every kernel alike), then `mhpbench compare` of the kernels' pooled runs.
# track: the kernels in the order given, then `mhpbench trend`.
# Environment: MHPB_CLOCK (exact, the default, or wall: bench/vm/boot-qemu.sh),
# ROUNDS (compare: 2 in exact mode, where two boots a side let the report
# check that each side is deterministic, 5 in wall mode, where compare
# tests boots and fewer than 3 a side leaves a row untested; 3 with
# MHPB_LENS, whose misses vary from boot to boot; track: 1),
# JOBS (guests at once: bench/vm/rounds.sh), SUITE (subsection), OUT
# (results/local), MHPB_COLLECTOR (passed on to run-job.sh).
set -eu

mode=$1
shift
[ $# -ge 1 ] || { echo "usage: kernels.sh compare|track KERNEL..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
me=kernels
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
suite=${SUITE:-subsection}
rounds=$(default_rounds "$mode") ||
	{ echo "kernels.sh: mode is compare or track, not $mode" >&2; exit 2; }
rounds=${ROUNDS:-$rounds}
dir=${OUT:-$top/results/local}/$mode-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"
job=$dir/job.sh
"$top/bench/vm/suite-job.sh" "$suite" >"$job"

tb=$(date +%s)
"$top/bench/vm/rounds.sh" "$rounds" "$job" "$dir" "$@" >"$dir/rounds.txt"
echo "kernels: $(($# * rounds)) boots in $(($(date +%s) - tb)) s" >&2
ta=$(date +%s)

# the runs in the order given: I-KERNEL (bench/vm/rounds.sh), I from 1
n=$#
i=1
for k in "$@"; do
	set -- "$@" "$dir/$i-$k"
	i=$((i + 1))
done
shift "$n"
# the trend order is that order: one kernel release a line
release_order "$@" >"$dir/order.txt"
# the reports and plots: bench/replot.sh, which also remakes them later
# from the stored runs
"$here/replot.sh" "$mode" "$dir" "$@"
cat "$dir/report.txt"
echo "kernels: analysis and plots in $(($(date +%s) - ta)) s" >&2
echo "kernels: report and plots in $dir" >&2
