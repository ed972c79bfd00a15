#!/bin/sh
# The regression fixture end to end, in exact mode (instruction-clocked
# guests): build the patched kernel with and without
# kernel-patch/fixtures/SERIES/NAME.series, boot each ROUNDS times with the
# fixture suite, and check what mhpbench compare flags: the fixture's phase
# must be *SIG* worse, exactly (the row is deterministic), no wait and no
# unmap row may be flagged, and every flagged row must be the fixture's
# phase or a phase that contains it. The A/A half: the plain kernel's first
# boot against its second must flag nothing, and every work phase the
# report calls deterministic must have the same median in both boots
# (within 0.1%): boot-to-boot determinism, tested. make fixture-test, part
# of make test (kernel-patch/fixtures/README.md).
#
#   tests/fixture.sh [SERIES [NAME]]      (default: 6.1 count-activate)
#
# Environment: ROUNDS (2: boots a side, even: the A/A splits them), SUITE
# (fixture), JOBS (guests at once, bench/vm/rounds.sh), OUT (a folder that
# keeps the runs and reports; default a temporary one that is removed).
set -eu

series=${1:-6.1}
name=${2:-count-activate}
top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-2}
case $rounds in *[!0-9]* | '' | *[13579]) echo "fixture: ROUNDS must be even" >&2; exit 2 ;; esac
suite=${SUITE:-fixture}
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio
test_out fixture
export MHPB_CLOCK=exact

a=patched-$series
b=patched-$series-$name
start=$(date +%s)
for k in "" "--fixture $name"; do
	# shellcheck disable=SC2086 # empty or two words
	"$top/kernel-patch/build-kernel.sh" "$series" $k >/dev/null ||
		{ echo "FAIL: build-kernel.sh $series $k"; exit 1; }
done
echo "fixture: kernels built in $(($(date +%s) - start)) s"

"$top/bench/vm/suite-job.sh" "$suite" >"$out/job.sh"
boots=$(date +%s)
"$top/bench/vm/rounds.sh" "$rounds" "$out/job.sh" "$out" "$a" "$b" >"$out/rounds.txt" ||
	{ echo "FAIL: a guest job failed"; exit 1; }
echo "fixture: $((2 * rounds)) boots in $(($(date +%s) - boots)) s"
# the plain kernel's odd and even rounds, for the A/A comparison
while read -r r i k run; do
	[ "$i" = 1 ] || continue
	mkdir -p "$out/aa-$((r % 2))"
	cp "$run"/*.json "$out/aa-$((r % 2))/"
done <"$out/rounds.txt"

mhpbench=$top/bench/mhpbench
"$mhpbench" compare "$out/1-$a" "$out/2-$b" >"$out/report.txt"
"$mhpbench" compare --format json "$out/1-$a" "$out/2-$b" >"$out/report.json"
"$mhpbench" compare "$out/aa-1" "$out/aa-0" >"$out/aa-report.txt"
"$mhpbench" compare --format json "$out/aa-1" "$out/aa-0" >"$out/aa-report.json"
flagged_rows "$out/report.json" | sed 's/^/   /'

# q REPORT FILTER: the rows of a JSON report that FILTER selects, one line each
q() {
	jq -r ".rows[] | select(.op == \"map\" or .op == \"unmap\") | select($2)
		| \"\\(.op) \\(.metric) \\(.cells[1].design) \\(.cells[1].change)\"" "$1"
}
sig='.cells[1].significant'
got=$(q "$out/report.json" "$sig and .op == \"map\" and .metric == \"sparse_add_section\"")
case $got in
"map sparse_add_section exact "*) pass "$b: map sparse_add_section flagged worse, exactly: ${got##* }" ;;
*) fail "$b: map sparse_add_section not flagged worse by the exact rule: '$got'" ;;
esac
waits=$(q "$out/report.json" "$sig and (.metric | test(\"^(wait|hotplug_begin|rcu_sync|ref_wait|pgmap_rcu)$\"))")
expect "$waits" "" "$b: no grace-period wait flagged"
expect "$(q "$out/report.json" "$sig and .op == \"unmap\"")" "" \
	"$b: no unmap row flagged (the fixture only slows maps)"
# the phases holding section_activate(), by nesting (tracepoint or probe)
holders='(total|work|pagemap_range|arch_add_memory|add_pages|sparse_add_section|section_activate)'
flagged_only "$out/report.json" " map $holders\$" "$b: every flagged row holds section_activate()"
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
echo "fixture: $(($(date +%s) - start)) s in all; reports in $out"
[ "$failures" -eq 0 ] || { echo "fixture: $failures failure(s)"; exit 1; }
echo "fixture: all passed"
