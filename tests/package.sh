#!/bin/sh
# The Debian packages, end to end (make package-test; part of make
# test). Builds mhpbench and mhpbench-dkms from a copy of the tree (HEAD
# with the working tree's changes: bench/build-debs.sh); lintian on them
# (an E: or W: fails; I: and P: are printed); their Build-Depends against
# bench/install-deps.sh's build list; DKMS builds of the packaged module
# source against the headers of Debian's default 6.1 kernel and newest 6.12
# (a private DKMS tree: the system's is not touched), each of which must
# give a mhp_bench.ko for its kernel. Then installs both with apt-get
# (whose DKMS hook builds and installs the module for the kernels here that
# have headers), checks what DKMS and the collector say, and runs the smoke
# suite in exact-mode guests of the default kernel: the tree's collector
# (the reference), the installed collector under the tree's runner
# (MHPB_COLLECTOR=/usr/bin/mhpbench bench/vm/run-job.sh) and under the
# installed runner (/usr/share/mhpbench/bench/vm/run-job.sh, the module's
# source from mhpbench-dkms). Each installed run must be complete, have
# the reference's cases and samples, and compare equal with it: no row
# flagged, every work row decided by the exact rule (instruction counts).
# At the end the packages are purged and what their installation left
# behind (DKMS's signing key, depmod's files in /lib/modules) removed, so
# that the machine stays as it was. Prints each stage's wall time.
#
#   tests/package.sh
#
# Environment: OUT (keep the packages, logs and runs in OUT/package-<stamp>),
# PKG_KERNELS (the kernels of the DKMS builds, as fetch-kernel.sh takes
# them: "default 6.12").
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need dpkg-buildpackage dh dh_dkms fakeroot lintian dkms apt-get jq \
	qemu-system-x86_64 busybox cpio
[ "$(id -u)" -eq 0 ] || skip "installing the packages needs root"
for p in mhpbench mhpbench-dkms; do
	if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q installed; then
		skip "$p is installed already; this test installs and purges it"
	fi
done
export MHPB_CLOCK=exact
kernels=${PKG_KERNELS:-default 6.12}
start=$(date +%s)

if [ -n "${OUT:-}" ]; then
	out=$OUT/package-$(date -u +%Y%m%dT%H%M%SZ)
	mkdir -p "$out"
else
	out=$(mktemp -d)
fi
# What DKMS and the installation leave behind is removed at the end (and
# on the way out): the state before them.
before=$out/before.txt
installed=0
# restore: purge the packages if installed; then remove DKMS's signing
# key, depmod's indexes and the updates/ folders, where they were not
# before (anything else new is named)
# shellcheck disable=SC2317 # called by the trap too
restore() {
	if [ "$installed" = 1 ]; then
		installed=0
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=600 mhpbench mhpbench-dkms \
			>"$out/purge.log" 2>&1 || { cat "$out/purge.log"; echo "FAIL: apt-get purge failed"; }
	fi
	[ -f "$before" ] || return 0
	find /lib/modules /var/lib/dkms -mindepth 1 2>/dev/null | sort | comm -13 "$before" - |
		sort -r | while read -r p; do
			case $p in
			/var/lib/dkms/mok.key | /var/lib/dkms/mok.pub | /lib/modules/*/modules.*) rm -f "$p" ;;
			/lib/modules/*/updates | /lib/modules/*/updates/dkms) rmdir "$p" 2>/dev/null || echo "FAIL: $p is not empty" ;;
			*) echo "FAIL: left behind: $p" ;;
			esac
		done
}
# shellcheck disable=SC2317
on_exit() {
	restore
	[ -n "${OUT:-}" ] || rm -rf "$out"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# stage NAME START: the wall time of one stage, on its own line
stage() { echo "package: $1 in $(($(date +%s) - $2)) s"; }

# 1. build
t=$(date +%s)
changes=$("$top/bench/build-debs.sh" --source "$out/debs")
stage "package build (dpkg-buildpackage: source, binaries, unit tests)" "$t"
version=$(sed -n 's/^Version: //p' "$changes")
debs="$out/debs/mhpbench_${version}_amd64.deb $out/debs/mhpbench-dkms_${version}_all.deb"
for deb in $debs; do
	if [ -f "$deb" ]; then pass "built $(basename "$deb")"; else fail "no $(basename "$deb")"; fi
done
[ "$failures" -eq 0 ] || exit 1

# 2. lintian: errors and warnings fail; info and pedantic tags are shown
t=$(date +%s)
lintian --pedantic --display-info --display-experimental "$changes" >"$out/lintian.txt" 2>&1 || true
grep -v 'running with root privileges' "$out/lintian.txt" | sed 's/^/   /'
bad=$(grep -c '^[EW]: ' "$out/lintian.txt" || true)
expect "$bad" 0 "lintian: no error or warning on $(basename "$changes")"
stage lintian "$t"

# every package the collector's build needs (besides build-essential) is a
# Build-Depends
build=$(sed -n 's/^build="\(.*\)"$/\1/p' "$top/bench/install-deps.sh")
bdeps=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$top/debian/control" | sed 's/^Build-Depends://' |
	tr ',' '\n' | sed 's/(.*//; s/^[[:space:]]*//; s/[[:space:]]*$//' | grep -v '^$' || true)
missing=
for p in $build; do
	case $p in gcc | libc6-dev | make) continue ;; esac
	echo "$bdeps" | grep -qx "$p" || missing="$missing $p"
