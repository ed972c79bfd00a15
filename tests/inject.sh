#!/bin/sh
# The end-to-end validation of mhpbench compare with the module's delay
# injection (tests only; modules/mhp_bench_inject.c), in exact mode (an
# instruction-clocked guest, where the injected wait is a number of
# instructions too). One boot of a stock kernel runs the inject suite: a
# warm-up run W (left out), then BLOCKS ABBA blocks, A1 B1 B2 A2, A3 B3 B4
# A4, ..., where the B runs slow every sparse_add_section() of the measured
# calls by SHARE percent of W's median of that phase (mhpbench run
# --inject). Compare's unit within one boot is the run; in exact mode a
# work phase is the same count in every run, so the row is compared by the
# exact rule and a few runs a side are enough. The ABBA order still puts A
# and B, and the A/A halves (the first A of odd blocks and the second of
# even blocks against the others), at the same mean position in the boot,
# for the rows that vary (waits, totals). On the host, compare A against B
# must flag the map's sparse_add_section worse, by the injected share
# (to one point above: the injection's own probe and the wait's last poll
# of the clock are instructions too), and flag nothing but that phase and the phases and
# totals that contain it; the A/A halves must flag nothing.
# The guest also checks that the switch is refused without inject_allow=1
# (EPERM) and takes no unknown target (EINVAL), and its kernel log must
# stay free of WARN, BUG and Oops. The other target,
# memmap_init_zone_device, gets three runs C1 C2 C3 at the end (reported,
# not a gate).
#
#   tests/inject.sh [KERNEL]        (default: default, Debian's stock 6.1)
#
# Environment: OUT (a folder that keeps the runs and reports; default a
# temporary one that is removed), SUITE (inject), SHARE (1: the injected
# delay in percent of W's median), BLOCKS (2), GUEST (the guest folder of
# an earlier run to check again instead of booting).
set -eu

kernel=${1:-default}
top=$(cd "$(dirname "$0")/.." && pwd)
suite=${SUITE:-inject}
share=${SHARE:-1}
nblocks=${BLOCKS:-2}
blocks=$(seq 1 "$nblocks" | tr '\n' ' ')
export MHPB_CLOCK=exact
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio
test_out inject
start=$(date +%s)

# The guest job: busybox sh in the result folder, collector at /mhp/bench.
cat >"$out/job.sh" <<JOB
set -u
B=/mhp/bench/mhpbench
K=/mhp/modules/mhp_bench.ko
P=/sys/module/mhp_bench/parameters
suite=$suite
share=$share
blocks="$blocks"
JOB
cat >>"$out/job.sh" <<'JOB'
# try NAME COMMAND: the command's status and its last line of output
try() {
	name=$1
	shift
	msg=$("$@" 2>&1)
	echo "$name: status $? $(echo "$msg" | tail -n 1)" >>checks.txt
}
: >checks.txt
# Refusals: loaded without inject_allow, nothing can arm it.
try load-without-allow insmod "$K" inject_ns=1000
insmod "$K" || exit 1
try ns-without-allow sh -c "echo 1000 >$P/inject_ns"
try target-without-allow sh -c "echo sparse_add_section >$P/inject_target"
try run-without-allow "$B" run "$suite" -o refused --inject sparse_add_section:1000
echo "allow-param: $(cat $P/inject_allow)" >>checks.txt
rmmod mhp_bench || exit 1

# One module instance for every run: reloading it between runs shifts
# memmap_init by 3-5% and pgmap_rcu by 25% from run to run (the A runs
# leave it disarmed: the probes' only extra is a test of a NULL target).
insmod "$K" inject_allow=1 || exit 1
# run NAME [--inject ...]: one run of the suite
run() {
	name=$1
	shift
	"$B" run "$suite" -o "$name" --label "$name" "$@" >"$name.log" 2>&1 || {
		echo "run $name failed"
		cat "$name.log"
		exit 1
	}
}
run W

