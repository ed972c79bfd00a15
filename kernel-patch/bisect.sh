#!/bin/sh
# make bisect: find the commit of a kernel git tree that made a hotplug
# metric slower, with `git bisect run`.
#
#   bisect.sh GOOD BAD KTREE
#
# Every step builds the checked-out tree (KCONFIG: Debian's configuration
# by default, build-kernel.sh; ccache, one object folder reused by all
# steps: build-kernel.sh --tree),
# boots it BOOTS times in the QEMU runner with a short suite, and takes the
# median of METRIC over the measured samples of CASE of all those boots. The commit is bad when that
# median is above the threshold, good otherwise; a step whose build or
# boot fails, or that has no value, is skipped (125).
#
# Environment (make bisect passes its variables on):
#   METRIC     OP.PHASE or OP.total|work|wait: map.sparse_add_section (default)
#   CASE       SIZE@OFFSET[,TYPE][,shift=N][,memmap=M] of the suite: 2M@0
#              (default); mhpbench values takes it
#   THRESHOLD  1.1x (default): a ratio to GOOD's median, measured first;
#              or an absolute time: 120us, 0.12ms, 120000 (ns)
#   SUITE      fixture (default): a suite of bench/suites/ or a path
#   MHPB_CLOCK exact (default) or wall: how the guests are clocked
#              (bench/vm/boot-qemu.sh, docs/clocks.md "Exact mode")
#   BOOTS      boots per step: 1 in exact mode (a work phase is the same
#              instruction count in every boot), 3 in wall mode (a work
#              phase's median moves by up to ~10% from boot to boot under
#              TCG, so one boot per step can misjudge a 15-30% change)
#   KOBJ       object folder: KTREE's sibling mhpbench-out (default)
#   OUT        the runs and the log: results/local/bisect-<stamp>
#
# KTREE must be a clean git tree. It is left where it was (git bisect
# reset). Prints the first bad commit; the per-step values are in
# OUT/steps.txt.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
me=bisect
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"

# build_step: build the checked-out commit, unless its kernel is
# installed already (make compare KTREE= installs by the same name, the
# commit's and the configuration's); print its name
build_step() {
	sha=$(git -C "$BISECT_KTREE" rev-parse HEAD)
	name=$("$here/build-kernel.sh" --name-of "$sha")
	if [ -f "$cache/kernels/patched-$name/.complete" ]; then
		log "$rev: built already ($name)"
	else
		log "$rev: building"
		"$here/build-kernel.sh" --git-source "$BISECT_KTREE" "$sha" >"$BISECT_OUT/source.json" &&
			MHPB_SOURCE_JSON=$BISECT_OUT/source.json "$here/build-kernel.sh" --tree \
				"$BISECT_KTREE" "$BISECT_KOBJ" "$name" >>"$BISECT_OUT/build.log" 2>&1 ||
			return 1
	fi
	echo "$name"
}

# measure REV: build and boot the checked-out tree, print the median (ns).
# Exit status 125 when the build, the boot or the value is missing.
measure() {
	rev=$(git -C "$BISECT_KTREE" rev-parse --short HEAD)
	name=$(build_step) || {
		echo "$rev build-failed skip" >>"$BISECT_OUT/steps.txt"
		return 125
	}
	runs=
	b=1
	while [ "$b" -le "$BISECT_BOOTS" ]; do
		log "$rev: boot $b of $BISECT_BOOTS"
		if ! run=$("$top/bench/vm/run-job.sh" "patched-$name" "$BISECT_OUT/job.sh" \
			"$BISECT_OUT/runs" 2>>"$BISECT_OUT/guest.log"); then
			echo "$rev boot-failed skip" >>"$BISECT_OUT/steps.txt"
			return 125
		fi
		json=$(find "$run" -name '*.json' | head -n 1)
		if [ -z "$json" ]; then
			echo "$rev no-result skip" >>"$BISECT_OUT/steps.txt"
			return 125
		fi
		runs="$runs $json"
		b=$((b + 1))
	done
	# the samples that count and their median: mhpbench's one rule
	# shellcheck disable=SC2086 # one result file per word
	v=$("$top/bench/mhpbench" values --metric "$BISECT_METRIC" --case "$BISECT_CASE" \
		--median $runs 2>>"$BISECT_OUT/guest.log") || v=none
	if [ "$v" = none ]; then
		echo "$rev no-value skip" >>"$BISECT_OUT/steps.txt"
		return 125
	fi
	echo "$v"
}

if [ "${1:-}" = --step ]; then
	v=$(measure) || exit 125
	rev=$(git -C "$BISECT_KTREE" rev-parse --short HEAD)
	if [ "$v" -gt "$BISECT_LIMIT" ]; then
		verdict=bad
	else
		verdict=good
	fi
	echo "$rev $v $verdict" >>"$BISECT_OUT/steps.txt"
	log "$rev: $BISECT_METRIC $v $BISECT_UNIT (limit $BISECT_LIMIT): $verdict"
	[ "$verdict" = good ]
	exit
