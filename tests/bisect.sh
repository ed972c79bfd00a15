#!/bin/sh
# make bisect on a small kernel history: a git tree made from Debian's
# linux-source-SERIES with seven commits (the plain source, the
# instrumentation series, two unrelated changes, the count-activate
# regression fixture, two more unrelated changes). make bisect between the
# instrumentation commit and the top, in exact mode with one boot per step,
# must name the fixture commit. Then make compare KTREE= of the fixture's
# commit (HEAD) against its parent (BASE), with the kernels make bisect
# installed, must flag the fixture's phase and nothing else, name both
# commits and say how to reproduce it, and leave the tree as it was.
#
#   tests/bisect.sh [SERIES]      (default: 6.1)
#
# The tree is a hard-linked copy of the build tree of build-kernel.sh (in
# the cache, kbuild/SERIES/bisect-test/), built in a copy of that tree's
# object folder: each step recompiles only what its commit changes.
# Environment: THRESHOLD (1.005x: the fixture adds about 1% to a 2 MiB
# map's sparse_add_section, and in exact mode every good commit gives the
# same count), BOOTS (1 per step), KCONFIG (tiny; debian or a file:
# build-kernel.sh), ROUNDS (1: boots a side of the compare; the fixture's
# row is a count that repeats, and tests/fixture.sh compares two boots a
# side), OUT (keeps the bisection's runs; default a temporary folder that
# is removed).
set -eu

series=${1:-6.1}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio git flock
kp=$top/kernel-patch
if [ -n "${OUT:-}" ]; then
	out=$OUT
else
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi
start=$(date +%s)

# The plain tree, unpacked and patched by build-kernel.sh (which also
# fills ccache with its objects), in the configuration of the bisection.
# It is read under the kernel build lock, until the copies are made:
# make test runs the kernel tests side by side, and a variant is built by
# patching that tree in place (build-kernel.sh).
use_test_kconfig
mkdir -p "$cache/kbuild"
exec 9>"$kbuild_lock"
flock 9
export MHPB_KBUILD_LOCKED=1
"$kp/build-kernel.sh" "$series" >/dev/null
base=$cache/kbuild/$series/linux-source-$series
dir=$cache/kbuild/$series/bisect-test
ktree=$dir/linux-source-$series
objname=$("$kp/build-kernel.sh" --objname)
rm -rf "$dir"
mkdir -p "$ktree"
for e in "$base"/* "$base"/.[!.]*; do
	case ${e##*/} in "$objname"*) continue ;; esac
	cp -al "$e" "$ktree/"
done
cd "$ktree"
series_patches=$(series_list "$kp/$series/series")
fixture=$(fixture_patches "$series" count-activate)
# Own copies of every file a commit changes: git and patch must never
# write through a hard link into the build tree.
files=$(
	for p in $series_patches; do
		sed -n 's|^+++ b/||p' "$kp/$series/$p"
	done
	sed -n 's|^+++ b/||p' "$fixture"
	echo mm/memory_hotplug.c
)
for f in $files; do
	[ ! -f "$f" ] || { cp "$f" "$f.own" && mv "$f.own" "$f"; }
done
# The plain tree's object folder, copied with its times: the tree's files
# are hard links with the times the objects were built from, so kbuild
# recompiles only what the commits change. objtool's build records
# absolute paths (its .cmd and .d files): rewritten to this tree's, or
# kbuild would rebuild objtool and with it every object.
objdir=$(dirname "$("$kp/build-kernel.sh" "$series" --configure 2>/dev/null)")
cp -a "$objdir" "$ktree/$objname"
find "$ktree/$objname/tools" -type f \( -name '*.cmd' -o -name '*.d' \) -exec \
	sed -i -e "s|$objdir|$ktree/$objname|g" -e "s|$base/|$ktree/|g" {} +
flock -u 9
exec 9>&-
unset MHPB_KBUILD_LOCKED
for p in $series_patches; do
	patch -R -p1 --quiet <"$kp/$series/$p"
done

# Fixed dates: the same tree gets the same commits in every run, and so
# the same kernel names (a warm cache boots what it built before).
g() {
	GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z" \
		git -c user.name="mhpbench test" -c user.email=mhpbench@localhost "$@"
}
g init -q
g config core.compression 1
g config gc.auto 0
# Debian's .gitignore ignores the whole top level (-f); the object folder
# is not source: committed, it made every run's commits new
g add -A -f -- . ":(exclude)$objname"
g commit -q -m "linux-source-$series as Debian ships it"
for p in $series_patches; do
	g am -q "$kp/$series/$p"
