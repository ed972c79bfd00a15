#!/bin/sh
# The regression fixture end to end, in exact mode (instruction-clocked
# guests), through make compare PATCH=: the fixture's patch
# (kernel-patch/fixtures/SERIES/NAME.series) given as PATCH on the patched
# kernel of linux-source-SERIES, each side booted ROUNDS times with the
# fixture suite. The fixture's phase must be *SIG* worse, exactly (the row
# is deterministic), no wait and no unmap row may be flagged, and every
# flagged row must be the fixture's phase or a phase that contains it; the
# report's header names the patch and its subject and ends with the command
# that reproduces it. The A/A half: the plain kernel's first boot against
# its second must flag nothing, and every work phase the report calls
# deterministic must have the same median in both boots (within 0.1%):
# boot-to-boot determinism, tested. Last, the fixture with a context line
# changed must stop make compare before anything is built, naming the
# hunk. make fixture-test, part of make test
# (kernel-patch/fixtures/README.md).
#
#   tests/fixture.sh [SERIES [NAME]]      (default: 6.1 count-activate)
#
# Environment: ROUNDS (2: boots a side, even: the A/A splits them), SUITE
# (fixture), KCONFIG (tiny; debian or a file: build-kernel.sh), JOBS (guests at once, bench/vm/rounds.sh), OUT (a folder that
# keeps the runs and reports; default a temporary one that is removed).
set -eu

series=${1:-6.1}
name=${2:-count-activate}
top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-2}
case $rounds in *[!0-9]* | '' | *[13579]) echo "fixture: ROUNDS must be even" >&2; exit 2 ;; esac
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio git
test_out fixture
use_test_kconfig
export MHPB_CLOCK=exact
patches=$(fixture_patches "$series" "$name")

start=$(date +%s)
compare_or_stop "PATCH=$patches" PATCH="$patches" KSRC="$series" SUITE="${SUITE:-fixture}" \
	ROUNDS="$rounds"
dir=$(find "$out" -maxdepth 1 -name 'compare-*' | head -n 1)
echo "fixture: make compare PATCH=: $(compare_times "$out/compare.log")"
report=$dir/report.json
flagged_rows "$report" | sed 's/^/   /'
fixture_flagged "$report" "PATCH=$name"

# the header: what was compared, and how to reproduce it
# the patches by file name: paths of this machine would not help a reader
names=$(for p in $patches; do basename "$p"; done | tr '\n' ' ')
expect "$(jq -r '.reproduce' "$report")" "make compare PATCH=\"${names% }\" KSRC=$series$(kconfig_words) SUITE=${SUITE:-fixture} ROUNDS=$rounds" \
	"the report ends its header with the command that reproduces it"
expect "$(jq -r '[.runs[].source | .kind, (.patches | length), .instrumentation] | join(" ")' "$report")" \
	"debian 0 tracepoints debian 1 tracepoints" \
	"A is the patched kernel as built, B the same with the patch, both with tracepoints"
first=$(echo "$patches" | cut -d' ' -f1)
expect "$(jq -r '.runs[1].source.patches[0].subject' "$report")" \
	"$(git mailinfo /dev/null /dev/null <"$first" | sed -n 's/^Subject: //p')" \
	"B's source names the patch's subject"
if grep -q "^Reproduce: make compare" "$dir/report.txt"; then
	pass "report.txt says how to reproduce it"
else
	fail "report.txt has no Reproduce line"
fi

# the plain kernel's odd and even rounds, for the A/A comparison
while read -r r i _ run; do
	[ "$i" = 1 ] || continue
	mkdir -p "$out/aa-$((r % 2))"
	cp "$run"/*.json "$out/aa-$((r % 2))/"
done <"$dir/rounds.txt"
mhpbench=$top/bench/mhpbench
"$mhpbench" compare "$out/aa-1" "$out/aa-0" >"$out/aa-report.txt"
"$mhpbench" compare --format json "$out/aa-1" "$out/aa-0" >"$out/aa-report.json"
a=$(jq -r '.runs[0].kernel_release' "$report")
aa_clean "$out/aa-report.json" exact "$a: A/A comparison (boot 1 against boot 2) flags nothing"
# boot-to-boot determinism: every work phase called exact is the same
# count in both boots (the exact rule only looks within a side)
det=$(jq -r '[.rows[] | select(.cells[1].design == "exact" and (.wait | not))] | length' "$out/aa-report.json")
moved=$(jq -r '[.rows[] | select(.cells[1].design == "exact" and (.wait | not)
	and ((.cells[1].change | fabs) > 0.001)) | "\(.op) \(.metric) \(.cells[1].change)"] | join(", ")' "$out/aa-report.json")
if [ "$det" -gt 0 ] && [ -z "$moved" ]; then
	pass "$a: all $det deterministic work rows have the same median in both boots (within 0.1%)"
else
	fail "$a: deterministic work rows $det; moved between boots: $moved"
fi

# a patch that does not apply: stopped before anything is built, the
# hunk named (a context line of its second hunk changed)
bad=$out/bad.patch
awk '/^@@/ { h++ } h == 2 && /^ / && !done { sub(/^ /, " /* changed */ "); done = 1 } 1' \
	"$first" >"$bad"
kdir=$cache/kernels
kernels=$(find "$kdir" -mindepth 1 -maxdepth 1 | wc -l)
t=$(date +%s)
rc=0
PATCH=$bad KSRC=$series OUT=$out "$top/kernel-patch/compare.sh" >/dev/null 2>"$out/bad.log" || rc=$?
t=$(($(date +%s) - t))
if [ "$rc" -ne 0 ] && grep -q "bad.patch.* does not apply to .*: mm/sparse.c: Hunk #2 FAILED" "$out/bad.log" &&
	grep -q 'nothing built' "$out/bad.log"; then
	pass "a patch that does not apply stops make compare in $t s, naming its hunk: $(grep -m1 'Hunk' "$out/bad.log" | sed 's/.*: mm/mm/')"
else
	fail "a patch that does not apply: status $rc, log:"
	cat "$out/bad.log"
fi
expect "$(find "$kdir" -mindepth 1 -maxdepth 1 | wc -l)" "$kernels" \
	"and no kernel was built or installed for it"
echo "fixture: $(($(date +%s) - start)) s in all; reports in $dir"
[ "$failures" -eq 0 ] || { echo "fixture: $failures failure(s)"; exit 1; }
echo "fixture: all passed"
