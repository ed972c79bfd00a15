#!/bin/sh
# make kernel: build the patched benchmark kernel from Debian's source.
#
#   build-kernel.sh SERIES [--fixture NAME | --debug]  (SERIES: 6.1 or 6.12)
#   build-kernel.sh --tree KTREE OBJDIR NAME
#
# --tree builds a kernel source tree as it is (make bisect: no unpacking,
# no patches) in OBJDIR, with the same configuration, and installs it as
# patched-NAME with the release suffix -NAME.
#
# --fixture NAME also applies kernel-patch/fixtures/SERIES/NAME.series (a
# deliberate regression for testing the tools, never part of the series) in
# a hard-linked copy of the source tree with its own object folder
# (kbuild/SERIES/fixture-NAME/), and installs patched-SERIES-NAME with the
# release suffix -NAME. The copy has the same layout as the plain tree, so
# with CCACHE_BASEDIR ccache serves the files the fixture does not touch.
#
# --debug configures kernel-patch/debug.config on top (KASAN, kmemleak,
# lockdep, DEBUG_VM, DEBUG_LIST) and builds the same patched tree in its
# own object folder (kbuild/SERIES/out-debug/), installed as
# patched-SERIES-debug with the release suffix -debug: the plain
# patched-SERIES stays as it is.
#
# Unpacks /usr/src/linux-source-SERIES.tar.xz into the cache (again only when
# the patch series changed), applies kernel-patch/SERIES/series, configures
# tinyconfig + kernel-patch/mhpbench.config, checks that every wanted option
# survived, builds bzImage and modules with ccache into a separate object
# folder, and installs them where the QEMU runner finds them:
# $MHPB_CACHE/kernels/patched-SERIES -> $MHPB_CACHE/kernels/<release>.
set -eu

