#!/bin/sh
# The reports and plots of make compare / make track from stored runs,
# without booting: what bench/kernels.sh runs after its boots, and how an
# example of results/examples/ is regenerated.
#
#   replot.sh compare|track DIR [RUN...]
#
# RUN: the runs (a result file, or a folder pooled), in order: compare's
# first is A, the baseline. Without any: DIR/runs/* (an example), else
# DIR's I-KERNEL folders in the order I (a kernels.sh folder), named
# relative to DIR as the examples' reports name them. track: the trend
# order is DIR/order.txt, a kernel release a line.
# Environment: REPLOT_OUT, where the reports, the data files (in data/)
# and the plots go (default DIR; not OUT, which make exports as the
# results root); PLOTS=only: the plots alone, from REPLOT_OUT/data as it is.
#
# compare writes report.txt (the short report), report-full.txt,
# report.md, report.json, and per op (map, unmap) change-OP (what B
# changed, per phase and case: the first plot to read), phases-OP (where
# the work goes, a panel per size) and size-OP (the work against size,
# log-log); pfn-valid and bandwidth when the runs have them. track
# writes report.txt, report.json and a trend-OP-CASE plot per case and op.
# Plots are PNG and SVG; no text plots (the reports are the text).
set -eu

usage() { echo "usage: replot.sh compare|track DIR [RUN...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
mode=$1
case $mode in compare | track) ;; *) usage ;; esac
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
mhpbench=$top/bench/mhpbench
dir=$(cd "$2" && pwd) || { echo "replot: no folder $2" >&2; exit 2; }
shift 2
out=${REPLOT_OUT:-$dir}
mkdir -p "$out"
out=$(cd "$out" && pwd)
data=$out/data
plots_only=
[ "${PLOTS:-}" != only ] || plots_only=1
[ -x "$mhpbench" ] || [ -n "$plots_only" ] ||
	{ echo "replot: no $mhpbench: make -C bench first" >&2; exit 2; }
[ -z "$plots_only" ] || [ -d "$data" ] ||
	{ echo "replot: PLOTS=only needs the data files in $data" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "replot: gnuplot not found (bench/install-deps.sh)" >&2; exit 2; }

if [ $# -eq 0 ]; then
	cd "$dir"
	if [ -d runs ]; then
		for r in runs/*; do
			[ -e "$r" ] && set -- "$@" "$r"
		done
	else
		i=1
		while :; do
			n=$#
			for r in "$i"-*/; do
				[ -d "$r" ] && set -- "$@" "${r%/}"
			done
			[ $# -gt "$n" ] || break
			i=$((i + 1))
		done
	fi
	[ $# -ge 1 ] || { echo "replot: no runs in $dir (runs/ or I-KERNEL/)" >&2; exit 2; }
fi

# gnuplot -c analysis/SCRIPT ARG... TERM OUT, as NAME.png and .svg
plot() {
	script=$1 name=$2
	shift 2
	for term in png svg; do
		gnuplot -c "$top/analysis/$script" "$@" "$term" "$out/$name.$term"
	done
}
# A data file of compare --data with data: its first line after the
# comments and the column titles is not a "none" line.
has_data() {
	awk '!/^#/ { n++ } n == 2 { found = $1 != "none"; exit } END { exit !found }' "$1"
}

if [ "$mode" = compare ]; then
	if [ -z "$plots_only" ]; then
		"$mhpbench" compare --data "$data" "$@" >"$out/report.txt"
		"$mhpbench" compare --full "$@" >"$out/report-full.txt"
		"$mhpbench" compare --format markdown "$@" >"$out/report.md"
		"$mhpbench" compare --format json "$@" >"$out/report.json"
	fi
	for op in map unmap; do
		# none in a pfn_valid suite: no hotplug rows
		has_data "$data/change-$op.dat" || continue
		# one change plot per compared kernel: B's is change-OP, C's change-OP-C
		letters=$(sed -n 's/^# compared: //p' "$data/change-$op.dat")
		k=1
		for letter in $letters; do
			name=change-$op
			[ "$k" -eq 1 ] || name=change-$op-$letter
			plot change.gp "$name" "$data/change-$op.dat" "$k"
			k=$((k + 1))
		done
		plot phases.gp "phases-$op" "$data/work-phases-$op.dat"
		plot size.gp "size-$op" "$data/work-size-$op.dat"
	done
	# suite pfn_valid; runs with memset[] and memmap_init timed
	if has_data "$data/pfn-valid.dat"; then
		plot pfn_valid.gp pfn-valid "$data/pfn-valid.dat"
	fi
	if has_data "$data/bandwidth.dat"; then
		plot bandwidth.gp bandwidth "$data/bandwidth.dat"
	fi
else
	[ -f "$dir/order.txt" ] || { echo "replot: track needs $dir/order.txt" >&2; exit 2; }
	if [ -z "$plots_only" ]; then
		"$mhpbench" trend --commits "$dir/order.txt" --data "$data" "$@" >"$out/report.txt"
		"$mhpbench" trend --commits "$dir/order.txt" --format json "$@" >"$out/report.json"
	fi
	while read -r stem op what; do
		plot trend.gp "$stem" "$data/$stem" "$op $what"
	done <"$data/trend-index.txt"
fi
