#!/bin/sh
# make fuzz-test: the seeded ioctl fuzzer of /dev/mhp_bench (tests/fuzz/,
# README.md there) and the privilege checks, in one exact-mode guest per
# kernel, the guests booted at once. Each guest runs mhpb-fuzz priv (who
# may open the device, what a handed descriptor can do, who may set the
# injection parameters), then mhpb-fuzz run once per seed (CALLS calls,
# every result checked against the fuzzer's model; each seed starts on a
# freshly loaded module and ends by unloading it, loading it again and
# claiming and mapping the PMEM again), then unloads the module. On the
# host: every seed's JSON summary says pass, with its calls, no kernel
# report and every command of the UAPI both succeeding and refused; the
# privilege checks all pass; the guest's kernel log has no WARN, BUG, Oops,
# general protection fault, KASAN, UBSAN or lockdep report; /proc/iomem
# holds no claim after the last rmmod.
#
#   tests/fuzz.sh [KERNEL...]   (default: $KERNEL, else "default patched-6.1":
#                               Debian's stock 6.1, and the patched 6.1,
#                               whose CONFIG_DEVICE_PRIVATE lets the fuzzer
#                               claim device-private memory; built first
#                               if needed, as tests/e2e.sh does)
#
# Environment: SEEDS (the seeds, "1 2"), CALLS (calls per seed, 50000),
# OUT (a folder that keeps the guests' files; default a temporary one),
# GUEST (the guest folder of an earlier run to check again instead of
# booting; with one KERNEL). A failing seed reproduces with the same
# KERNEL, SEEDS and CALLS.
set -eu

kernels=${*:-${KERNEL:-default patched-6.1}}
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

# boot KERNEL N: guest N's job, its folder's path in $out/run-N, its
# exit status in $out/rc-N
boot() {
	rc=0
	# rcu_expedited: every unmap waits for grace periods, which the
	# fuzzer does not measure; expedited, they take a third of the wall
	# time (a seed of 3000 calls: 15.8 s instead of 19.2)
	MHPB_GUEST_TOOLS="${MHPB_GUEST_TOOLS:-} $fuzz" \
		MHPB_APPEND="${MHPB_APPEND:-} rcupdate.rcu_expedited=1" \
		"$top/bench/vm/guest-run.sh" "$1" "$out/job.sh" "$out/guests-$2" \
		>"$out/run-$2" 2>"$out/guest-$2.log" || rc=$?
	echo "$rc" >"$out/rc-$2"
}

if [ -z "${GUEST:-}" ]; then
	# one collector build for all the guests (guest-run.sh would make it
	# in each, at the same time)
	if [ -z "${MHPB_COLLECTOR:-}" ]; then
		make -s -C "$top/bench" >&2
		export MHPB_COLLECTOR="$top/bench/mhpbench"
	fi
	n=0
	for kernel in $kernels; do
		n=$((n + 1))
		case $kernel in
		patched-*)
			"$top/kernel-patch/build-kernel.sh" "${kernel#patched-}" >/dev/null ||
				{ fail "$kernel: make kernel KSRC=${kernel#patched-} failed"; continue; }
			;;
		esac
		echo "fuzz: booting $kernel, seeds $seeds, $calls calls each" >&2
		boot "$kernel" "$n" &
	done
	wait
	echo "fuzz: guests done in $(($(date +%s) - start)) s" >&2
fi

# check_priv: the privilege checks, one line each.
check_priv() {
	if [ -f "$run/priv.json" ]; then
		jq -r '.checks[] | "   \(if .pass then "ok" else "FAIL" end): \(.name): \(.got)"' "$run/priv.json"
		expect "$(jq -r .status "$run/priv.json")" pass \
			"$kernel: privilege checks ($(jq '.checks | length' "$run/priv.json") of them)"
	else
		fail "$kernel: no priv.json; priv.log:"
		cat "$run/priv.log" 2>/dev/null || true
	fi
}