usage() {
	echo "usage: build-kernel.sh SERIES [--fixture NAME | --debug] | --tree KTREE OBJDIR NAME" >&2
	exit 2
}
[ $# -ge 1 ] || usage
series=$1
fixture=
debug=
tree=
if [ "$1" = --tree ]; then
	[ $# -eq 4 ] || usage
	tree=$(cd "$2" && pwd)
	mkdir -p "$3"
	treeobj=$(cd "$3" && pwd)
	treename=$4
elif [ $# -ge 2 ]; then
	case $2 in
	--fixture) [ $# -eq 3 ] || usage; fixture=$3 ;;
	--debug) [ $# -eq 2 ] || usage; debug=1 ;;
	*) usage ;;
	esac
fi
here=$(cd "$(dirname "$0")" && pwd)
cache=${MHPB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mhpbench}
die() { echo "build-kernel: $*" >&2; exit 1; }
log() { echo "build-kernel: $*" >&2; }

# One kernel build at a time on this machine (the e2e test, make kernel,
# make bisect and the fixture test all build).
mkdir -p "$cache/kbuild"
if [ -z "${MHPB_KBUILD_LOCKED:-}" ] && command -v flock >/dev/null; then
	export MHPB_KBUILD_LOCKED=1
	exec flock "$cache/kbuild/.lock" "$0" "$@"
fi

if [ -n "$tree" ]; then
	src=$tree
	out=$treeobj
	localversion=-$treename
	kname=patched-$treename
	# Relative paths: a tree and its sibling object folder share ccache
	# entries with the trees of the same layout (kbuild/SERIES/).
	export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$tree")}"
else
	tarball=/usr/src/linux-source-$series.tar.xz
	[ -f "$tarball" ] || die "no $tarball (apt-get install linux-source-$series)"
	[ -f "$here/$series/series" ] || die "no patch series kernel-patch/$series/series"

	work=$cache/kbuild/$series
	src=$work/linux-source-$series
	out=$work/out
	stamp=$(cat "$here/$series/series" "$here/$series"/*.patch | sha256sum | cut -c1-16)

	if [ "$(cat "$work/applied" 2>/dev/null || true)" != "$stamp" ]; then
		log "unpacking $tarball"
		rm -rf "$src" "$work/applied"
		mkdir -p "$work"
		tar -xJf "$tarball" -C "$work"
		while read -r patch; do
			case $patch in '' | '#'*) continue ;; esac
			log "applying $patch"
			(cd "$src" && patch -p1 --quiet --forward <"$here/$series/$patch") ||
				die "$patch does not apply to linux-source-$series"
		done <"$here/$series/series"
		echo "$stamp" >"$work/applied"
	fi

	localversion=
	kname=patched-$series
	if [ -n "$fixture" ]; then
		fseries=$here/fixtures/$series/$fixture.series
		[ -f "$fseries" ] || die "no fixture $fseries"
		fdir=$work/fixture-$fixture
		fsrc=$fdir/linux-source-$series
		fstamp=$( (echo "$stamp" && cat "$fseries" "$here/fixtures/$series"/*.patch) |
			sha256sum | cut -c1-16)
		if [ "$(cat "$fdir/applied" 2>/dev/null || true)" != "$fstamp" ]; then
			log "fixture $fixture: hard-linked copy of the source tree"
			rm -rf "$fsrc" "$fdir/applied"
			mkdir -p "$fdir"
			cp -al "$src" "$fsrc"
			while read -r patch; do
				case $patch in '' | '#'*) continue ;; esac
				# Own copies of the files the patch touches: never write
				# through a hard link into the plain tree.
				sed -n 's|^+++ b/||p' "$here/fixtures/$series/$patch" |
					while read -r f; do
						[ ! -f "$fsrc/$f" ] || {
							cp "$fsrc/$f" "$fsrc/$f.own"
							mv "$fsrc/$f.own" "$fsrc/$f"
						}
					done
				log "applying fixture $patch"
				(cd "$fsrc" && patch -p1 --quiet --forward <"$here/fixtures/$series/$patch") ||
					die "fixture $patch does not apply"
			done <"$fseries"
			echo "$fstamp" >"$fdir/applied"
		fi
		src=$fsrc
		out=$fdir/out
		localversion=-$fixture
		kname=$kname-$fixture
	fi
	if [ -n "$debug" ]; then
		out=$work/out-debug
		localversion=-debug
		kname=$kname-debug
	fi
	# Relative paths under the cache: the fixture trees share ccache entries.
	export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$work}"
fi

mkdir -p "$out"
# --no-print-directory: under a parent make, -w would print into $(mk ...)
mk() { make --no-print-directory -C "$src" O="$out" LOCALVERSION="$localversion" -s "$@"; }
# the fragments, in the order merged (a later one wins)
set -- "$here/mhpbench.config"
[ -z "$debug" ] || set -- "$@" "$here/debug.config"
cat "$@" >"$out/config.wanted"
if ! cmp -s "$out/config.wanted" "$out/mhpbench.config.used"; then
	names=
	for f; do names="$names + ${f##*/}"; done
	log "configuring: tinyconfig$names"
	mk tinyconfig >/dev/null
	(cd "$src" && KCONFIG_CONFIG="$out/.config" \
		scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" \
		"$@" >/dev/null)
	mk olddefconfig >/dev/null
	cp "$out/config.wanted" "$out/mhpbench.config.used"
fi
lost=
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) grep -qx "$line" "$out/.config" || lost="$lost ${line%%=*}" ;;
	'# CONFIG_'*' is not set')
		sym=${line#\# }
		sym=${sym%% *}
		! grep -q "^$sym=" "$out/.config" || lost="$lost $sym(set)" ;;
	esac
done <"$out/config.wanted"
[ -z "$lost" ] || die "options lost by olddefconfig (missing dependencies):$lost"

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
log "building bzImage and modules (-j$(nproc), CC=$cc)"
start=$(date +%s)
mk -j"$(nproc)" CC="$cc" bzImage modules
log "built in $(($(date +%s) - start)) s"

release=$(mk kernelrelease)
kroot=$cache/kernels/$release
rm -rf "$kroot"
mkdir -p "$kroot/boot" "$kroot/usr/src"
cp "$out/arch/x86/boot/bzImage" "$kroot/boot/vmlinuz-$release"
cp "$out/.config" "$kroot/boot/config-$release"
mk INSTALL_MOD_PATH="$kroot" modules_install >/dev/null
rm -f "$kroot/lib/modules/$release/build" "$kroot/lib/modules/$release/source"
# The object folder serves as the headers for out-of-tree module builds.
ln -s "$out" "$kroot/usr/src/linux-headers-$release"
touch "$kroot/.complete"
ln -sfn "$release" "$cache/kernels/$kname"
echo "$kroot"
