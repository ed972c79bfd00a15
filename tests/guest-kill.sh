#!/bin/sh
# No finished sample is lost when the guest dies: one exact-mode boot of
# the stock kernel runs a long suite, the host watches the result file in
# the guest's result mirror (the guest rewrites the file in its tmpfs
# after every sample and copies each version into the mirror,
# bench/src/mirror.h; the share gets it only after the job) and kills QEMU
# with SIGKILL once it holds SAMPLES samples. Then the runner must have
# put the file into the run folder from the mirror, a whole JSON document,
# marked as not complete (status running, no finished), holding every
# sample the host saw before the kill, and mhpbench summary and compare
# must read it and say it is incomplete (in their JSON).
#
#   tests/guest-kill.sh [KERNEL]        (default: default, Debian's stock 6.1)
#
# Environment: OUT (a folder that keeps the run), SAMPLES (4).
set -eu

kernel=${1:-default}
top=$(cd "$(dirname "$0")/.." && pwd)
after=${SAMPLES:-4}
planned=200
export MHPB_CLOCK=exact
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio
test_out guest-kill
bin=$top/bench/mhpbench
make -s -C "$top/bench"

printf 'name killed\nsizes 2M\nrepeat %s\nwarmup 0\nevents none\n' "$planned" >"$out/killed"
"$top/bench/vm/suite-job.sh" "$out/killed" >"$out/job.sh"
mkdir -p "$out/runs"
"$top/bench/vm/run-job.sh" "$kernel" "$out/job.sh" "$out/runs" >"$out/run-job.out" 2>"$out/run-job.err" &
gpid=$!

# samples FILE: how many samples the result FILE holds (-1: none readable)
samples() { jq '.samples | length' "$1" 2>/dev/null || echo -1; }

# Wait (at most 10 minutes: the kernel may need fetching, the module
# building) for the result file to hold $after samples; copy it, kill QEMU.
t=0
json=
run=
while [ "$t" -lt 3000 ]; do
	kill -0 "$gpid" 2>/dev/null || break
	run=$(find "$out/runs" -mindepth 1 -maxdepth 1 -type d | head -n 1)
	rm -rf "$out/live"
	mkdir "$out/live"
	if [ -n "$run" ] && [ -f "$run/mirror.img" ]; then
		"$bin" mirror-extract "$run/mirror.img" "$out/live" 2>/dev/null || true
		json=$(find "$out/live" -maxdepth 1 -name 'killed-*.json' | head -n 1)
	fi
	if [ -n "$json" ] && [ "$(samples "$json")" -ge "$after" ]; then
		cp "$json" "$out/seen.json"
		kill -KILL "$(cat "$run/qemu.pid")"
		break
	fi
	sleep 0.2
	t=$((t + 1))
done
rc=0
wait "$gpid" || rc=$?
if [ ! -f "$out/seen.json" ]; then
	cat "$out/run-job.err"
	echo "FAIL: the result file never held $after samples (run-job status $rc)"
	exit 1
fi
seen=$(samples "$out/seen.json")
echo "killed QEMU when the host saw $seen samples of $planned"
expect "$rc" 1 "run-job fails for a killed guest"
run=$run-FAILED
json=$run/$(basename "$json")
[ -d "$run" ] || fail "the run folder is not kept as $run"
[ ! -e "$run/mirror.img" ] || fail "the mirror is left in the run folder"
expect "$(jq -r '.format' "$json" 2>&1)" mhpbench-run "the result file is a whole JSON document"
expect "$(jq -r '.status' "$json")" running "it is marked running (not complete)"
expect "$(jq -r 'has("finished")' "$json")" false "it has no finished time"
n=$(samples "$json")
if [ "$n" -ge "$seen" ] && [ "$n" -lt "$planned" ]; then
	pass "it holds $n samples (the host saw $seen before the kill)"
else
	fail "it holds $n samples, the host saw $seen before the kill, $planned planned"
fi
expect "$(jq -c --argjson n "$seen" '[.samples[:$n][] | [.seq, .t_ns, .map.total_ns]]' "$json")" \
	"$(jq -c '[.samples[] | [.seq, .t_ns, .map.total_ns]]' "$out/seen.json")" \
	"every sample seen before the kill is there, unchanged"
expect "$(jq -r '[.samples[] | .map.ok and .unmap.ok] | all' "$json")" true "every kept sample is whole (map and unmap ok)"

"$bin" summary --format json "$json" >"$out/summary.json" 2>"$out/summary.err" ||
	fail "mhpbench summary fails on it: $(cat "$out/summary.err")"
expect "$(jq -r '[.status, .complete, .measured, .expected] | @tsv' "$out/summary.json")" \
	"$(printf 'running\tfalse\t%s\t%s' "$n" "$planned")" "summary reads it: running, not complete, $n of $planned"
"$bin" summary "$json" >"$out/summary.txt" 2>&1 || fail "mhpbench summary (text) fails on it"
if grep -q '^!!! INCOMPLETE RUN (running)' "$out/summary.txt"; then
	pass "its text summary says INCOMPLETE RUN"
else
	fail "no INCOMPLETE RUN line in the text summary"
fi
"$bin" compare --format json "$json" "$out/seen.json" >"$out/compare.json" 2>"$out/compare.err" ||
	fail "mhpbench compare fails on it: $(cat "$out/compare.err")"
expect "$(jq -r '[.runs[].incomplete_runs] | @tsv' "$out/compare.json" 2>&1)" "$(printf '1\t1')" \
	"compare reads it and counts it incomplete"
"$bin" compare "$json" "$out/seen.json" >"$out/compare.txt" 2>&1 || fail "mhpbench compare (text) fails on it"
if grep -q 'INCOMPLETE' "$out/compare.txt"; then
	pass "its text report says INCOMPLETE"
else
	fail "no INCOMPLETE in the text report"
fi
[ "$failures" -eq 0 ] || { echo "guest-kill: $failures FAILED (kept in $out if OUT was set)"; exit 1; }
echo "guest-kill: all passed"
