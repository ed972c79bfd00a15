#!/bin/sh
# The QEMU runner's refusals, without booting anything: a request that
# cannot work is refused before QEMU starts, with one line and status 2.
# A fake qemu-system-x86_64 (MHPB_QEMU) reports the version under test and
# exits at once, so a request that passes the checks ends as "qemu exited
# before /init" (125) instead.
#
#   tests/runner.sh
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
export MHPB_CACHE="$tmp/cache" MHPB_BOOT_TRIES=1

# fake_qemu VERSION: a qemu that prints VERSION and boots nothing
fake_qemu() {
	cat >"$tmp/qemu-$1" <<FAKE
#!/bin/sh
[ "\${1:-}" != --version ] || { echo "QEMU emulator version $1 (fake)"; exit 0; }
echo "started: \$*" >>"$tmp/started"
exit 1
FAKE
	chmod +x "$tmp/qemu-$1"
	echo "$tmp/qemu-$1"
}
old=$(fake_qemu 7.2.22)
new=$(fake_qemu 8.1.0)

# runs ENV...: boot-qemu.sh's status and its last line of error output
runs() {
	mkdir -p "$tmp/share"
	: >"$tmp/started"
	: >"$tmp/initrd"
	echo true >"$tmp/share/job.sh"
	rc=0
	env "$@" "$top/bench/vm/boot-qemu.sh" /nonexistent "$tmp/initrd" "$tmp/share" \
		2>"$tmp/err" || rc=$?
	echo "$rc $(test -s "$tmp/started" && echo started || echo refused): $(tail -n 1 "$tmp/err")"
}
check() { # check WANT-PREFIX WHAT ENV...
	want=$1
	what=$2
	shift 2
	got=$(runs "$@")
	case $got in
	"$want"*) pass "$what" ;;
	*) fail "$what: got '$got', expected '$want...'" ;;
	esac
}
check "2 refused: boot-qemu: MHPB_CLOCK=exact counts instructions under TCG" \
	"exact mode with KVM refused" MHPB_QEMU="$new" MHPB_CLOCK=exact MHPB_ACCEL=kvm
check "2 refused: boot-qemu: MHPB_CLOCK=exact runs single-threaded TCG" \
	"exact mode with MTTCG refused" MHPB_QEMU="$new" MHPB_CLOCK=exact MHPB_TCG_THREAD=multi
check "2 refused: boot-qemu: MHPB_CLOCK=exact with 2 vCPUs needs QEMU 8.1" \
	"exact mode with 2 vCPUs on QEMU 7.2 refused" MHPB_QEMU="$old" MHPB_CLOCK=exact MHPB_SMP=2
check "2 refused: boot-qemu: MHPB_CLOCK is exact or wall" \
	"an unknown clock refused" MHPB_QEMU="$new" MHPB_CLOCK=cycles
check "125 started" "exact mode with 2 vCPUs on QEMU 8.1 boots" \
	MHPB_QEMU="$new" MHPB_CLOCK=exact MHPB_SMP=2
check "125 started" "exact mode with 1 vCPU on QEMU 7.2 boots" \
	MHPB_QEMU="$old" MHPB_CLOCK=exact
check "125 started" "wall mode with 2 vCPUs on QEMU 7.2 boots" \
	MHPB_QEMU="$old" MHPB_CLOCK=wall MHPB_ACCEL=tcg
# what the exact guest is started with
runs MHPB_QEMU="$old" MHPB_CLOCK=exact >/dev/null
for arg in "-icount shift=0,sleep=off" "-accel tcg,thread=single" "-smp 1" \
	"-rtc base=2000-01-01T00:00:00,clock=vm" "-seed 1" "-device ivshmem-plain,memdev=mirror0" \
	"nokaslr mhpbench.clock=icount mhpbench.icount_shift=0 mhpbench.tcg_thread=single"; do
	if grep -q -e "$arg" "$tmp/started"; then
		pass "an exact guest gets '$arg'"
	else
		fail "an exact guest lacks '$arg': $(cat "$tmp/started")"
	fi
done
runs MHPB_QEMU="$old" MHPB_CLOCK=wall MHPB_ACCEL=tcg >/dev/null
if grep -q -e "-rtc" "$tmp/started"; then
	fail "a wall-clock guest gets a fixed calendar: $(cat "$tmp/started")"
else
	pass "a wall-clock guest keeps the host's calendar"
fi
[ "$failures" -eq 0 ] || { echo "runner: $failures failure(s)"; exit 1; }
echo "runner: all passed"
