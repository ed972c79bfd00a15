#!/bin/sh
# The results folder fills up during a run: mhpbench run (against the
# LD_PRELOAD fake of the device, bench/tests/fake_device.c: no module)
# writes into a small tmpfs of its own mount namespace, and once the
# result file holds a few samples the rest of the tmpfs is filled. The
# next rewrite must fail: the run exits 1 saying it cannot write the
# result, why (No space left on device) and what the file keeps; the file
# must be left as last written, a whole JSON document (status running)
# with every sample seen before the disk filled, and no FILE.tmp.
#
#   tests/full-disk.sh          (root, or user namespaces for unshare -rm)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need jq unshare
cc=${CC:-cc}
make -s -C "$top/bench" mhpbench "build/$cc/tests/fake_device.so"
bin=$top/bench/mhpbench
fake=$top/bench/build/$cc/tests/fake_device.so
out=$(mktemp -d /tmp/mhpb-full-XXXXXX)
trap 'rm -rf "$out"' EXIT
ns=-m
[ "$(id -u)" -eq 0 ] || ns=-rm
unshare "$ns" true 2>/dev/null || skip "cannot make a mount namespace (unshare $ns)"

printf 'name full\nsizes 2M 4M\nrepeat 100\nwarmup 0\nspacing_ms 5\nevents none\n' >"$out/full"
mkdir "$out/mnt"
# In the namespace: the run on a 1 MiB tmpfs; at 3 samples, fill the
# tmpfs; keep what the host side checks in $out.
cat >"$out/inner.sh" <<'EOF'
set -u
mount -t tmpfs -o size=1m tmpfs "$out/mnt"
LD_PRELOAD=$fake "$bin" run "$out/full" --range 4G+1G -o "$out/mnt" >"$out/run.out" 2>"$out/run.err" &
pid=$!
i=0
while [ $i -lt 200 ]; do
	f=$(find "$out/mnt" -name 'full-*.json' | head -n 1)
	if [ -n "$f" ] && [ "$(jq '.samples | length' "$f" 2>/dev/null || echo 0)" -ge 3 ]; then
		cp "$f" "$out/seen.json"
		cat /dev/zero >"$out/mnt/filler" 2>/dev/null
		break
	fi
	sleep 0.05
	i=$((i + 1))
done
rc=0
wait $pid || rc=$?
echo "$rc" >"$out/run.rc"
rm -f "$out/mnt/filler"
cp "$f" "$out/left.json"
basename "$f" >"$out/name"
ls -a "$out/mnt" >"$out/listing"
umount "$out/mnt"
EOF
export out fake bin
unshare "$ns" sh "$out/inner.sh"

[ -f "$out/seen.json" ] || { cat "$out/run.err"; fail "the result file never held 3 samples"; exit 1; }
seen=$(jq '.samples | length' "$out/seen.json")
expect "$(cat "$out/run.rc")" 1 "the run fails (exit 1)"
name=$(cat "$out/name")
n=$(jq '.samples | length' "$out/left.json" 2>/dev/null || echo -1)
expect "$(grep -c "^mhpbench: cannot write the result: $out/mnt/$name.tmp: No space left on device; $out/mnt/$name is left as last written, with $n of the [0-9]* samples taken\$" "$out/run.err")" \
	2 "it says, at the sample and at the end, which write failed, why, and what the file keeps"
expect "$(jq -r '.status' "$out/left.json" 2>&1)" running "the file left is a whole JSON document, status running"
if [ "$n" -ge "$seen" ] && [ "$n" -lt 200 ]; then
	pass "it holds $n samples (3 or more when the disk filled, $seen seen then)"
else
	fail "it holds $n samples, $seen seen when the disk filled, 200 planned"
fi
expect "$(jq -c --argjson n "$seen" '[.samples[:$n][] | [.seq, .t_ns]]' "$out/left.json")" \
	"$(jq -c '[.samples[] | [.seq, .t_ns]]' "$out/seen.json")" "every sample seen before is there, unchanged"
expect "$(grep -c '\.tmp$' "$out/listing")" 0 "no FILE.tmp left behind"
expect "$("$bin" summary --format json "$out/left.json" | jq -r '.complete')" false "summary reads it as not complete"
[ "$failures" -eq 0 ] || { echo "full-disk: $failures FAILED"; exit 1; }
echo "full-disk: all passed"
