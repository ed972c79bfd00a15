#!/bin/sh
# The kernel configurations of build-kernel.sh (kernel-patch/README.md,
# Configurations), configured without building (--configure), for
# linux-source-SERIES:
# - the default starts from Debian's: every option Debian builds in that
#   is not a module's own is built in still (the core: preemption model,
#   MEMCG, hardening, NR_CPUS), the only modules are the guest's and what
#   the benchmark's fragment adds, the guest's modules are modules, and
#   the source record's name says where it started;
# - a tree (make compare KTREE=, make bisect) starts from the Debian
#   series nearest to its version, and a 6.1 tree is configured as the
#   Debian source is;
# - KCONFIG=tiny keeps every option of its fragments (the build fails
#   naming any that olddefconfig drops), and is the small kernel;
# - a KCONFIG file that does not exist is refused in one line.
# The builds that follow (tests/e2e.sh, fixture.sh, bisect.sh) reuse the
# default's configured object folder.
#
#   tests/kconfig.sh [SERIES]      (default 6.1)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need make gcc flex bison xz
series=${1:-6.1}
[ -f "/usr/src/linux-source-$series.tar.xz" ] || skip "no linux-source-$series"
dconfig=/usr/src/linux-config-$series/config.amd64_none_amd64.xz
[ -f "$dconfig" ] || skip "no $dconfig (apt-get install linux-config-$series)"
build=$top/kernel-patch/build-kernel.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# sym CONFIG NAME: NAME's value in CONFIG ("n" when not set)
sym() { sed -n "s/^CONFIG_$2=//p" "$1" | grep . || echo n; }

cfg=$("$build" "$series" --configure 2>"$tmp/debian.log") ||
	{ cat "$tmp/debian.log"; fail "build-kernel.sh $series --configure failed"; exit 1; }
xz -dc "$dconfig" >"$tmp/debian.config"
# Debian's built-in options that are gone: only those of modules that went
# (a module's own bool options and what only modules select), never one
# of the core's
for s in PREEMPT_DYNAMIC PREEMPT_COUNT PREEMPT_RCU MEMCG PAGE_EXTENSION HARDENED_USERCOPY \
	DEBUG_LIST INIT_ON_ALLOC_DEFAULT_ON SLAB_FREELIST_HARDENED RANDOMIZE_BASE NUMA \
	SPARSEMEM_VMEMMAP MEMORY_HOTPLUG ZONE_DEVICE FS_DAX JUMP_LABEL; do
	expect "$(sym "$cfg" "$s")" "$(sym "$tmp/debian.config" "$s")" "default: $s as Debian has it"
done
expect "$(sym "$cfg" NR_CPUS)" "$(sym "$tmp/debian.config" NR_CPUS)" "default: NR_CPUS as Debian has it"
expect "$(sym "$cfg" DEVICE_PRIVATE)" y "default: DEVICE_PRIVATE added (the private suite)"
expect "$(sym "$cfg" DEBUG_INFO_NONE)" y "default: no debug information"
for s in ACPI_NFIT NET_9P_VIRTIO 9P_FS VIRTIO_PCI BLK_DEV_PMEM; do
	expect "$(sym "$cfg" "$s")" m "default: $s a module, as Debian builds it"
done
modules=$(grep -c '=m$' "$cfg")
if [ "$modules" -le 30 ]; then
	pass "default: $modules modules (the guest's and the fragment's)"
else
	fail "default: $modules modules: localmodconfig left more than the guest loads"
fi
expect "$(sed -n 's/^build-kernel: configured: //p' "$tmp/debian.log")" \
	"Debian linux-config-$series $(dpkg-query -W -f='${Version}' "linux-config-$series") amd64, localmodconfig + debian.config + mhpbench.config" \
	"default: the source record names Debian's configuration"

tcfg=$(KCONFIG=tiny "$build" "$series" --configure 2>"$tmp/tiny.log") ||
	{ cat "$tmp/tiny.log"; fail "KCONFIG=tiny build-kernel.sh $series --configure failed"; exit 1; }
expect "$tcfg" "${cfg%/*}-tiny/.config" "tiny: its own object folder"
expect "$(sym "$tcfg" PREEMPT_COUNT) $(sym "$tcfg" NR_CPUS) $(sym "$tcfg" ACPI_NFIT)" "n 8 y" \
	"tiny: no PREEMPT_COUNT, NR_CPUS=8, the NVDIMM bus built in"
expect "$(sed -n 's/^build-kernel: configured: //p' "$tmp/tiny.log")" \
	"tinyconfig + tiny.config + guest.config + mhpbench.config" "tiny: the source record names it"

# make compare KTREE= and make bisect: a tree starts from the Debian series
# nearest to its version
for v in 5.15:6.1 6.1:6.1 6.6:6.1 6.7:6.12 6.12:6.12 6.18:6.12 7.0:6.12; do
	ver=${v%:*} want=${v#*:}
	mkdir -p "$tmp/tree-$ver"
	printf 'VERSION = %s\nPATCHLEVEL = %s\n' "${ver%.*}" "${ver#*.}" >"$tmp/tree-$ver/Makefile"
	expect "$("$build" --nearest-series "$tmp/tree-$ver")" "$want" "a $ver tree starts from Debian's $want"
done
src=${cfg%/*/.config}
"$build" --tree "$src" "$tmp/treeobj" kconfig-test --configure >/dev/null 2>"$tmp/tree.log" ||
	{ cat "$tmp/tree.log"; fail "build-kernel.sh --tree --configure failed"; }
expect "$(sed -n 's/^build-kernel: configured: //p' "$tmp/tree.log")" \
	"$(sed -n 's/^build-kernel: configured: //p' "$tmp/debian.log")" \
	"a $series tree: configured as its Debian source is"

rc=0
KCONFIG=$tmp/none.config "$build" "$series" --configure >/dev/null 2>"$tmp/none.log" || rc=$?
expect "$rc $(wc -l <"$tmp/none.log")" "1 1" "a missing KCONFIG file: refused in one line"

[ "$failures" -eq 0 ] || { echo "kconfig: $failures failure(s)"; exit 1; }
echo "kconfig: all passed"
