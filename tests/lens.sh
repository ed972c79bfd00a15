#!/bin/sh
# The cache lens end to end (bench/lens/README.md): one boot of a stock
# kernel under LENS=cache runs the fixture suite (2 MiB maps) twice: P,
# plain, then T, with the module's lens test armed (touch_target=
# sparse_add_section touch_lines=N: every sparse_add_section() of a
# measured call reads N distinct 64-byte lines of a buffer of N lines, 4x
# the modelled last level). On the host:
# - every measured call has its counts, balanced, and the run records the
#   lens (model, plugin API, QEMU);
# - the lens's Ir of a phase is the icount instructions of the phase less
#   the probe handlers it leaves out: memmap_init (no probe inside) within
#   0.5%, sparse_add_section (vmemmap_populate's probe inside) below;
# - the known pattern: T's sparse_add_section has N more last-level data
#   read misses than P's (median), within 1%, and N more data reads;
# - T records the armed reads (module.inject), as a delay injection is:
#   not a measurement;
# - the touched phase changes more in estimated cycles than in
#   instructions (what the lens is for);
# - summary and compare name the unit (est_cycles), and compare refuses to
#   pool lensed and plain runs;
# - LENS=cache is refused with CLOCK=wall and an unknown lens, before
#   anything boots.
#
#   tests/lens.sh [KERNEL]        (default: default, Debian's stock 6.1)
#
# Environment: OUT (keeps the runs), LINES (N, 2097152).
set -eu

kernel=${1:-default}
top=$(cd "$(dirname "$0")/.." && pwd)
lines=${LINES:-2097152}
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio dpkg-source
test_out lens
B=$top/bench/mhpbench
start=$(date +%s)

# Refused before booting: one line, exit status 2.
rc=0
MHPB_LENS=cache MHPB_CLOCK=wall "$top/bench/vm/boot-qemu.sh" /nonexistent /nonexistent "$out" \
	2>"$out/refused.txt" || rc=$?
expect "$rc" 2 "LENS=cache with CLOCK=wall is refused (exit 2)"
if grep -q "refused with CLOCK=wall" "$out/refused.txt"; then
	pass "and says why"
else
	fail "no reason given: $(cat "$out/refused.txt")"
fi
rc=0
MHPB_LENS=tlb "$top/bench/vm/boot-qemu.sh" /nonexistent /nonexistent "$out" 2>/dev/null || rc=$?
expect "$rc" 2 "an unknown lens is refused (exit 2)"

cat >"$out/job.sh" <<JOB
set -u
K=/mhp/modules/mhp_bench.ko
insmod "\$K" || exit 1
/mhp/bench/mhpbench run fixture -o P >P.log 2>&1 || { cat P.log; exit 1; }
rmmod mhp_bench || exit 1
insmod "\$K" touch_target=sparse_add_section touch_lines=$lines || exit 1
/mhp/bench/mhpbench run fixture -o T >T.log 2>&1 || { cat T.log; exit 1; }
cat /sys/module/mhp_bench/parameters/touch_hits >touch_hits.txt
rmmod mhp_bench
JOB
export MHPB_CLOCK=exact MHPB_LENS=cache
if ! run=$("$top/bench/vm/run-job.sh" "$kernel" "$out/job.sh" "$out/guests"); then
	fail "$kernel: the lens guest failed"
	exit 1
