#!/bin/sh
# The kernel patch series: every patch passes checkpatch.pl and the series
# applies with `git apply --check` to the pinned Debian source version; so
# does every regression fixture (kernel-patch/fixtures/SERIES/NAME.series)
# on top of the series.
#
#   tests/kernel-patch.sh [SERIES...]     (default: every kernel-patch/*/series)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need git perl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

if [ $# -eq 0 ]; then
	for s in "$top"/kernel-patch/*/series; do
		set -- "$@" "$(basename "$(dirname "$s")")"
	done
fi

for series in "$@"; do
	dir=$top/kernel-patch/$series
	pinned=$(cat "$dir/source-version")
	tarball=/usr/src/linux-source-$series.tar.xz
	have=$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null || true)
	[ -f "$tarball" ] || skip "no $tarball (apt-get install linux-source-$series=$pinned)"
	[ "$have" = "$pinned" ] ||
		echo "note $series: installed linux-source-$series is $have, the series is pinned to $pinned"

	# Only the files the series touches, from the tarball.
	fixdir=$top/kernel-patch/fixtures/$series
	files=$(find "$dir" "$fixdir" -name '*.patch' -exec \
		sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' {} + 2>/dev/null | sort -u)
	mkdir -p "$tmp/$series"
	members="linux-source-$series/scripts/checkpatch.pl linux-source-$series/scripts/spelling.txt linux-source-$series/scripts/const_structs.checkpatch"
	for f in $files; do
		members="$members linux-source-$series/$f"
	done
	# shellcheck disable=SC2086 # one member per word; new files are absent
	tar -xJf "$tarball" -C "$tmp/$series" --strip-components=1 $members 2>/dev/null || true
	while read -r patch; do
		case $patch in '' | '#'*) continue ;; esac
		if (cd "$tmp/$series" && git apply --check "$dir/$patch" && git apply "$dir/$patch"); then
			echo "ok $series: $patch applies to linux-source-$series $have"
		else
			echo "FAIL $series: $patch does not apply"
			failures=$((failures + 1))
		fi
		# New files need a MAINTAINERS entry upstream; out of tree they do not.
		if perl "$tmp/$series/scripts/checkpatch.pl" --no-tree --quiet --ignore FILE_PATH_CHANGES \
			"$dir/$patch" >"$tmp/cp.out" 2>&1; then
			echo "ok $series: $patch passes checkpatch"
		else
			cat "$tmp/cp.out"
			echo "FAIL $series: $patch has checkpatch findings"
			failures=$((failures + 1))
		fi
	done <"$dir/series"

	# Fixtures: each on top of the series, checked, not applied.
	for fseries in "$fixdir"/*.series; do
		[ -f "$fseries" ] || continue
		name=$(basename "$fseries" .series)
		while read -r patch; do
			case $patch in '' | '#'*) continue ;; esac
			if (cd "$tmp/$series" && git apply --check "$fixdir/$patch"); then
				echo "ok $series: fixture $name: $patch applies on top of the series"
			else
				echo "FAIL $series: fixture $name: $patch does not apply on top of the series"
				failures=$((failures + 1))
			fi
			if perl "$tmp/$series/scripts/checkpatch.pl" --no-tree --quiet \
				--ignore FILE_PATH_CHANGES "$fixdir/$patch" >"$tmp/cp.out" 2>&1; then
				echo "ok $series: fixture $name: $patch passes checkpatch"
			else
				cat "$tmp/cp.out"
				echo "FAIL $series: fixture $name: $patch has checkpatch findings"
				failures=$((failures + 1))
			fi
		done <"$fseries"
	done
done

[ "$failures" -eq 0 ] || { echo "kernel-patch: $failures failure(s)"; exit 1; }
echo "kernel-patch: all passed"
