#!/bin/sh
# Build the cache lens plugin for the QEMU that will load it, and print
# the path of the .so.
#
#   bench/lens/build.sh [QEMU]        (QEMU: default $MHPB_QEMU or
#                                      qemu-system-x86_64)
#
# A TCG plugin loads only into the QEMU whose plugin API it was built for
# (API 1 in Debian 12's QEMU 7.2, 4 in bookworm-backports' 10.0.2), and
# Debian ships no qemu-plugin.h. So the header is taken from Debian's
# source package of exactly the version that `QEMU --version` names
# (apt-get source through a private apt state in the cache that lists
# bookworm's deb-src lines: the system's sources stay as they are;
# dpkg-source applies Debian's patches), kept in
# MHPB_CACHE/lens/VERSION/ with the plugin. A QEMU that is not a Debian
# build is refused: its header cannot be fetched here.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
me=lens-build
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
qemu=${1:-${MHPB_QEMU:-qemu-system-x86_64}}

command -v "$qemu" >/dev/null || die "$qemu is missing (apt-get install qemu-system-x86)"
banner=$("$qemu" --version | head -n 1)
# "QEMU emulator version 7.2.21 (Debian 1:7.2+dfsg-7+deb12u18)"
version=$(echo "$banner" | sed -n 's/.*(Debian \([^)]*\)).*/\1/p')
# a binary rebuild (+bN) has its source's version without the suffix
version=${version%+b[0-9]*}
[ -n "$version" ] ||
	die "$qemu is not Debian's QEMU ($banner): the lens needs the qemu-plugin.h of its exact source"
dir=$cache/lens/$(echo "$version" | tr ':~' '__')
hdr=$dir/include/qemu-plugin.h

fetch_header() {
	apt=$dir.apt
	rm -rf "$apt"
	mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/prefs" "$apt/src"
	for s in bookworm bookworm-updates bookworm-backports; do
		echo "deb-src http://deb.debian.org/debian $s main"
	done >"$apt/sources.list"
	echo "deb-src http://deb.debian.org/debian-security bookworm-security main" >>"$apt/sources.list"
	set -- -o Dir::Etc::sourcelist="$apt/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt" \
		-o Dir::Etc::preferencesparts="$apt/prefs" -o APT::Sandbox::User=root
	echo "lens-build: fetching Debian's source of qemu $version for qemu-plugin.h" >&2
	apt-get "$@" update -q >&2 || die "apt-get update of the deb-src lists failed"
	mkdir -p "$dir/include"
	if (cd "$apt/src" && apt-get "$@" source --download-only -q "qemu=$version" >&2); then
		dsc=$(ls "$apt/src"/*.dsc)
		(cd "$apt/src" && dpkg-source --no-check -x "$dsc" tree >/dev/null) ||
			die "dpkg-source -x $dsc failed"
		cp "$apt/src/tree/include/qemu/qemu-plugin.h" "$hdr.tmp"
		from=$(basename "$dsc")
	else
		# A mirror may serve the upstream tarball of a version without
		# its .dsc and Debian part (seen for bookworm-backports' 10.0.2):
		# its header then, said so. Debian's patches rarely touch it.
		orig=$(find "$apt/src" -maxdepth 1 -name "qemu_*.orig.tar.*" | head -n 1)
		[ -n "$orig" ] ||
			die "apt-get source qemu=$version failed: no source of that version in Debian's archive"
		tar -xaf "$orig" -C "$apt/src" --wildcards '*/include/qemu/qemu-plugin.h' ||
			die "$orig has no include/qemu/qemu-plugin.h"
		find "$apt/src" -path '*/include/qemu/qemu-plugin.h' -exec cp {} "$hdr.tmp" \;
		from="$(basename "$orig") (upstream tarball: the .dsc was not served, Debian's patches not applied)"
		echo "lens-build: warning: qemu $version's header taken from $from" >&2
	fi
	{
		echo "qemu $version"
		echo "source $from"
		sha256sum "$hdr.tmp" | sed 's/ .*//; s/^/qemu-plugin.h sha256 /'
	} >"$dir/header.txt"
	mv "$hdr.tmp" "$hdr"
	rm -rf "$apt"
}

# guests started together (rounds.sh) build it once
mkdir -p "$cache/lens"
exec 9>"$cache/lens/.lock"
flock 9
[ -f "$hdr" ] || fetch_header

# The plugin is rebuilt when its source or the marker protocol changes.
src=$here/mhpb_cache.c
proto=$top/modules/uapi/mhp_bench_lens.h
id=$(cat "$src" "$proto" | sha256sum | cut -c1-12)
so=$dir/mhpb-cache-$id.so
if [ ! -f "$so" ]; then
	cflags=
	if grep -q '<glib.h>' "$hdr"; then
		cflags=$(pkg-config --cflags glib-2.0) ||
			die "qemu $version's plugin header needs glib (apt-get install libglib2.0-dev)"
	fi
	# the list of mk/warnings.mk; a make of its own, not the calling
	# make's sub-make (whose "Entering directory" lines would join it)
	# shellcheck disable=SC2016 # $(WARNINGS) is make's, not the shell's
	warnings=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory \
		-f "$top/mk/warnings.mk" --eval 'w: ; @echo $(WARNINGS)' w)
	# shellcheck disable=SC2086 # cflags and warnings are lists of words
	${CC:-gcc} -std=c11 -O2 -shared -fPIC $warnings $cflags \
		-I"$dir/include" -I"$top/modules/uapi" \
		-DMHPB_LENS_PLUGIN_VERSION="\"$id\"" -o "$so.tmp" "$src" ||
		die "building the plugin against qemu $version's header failed"
	mv "$so.tmp" "$so"
fi
echo "$so"