# share PHASE: SHARE percent of W's median of map PHASE, in ns (mhpbench
# values: the samples the analysis counts, as recorded)
share() {
	m=$("$B" values --metric "map.$1" W/*.json --median) || return 1
	echo $((m * share / 100))
}
ns=$(share sparse_add_section)
echo "inject-ns: $ns" >>checks.txt
[ -n "$ns" ] && [ "$ns" -gt 0 ] || { echo "no sparse_add_section median in A1"; exit 1; }
for blk in $blocks; do
	first=$((2 * blk - 1))
	second=$((2 * blk))
	run "A$first"
	run "B$first" --inject "sparse_add_section:$ns"
	run "B$second" --inject "sparse_add_section:$ns"
	run "A$second"
done
# The other target, once: memmap_init (an ftrace-based probe, where
# sparse_add_section's is an int3 one).
ns2=$(share memmap_init)
echo "inject-ns2: $ns2" >>checks.txt
run C1 --inject "memmap_init_zone_device:$ns2"
run C2 --inject "memmap_init_zone_device:$ns2"
run C3 --inject "memmap_init_zone_device:$ns2"
# Loaded with inject_allow (by B2's run): an unknown target and a delay
# beyond 10 ms are refused; armed by hand, unloading disarms it.
try bad-target sh -c "echo schedule >$P/inject_target"
try big-ns sh -c "echo 10000001 >$P/inject_ns"
try arm-by-hand sh -c "echo sparse_add_section >$P/inject_target && echo 1000 >$P/inject_ns"
cat /sys/kernel/debug/kprobes/list >kprobes.txt 2>&1
try unload-armed rmmod mhp_bench
JOB

make -s -C "$top/bench" >&2
if [ -n "${GUEST:-}" ]; then
	run=$GUEST
	echo "inject: checking the guest folder $run again" >&2
else
	echo "inject: booting $kernel" >&2
	if ! run=$("$top/bench/vm/run-job.sh" "$kernel" "$out/job.sh" "$out/guests"); then
		fail "$kernel: the guest job failed"
		exit 1
	fi
	echo "inject: guest done in $(($(date +%s) - start)) s" >&2
fi
sed 's/^/   guest: /' "$run/checks.txt"
runs=
mkdir -p "$out/A" "$out/B" "$out/AX" "$out/AY" "$out/C"
for blk in $blocks; do
	first=$((2 * blk - 1))
	second=$((2 * blk))
	runs="$runs A$first A$second B$first B$second"
	x=$first y=$second
	[ $((blk % 2)) -eq 1 ] || { x=$second y=$first; }
	cp "$run/A$x"/*.json "$out/AX/"
	cp "$run/A$y"/*.json "$out/AY/"
done
for r in $runs; do
	cp "$run/$r"/*.json "$out/$(echo "$r" | cut -c1)/"
done
cp "$run/C1"/*.json "$run/C2"/*.json "$run/C3"/*.json "$out/C/"

check_line() { # check_line KEY PATTERN WHAT
	if grep -q "^$1: $2" "$run/checks.txt"; then
		pass "$3"
	else
		fail "$3: $(grep "^$1:" "$run/checks.txt" || echo missing)"
	fi
}
check_line load-without-allow 'status [1-9].*Operation not permitted' \
	"insmod inject_ns=1000 without inject_allow refused (EPERM)"
check_line ns-without-allow 'status [1-9].*Operation not permitted' \
	"writing inject_ns without inject_allow refused (EPERM)"
check_line target-without-allow 'status [1-9].*Operation not permitted' \
	"writing inject_target without inject_allow refused (EPERM)"
check_line run-without-allow 'status 2 .*loaded without inject_allow=1' \
	"mhpbench run --inject stops when the module is loaded without inject_allow"
check_line allow-param 'N' "inject_allow reads N when not given"
check_line bad-target 'status [1-9].*Invalid argument' "an unknown inject_target refused (EINVAL)"
check_line big-ns 'status [1-9].*Invalid argument' "inject_ns above 10 ms refused (EINVAL)"
check_line arm-by-hand 'status 0' "armed by hand with inject_allow=1"
check_line unload-armed 'status 0' "unloading an armed module"
ns=$(sed -n 's/^inject-ns: //p' "$run/checks.txt")

# The result files say what was armed: null in A, the delay in B, and the
# module counted one wait per sample (warmups included).
ns2=$(sed -n 's/^inject-ns2: //p' "$run/checks.txt")
for r in $runs C1 C2 C3; do
	f=$(find "$run/$r" -name '*.json' | head -n 1)
	got=$(jq -r '.module.inject | if . == null then "null"
		else "\(.target):\(.ns) hits \(.hits) changed \(.changed)" end' "$f")
	n=$(jq '.samples | length' "$f")
	case $r in
	A*) want=null ;;
	B*) want="sparse_add_section:$ns hits $n changed false" ;;
	C*) want="memmap_init_zone_device:$ns2 hits $n changed false" ;;
	esac
	expect "$got" "$want" "$r: module.inject"
done
if "$top/bench/mhpbench" summary "$(find "$run/B1" -name '*.json')" |
	grep -q '^!!! DELAY INJECTION ARMED'; then
	pass "summary of B1 warns about the injection"
else
	fail "summary of B1 does not warn about the injection"
fi

# --fail-on, CI's gate: exit 1 when a row is flagged worse (or flagged at
# all), 0 when none is; the report is printed either way.
rc=0
"$top/bench/mhpbench" compare --fail-on=worse "$out/A" "$out/B" >"$out/report.txt" || rc=$?
expect "$rc" 1 "compare --fail-on=worse exits 1 on the injected slowdown"
"$top/bench/mhpbench" compare --format json "$out/A" "$out/B" >"$out/report.json"
rc=0
"$top/bench/mhpbench" compare --fail-on change "$out/AX" "$out/AY" >"$out/aa-report.txt" || rc=$?
expect "$rc" 0 "compare --fail-on change exits 0 on the A/A"
"$top/bench/mhpbench" compare --format json "$out/AX" "$out/AY" >"$out/aa-report.json"
flagged_rows "$out/report.json" | sed 's/^/   /'
# the report's !!! DELAY INJECTION ARMED line says it from these fields
armed=$(jq -r '.runs[1] | "\(.injected_runs) of \(.runs)"' "$out/report.json")
expect "$armed" "$((2 * nblocks)) of $((2 * nblocks))" "compare says that B's runs had injection armed"

# The injected phase: flagged worse, and the change's interval holds the
# share the delay should add (ns over A's median), within 3 points.
row=$(jq -r '.rows[] | select(.op == "map" and .metric == "sparse_add_section"
	and .case.size == 2097152 and .case.offset == 0) | .cells[0].median_ns as $a
	| .cells[1] | "\($a) \(.median_ns) \(.change) \(.change_ci[0]) \(.change_ci[1]) \(.significant) \(.verdict)"' \
	"$out/report.json")
echo "   sparse_add_section: A median, B median, change, its interval, sig, verdict: $row"
# shellcheck disable=SC2086 # the fields of the row
set -- $row
expected=$(awk -v ns="$ns" -v a="$1" 'BEGIN { printf "%.4f", ns / a }')
if [ "${6:-}" = true ] && [ "${7:-}" = worse ]; then
	pass "map sparse_add_section flagged worse ($ns ns injected: +$(awk -v e="$expected" 'BEGIN { printf "%.1f", 100 * e }')% of A's median expected)"
else
	fail "map sparse_add_section not flagged worse"
fi
# In exact mode the change is the wait's instructions plus the injection's
# own: the call of the wait, its clock reads and the last poll's overshoot
# (72 instructions on stock 6.1.0-57, 0.5% of the phase). It must be at
# least the wait and at most one point more.
extra=$(awk -v a="${1:-0}" -v b="${2:-0}" -v ns="$ns" 'BEGIN { printf "%d", b - a - ns }')
echo "   the injection's own instructions beyond the $ns ns wait: $extra"
if awk -v e="$expected" -v c="${3:-0}" 'BEGIN { exit !(e <= c && c <= e + 0.01) }'; then
	pass "change +${3:-} is the expected +$expected plus the injection's own $extra instructions (at most a point)"
else
	fail "change +${3:-} is not the expected +$expected (to one point above)"
fi

# Nothing else flagged but what contains the wait: its ancestors and the
# map's totals. No sibling, no wait phase, no unmap row.
flagged_only "$out/report.json" \
	'\*SIG\* worse: 2M @\+0 generic map (sparse_add_section|add_pages|arch_add_memory|work|total)$' \
	"no other row flagged (only sparse_add_section and what contains it)"
aa_clean "$out/aa-report.json" exact \
	"A/A comparison ($nblocks A runs against the other $nblocks, same boot) flags nothing"
# memmap_init_zone_device: reported, not a gate (3 runs after all of A's).
"$top/bench/mhpbench" compare "$out/A" "$out/C" >"$out/c-report.txt"
"$top/bench/mhpbench" compare --format json "$out/A" "$out/C" >"$out/c-report.json"
echo "   memmap_init_zone_device, $ns2 ns injected: A against C (3 runs after all of A's: reported, not checked)"
jq -r '.rows[] | select(.op == "map" and .metric == "memmap_init")
	| "   \(.case_label) memmap_init: A \(.cells[0].median_ns), C \(.cells[1].median_ns), change \(.cells[1].change)"' \
	"$out/c-report.json"
flagged_rows "$out/c-report.json" | sed 's/^/   /'
kernel_log_clean "$run/dmesg.txt" "$kernel"
test_end inject "$start" "reports in $out"
