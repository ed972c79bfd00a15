#!/bin/sh
# Install the Debian packages a target needs: with apt-get when root,
# otherwise print the exact command and fail. Without Recommends: a
# headless QEMU does not need GTK or gstreamer (apt's default would add
# about 180 packages, 500 MB, to a fresh Debian 12); what a Recommends gave
# that the project uses (libc6-dev, from gcc) is named here instead.
#
#   install-deps.sh bench|test|profile|kernel|package|lava [SERIES]
set -eu

# build: the collector; vm: the QEMU runner and the guest's tools.
build="gcc libc6-dev make pkg-config libjson-c-dev libkmod-dev nettle-dev libpfm4-dev libgsl-dev zlib1g-dev"
# dpkg-dev: dpkg-source, for the cache lens's plugin header (bench/lens/);
# gnuplot-nox: compare's and track's plots.
vm="qemu-system-x86 busybox-static ndctl hyperfine cpio kmod dwarves xz-utils dpkg-dev gnuplot-nox"
# deb: the Debian packages (make package); their test (make test's list)
# adds dkms, which builds the module's package, and lintian.
deb="debhelper dh-dkms dpkg-dev fakeroot"
case "${1:-bench}" in
bench) pkgs="$build $vm" ;;
test) pkgs="$build $vm clang libclang-rt-14-dev shellcheck cppcheck jq python3-jsonschema linux-source-6.1 linux-source-6.12 linux-config-6.1 linux-config-6.12 ccache flex bison bc libelf-dev libssl-dev $deb dkms lintian lava-dispatcher parallel" ;;
profile) pkgs="$build $vm linux-perf" ;;
kernel) pkgs="$vm jq git linux-source-${2:-6.1} linux-config-6.1 linux-config-6.12 ccache flex bison bc libelf-dev libssl-dev gcc make" ;;
package) pkgs="$build $deb" ;;
# lava: a job's device configuration is rendered with jinja2 (LAVA's own
# templates); lava-dispatcher itself only where lava-run runs (make test)
lava) pkgs="$build $vm python3-jinja2 python3-yaml" ;;
*) echo "install-deps: unknown target $1" >&2; exit 2 ;;
esac

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "mhpbench needs these Debian packages; as root run:" >&2
	echo "  apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "install-deps: apt-get install --no-install-recommends$missing" >&2
# shellcheck disable=SC2086 # word splitting of the package list is wanted
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >&2; then
	apt-get update -q >&2
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >&2
fi
