#!/bin/sh
# make kernel: build the patched benchmark kernel from Debian's source.
#
#   build-kernel.sh SERIES          (SERIES: 6.1 or 6.12)
#
# Unpacks /usr/src/linux-source-SERIES.tar.xz into the cache (again only when
# the patch series changed), applies kernel-patch/SERIES/series, configures
# tinyconfig + kernel-patch/mhpbench.config, checks that every wanted option
# survived, builds bzImage and modules with ccache into a separate object
# folder, and installs them where the QEMU runner finds them:
# $MHPB_CACHE/kernels/patched-SERIES -> $MHPB_CACHE/kernels/<release>.
set -eu

series=$1
here=$(cd "$(dirname "$0")" && pwd)
cache=${MHPB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mhpbench}
die() { echo "build-kernel: $*" >&2; exit 1; }
log() { echo "build-kernel: $*" >&2; }

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

mkdir -p "$out"
mk() { make -C "$src" O="$out" -s "$@"; }
if ! cmp -s "$here/mhpbench.config" "$out/mhpbench.config.used"; then
	log "configuring: tinyconfig + mhpbench.config"
	mk tinyconfig >/dev/null
	(cd "$src" && KCONFIG_CONFIG="$out/.config" \
		scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" \
		"$here/mhpbench.config" >/dev/null)
	mk olddefconfig >/dev/null
	cp "$here/mhpbench.config" "$out/mhpbench.config.used"
fi
lost=
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	grep -qx "$line" "$out/.config" || lost="$lost ${line%%=*}"
done <"$here/mhpbench.config"
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
ln -sfn "$release" "$cache/kernels/patched-$series"
echo "$kroot"
