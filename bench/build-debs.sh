#!/bin/sh
# Build the Debian packages mhpbench and mhpbench-dkms (debian/) from a
# copy of the tree, so that the tree stays clean: the files git tracks or
# would track (HEAD and the working tree's changes, untracked files that
# are not ignored; no build output), then dpkg-buildpackage -us -uc -b.
# Moves the .deb, .buildinfo and .changes files into OUTDIR and prints the
# .changes file's path (make package; tests/package.sh). --source builds
# the source package too (dpkg-buildpackage -us -uc: the .dsc and the
# tree's tarball), for lintian's checks of debian/ (tests/package.sh).
#
#   bench/build-debs.sh [--source] OUTDIR
set -eu

what=-b
[ "${1:-}" != --source ] || { what=; shift; }
[ $# -eq 1 ] || { echo "usage: build-debs.sh [--source] OUTDIR" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
me=build-debs die_status=1
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
command -v dpkg-buildpackage >/dev/null || die "no dpkg-buildpackage (bench/install-deps.sh package)"
mkdir -p "$1"
outdir=$(cd "$1" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/mhpbench
mkdir "$src"
# tracked and new files as they are now; a tracked file deleted in the
# working tree is left out
(
	cd "$top"
	git ls-files --cached --others --exclude-standard | grep -vxF "$(git ls-files --deleted)" |
		tar -cf - --verbatim-files-from -T -
) | tar -xf - -C "$src"

# the export has no .git: debian/rules records the tree's git describe in
# the collector's version (collector.version of its result files)
MHPB_DESCRIBE=$(git -C "$top" describe --always --dirty 2>/dev/null || true)
export MHPB_DESCRIBE
log "dpkg-buildpackage${what:+ $what} in $src (collector version ${MHPB_DESCRIBE:-from debian/changelog})"
# shellcheck disable=SC2086 # what is empty or one word
(cd "$src" && dpkg-buildpackage -us -uc $what) >"$work/build.log" 2>&1 || {
	tail -n 40 "$work/build.log" >&2
	die "dpkg-buildpackage failed"
}
changes=
set --
[ -n "$what" ] || set -- "$work"/*.dsc "$work"/*.tar.*
for f in "$@" "$work"/*.deb "$work"/*.buildinfo "$work"/*.changes; do
	[ -f "$f" ] || die "dpkg-buildpackage left no $(basename "$f")"
	mv "$f" "$outdir/"
	case $f in *.changes) changes=$outdir/$(basename "$f") ;; esac
done
cp "$work/build.log" "$outdir/build.log"
echo "$changes"