done
expect "${missing# }" "" "debian/control's Build-Depends hold install-deps.sh's build list"

# 3. DKMS, in a private tree, over the packaged source
src=$out/dkms-src
dpkg-deb -x "$out/debs/mhpbench-dkms_${version}_all.deb" "$src"
tree=$out/dkms-tree
mkdir -p "$tree"
find /lib/modules /var/lib/dkms -mindepth 1 2>/dev/null | sort >"$before"
dk() { dkms "$@" -m mhpbench -v "$version" --dkmstree "$tree" --sourcetree "$src/usr/src"; }
dk add >"$out/dkms-add.log" 2>&1 || { cat "$out/dkms-add.log"; fail "dkms add of the packaged source"; }
for k in $kernels; do
	kroot=$("$top/bench/vm/fetch-kernel.sh" "$k" "$cache")
	rel=$(basename "$kroot")
	t=$(date +%s)
	if dk build -k "$rel" --kernelsourcedir "$kroot/usr/src/linux-headers-$rel" \
		>"$out/dkms-$rel.log" 2>&1; then
		ko=$(find "$tree/mhpbench/$version/$rel" -name 'mhp_bench.ko*' | head -n 1)
		if [ -n "$ko" ] && [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$rel" ]; then
			pass "dkms build for $rel: $(basename "$ko") with vermagic $rel"
		else
			fail "dkms build for $rel: no mhp_bench.ko for $rel in $tree"
		fi
	else
		cat "$out/dkms-$rel.log"
		find "$tree" -name make.log -exec cat {} +
		fail "dkms build for $rel failed"
	fi
	stage "dkms build for $rel" "$t"
done

# 4. install
t=$(date +%s)
installed=1
# shellcheck disable=SC2086 # one argument per package file
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends $debs \
	>"$out/install.log" 2>&1; then
	cat "$out/install.log"
	fail "apt-get install of both packages"
	exit 1
fi
stage "install (apt-get, DKMS's build for the kernels here)" "$t"
sed -n '/Building for/,$p' "$out/install.log" | grep -v '^$' | sed 's/^/   /' | head -n 12
status=$(dkms status -m mhpbench -v "$version")
echo "$status" | sed 's/^/   dkms status: /'
case $status in
*"mhpbench/$version"*) pass "dkms status lists mhpbench/$version" ;;
*) fail "dkms status does not list mhpbench/$version" ;;
esac
# DKMS's own build: for the running kernel and the newest, or every kernel
# when the running one is not installed (a container, a chroot), where
# their headers are; each build it installed is one depmod knows
headers=$(find /lib/modules -mindepth 3 -maxdepth 3 -path '*/build/include' | wc -l)
done_for=$(echo "$status" | sed -n "s|^mhpbench/$version, \([^,]*\), .*: installed.*|\1|p")
if [ "$headers" -gt 0 ] && [ -z "$done_for" ]; then
	fail "DKMS installed the module for no kernel, though $headers have headers"
fi
for k in $done_for; do
	expect "$(modinfo -k "$k" -F vermagic mhp_bench 2>/dev/null | cut -d' ' -f1)" "$k" \
		"DKMS installed mhp_bench for $k (modinfo -k $k finds it)"
done
describe=$(git -C "$top" describe --always --dirty 2>/dev/null || echo "$version")
expect "$(/usr/bin/mhpbench --version | cut -d' ' -f2)" "$describe" \
	"/usr/bin/mhpbench --version is the tree's ($describe)"
case $(cd / && /usr/bin/mhpbench run no-such-suite 2>&1) in
*/usr/share/mhpbench/suites*) pass "the installed collector looks for suites in /usr/share/mhpbench/suites" ;;
*) fail "the installed collector does not look in /usr/share/mhpbench/suites" ;;
esac
if [ -f /usr/share/mhpbench/suites/smoke ] && [ -f /usr/share/mhpbench/modules/Kbuild ]; then
	pass "the suites and the module's source (from mhpbench-dkms) are where the runner looks"
