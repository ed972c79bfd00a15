#!/bin/sh
# bench/vm/suite-job.sh, which puts a suite into a guest's job: a name
# stays a name, a host path travels inside the job, byte for byte, and bad
# input is refused with exit 2. Runs on the host, no guest (make unit-test).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
sj=$top/bench/vm/suite-job.sh
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need jq
test_out suite-job

# no final newline, quotes, a $ and a backslash: the copy must not expand them
# shellcheck disable=SC2016 # a literal $HOME, which the copy must keep
printf '# a "suite" with $HOME and \\n in it\nname sj_test\nsizes 2M\nspacing_ms 5' >"$out/my suite"
job=$(sh "$sj" --setup "$out/my suite")
# the guest writes /tmp/NAME: here into a folder of our own
# shellcheck disable=SC2016 # expanded by the job's shell
copy=$(printf '%s\n' "$job" | sed "s#/tmp/#$out/guest-#g" | { cat; echo 'echo "$suite"'; } | sh)
if { cat "$out/my suite"; echo; } | cmp -s - "$copy"; then
	pass "a path suite arrives byte for byte (a final newline added)"
else
	fail "a path suite arrives changed"
	diff "$out/my suite" "$copy" || true
fi
case $copy in */guest-suite) pass "a file name with a space becomes 'suite'" ;;
*) fail "unexpected guest name $copy" ;; esac
expect "$(sh "$sj" --setup fixture)" "suite=fixture" "a name of bench/suites/ stays a name"
# shellcheck disable=SC2016 # the guest's $suite, literally
expect "$(sh "$sj" fixture | tail -n 1)" '/mhp/bench/mhpbench run "$suite" -o .' "the run line"
rc=0; sh "$sj" no-such-suite 2>"$out/err" || rc=$?
expect "$rc" 2 "an unknown suite name is refused"
if grep -q 'no suite no-such-suite in bench/suites/' "$out/err"; then
	pass "and named"
else
	fail "message: $(cat "$out/err")"
fi
rc=0; sh "$sj" "$out/none" 2>/dev/null || rc=$?
expect "$rc" 2 "a missing suite file is refused"
printf 'name x\nMHPB_SUITE_EOF\n' >"$out/eof"
rc=0; sh "$sj" "$out/eof" 2>/dev/null || rc=$?
expect "$rc" 2 "a file holding the end marker is refused"
[ "$failures" -eq 0 ] || { echo "suite-job: $failures failure(s)"; exit 1; }
echo "suite-job: all passed"
