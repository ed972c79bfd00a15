#!/bin/sh
# A LAVA job of the project's guest, run for real with Debian's lava-run
# (no server): the job renders, LAVA's own schema accepts it, it passes,
# its measurements are LAVA results, and `mhpbench import-lava` brings its
# result files home whole; a cut or altered log is refused. Then the
# imported run against a direct exact-mode boot of the same kernel and
# suite (bench/vm/run-job.sh), sample for sample (same-samples.py). The two guests boot at
# once: exact-mode counts do not depend on the host's load.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq lava-run
[ "$(id -u)" -eq 0 ] || skip "lava-run runs as root (it writes /var/lib/lava)"
/usr/bin/python3 -c 'import lava_common.schemas' 2>/dev/null ||
	skip "no lava_common (bench/install-deps.sh test installs lava-dispatcher)"
kernel=${KERNEL:-default}
suite=smoke
test_out lava
mhpb=$top/bench/mhpbench
make -s -C "$top/bench"

# the job, and LAVA's own schema over it
MHPB_CLOCK=exact "$top/bench/lava/render-job.sh" "$kernel" "$suite" "$out/job" 2>"$out/render.log" ||
	{ cat "$out/render.log"; fail "render-job.sh failed"; exit 1; }
if /usr/bin/python3 -c 'import sys, yaml; from lava_common.schemas import validate
validate(yaml.safe_load(open(sys.argv[1])), strict=True)' "$out/job/job.yaml" 2>"$out/schema.log"; then
	pass "LAVA's schema accepts the rendered job"
else
	fail "LAVA's schema refuses the rendered job: $(tail -n 1 "$out/schema.log")"
fi

# the bare-metal job (not run here: no PMEM machine, no lab): rendered,
# and accepted by LAVA's schemas for jobs and for test definitions
LAVA_KERNEL_URL=http://lab.example/bzImage LAVA_NFSROOTFS_URL=http://lab.example/rootfs.tar.xz \
	"$top/bench/lava/render-baremetal.sh" "$suite" "$out/bare" 2>>"$out/render.log"
if /usr/bin/python3 -c 'import sys, yaml; from lava_common.schemas import validate
from lava_common.schemas.test.testdef import validate as testdef
validate(yaml.safe_load(open(sys.argv[1])), strict=True)
testdef(yaml.safe_load(open(sys.argv[2])))' "$out/bare/job.yaml" "$top/bench/lava/mhpbench-test.yaml" \
	2>"$out/schema-bare.log"; then
	pass "LAVA's schemas accept the bare-metal job and its test definition"
else
	fail "LAVA's schemas refuse the bare-metal job: $(tail -n 1 "$out/schema-bare.log")"
fi

# the LAVA job and the direct boot, side by side
"$top/bench/vm/suite-job.sh" "$suite" >"$out/direct-job.sh"
"$top/bench/vm/run-job.sh" "$kernel" "$out/direct-job.sh" "$out/direct" >"$out/direct.path" \
	2>"$out/direct.log" &
direct=$!
# a job id of our own: lava-run's tmp folder is per id
id=$$
lava_rc=0
lava-run --job-id "$id" --output-dir "$out/lava-out" --device "$out/job/device.yaml" \
	"$out/job/job.yaml" >"$out/job.log" 2>&1 || lava_rc=$?
direct_rc=0
wait "$direct" || direct_rc=$?
expect "$lava_rc" 0 "lava-run finished the job"
expect "$direct_rc" 0 "the direct boot finished"
expect "$(grep -c '"case": "job", "definition": "lava", "result": "pass"' "$out/job.log")" 1 \
	"LAVA says the job passed"
if [ "$lava_rc" -ne 0 ] || [ "$direct_rc" -ne 0 ]; then
	tail -n 20 "$out/job.log" "$out/direct.log"
	exit 1
fi

# home whole, and the refusals
rc=0
"$mhpb" import-lava "$out/job.log" -o "$out/imported" >/dev/null || rc=$?
expect "$rc" 0 "import-lava took the job's files"
run=$(find "$out/imported" -name "$suite-*.json" | head -n 1)
[ -n "$run" ] || { fail "no $suite run file imported"; exit 1; }
measures=$(grep -c '"definition": "mhpbench".*"measurement"' "$out/job.log" || true)
expect "$measures" "$("$mhpb" summary --format lava "$run" | wc -l)" \
	"every headline figure of the run is a LAVA measurement"
lines=$(wc -l <"$out/job.log")
head -n $((lines * 2 / 3)) "$out/job.log" >"$out/cut.log"
b64=$(grep -n 'mhpbench-b64: ' "$out/job.log" | sed -n '40p' | cut -d: -f1)
sed "${b64}s/mhpbench-b64: ./mhpbench-b64: A/" "$out/job.log" >"$out/altered.log"
awk -v n="$b64" 'NR != n' "$out/job.log" >"$out/dropped.log"
for bad in cut altered dropped; do
	rc=0
	"$mhpb" import-lava "$out/$bad.log" -o "$out/$bad" >/dev/null 2>"$out/$bad.err" || rc=$?
	if [ "$rc" -eq 1 ] && [ ! -e "$out/$bad" ] && grep -q "nothing imported" "$out/$bad.err"; then
		pass "a $bad log is refused, nothing written: $(cut -c1-90 "$out/$bad.err")"
	else
		fail "a $bad log: import-lava exited $rc; $(cat "$out/$bad.err")"
	fi
done
# LAVA logs the console's last lines as "feedback" when they come after
# the monitor's end: the exit line may be one of them
sed 's/"lvl": "target", "msg": "mhpbench-guest: exit/"lvl": "feedback", "msg": "mhpbench-guest: exit/' \
	"$out/job.log" >"$out/feedback.log"
rc=0
"$mhpb" import-lava "$out/feedback.log" -o "$out/feedback" >/dev/null 2>"$out/feedback.err" || rc=$?
expect "$rc $(grep -c '"lvl": "feedback", "msg": "mhpbench-guest: exit' "$out/feedback.log")" "0 1" \
	"the exit line is taken from LAVA's feedback too: $(cat "$out/feedback.err")"

# where it ran: the worker's QEMU from LAVA's log, the runner's record
direct_run=$(find "$(cat "$out/direct.path")" -name "$suite-*.json" | head -n 1)
expect "$(jq -r '.environment.virtualization.host.qemu.debian_version' "$run")" \
	"$(jq -r '.environment.virtualization.host.qemu.debian_version' "$direct_run")" \
	"the imported run names the QEMU that ran it, as the direct run does"
expect "$(jq -r '.environment.virtualization.host.lava.sha256_as_written' "$run")" \
	"$(sed -n "s/.*mhpbench-file: begin $(basename "$run") [0-9]* \([0-9a-f]*\).*/\1/p" \
		"$out/job.log")" "the import names the file as the guest wrote it"

# sample for sample against the direct boot
/usr/bin/python3 "$top/tests/same-samples.py" "$direct_run" "$run" >"$out/same.txt" || true
cat "$out/same.txt"
if grep -q '^same samples: yes' "$out/same.txt"; then
	pass "the LAVA run has the direct run's samples, each with its phases"
else
	fail "the LAVA run's samples differ from the direct run's"
fi
"$mhpb" compare --format json "$(dirname "$direct_run")" "$(dirname "$run")" >"$out/aa.json"
aa_clean "$out/aa.json" exact "compare of the direct run and the LAVA run flags nothing"

[ "$failures" -eq 0 ] || { echo "lava: $failures failed${OUT:+; kept in $out}" >&2; exit 1; }
echo "lava: all passed"
