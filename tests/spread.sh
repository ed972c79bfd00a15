#!/bin/sh
# bench/lab/spread.sh with this machine as its only "host" (GNU parallel's
# ":"): the setup, two guests of the default kernel handed out by
# parallel (a compare of the kernel with itself, one round), their result
# files brought back into compare's folders, the report over the pool
# (an A/A: nothing flagged, work decided exactly), and the refusal of
# wall mode over two hosts before anything boots (docs/lab-ssh.md).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq parallel gnuplot
test_out spread
make -s -C "$top/bench"

rc=0
MHPB_CLOCK=wall OUT=$out/wall "$top/bench/lab/spread.sh" compare ":,:" default \
	>"$out/wall.log" 2>&1 || rc=$?
if [ "$rc" -eq 2 ] && grep -q "wall mode times the hosts' hardware" "$out/wall.log" &&
	[ -z "$(find "$out/wall" -name '*.json' 2>/dev/null)" ]; then
	pass "wall mode over two hosts is refused before a guest boots"
else
	fail "wall mode over two hosts: exit $rc; $(tail -n 1 "$out/wall.log")"
fi

rc=0
SUITE=smoke ROUNDS=1 OUT=$out "$top/bench/lab/spread.sh" compare : default default \
	>"$out/spread.log" 2>&1 || rc=$?
expect "$rc" 0 "spread.sh compare over ':' finished"
[ "$rc" -eq 0 ] || { tail -n 30 "$out/spread.log"; exit 1; }
dir=$(find "$out" -maxdepth 1 -name 'compare-*' | head -n 1)
expect "$(awk -F '\t' 'NR > 1 && $7 == 0' "$dir/joblog.txt" | wc -l)" 2 \
	"parallel's job log: two guests, both exit 0"
for k in 1-default 2-default; do
	expect "$(find "$dir/$k" -name 'r1-smoke-*.json' | wc -l)" 1 "$k holds its round's result file"
done
aa_clean "$dir/report.json" exact "the pooled compare of the kernel with itself flags nothing"
[ "$failures" -eq 0 ] || { echo "spread: $failures failed${OUT:+; kept in $out}" >&2; exit 1; }
echo "spread: all passed"
