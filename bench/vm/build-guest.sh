#!/bin/sh
# Everything a guest boot needs but the share: fetch the kernel, build the
# benchmark module against its headers, build the collector and the
# initramfs. Used by run-job.sh (the project's own boots) and by
# bench/lava/render-job.sh (a LAVA job's artefacts).
#
#   build-guest.sh KERNEL DIR
#
# KERNEL as fetch-kernel.sh takes it. Writes DIR/initrd.cpio (and builds
# the module in DIR/modules); prints the folder the kernel was unpacked
# into (KROOT: KROOT/boot/vmlinuz-RELEASE). Environment: MHPB_LENS (the
# module's lens markers), MHPB_COLLECTOR (a prebuilt collector instead of
# this tree's), MHPB_GUEST_JOB (a job carried in the initramfs).
set -eu

kernel=$1
dir=$2

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
me=build-guest die_status=1
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"

kroot=$("$here/fetch-kernel.sh" "$kernel" "$cache")
kver=$(basename "$kroot")
hdr=$kroot/usr/src/linux-headers-$kver

# Kbuild writes objects beside the sources: a copy per kernel and per
# invocation, so that concurrent runs never share a build folder.
mkdir -p "$dir/modules"
cp -r "$top/modules/." "$dir/modules/"
btf=
command -v pahole >/dev/null || btf=CONFIG_DEBUG_INFO_BTF_MODULES=
log "building modules for $kver"
# the cache lens needs the module's markers (modules/mhp_bench_lens.h)
lens=
[ -z "${MHPB_LENS:-}" ] || lens=LENS=1
# shellcheck disable=SC2086 # btf and lens are empty or one word
make -s -C "$dir/modules" KDIR="$hdr" $btf $lens >"$dir/modules.log" 2>&1 || {
	cat "$dir/modules.log" >&2
	die "module build failed for $kver"
}
collector=${MHPB_COLLECTOR:-}
if [ -z "$collector" ]; then
	make -s -C "$top/bench" >&2
	collector=$top/bench/mhpbench
fi
"$here/build-initramfs.sh" "$kroot" "$kver" "$dir/modules/mhp_bench.ko" \
	"$collector" "$dir/initrd.cpio"
echo "$kroot"