fi
unset MHPB_LENS
p=$(ls "$run"/P/*.json)
t=$(ls "$run"/T/*.json)

# measured calls: every map and unmap after the warmups
calls='[.samples[] | select(.warmup | not) | .map, .unmap]'
expect "$(jq "$calls | map(select(.cache != null and .cache.balanced)) | length" "$p")" \
	"$(jq "$calls | length" "$p")" "every measured call of P has balanced lens counts"
expect "$(jq -r '.environment.virtualization.lens | "\(.name) \(.model.LL.size) \(.model.line) \(.plugin_api > 0) \(.qemu | length > 0)"' "$p")" \
	"cache 33554432 64 true true" "the run records the lens: model, plugin API, QEMU"

# ir_check PHASE LO HI: every sample's lens Ir of map PHASE over its icount
# instructions is in [LO, HI)
ir_check() {
	r=$(jq -r --arg ph "$1" '[.samples[] | select(.warmup | not) | .map |
		[.cache.phases[$ph].Ir, .phases[$ph].ns]] |
		map(.[0] / .[1]) | "\(min) \(max)"' "$p")
	if awk -v lo="${r% *}" -v hi="${r#* }" -v a="$2" -v b="$3" \
		'BEGIN { exit !(lo >= a && hi < b) }'; then
		pass "$1: lens Ir / icount instructions in [$2, $3): ${r% *} .. ${r#* }"
	else
		fail "$1: lens Ir / icount instructions ${r% *} .. ${r#* }, not in [$2, $3)"
	fi
}
ir_check memmap_init 0.995 1.0001
# vmemmap_populate's probe handler is inside it: left out
ir_check sparse_add_section 0.9 1

# The known access pattern: N more DLmr (and Dr) in T's phase than in P's.
median() {
	jq -r --arg ev "$2" '[.samples[] | select(.warmup | not) |
		.map.cache.phases.sparse_add_section[$ev]] | sort |
		if length % 2 == 1 then .[length / 2 | floor]
		else (.[length / 2 - 1] + .[length / 2]) / 2 end' "$1"
}
for ev in DLmr Dr; do
	extra=$(awk -v a="$(median "$t" $ev)" -v b="$(median "$p" $ev)" 'BEGIN { print a - b }')
	if awk -v x="$extra" -v n="$lines" 'BEGIN { exit !(x >= 0.99 * n && x <= 1.01 * n) }'; then
		pass "touched $lines lines: sparse_add_section $ev +$extra (within 1%)"
	else
		fail "touched $lines lines: sparse_add_section $ev +$extra, not within 1% of $lines"
	fi
done
expect "$(cat "$run/touch_hits.txt")" "$(jq '.samples | length' "$t")" \
	"the module read the lines once per map (touch_hits)"
expect "$(jq -r '.module.inject | "\(.touch_target) \(.touch_lines)"' "$t") $(jq -r .module.inject "$p")" \
	"sparse_add_section $lines null" "T records the lens test's reads as armed (module.inject), P nothing"

# The analysis names the unit and refuses to mix lensed and plain runs.
expect "$("$B" summary --format json "$p" | jq -r .work_unit)" est_cycles \
	"summary: work in est_cycles"
"$B" compare --format json "$p" "$t" >"$out/compare.json"
expect "$(jq -r '[.rows[] | select(.metric == "sparse_add_section" and .op == "map")][0].unit' \
	"$out/compare.json")" est_cycles "compare: the phase rows are est_cycles"
# What the lens is for: the reads are few instructions and many misses,
# so the phase changes more in estimated cycles than in instructions.
cyc=$(jq -r '[.rows[] | select(.metric == "sparse_add_section" and .op == "map")][0].cells[1].change' \
	"$out/compare.json")
# the icount instructions of the map's sparse_add_section, upper median
icount_median() {
	jq -r '[.samples[] | select(.warmup | not) | .map.phases.sparse_add_section.ns] |
		sort | .[length / 2 | floor]' "$1"
}
ins=$(awk -v a="$(icount_median "$t")" -v b="$(icount_median "$p")" 'BEGIN { print a / b - 1 }')
if awk -v c="$cyc" -v i="$ins" 'BEGIN { exit !(c > i && i > 0) }'; then
	pass "sparse_add_section: estimated cycles $cyc against instructions $ins (relative changes)"
else
	fail "sparse_add_section: estimated cycles change $cyc not above the instructions' $ins"
fi
plain=$(find "$top/results/examples/compare-6.1-vs-6.12-exact/runs/6.1" -name '*.json' | head -n 1)
rc=0
"$B" compare "$p" "$plain" >/dev/null 2>"$out/mix.txt" || rc=$?
expect "$rc" 2 "compare refuses lensed against plain runs (exit 2)"
if grep -q "with the cache lens" "$out/mix.txt"; then
	pass "and names the lens"
else
	fail "the refusal does not name the lens: $(cat "$out/mix.txt")"
fi

kernel_log_clean "$run/dmesg.txt" "$kernel"
test_end lens "$start"
