#!/bin/sh
# Fetch one of Debian's stock kernels (image, headers, kbuild) into the cache
# without installing it, and make its headers usable for out-of-tree builds.
#
#   fetch-kernel.sh KERNEL CACHE
#
# KERNEL is a release such as 6.1.0-56-amd64 or 6.12.117+deb12-amd64,
# "default" for the one linux-image-amd64 points to, or a series such as
# 6.12 for the newest amd64 image of that series in apt's lists. Prints the folder the
# kernel was unpacked into; it holds boot/vmlinuz-*, lib/modules/* and
# usr/src/linux-headers-*.
set -eu

kernel=$1
me=fetch-kernel die_status=1
# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "$0")/../.." && pwd)/bench/lib.sh"
cache=$2

if [ "$kernel" = default ]; then
	kernel=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/.*Depends: linux-image-\(.*\)$/\1/p' | head -n 1)
	[ -n "$kernel" ] || die "cannot tell which kernel linux-image-amd64 points to (apt-get update?)"
fi

case $kernel in
patched-*)
	# Built by kernel-patch/build-kernel.sh (make kernel), not downloaded.
	if [ ! -f "$cache/kernels/$kernel/.complete" ]; then
		case $kernel in
		*-debug) k=${kernel#patched-}; die "no $kernel kernel yet: run make kernel KSRC=${k%-debug} DEBUG=1" ;;
		*-tiny) k=${kernel#patched-}; die "no $kernel kernel yet: run make kernel KSRC=${k%-tiny} KCONFIG=tiny" ;;
		*) die "no $kernel kernel yet: run make kernel KSRC=${kernel#patched-}" ;;
		esac
	fi
	cd -P "$cache/kernels/$kernel" && pwd
	exit 0
	;;
*.*.* | *-*) ;;
[0-9]*.[0-9]*)
	series=$kernel
	kernel=$(apt-cache search --names-only "^linux-image-${series}[.-].*-amd64\$" |
		sed -n 's/^linux-image-\([^ ]*\) - .*/\1/p' | grep -v -e cloud -e rt- |
		sort -V | tail -n 1)
	[ -n "$kernel" ] || die "no linux-image-$series* in apt's lists"
	;;
esac

dest=$cache/kernels/$kernel
if [ -f "$dest/.complete" ]; then
	echo "$dest"
	exit 0
fi

image=linux-image-$kernel
if ! apt-cache show "$image" >/dev/null 2>&1; then
	# Debian ships some images only as -unsigned.
	apt-cache show "$image-unsigned" >/dev/null 2>&1 ||
		die "no package $image in apt's lists (try: apt-get update; apt-cache search linux-image-6)"
	image=$image-unsigned
fi
headers=linux-headers-$kernel
common=$(apt-cache depends "$headers" | sed -n 's/.*Depends: \(linux-headers-.*-common[^ ]*\)$/\1/p' | head -n 1)
kbuild=$(apt-cache depends "$headers" | sed -n 's/.*Depends: \(linux-kbuild-[^ ]*\)$/\1/p' | head -n 1)
if [ -z "$common" ] || [ -z "$kbuild" ]; then
	die "cannot resolve the headers' dependencies of $headers"
fi

debs=$cache/debs
mkdir -p "$debs"
for pkg in "$image" "$headers" "$common" "$kbuild"; do
	if ! ls "$debs/${pkg}_"*.deb >/dev/null 2>&1; then
		echo "fetch-kernel: downloading $pkg" >&2
		# _apt cannot write into a cache under $HOME: download as root.
		(cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >&2) ||
			die "apt-get download $pkg failed"
	fi
done

rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
for pkg in "$image" "$headers" "$common" "$kbuild"; do
	for deb in "$debs/${pkg}_"*.deb; do
		dpkg -x "$deb" "$dest.tmp"
	done
done

# The headers' Makefile includes the -common tree by an absolute path.
hdr=$dest.tmp/usr/src/linux-headers-$kernel
common_dir=$(basename "$(find "$dest.tmp/usr/src" -maxdepth 1 -name 'linux-headers-*-common*' | head -n 1)")
[ -f "$hdr/Makefile" ] || die "no headers Makefile in $hdr"
sed -i "s|/usr/src/$common_dir|$dest/usr/src/$common_dir|" "$hdr/Makefile"
[ -f "$dest.tmp/boot/vmlinuz-$kernel" ] || die "no boot/vmlinuz-$kernel in $image"

# The package's postinst would generate modules.dep; do it for the copy.
/sbin/depmod -b "$dest.tmp" "$kernel" || die "depmod failed for $kernel"

rm -rf "$dest"
mv "$dest.tmp" "$dest"
touch "$dest/.complete"
echo "$dest"