done
good=$(git rev-parse --short HEAD)
unrelated() {
	printf '%s\n' "$2" >>"$1"
	g add -f "$1"
	g commit -q -m "$3"
}
unrelated Documentation/mhpbench-notes.txt "Notes for the bisection test." \
	"Documentation: add mhpbench notes"
unrelated mm/memory_hotplug.c "/* mhpbench bisection test: an unrelated comment */" \
	"mm/memory_hotplug: a comment"
g am -q "$fixture"
culprit=$(git rev-parse HEAD)
unrelated Documentation/mhpbench-notes.txt "More notes." \
	"Documentation: more mhpbench notes"
unrelated mm/sparse.c "/* mhpbench bisection test: an unrelated comment */" \
	"mm/sparse: a comment"
echo "bisect-test: tree of $(git rev-list --count HEAD) commits in $(($(date +%s) - start)) s; good $good, fixture $culprit"
git log --oneline | sed 's/^/   /'

# The object folder inside the tree, as build-kernel.sh lays out its own:
# the same relative source paths, so ccache serves the first step.
rc=0
found=$(MHPB_CLOCK=exact KOBJ=$ktree/$objname OUT=$out THRESHOLD=${THRESHOLD:-1.005x} BOOTS=${BOOTS:-1} \
	"$kp/bisect.sh" "$good" HEAD "$ktree") || rc=$?
echo "bisect-test: make bisect said: $found (status $rc), $(($(date +%s) - start)) s"
if [ "$rc" -eq 0 ] && [ "${found%% *}" = "$culprit" ]; then
	pass "make bisect named the fixture commit $culprit"
else
	fail "make bisect: expected $culprit"
fi

# make compare KTREE= of the same tree, the commit before the fixture's
# (BASE) against the fixture's (HEAD): the kernels make bisect installed
# (named by commit and configuration), booted ROUNDS times a side; flagged
# like the fixture test's PATCH=, and the tree left as it was
head_before=$(git rev-parse HEAD)
status_before=$(git status --porcelain)
parent=$(git rev-parse "$culprit^")
cmp_out=$out/compare
mkdir -p "$cmp_out"
if KTREE=$ktree BASE=$parent HEAD=$culprit SUITE=fixture ROUNDS=${ROUNDS:-1} OUT=$cmp_out \
	MHPB_CLOCK=exact "$kp/compare.sh" >"$cmp_out/compare.txt" 2>"$cmp_out/compare.log"; then
	report=$(find "$cmp_out" -maxdepth 2 -name report.json | head -n 1)
	echo "bisect-test: make compare KTREE=: $(compare_times "$cmp_out/compare.log")"
	flagged_rows "$report" | sed 's/^/   /'
	fixture_flagged "$report" "KTREE= BASE=${parent%"${parent#???????}"} HEAD=${culprit%"${culprit#???????}"}"
	expect "$(jq -r '.reproduce' "$report")" \
		"make compare KTREE=$(basename "$ktree") BASE=$(echo "$parent" | cut -c1-12) HEAD=$(echo "$culprit" | cut -c1-12)$(kconfig_words) SUITE=fixture ROUNDS=${ROUNDS:-1}" \
		"the report ends its header with the command that reproduces it"
	expect "$(jq -r '[.runs[].source | .commit, .subject, .instrumentation] | join(" / ")' "$report")" \
		"$parent / $(git log -1 --format=%s "$parent") / tracepoints / $culprit / $(git log -1 --format=%s "$culprit") / tracepoints" \
		"each side's source names its commit and subject, and the tracepoints the tree has"
else
	tail -n 30 "$cmp_out/compare.log"
	fail "make compare KTREE=$ktree BASE=$parent HEAD=$culprit"
fi
expect "$(git rev-parse HEAD) $(git status --porcelain)" "$head_before $status_before" \
	"the tree is unchanged: same HEAD, same status"
echo "bisect-test: $(($(date +%s) - start)) s in all"
[ "$failures" -eq 0 ] || { echo "bisect-test: $failures failure(s)"; exit 1; }
echo "bisect-test: all passed"
