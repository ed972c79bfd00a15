#!/bin/sh
# The kernel patch series: every patch passes checkpatch.pl and the series
# applies with `git apply --check` to the pinned Debian source version; so
# does every regression fixture (kernel-patch/fixtures/SERIES/NAME.series)
# on top of the series. The kernel build's CC (kernel-patch/ccache-gcc.sh)
# gives a new object when a file an .incbin pulls in changes.
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

# The build's CC (kernel-patch/ccache-gcc.sh), in ccache's depend mode as
# build-kernel.sh runs it: an .incbin'd file changed under an unchanged
# source gives a new object; an ordinary source is still a ccache hit.
# cc_rodata NAME CC...: NAME.S (an .incbin of blob.bin) compiled with CC,
# its .rodata printed
cc_rodata() {
	n=$1
	shift
	(cd "$tmp/cc" && "$@" -Wp,-MMD,"$n.d" -c -o "$n.o" "$n.S" &&
		objcopy -O binary --only-section=.rodata "$n.o" "$n.bin" && cat "$n.bin")
}
wrapper=$top/kernel-patch/ccache-gcc.sh
cc_ordinary() { (cd "$tmp/cc" && "$wrapper" -Wp,-MMD,o.d -c -o o.o ordinary.c); }
direct_hits() { ccache --print-stats | awk '$1 == "direct_cache_hit" { print $2 }'; }
if command -v ccache >/dev/null; then
	mkdir -p "$tmp/cc"
	export CCACHE_DIR="$tmp/cc/ccache" CCACHE_DEPEND=1 CCACHE_BASEDIR="$tmp/cc"
	for n in wrapped plain; do
		printf '.section .rodata\n.incbin "blob.bin"\n' >"$tmp/cc/$n.S"
	done
	printf 'int ordinary(void) { return 1; }\n' >"$tmp/cc/ordinary.c"
	printf old >"$tmp/cc/blob.bin"
	cc_rodata wrapped "$wrapper" >/dev/null
	cc_rodata plain ccache gcc >/dev/null
	printf new >"$tmp/cc/blob.bin"
	if [ "$(cc_rodata wrapped "$wrapper")" = new ]; then
		echo "ok ccache-gcc.sh: an .incbin'd file changed: the object has the new bytes"
	else
		echo "FAIL ccache-gcc.sh: an .incbin'd file changed, the object has the old bytes"
		failures=$((failures + 1))
	fi
	[ "$(cc_rodata plain ccache gcc)" = new ] ||
		echo "note: $(ccache --version | head -n 1), depend mode: ccache gcc alone gives the old bytes"
	hits0=$(direct_hits)
	cc_ordinary
	cc_ordinary
	hits=$(($(direct_hits) - hits0))
	if [ "$hits" = 1 ]; then
		echo "ok ccache-gcc.sh: an ordinary source compiled twice: one ccache hit"
	else
		echo "FAIL ccache-gcc.sh: an ordinary source compiled twice: $hits ccache hits, not 1"
		failures=$((failures + 1))
	fi
fi

[ "$failures" -eq 0 ] || { echo "kernel-patch: $failures failure(s)"; exit 1; }
echo "kernel-patch: all passed"
