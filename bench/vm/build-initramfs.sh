#!/bin/sh
# Build the guest's initramfs: busybox, the NVDIMM and 9p modules of the
# guest kernel, the benchmark module, the collector with its suites, ndctl,
# and the shared libraries they need.
#
#   build-initramfs.sh KROOT KERNEL MODULE_KO COLLECTOR OUT.cpio
#
# KROOT is the folder fetch-kernel.sh (or the kernel build) filled:
# KROOT/lib/modules/KERNEL, KROOT/boot/config-KERNEL and, when there,
# KROOT/boot/source-KERNEL.json.
set -eu

kroot=$1
kernel=$2
module=$3
collector=$4
out=$5

here=$(cd "$(dirname "$0")" && pwd)
me=build-initramfs die_status=1
# shellcheck source=bench/lib.sh
. "$here/../../bench/lib.sh"

moddir=$kroot/lib/modules/$kernel
[ -f "$moddir/modules.dep" ] || die "no $moddir/modules.dep"
[ -f "$module" ] || die "no module $module"
[ -x "$collector" ] || die "no collector $collector"
command -v cpio >/dev/null || die "cpio is missing (apt-get install cpio)"
busybox=$(command -v busybox) || die "busybox is missing (apt-get install busybox-static)"
ldd "$busybox" >/dev/null 2>&1 && die "$busybox is not static (apt-get install busybox-static)"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# the guest's / as a root file system has it, not mktemp's 0700: an
# unprivileged process in the guest (the fuzzer's privilege checks) must
# reach /dev
chmod 755 "$stage"
mkdir -p "$stage/bin" "$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" \
	"$stage/mnt/share" "$stage/boot" "$stage/mhp/modules" "$stage/mhp/bench" \
	"$stage/lib/modules/$kernel"

cp "$busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
cp "$here/guest-init.sh" "$stage/init"
chmod 755 "$stage/init"
cp "$kroot/boot/config-$kernel" "$stage/boot/" 2>/dev/null || true
# what the kernel was built from (make compare KTREE=/PATCH=): recorded as
# environment.kernel.source
cp "$kroot/boot/source-$kernel.json" "$stage/boot/" 2>/dev/null || true

# Kernel modules the guest loads, with their dependencies from modules.dep.
wanted=$guest_modules
closure() {
	awk -v want="$wanted" '
	BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) todo[w[i]] = 1 }
	{
		sub(":", "", $1); path[$1] = $0
		name = $1; sub(".*/", "", name); sub("\\.ko.*", "", name)
		byname[name] = $1
	}
	END {
		changed = 1
		for (m in todo) need[byname[m]] = 1
		while (changed) {
			changed = 0
			for (p in need) {
				k = split(path[p], f, " ")
				for (i = 2; i <= k; i++)
					if (!(f[i] in need)) { need[f[i]] = 1; changed = 1 }
			}
		}
		for (p in need) if (p != "") print p
	}' "$moddir/modules.dep"
}
for rel in $(closure); do
	mkdir -p "$stage/lib/modules/$kernel/$(dirname "$rel")"
	cp "$moddir/$rel" "$stage/lib/modules/$kernel/$rel"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -f "$moddir/$f" ] && cp "$moddir/$f" "$stage/lib/modules/$kernel/"
done
/sbin/depmod -b "$stage" "$kernel"
for m in $wanted; do
	grep -q "/$m\.ko" "$stage/lib/modules/$kernel/modules.dep" ||
		grep -q "/$m\.ko" "$moddir/modules.builtin" ||
		die "module $m missing from $moddir"
done

cp "$module" "$stage/mhp/modules/"
cp "$collector" "$stage/mhp/bench/mhpbench"
cp -r "$here/../suites" "$stage/mhp/bench/suites"

# Programs with their shared libraries at the host's paths.
copy_with_libs() {
	cp "$1" "$stage/bin/"
	ldd "$1" | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' |
	while read -r lib; do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}
copy_with_libs "$collector"
rm "$stage/bin/$(basename "$collector")"
# ndctl and hyperfine always; more (perf for make profile) on request.
for tool in ndctl hyperfine ${MHPB_GUEST_TOOLS:-}; do
	path=$(command -v "$tool") || die "$tool is missing on the host"
	copy_with_libs "$path"
done
cp "$here/ndctl-hyperfine.sh" "$stage/mhp/bench/"
cp "$here/../lava/console-export.sh" "$stage/mhp/bench/"
# MHPB_GUEST_JOB: a job carried in the initramfs, for a guest without the
# host's share (a LAVA job, bench/lava/README.md); guest-init.sh runs it
if [ -n "${MHPB_GUEST_JOB:-}" ]; then
	cp "$MHPB_GUEST_JOB" "$stage/mhp/job.sh"
fi
# /lib64 holds the loader on x86-64; Debian's /lib64 is a real folder.

initramfs_of "$stage" >"$out.tmp"
mv "$out.tmp" "$out"
