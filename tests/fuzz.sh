#!/bin/sh
# make fuzz-test: the seeded ioctl fuzzer of /dev/mhp_bench (tests/fuzz/,
# README.md there) in one exact-mode guest of a stock kernel, and the
# privilege checks. The guest runs mhpb-fuzz priv (who may open the
# device, what a handed descriptor can do, who may set the injection
# parameters), then mhpb-fuzz run once per seed (CALLS calls, every result
# checked against the fuzzer's model; each seed starts on a freshly loaded
# module and ends by unloading it, loading it again and claiming and
# mapping the PMEM again), then unloads the module. On the host: every
# seed's JSON summary says pass, with its calls, no kernel report and
# every command of the UAPI both succeeding and refused; the privilege
# checks all pass; the guest's kernel log has no WARN, BUG, Oops, general
# protection fault, KASAN, UBSAN or lockdep report; /proc/iomem holds no
# claim after the last rmmod.
#
#   tests/fuzz.sh [KERNEL]        (default: $KERNEL, else default: Debian's
#                                 stock 6.1; make fuzz-test KERNEL=patched-6.1
#                                 also claims device-private memory)
#
# Environment: SEEDS (the seeds, "1 2"), CALLS (calls per seed, 50000),
# OUT (a folder that keeps the guest's files; default a temporary one),
# GUEST (the guest folder of an earlier run to check again instead of
# booting). A failing seed reproduces with the same SEEDS and CALLS.
set -eu

kernel=${1:-${KERNEL:-default}}
top=$(cd "$(dirname "$0")/.." && pwd)
seeds=${SEEDS:-1 2}
calls=${CALLS:-50000}
export MHPB_CLOCK=exact
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio
test_out fuzz
start=$(date +%s)

# The fuzzer must build warning-free with both compilers; the guest gets
# the gcc build, linked statically.
make -s -C "$top/tests/fuzz" warnings >&2
fuzz=$top/tests/fuzz/build/gcc/mhpb-fuzz

cat >"$out/job.sh" <<JOB
set -u
seeds="$seeds"
calls=$calls
JOB
cat >>"$out/job.sh" <<'JOB'
K=/mhp/modules/mhp_bench.ko
F=/bin/mhpb-fuzz
insmod "$K" || { echo "fuzz job: insmod failed"; exit 1; }
"$F" priv --module "$K" --json priv.json >priv.log 2>&1
echo "priv: status $? $(tail -n 1 priv.log)"
for s in $seeds; do
	"$F" run --seed "$s" --calls "$calls" --module "$K" --json "fuzz-$s.json" \
		>"fuzz-$s.log" 2>&1
	echo "fuzz seed $s: status $? $(grep -m 1 '^fuzz: [0-9]* calls' "fuzz-$s.log")"
done
rmmod mhp_bench
echo "$?" >rmmod.rc
grep -c mhpbench /proc/iomem >iomem-left.txt
cat /proc/iomem >iomem.txt
exit 0
JOB

if [ -n "${GUEST:-}" ]; then
	run=$GUEST
	echo "fuzz: checking the guest folder $run again" >&2
else
	echo "fuzz: booting $kernel, seeds $seeds, $calls calls each" >&2
	# rcu_expedited: every unmap waits for grace periods, which the
	# fuzzer does not measure; expedited, they take a third of the wall
	# time (a seed of 3000 calls: 15.8 s instead of 19.2)
	if ! run=$(MHPB_GUEST_TOOLS="${MHPB_GUEST_TOOLS:-} $fuzz" \
		MHPB_APPEND="${MHPB_APPEND:-} rcupdate.rcu_expedited=1" \
		"$top/bench/vm/guest-run.sh" "$kernel" "$out/job.sh" "$out/guests"); then
		fail "$kernel: the guest job failed"
		exit 1
	fi
	echo "fuzz: guest done in $(($(date +%s) - start)) s" >&2
fi

# The privilege checks, one line each.
if [ -f "$run/priv.json" ]; then
	jq -r '.checks[] | "   \(if .pass then "ok" else "FAIL" end): \(.name): \(.got)"' "$run/priv.json"
	expect "$(jq -r .status "$run/priv.json")" pass \
		"privilege checks ($(jq '.checks | length' "$run/priv.json") of them)"
else
	fail "no priv.json; priv.log:"
	cat "$run/priv.log" 2>/dev/null || true
fi

# check_seed SEED: the seed's summary passes and covers the interface.
check_seed() {
	json=$run/fuzz-$1.json
	if [ ! -f "$json" ]; then
		fail "seed $1: no summary; its log ends:"
		tail -n 40 "$run/fuzz-$1.log" 2>/dev/null || true
		return
	fi
	# the seed's line, its errno table and its pace
	sed -n '/^fuzz: [0-9]* calls/,/^fuzz: seed [0-9]*: /s/^/   /p' "$run/fuzz-$1.log"
	q() { jq -r "$1" "$json"; }
	if [ "$(q .status)" != pass ]; then
		fail "seed $1: status $(q .status); its log:"
		grep -v '^  [A-Za-z_]* ' "$run/fuzz-$1.log" | tail -n 80
		return
	fi
	pass "seed $1: $(q .calls) calls, every result as the model says"
	expect "$(q "(.calls >= $calls) and .kernel_reports == 0")" true \
		"seed $1: at least $calls calls and no kernel report"
	# every command succeeded and was refused at least once (a private
	# claim only where the kernel has CONFIG_DEVICE_PRIVATE)
	missing=$(q '.table | to_entries | map(select(.key | test("^[A-Z_]+$")))
		| map(select(.key != "CLAIM_PRIVATE" and ((.value.ok // 0) == 0
		    or ([.value | keys[] | select(. != "ok")] | length) == 0)) | .key) | join(" ")')
	expect "$missing" "" "seed $1: commands that never succeeded or were never refused"
	expect "$(q '.table.unknown_cmd | keys | join(" ")')" ENOTTY \
		"seed $1: unknown command numbers get ENOTTY only"
	expect "$(q '.forks > 0 and .kills > 0 and .races > 0 and .reloads > 0 and .deep_runs > 0 and .max_live_mappings > 1')" true \
		"seed $1: forked children (some killed), racers, reloads and valid sequences ran"
}
for s in $seeds; do
	check_seed "$s"
done

expect "$(cat "$run/rmmod.rc" 2>/dev/null || echo missing)" 0 "rmmod at the end"
expect "$(cat "$run/iomem-left.txt" 2>/dev/null || echo missing)" 0 \
	"no mhpbench claim left in /proc/iomem"
if grep -E 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|lockdep|Call Trace' "$run/dmesg.txt"; then
	fail "$kernel: a kernel report in the guest's log"
else
	pass "$kernel: no WARN, BUG, Oops, GPF, KASAN, UBSAN or lockdep report in the guest's log"
fi
echo "fuzz: $(($(date +%s) - start)) s in all; guest files in $run"
[ "$failures" -eq 0 ] || { echo "fuzz: $failures failure(s)"; exit 1; }
echo "fuzz: all passed"
