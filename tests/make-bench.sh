#!/bin/sh
# The user's path: `make bench` (bench/run-bench.sh) with a short suite in a
# guest, end to end: it must exit 0, print the suite's summary and the
# hyperfine line, and leave the result file, console log and dmesg.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

log=$out/make-bench.log
if ! KERNEL=${KERNEL:-default} OUT=$out "$top/bench/run-bench.sh" smoke >"$log" 2>&1; then
	cat "$log"
	echo "make-bench: FAIL: bench/run-bench.sh smoke exited non-zero"
	exit 1
fi
failures=0
for want in "^smoke on .*, TCG guest\\|^smoke on .*, KVM guest" "^  2M @+0 generic" \
	"Time (mean" "results, console log and guest dmesg in"; do
	if grep -q "$want" "$log"; then
		echo "ok: make bench printed '$want'"
	else
		echo "FAIL: make bench did not print '$want'"
		failures=$((failures + 1))
	fi
done
for f in 'smoke-*.json' console.log dmesg.txt hyperfine-ndctl.json; do
	if [ -n "$(find "$out" -name "$f" | head -n 1)" ]; then
		echo "ok: make bench left $f"
	else
		echo "FAIL: make bench left no $f"
		failures=$((failures + 1))
	fi
done
[ "$failures" -eq 0 ] || { cat "$log"; exit 1; }
echo "make-bench: all passed"