else
	fail "no /usr/share/mhpbench/suites/smoke or /usr/share/mhpbench/modules/Kbuild"
fi

# 5. guests: the reference (the tree's collector), the installed
# collector under the tree's runner and under the installed one, booted at
# once: exact-mode counts do not depend on the host's load
t=$(date +%s)
"$top/bench/vm/suite-job.sh" smoke >"$out/job.sh"
/usr/share/mhpbench/bench/vm/suite-job.sh smoke >"$out/job-installed.sh"
"$top/bench/vm/run-job.sh" default "$out/job.sh" "$out/tree" >"$out/tree.path" \
	2>"$out/tree.log" &
p_ref=$!
MHPB_COLLECTOR=/usr/bin/mhpbench "$top/bench/vm/run-job.sh" default "$out/job.sh" \
	"$out/installed-collector" >"$out/installed-collector.path" 2>"$out/installed-collector.log" &
p_collector=$!
MHPB_COLLECTOR=/usr/bin/mhpbench /usr/share/mhpbench/bench/vm/run-job.sh default \
	"$out/job-installed.sh" "$out/installed" >"$out/installed.path" 2>"$out/installed.log" &
p_installed=$!
rc_ref=0 rc_collector=0 rc_installed=0
wait "$p_ref" || rc_ref=$?
wait "$p_collector" || rc_collector=$?
wait "$p_installed" || rc_installed=$?
stage "three guest runs at once (tree's collector; installed collector, tree's and installed runner)" "$t"
[ "$rc_ref" -eq 0 ] || { cat "$out/tree.log"; fail "the tree's collector in a guest"; exit 1; }
ref=$(find "$(cat "$out/tree.path")" -name 'smoke-*.json' | head -n 1)

# cases RUN: its cases and samples, one line per case and kind
cases() {
	jq -r '.samples[] | "\(.case.size)@\(.case.offset) \(.case.type) shift=\(.case.vmemmap_shift) \(.case.memmap) \(if .warmup then "warmup" else "measured" end)"' \
		"$1" | sort | uniq -c | sed 's/^ *//' | paste -sd, -
}
# check_run NAME RUNDIR: complete, the installed collector, the reference's
# cases and samples, and equal to the reference under mhpbench compare
check_run() {
	json=$(find "$2" -name 'smoke-*.json' | head -n 1)
	[ -n "$json" ] || { fail "$1: no result file"; return; }
	expect "$(jq -r .status "$json")" complete "$1: run status"
	expect "$(jq -r .collector.version "$json")" "$describe" "$1: collector.version"
	expect "$(jq '[.samples[] | select(.map.ok and .unmap.ok)] | length' "$json")" \
		"$(jq '.samples | length' "$ref")" "$1: samples, all ok"
	expect "$(cases "$json")" "$(cases "$ref")" "$1: the reference's cases and samples"
	"$top/bench/mhpbench" compare --format json "$ref" "$json" >"$2/compare.json"
	got=$(jq -r '[.rows[].cells[1:][]] |
		"\([.[] | select(.significant)] | length) flagged, \([.[] | select(.design == "exact")] | length) exact"' \
		"$2/compare.json")
	case $got in
	"0 flagged, 0 exact") fail "$1 against the reference: no row decided exactly" ;;
	"0 flagged, "*) pass "$1 against the reference: $got, of $(jq '.rows | length' "$2/compare.json") rows" ;;
	*) fail "$1 against the reference: $got"; flagged_rows "$2/compare.json" ;;
	esac
	kernel_log_clean "$(dirname "$json")/dmesg.txt" "$1"
}

if [ "$rc_collector" -eq 0 ]; then
	check_run "installed collector, tree's runner" "$(cat "$out/installed-collector.path")"
else
	cat "$out/installed-collector.log"
	fail "the installed collector under the tree's runner"
fi
if [ "$rc_installed" -eq 0 ]; then
	check_run "installed collector and runner" "$(cat "$out/installed.path")"
else
	cat "$out/installed.log"
	fail "the installed collector under the installed runner"
fi

# 6. purge, and nothing left
t=$(date +%s)
restore
expect "$(dkms status -m mhpbench)" "" "purged: DKMS holds no mhpbench"
expect "$(find /usr/src /usr/share -maxdepth 1 -name 'mhpbench*' | paste -sd' ' -)" "" \
	"purged: no /usr/src/mhpbench-*, no /usr/share/mhpbench"
expect "$(find /lib/modules /var/lib/dkms -mindepth 1 2>/dev/null | sort | comm -3 "$before" - | paste -sd' ' -)" "" \
	"purged: /lib/modules and /var/lib/dkms as they were"
stage purge "$t"
test_end package "$start" "${OUT:+kept in $out}"