fi

[ $# -eq 3 ] || die "usage: bisect.sh GOOD BAD KTREE (see the header for METRIC, THRESHOLD...)"
good=$1
bad=$2
BISECT_KTREE=$(cd "$3" && pwd)
git -C "$BISECT_KTREE" rev-parse --git-dir >/dev/null 2>&1 || die "$3 is not a git tree"
[ -z "$(git -C "$BISECT_KTREE" status --porcelain --untracked-files=no)" ] ||
	die "$BISECT_KTREE has uncommitted changes"
# Commits, not names: GOOD is checked out first, and HEAD moves.
good=$(git -C "$BISECT_KTREE" rev-parse --verify -q "$good^{commit}") || die "no commit $1"
bad=$(git -C "$BISECT_KTREE" rev-parse --verify -q "$bad^{commit}") || die "no commit $2"
BISECT_KOBJ=${KOBJ:-$(dirname "$BISECT_KTREE")/mhpbench-out}
BISECT_METRIC=${METRIC:-map.sparse_add_section}
case $BISECT_METRIC in
map.?* | unmap.?*) ;;
*) die "METRIC is OP.PHASE (map.sparse_add_section, unmap.total...), not $BISECT_METRIC" ;;
esac
BISECT_CASE=${CASE:-2M@0}
threshold=${THRESHOLD:-1.1x}
suite=${SUITE:-fixture}
BISECT_OUT=${OUT:-$top/results/local}/bisect-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BISECT_OUT/runs"
"$top/bench/vm/suite-job.sh" "$suite" >"$BISECT_OUT/job.sh"
BISECT_BOOTS=1
[ "${MHPB_CLOCK:-exact}" != wall ] || BISECT_BOOTS=3
BISECT_BOOTS=${BOOTS:-$BISECT_BOOTS}
case $BISECT_BOOTS in '' | *[!0-9]* | 0) die "BOOTS is a count, not $BISECT_BOOTS" ;; esac
# under the cache lens mhpbench values gives a work metric's estimated cycles
BISECT_UNIT=ns
[ -z "${MHPB_LENS:-}" ] || BISECT_UNIT="est. cycles"
export BISECT_KTREE BISECT_KOBJ BISECT_METRIC BISECT_CASE BISECT_OUT BISECT_BOOTS BISECT_UNIT
make -s -C "$top/bench" >&2

start=$(date +%s)
orig=$(git -C "$BISECT_KTREE" symbolic-ref -q --short HEAD ||
	git -C "$BISECT_KTREE" rev-parse HEAD)
case $threshold in
*x)
	git -C "$BISECT_KTREE" checkout -q "$good"
	gv=$(measure) || die "GOOD ($good) gave no value: see $BISECT_OUT"
	echo "$(git -C "$BISECT_KTREE" rev-parse --short HEAD) $gv reference" >>"$BISECT_OUT/steps.txt"
	BISECT_LIMIT=$(awk -v v="$gv" -v r="${threshold%x}" 'BEGIN { printf "%d", v * r }')
	log "GOOD $good: $BISECT_METRIC $gv $BISECT_UNIT; limit $threshold = $BISECT_LIMIT $BISECT_UNIT"
	;;
*us) BISECT_LIMIT=$(awk -v t="${threshold%us}" 'BEGIN { printf "%d", t * 1000 }') ;;
*ms) BISECT_LIMIT=$(awk -v t="${threshold%ms}" 'BEGIN { printf "%d", t * 1000000 }') ;;
*ns) BISECT_LIMIT=${threshold%ns} ;;
*) BISECT_LIMIT=$threshold ;;
esac
case $BISECT_LIMIT in
'' | *[!0-9]*) die "THRESHOLD is a ratio (1.1x) or a time (120us, 0.12ms, 120000), not $threshold" ;;
esac
export BISECT_LIMIT

rc=0
(
	cd "$BISECT_KTREE"
	git bisect start "$bad" "$good"
	git bisect run "$here/bisect.sh" --step
) >"$BISECT_OUT/bisect.log" 2>&1 || rc=$?
git -C "$BISECT_KTREE" bisect log >"$BISECT_OUT/bisect-replay.txt" 2>/dev/null || true
git -C "$BISECT_KTREE" bisect reset "$orig" >/dev/null 2>&1 || true
first=$(sed -n 's/^\([0-9a-f]\{7,\}\) is the first bad commit$/\1/p' "$BISECT_OUT/bisect.log")
log "$(($(date +%s) - start)) s; steps (commit, $BISECT_METRIC $BISECT_UNIT, verdict):"
sed 's/^/  /' "$BISECT_OUT/steps.txt" >&2
if [ "$rc" -ne 0 ] || [ -z "$first" ]; then
	tail -n 20 "$BISECT_OUT/bisect.log" >&2
	die "no first bad commit (git bisect run: status $rc); see $BISECT_OUT"
fi
echo "$first $(git -C "$BISECT_KTREE" log -1 --format=%s "$first")"
