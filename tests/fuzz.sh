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
# holds no claim after the last rmmod. On a kernel with kmemleak (the debug
# kernel, patched-SERIES-debug: make kernel DEBUG=1) the guest scans for
# leaks after the last rmmod, and no leak it reports has the module in its
# backtrace.
#
#   tests/fuzz.sh [KERNEL...]   (default: $KERNEL, else "default
#                               patched-6.1-tiny": Debian's stock 6.1, and
#                               the patched 6.1 (KCONFIG=tiny),
#                               whose CONFIG_DEVICE_PRIVATE lets the fuzzer
#                               claim device-private memory; built first
#                               if needed, as tests/e2e.sh does, as are
#                               patched-SERIES and patched-SERIES-debug)
#
# Environment: SEEDS (the seeds, "1 2"), CALLS (calls per seed, 50000),
# OUT (a folder that keeps the guests' files; default a temporary one),
# GUEST (the guest folder of an earlier run to check again instead of
# booting; with one KERNEL). A failing seed reproduces with the same
# KERNEL, SEEDS and CALLS.
set -eu

kernels=${*:-${KERNEL:-default patched-6.1-tiny}}
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
uname -r >release.txt
grep -E '^(MemTotal|MemAvailable):' /proc/meminfo >meminfo.txt
# kmemleak (debug kernel): scan with the module gone, so that what only
# its data referenced counts too. An object is reported when it is older
# than 5 s and two scans in a row found it unreferenced and unchanged.
km=/sys/kernel/debug/kmemleak
if [ -e "$km" ]; then
	cat /proc/modules >modules-at-scan.txt
	rc=0
	sleep 6
	echo scan >"$km" || rc=$?
	sleep 6
	[ "$rc" -ne 0 ] || echo scan >"$km" || rc=$?
	[ "$rc" -ne 0 ] || cat "$km" >kmemleak.txt || rc=$?
	echo "$rc" >kmemleak.rc
fi
exit 0
JOB

# boot KERNEL N: guest N's job, its folder's path in $out/run-N, its
# exit status in $out/rc-N
boot() {
	rc=0
	# a debug kernel boots slower: more time to reach /init
	b_boot=${MHPB_BOOT_TIMEOUT:-}
	case $1 in *-debug) b_boot=${b_boot:-300} ;; esac
	# rcu_expedited: every unmap waits for grace periods, which the
	# fuzzer does not measure; expedited, they take a third of the wall
	# time (a seed of 3000 calls: 15.8 s instead of 19.2)
	MHPB_GUEST_TOOLS="${MHPB_GUEST_TOOLS:-} $fuzz" MHPB_BOOT_TIMEOUT=$b_boot \
		MHPB_APPEND="${MHPB_APPEND:-} rcupdate.rcu_expedited=1" \
		"$top/bench/vm/run-job.sh" "$1" "$out/job.sh" "$out/guests-$2" \
		>"$out/run-$2" 2>"$out/guest-$2.log" || rc=$?
	echo "$rc" >"$out/rc-$2"
}

if [ -z "${GUEST:-}" ]; then
	# one collector build for all the guests (run-job.sh would make it
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
			build_patched "$kernel" || { fail "$kernel: its build failed"; continue; }
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

# check_kmemleak: on a kernel built with kmemleak, the guest's scans after
# the last rmmod ran, and no leak they report has the module in its
# backtrace: a frame named [mhp_bench], or one kallsyms cannot name (code
# since unloaded; the fuzz job loads and unloads no other module).
check_kmemleak() {
	rel=$(cat "$run/release.txt" 2>/dev/null || echo unknown)
	grep -qx CONFIG_DEBUG_KMEMLEAK=y "$cache/kernels/$rel/boot/config-$rel" 2>/dev/null ||
		return 0
	grep -o 'mem pool available: [0-9]*' "$run/dmesg.txt" | sed 's/^/   kmemleak: /' || true
	expect "$(cat "$run/kmemleak.rc" 2>/dev/null || echo missing)" 0 \
		"$kernel: kmemleak on, and its two scans after the last rmmod ran"
	[ -f "$run/kmemleak.txt" ] || return 0
	leaks=$(grep -c '^unreferenced object' "$run/kmemleak.txt" || true)
	mine=$(awk '
		/^unreferenced object/ { if (hit) printf "%s", obj; obj = ""; hit = 0 }
		{ obj = obj $0 "\n" }
		/^    \[<[0-9a-f]+>\] (0x[0-9a-f]+|.*\[mhp_bench\])$/ { hit = 1 }
		END { if (hit) printf "%s", obj }' "$run/kmemleak.txt")
	if [ -z "$mine" ]; then
		pass "$kernel: kmemleak: $leaks suspected leaks after the run, none from mhp_bench"
	else
		fail "$kernel: kmemleak reports leaks of mhp_bench:"
		echo "$mine"
	fi
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
	# (a kernel with lockdep says "RCU lockdep checking is enabled." at
	# boot: not a report)
	if grep -E 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|lockdep|Call Trace' "$run/dmesg.txt" |
		grep -v 'RCU lockdep checking is enabled\.$'; then
		fail "$kernel: a kernel report in the guest's log"
	else
		pass "$kernel: no WARN, BUG, Oops, GPF, KASAN, UBSAN or lockdep report in the guest's log"
	fi
	check_kmemleak
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