# check_seed SEED: the seed's summary passes and covers the interface.
check_seed() {
	json=$run/fuzz-$1.json
	if [ ! -f "$json" ]; then
		fail "$kernel seed $1: no summary; its log ends:"
		tail -n 40 "$run/fuzz-$1.log" 2>/dev/null || true
		return
	fi
	# the seed's line, its errno table and its pace
	sed -n '/^fuzz: [0-9]* calls/,/^fuzz: seed [0-9]*: /s/^/   /p' "$run/fuzz-$1.log"
	q() { jq -r "$1" "$json"; }
	if [ "$(q .status)" != pass ]; then
		fail "$kernel seed $1: status $(q .status); its log:"
		grep -v '^  [A-Za-z_]* ' "$run/fuzz-$1.log" | tail -n 80
		echo "reproduce: make fuzz-test KERNEL=$kernel SEEDS=$1 CALLS=$calls"
		return
	fi
	pass "$kernel seed $1: $(q .calls) calls, every result as the model says"
	expect "$(q "(.calls >= $calls) and .kernel_reports == 0")" true \
		"$kernel seed $1: at least $calls calls and no kernel report"
	# every command succeeded and was refused at least once (a private
	# claim only where the kernel has CONFIG_DEVICE_PRIVATE)
	# shellcheck disable=SC2016 # jq variables, not shell ones
	missing=$(q '.device_private as $dp | .table | to_entries
		| map(select(.key | test("^[A-Z_]+$")))
		| map(select(($dp or .key != "CLAIM_PRIVATE") and ((.value.ok // 0) == 0
		    or ([.value | keys[] | select(. != "ok")] | length) == 0)) | .key) | join(" ")')
	expect "$missing" "" "$kernel seed $1: commands that never succeeded or were never refused"
	expect "$(q 'if .device_private then "claimed" else .table.CLAIM_PRIVATE | keys | join(" ") end')" \
		"$(q 'if .device_private then "claimed" else "EOPNOTSUPP" end')" \
		"$kernel seed $1: CLAIM_PRIVATE claims with CONFIG_DEVICE_PRIVATE, else is EOPNOTSUPP only"
	expect "$(q '.table.unknown_cmd | keys | join(" ")')" ENOTTY \
		"$kernel seed $1: unknown command numbers get ENOTTY only"
	expect "$(q '.forks > 0 and .kills > 0 and .races > 0 and .reloads > 0 and .deep_runs > 0 and .max_live_mappings > 1')" true \
		"$kernel seed $1: forked children (some killed), racers, reloads and valid sequences ran"
}

# check_guest: everything one kernel's guest left
check_guest() {
	echo "fuzz: $kernel (guest files in $run)"
	check_priv
	for s in $seeds; do
		check_seed "$s"
	done
	expect "$(cat "$run/rmmod.rc" 2>/dev/null || echo missing)" 0 "$kernel: rmmod at the end"
	expect "$(cat "$run/iomem-left.txt" 2>/dev/null || echo missing)" 0 \
		"$kernel: no mhpbench claim left in /proc/iomem"
	if grep -E 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|lockdep|Call Trace' "$run/dmesg.txt"; then
		fail "$kernel: a kernel report in the guest's log"
	else
		pass "$kernel: no WARN, BUG, Oops, GPF, KASAN, UBSAN or lockdep report in the guest's log"
	fi
}

n=0
for kernel in $kernels; do
	n=$((n + 1))
	if [ -n "${GUEST:-}" ]; then
		run=$GUEST
	elif [ "$(cat "$out/rc-$n" 2>/dev/null || echo missing)" != 0 ]; then
		fail "$kernel: the guest job failed; its runner said:"
		tail -n 30 "$out/guest-$n.log" 2>/dev/null || true
		continue
	else
		run=$(cat "$out/run-$n")
	fi
	check_guest
done
echo "fuzz: $(($(date +%s) - start)) s in all"
[ "$failures" -eq 0 ] || { echo "fuzz: $failures failure(s)"; exit 1; }
echo "fuzz: all passed"
