#!/bin/sh
# Fetch QEMU from bookworm-backports into the cache, without installing it
# and without touching the system's apt sources: a private apt state in the
# cache lists bookworm-backports only, `apt-get download` fetches
# qemu-system-x86, -common, -data and seabios, and `dpkg -x` unpacks them.
# Prints the path of a wrapper that runs that QEMU with its own firmware;
# use it as MHPB_QEMU, for example exact mode with two vCPUs (QEMU 7.2,
# bookworm's own, livelocks there):
#
#   make bench CLOCK=exact MHPB_SMP=2 MHPB_QEMU=$(bench/vm/fetch-qemu.sh)
#
# To install it system-wide instead (that changes your apt sources):
#   echo 'deb http://deb.debian.org/debian bookworm-backports main' \
#     >/etc/apt/sources.list.d/backports.list
#   apt-get update && apt-get install -t bookworm-backports qemu-system-x86
set -eu

me=fetch-qemu die_status=1
# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "$0")/../.." && pwd)/bench/lib.sh"
suite=${MHPB_QEMU_SUITE:-bookworm-backports}
dest=$cache/qemu-$suite

if [ ! -x "$dest/qemu-system-x86_64" ]; then
	apt=$dest.apt
	rm -rf "$apt" "$dest.tmp"
	mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/prefs" "$dest.tmp/debs"
	echo "deb http://deb.debian.org/debian $suite main" >"$apt/sources.list"
	set -- -o Dir::Etc::sourcelist="$apt/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt" \
		-o Dir::Etc::preferencesparts="$apt/prefs" -o APT::Sandbox::User=root
	echo "fetch-qemu: reading $suite's package list (private apt state in $apt)" >&2
	apt-get "$@" update -q >&2 || die "apt-get update of $suite failed"
	for pkg in qemu-system-x86 qemu-system-common qemu-system-data seabios; do
		# the candidate of the private lists is the backports version
		v=$(apt-cache "$@" show "$pkg" | sed -n 's/^Version: //p' | sort -V | tail -n 1)
		[ -n "$v" ] || die "no $pkg in $suite"
		echo "fetch-qemu: downloading $pkg $v" >&2
		(cd "$dest.tmp/debs" && apt-get "$@" download -q "$pkg=$v" >&2) ||
			die "apt-get download $pkg=$v failed"
	done
	for deb in "$dest.tmp/debs"/*.deb; do
		dpkg -x "$deb" "$dest.tmp/root"
	done
	cat >"$dest.tmp/qemu-system-x86_64" <<WRAP
#!/bin/sh
exec "$dest/root/usr/bin/qemu-system-x86_64" -L "$dest/root/usr/share/qemu" -L "$dest/root/usr/share/seabios" "\$@"
WRAP
	chmod +x "$dest.tmp/qemu-system-x86_64"
	rm -rf "$dest" "$apt"
	mv "$dest.tmp" "$dest"
	"$dest/qemu-system-x86_64" --version >/dev/null 2>&1 ||
		die "the fetched QEMU does not run here: $("$dest/qemu-system-x86_64" --version 2>&1 | head -n 1)"
fi
echo "$dest/qemu-system-x86_64"
