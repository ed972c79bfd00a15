#!/bin/sh
# make profile: run a suite under perf record in a QEMU guest and keep
# perf report's output beside the results, so that a reviewer sees which
# kernel functions a phase spends its time in.
#
#   profile.sh SUITE        (environment: KERNEL, OUT, PERF_EVENT)
#
# PERF_EVENT defaults to cpu-clock, the software clock that samples under
# TCG; use cycles on hardware with a PMU. Only the collector's own thread is
# sampled: the hotplug work runs in its ioctl, the grace periods elsewhere.
set -eu

suite=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=${OUT:-$top/results/local}
event=${PERF_EVENT:-cpu-clock}

job=$(mktemp)
trap 'rm -f "$job"' EXIT
"$here/vm/suite-job.sh" --setup "$suite" >"$job"
cat >>"$job" <<JOB
set -e
perf record -q -e $event -F 4000 -g -o perf.data -- /mhp/bench/mhpbench run "\$suite" -o .
perf report -i perf.data --stdio --no-children --sort sym --percent-limit 0.5 -g none >perf-report-all.txt 2>/dev/null
perf report -i perf.data --stdio --no-children --parent 'memremap_pages|memunmap_pages' -x --percentage relative --sort parent,sym --percent-limit 0.5 -g none >perf-report.txt 2>/dev/null
perf report -i perf.data --stdio --children --parent 'memremap_pages|memunmap_pages' -x --percentage relative --sort sym --percent-limit 2 -g none >perf-report-children.txt 2>/dev/null
JOB
run=$(MHPB_GUEST_TOOLS=perf "$here/vm/run-job.sh" "${KERNEL:-default}" "$job" "$out")
echo "Samples inside memremap_pages()/memunmap_pages(), by function (self):"
grep -E '^ *[0-9]' "$run/perf-report.txt" | head -n 30
echo "mhpbench: perf-report.txt (inside hotplug, self), perf-report-children.txt"
echo "  (inside hotplug, inclusive), perf-report-all.txt (whole run), perf.data: $run"
