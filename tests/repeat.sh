#!/bin/sh
# An exact-mode boot repeats: two guests of one kernel under the cache
# lens, booted at once with one boot seed (MHPB_BOOT_SEED, as make compare
# pairs the kernels of a round) on the smoke suite, must write the same
# result file byte for byte (every figure: waits, totals, and the lens's
# misses, which depend on all that ran before) and the same kernel log,
# and record the boot seed; compare's A/A of the two must flag nothing and
# find no change in any row. The lens guest is the plain
# exact guest with the plugin watching, so the plain guest repeats too.
# What makes it so: analysis/METHOD.md, "What makes two boots repeat".
#
#   tests/repeat.sh [KERNEL]        (default: default, Debian's stock 6.1)
#
# Environment: OUT (keeps the runs).
set -eu

kernel=${1:-default}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio
test_out repeat
seed=$(od -An -N8 -tx8 /dev/urandom | tr -d ' \n')
export MHPB_CLOCK=exact MHPB_LENS=cache MHPB_BOOT_SEED="$seed"
make -s -C "$top/bench"
"$top/bench/vm/suite-job.sh" smoke >"$out/job.sh"
# each guest is built by its own run-job.sh, as make compare's boots are:
# the archives are reproducible (bench/lib.sh, initramfs_of)
for g in 1 2; do
	"$top/bench/vm/run-job.sh" "$kernel" "$out/job.sh" "$out/guest$g" >"$out/guest$g.path" \
		2>"$out/guest$g.log" &
	eval "pid$g=\$!"
done
rc1=0 rc2=0
# shellcheck disable=SC2154 # pid1 and pid2 are set by the eval
wait "$pid1" || rc1=$?
# shellcheck disable=SC2154
wait "$pid2" || rc2=$?
expect "$rc1 $rc2" "0 0" "both guests finished their job"
[ "$rc1$rc2" = 00 ] || { tail -n 20 "$out"/guest*.log; exit 1; }
run1=$(find "$(cat "$out/guest1.path")" -name 'smoke-*.json')
run2=$(find "$(cat "$out/guest2.path")" -name 'smoke-*.json')
expect "$(jq -r '.environment.virtualization.host.boot_seed' "$run1")" "$seed" \
	"the run records its boot seed"
expect "$(jq -r .status "$run1")" complete "the run is complete"
if cmp -s "$run1" "$run2"; then
	pass "the two result files are the same, byte for byte ($(jq '.samples | length' "$run1") samples)"
else
	fail "the result files differ: $(cmp "$run1" "$run2" 2>&1)"
	diff "$run1" "$run2" | head -n 20
fi
"$top/bench/mhpbench" compare --format json "$run1" "$run2" >"$out/aa.json"
expect "$(jq -r '[.rows[].cells[1:][]] | "\([.[] | select(.significant)] | length) flagged"' "$out/aa.json")" \
	"0 flagged" "compare's A/A of the two lens runs flags nothing"
expect "$(jq -r '[.rows[].cells[1].change] | map(select(. != 0)) | length' "$out/aa.json")" 0 \
	"and finds no change in any of its $(jq '.rows | length' "$out/aa.json") rows"
if cmp -s "$(dirname "$run1")/dmesg.txt" "$(dirname "$run2")/dmesg.txt"; then
	pass "the two kernel logs are the same"
else
	fail "the kernel logs differ"
	diff "$(dirname "$run1")/dmesg.txt" "$(dirname "$run2")/dmesg.txt" | head -n 10
fi
[ "$failures" -eq 0 ] || { echo "repeat: $failures failed"; exit 1; }
echo "repeat: all passed"
