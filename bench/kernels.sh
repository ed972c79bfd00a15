#!/bin/sh
# make compare / make track: run the suite on several kernels in QEMU
# guests and write the report and the plots into one folder.
#
#   kernels.sh compare|track KERNEL...
#
# compare: rounds of A B A B... (interleaved, so drift of the host hits
# every kernel alike), then `mhpbench compare` of the kernels' pooled runs.
# track: the kernels in the order given, then `mhpbench trend`.
# Environment: MHPB_CLOCK (exact, the default, or wall: bench/vm/run-guest.sh),
# ROUNDS (compare: 2 in exact mode, where two boots a side let the report
# check that each side is deterministic, 5 in wall mode, where compare
# tests boots and fewer than 3 a side leaves a row untested; 3 with
# MHPB_LENS, whose misses vary from boot to boot; track: 1),
# JOBS (guests at once: bench/vm/rounds.sh), SUITE (subsection), OUT
# (results/local), MHPB_COLLECTOR (passed on to guest-run.sh).
set -eu

mode=$1
shift
[ $# -ge 1 ] || { echo "usage: kernels.sh compare|track KERNEL..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
mhpbench=$top/bench/mhpbench
suite=${SUITE:-subsection}
case $mode in
compare)
	rounds=5
	[ "${MHPB_CLOCK:-exact}" = wall ] || rounds=2
	# the cache lens's misses vary from boot to boot: 3 a side to test them
	[ -z "${MHPB_LENS:-}" ] || rounds=3
	rounds=${ROUNDS:-$rounds}
	;;
track) rounds=${ROUNDS:-1} ;;
*) echo "kernels.sh: mode is compare or track, not $mode" >&2; exit 2 ;;
esac
dir=${OUT:-$top/results/local}/$mode-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"
job=$dir/job.sh
"$top/bench/vm/suite-job.sh" "$suite" >"$job"

tb=$(date +%s)
"$top/bench/vm/rounds.sh" "$rounds" "$job" "$dir" "$@" >"$dir/rounds.txt"
echo "kernels: $(($# * rounds)) boots in $(($(date +%s) - tb)) s" >&2
ta=$(date +%s)

kernels="$*"
# the trend order is the order given: one line per kernel release
set --
for d in "$dir"/[0-9]*-*/; do
	set -- "$@" "${d%/}"
	f=$(find "${d%/}" -name '*.json' | head -n 1)
	sed -n 's/^ *"release": "\(.*\)",*$/\1/p' "$f" | head -n 1
done >"$dir/order.txt"
plot() {
	gnuplot -c "$top/analysis/$1" "$2" "$3" png "$dir/$4.png"
	gnuplot -c "$top/analysis/$1" "$2" "$3" svg "$dir/$4.svg"
	gnuplot -c "$top/analysis/$1" "$2" "$3" dumb - >"$dir/$4.txt"
}
# scripts reading one data file: SCRIPT FILE OUT
plot_file() {
	gnuplot -c "$top/analysis/$1" "$2" png "$dir/$3.png"
	gnuplot -c "$top/analysis/$1" "$2" svg "$dir/$3.svg"
	gnuplot -c "$top/analysis/$1" "$2" dumb - >"$dir/$3.txt"
}
# a data file of compare --data with data: its first line after the
# column titles is not the "none" line
has_data() {
	awk '!/^#/ { n++ } n == 2 { found = $1 != "none"; exit } END { exit !found }' "$1"
}
if [ "$mode" = compare ]; then
	# report.txt is the short report for a mail; report-full.txt every row
	"$mhpbench" compare --data "$dir/data" "$@" >"$dir/report.txt"
	"$mhpbench" compare --full "$@" >"$dir/report-full.txt"
	"$mhpbench" compare --format markdown "$@" >"$dir/report.md"
	"$mhpbench" compare --format json "$@" >"$dir/report.json"
	for op in map unmap; do
		# none in a pfn_valid suite: no hotplug samples
		has_data "$dir/data/phases-$op.dat" || continue
		plot size.gp "$dir/data" "$op" "size-$op"
		plot phases.gp "$dir/data" "$op" "phases-$op"
	done
	# suite pfn_valid; runs with memset[] and memmap_init timed
	if has_data "$dir/data/pfn-valid.dat"; then
		plot_file pfn_valid.gp "$dir/data/pfn-valid.dat" pfn-valid
	fi
	if has_data "$dir/data/bandwidth.dat"; then
		plot_file bandwidth.gp "$dir/data/bandwidth.dat" bandwidth
	fi
else
	"$mhpbench" trend --commits "$dir/order.txt" --data "$dir/data" "$@" >"$dir/report.txt"
	"$mhpbench" trend --commits "$dir/order.txt" --format json "$@" >"$dir/report.json"
	while read -r stem op what; do
		plot trend.gp "$dir/data/$stem" "$op $what: $kernels" "$stem"
	done <"$dir/data/trend-index.txt"
fi
cat "$dir/report.txt"
echo "kernels: analysis and plots in $(($(date +%s) - ta)) s" >&2
echo "kernels: report and plots in $dir" >&2
