#!/bin/sh
# The run loop end to end against tests/fake_device.c (LD_PRELOAD):
# complete run, failed map, SIGTERM, type private, probes both, kind
# pfn_valid, kind collisions. Usage: run_fake.sh MHPBENCH FAKE.so
set -u
BIN=$1 FAKE=$2
OUT=$(mktemp -d /tmp/mhpb-fake-XXXXXX)
fail=0
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@"; then echo "  ok: $d"; else echo "FAIL run_fake.sh: $d"; fail=1; fi
}
field() { # field FILE KEY: a top-level string value
	sed -n "s/^  \"$2\": \"\(.*\)\",\{0,1\}\$/\1/p" "$1" | head -1
}

echo "run_fake.sh: run loop against a fake device"
LD_PRELOAD=$FAKE "$BIN" run smoke --range 4G+1G -o "$OUT/a" --label fake >"$OUT/a.log" 2>&1
check "complete run exits 0" test $? -eq 0
f=$(find "$OUT/a" -name "smoke-*.json" 2>/dev/null | head -n 1)
check "result file named smoke-<release>-<stamp>.json" test -n "$f"
check "status complete" test "$(field "$f" status)" = complete
check "16 samples (4 cases x (1 warmup + 3))" test "$(grep -c '"seq":' "$f")" -eq 16
check "the path is printed last" test "$(tail -1 "$OUT/a.log")" = "$f"
check "summary printed" grep -q 'status complete' "$OUT/a.log"
check "no .tmp left" test ! -e "$f.tmp"
check "summary command reads it" sh -c "'$BIN' summary '$f' | grep -q 'map   n=3'"
complete=$f

LD_PRELOAD=$FAKE FAKE_FAIL_MAP=6 "$BIN" run smoke --range 4G+1G -o "$OUT/b" >"$OUT/b.log" 2>&1
check "failed map exits 1" test $? -eq 1
f=$(find "$OUT/b" -name "smoke-*.json" | head -n 1)
check "status failed" test "$(field "$f" status)" = failed
check "error names the map" sh -c "grep -q '\"error\": \"map .* failed: Cannot allocate memory' '$f'"
check "6 samples kept, the last not ok" sh -c "test \$(grep -c '\"seq\":' '$f') -eq 6 && grep -q '\"unmap\": null' '$f'"

LD_PRELOAD=$FAKE "$BIN" run smoke --range 4G+1G -o "$OUT/c" >"$OUT/c.log" 2>&1 &
pid=$!
sleep 0.6
kill -TERM $pid
wait $pid
check "SIGTERM exits 1" test $? -eq 1
f=$(find "$OUT/c" -name "smoke-*.json" | head -n 1)
check "status interrupted" test "$(field "$f" status)" = interrupted
check "some but not all samples" sh -c "n=\$(grep -c '\"seq\":' '$f'); test \$n -gt 0 -a \$n -lt 16"
check "every kept sample was unmapped" sh -c "! grep -q '\"unmap\": null' '$f'"

# Type private: the module finds the range (no --range, no PMEM needed).
printf 'name priv\nsizes 2M 4M\ntype private\nrepeat 2\nwarmup 0\nspacing_ms 0\nevents none\n' >"$OUT/priv"
LD_PRELOAD=$FAKE "$BIN" run "$OUT/priv" -o "$OUT/d" >"$OUT/d.log" 2>&1
check "private run exits 0" test $? -eq 0
f=$(find "$OUT/d" -name "priv-*.json" | head -n 1)
check "private run complete" test "$(field "$f" status)" = complete
# 4 samples and 2 memset cases
check "private samples labelled type private" test "$(grep -c '"type": "private"' "$f")" -eq 6
check "private range from the module" grep -q '"start": 70367670435840' "$f"
check "private summary names the type" grep -q '2M @+0 private' "$OUT/d.log"
LD_PRELOAD=$FAKE "$BIN" run "$OUT/priv" --range 4G+1G -o "$OUT/e" >"$OUT/e.log" 2>&1
check "private run refuses --range (exit 2)" test $? -eq 2
LD_PRELOAD=$FAKE FAKE_NO_PRIVATE=1 "$BIN" run "$OUT/priv" -o "$OUT/f" >"$OUT/f.log" 2>&1
check "private run without DEVICE_PRIVATE exits 1" test $? -eq 1
check "it says why" grep -q 'no CONFIG_DEVICE_PRIVATE' "$OUT/f.log"
f=$(find "$OUT/f" -name "priv-*.json" | head -n 1)
check "its result file is marked failed" test "$(field "$f" status)" = failed
check "its error names the reason" grep -q '"error": "cannot claim 4M of device-private memory: the kernel has no CONFIG_DEVICE_PRIVATE' "$f"
check "it has no samples" sh -c "! grep -q '\"seq\":' '$f'"

# probes both: every sample twice, probes off and on, back to back
printf 'name both\nsizes 2M 4M\nprobes both\nrepeat 2\nwarmup 1\nspacing_ms 0\nevents none\norder sequential\n' >"$OUT/both"
LD_PRELOAD=$FAKE "$BIN" run "$OUT/both" --range 4G+1G -o "$OUT/g" >"$OUT/g.log" 2>&1
check "probes both run exits 0" test $? -eq 0
f=$(find "$OUT/g" -name "both-*.json" | head -n 1)
check "12 samples (2 cases x 3 x 2)" test "$(grep -c '"seq":' "$f")" -eq 12
check "half of them with the probes off" test "$(grep -c '"probes": "off"' "$f")" -eq 6

# Kind pfn_valid: 5 windows x (1 warmup + 10), each valid as expected
LD_PRELOAD=$FAKE "$BIN" run pfn_valid --range 4G+1G -o "$OUT/h" >"$OUT/h.log" 2>&1
check "pfn_valid run exits 0" test $? -eq 0
f=$(find "$OUT/h" -name "pfn_valid-*.json" | head -n 1)
check "pfn_valid run complete" test "$(field "$f" status)" = complete
check "55 pfn_valid records" test "$(grep -c '"call_ps":' "$f")" -eq 55
check "no hotplug samples" sh -c "! grep -q '\"map\":' '$f'"
check "pfn_valid summary lists the windows" grep -q '^  boot_ram ' "$OUT/h.log"
printf 'name x\nkind pfn_valid\nsizes 2M\n' >"$OUT/pfnbad"
"$BIN" run "$OUT/pfnbad" >"$OUT/i.log" 2>&1
check "a bad suite exits 2" test $? -eq 2
check "naming file, line, key and reason" grep -qx "mhpbench: $OUT/pfnbad:3: sizes: not used by kind pfn_valid" "$OUT/i.log"

# Kind collisions: run by `run collisions` as by `collisions`, -o and --module only
LD_PRELOAD=$FAKE "$BIN" run collisions --range 4G+1G >"$OUT/j.log" 2>&1
check "run collisions --range exits 2" test $? -eq 2
check "it says why" grep -q 'the collisions suite takes only -o and --module' "$OUT/j.log"
LD_PRELOAD=$FAKE FAKE_IOMEM=$(dirname "$0")/data/iomem-nvdimm-free.txt "$BIN" run collisions -o "$OUT/k" >"$OUT/k.log" 2>&1
rc=$?
if grep -q 'cannot .* /dev/kmsg' "$OUT/k.log"; then
	echo "  skip: run collisions (this user cannot read /dev/kmsg)"
else
	check "run collisions runs the steps (the fake fails some: exit 1)" test $rc -eq 1
	check "it claims two sections" grep -qx '# claim 0x100000000+256M (two sections)' "$OUT/k.log"
	check "and counts its 8 steps" grep -q '^# [0-9] of 8 steps failed' "$OUT/k.log"
	f=$(find "$OUT/k" -name "collisions-*.json" | head -n 1)
	check "its result file is a collisions record" grep -q '"format": "mhpbench-collisions"' "$f"
fi

# hold-sched-events: says it holds once a perf event is open, and keeps it
"$BIN" hold-sched-events >"$OUT/hold.log" 2>&1 &
pid=$!
i=0
while ! grep -q held "$OUT/hold.log" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "hold-sched-events says it holds" grep -qx 'mhpbench: perf_sched_events held' "$OUT/hold.log"
check "and holds a perf event open" sh -c "ls -l /proc/$pid/fd | grep -q 'anon_inode:\[perf_event\]'"
kill $pid
wait $pid 2>/dev/null
"$BIN" hold-sched-events extra >/dev/null 2>&1
check "hold-sched-events with an argument exits 2" test $? -eq 2

# The command line (cli.h): --help of every command on stdout with exit 0,
# --version, --opt=VALUE as --opt VALUE, usage errors on stderr with exit 2.
# shellcheck disable=SC2317 # called through check
exits() { # exits STATUS COMMAND...: COMMAND's exit status is STATUS
	want=$1; shift
	"$@" >"$OUT/cli.out" 2>"$OUT/cli.err"
	test $? -eq "$want"
}
cmds=$("$BIN" --help | sed -n 's/^  \([a-z-]*\) .*/\1/p')
check "--help lists 13 commands" test "$(echo "$cmds" | wc -w)" -eq 13
for c in $cmds; do
	check "$c --help exits 0 with its usage on stdout" sh -c \
		"'$BIN' $c --help 2>/dev/null | head -1 | grep -q '^usage: mhpbench $c'"
done
check "--version exits 0" exits 0 "$BIN" --version
check "and prints the version" grep -q '^mhpbench ' "$OUT/cli.out"
check "summary --format=json reads" exits 0 "$BIN" summary --format=json "$complete"
check "and its output is JSON" sh -c "jq -e .cases '$OUT/cli.out' >/dev/null"
check "an unknown option exits 2" exits 2 "$BIN" compare --bogus a b
check "and says so on stderr" grep -q "^mhpbench compare: unknown option '--bogus'" "$OUT/cli.err"
check "a missing value exits 2" exits 2 "$BIN" values "$complete" --metric
check "too few arguments exit 2" exits 2 "$BIN" compare a
check "--fail-on takes worse or change" exits 2 "$BIN" compare --fail-on=slower a b
check "an unknown command exits 2" exits 2 "$BIN" frobnicate

rm -rf "$OUT"
[ $fail -eq 0 ] && echo "run_fake.sh: all passed"
exit $fail
