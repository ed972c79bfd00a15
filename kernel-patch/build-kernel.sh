#!/bin/sh
# make kernel: build the patched benchmark kernel from Debian's source.
#
#   build-kernel.sh SERIES [--debug]                (SERIES: 6.1 or 6.12)
#   build-kernel.sh SERIES --fixture NAME
#   build-kernel.sh SERIES [--plain] [--prepare|--configure] [--patches FILE...]
#   build-kernel.sh --tree KTREE OBJDIR NAME [--configure]
#   build-kernel.sh --objname | --tp-header | --name-of SHA [t] | --git-source GITDIR SHA
#   build-kernel.sh --nearest-series KTREE
#
# Unpacks /usr/src/linux-source-SERIES.tar.xz into the cache (again only
# when the series changed), applies kernel-patch/SERIES/series (the mhp
# tracepoints), configures it (KCONFIG, below), checks that every wanted
# option survived, builds bzImage and modules with ccache, and installs
# them where the QEMU runner finds them: $MHPB_CACHE/kernels/patched-SERIES
# -> $MHPB_CACHE/kernels/<release>, with boot/source-<release>.json saying
# what was built (results/README.md, kernel.source). A kernel installed
# from the same inputs is not built again (build_key, below).
#
# KCONFIG, the starting configuration, with mhpbench.config merged last:
#   debian (the default): Debian's amd64 configuration of the series
#     (linux-config-SERIES; for a --tree, of the Debian series nearest the
#     tree's version), trimmed with localmodconfig to the modules the
#     guest loads (bench/lib.sh guest_modules), debian.config merged in;
#   tiny: tinyconfig + tiny.config + guest.config, the fast kernel
#     (kernels and object folders named -tiny);
#   FILE: the user's configuration + guest.config (named -cfg<hash>).
# The debug kernel starts from tiny unless KCONFIG is given.
#
# The object folder sits inside the source tree (mhpbench-out/): kbuild
# then names every source relative to it (srctree ".."), so every tree
# built this way (make compare's exports, the bisect test's tree) compiles
# with the same paths, and ccache serves every file it shares with
# another. (An object folder copied along would not save the build by
# itself: kbuild rebuilds objtool, whose commands hold absolute paths, and
# with it every object; tests/bisect.sh rewrites them.)
#
# --patches FILE... applies single patches (git format-patch or diff -p1)
# on top, installed as patched-SERIES-p<hash> (keyed by the patches'
# contents). --plain leaves the tracepoint series out (its kernel
# patched-SERIES-plain[-p<hash>]: kretprobes only). Both are built in the
# patched tree and its object folder, with the files they touch put back
# afterwards (apply_variant, below): only those files recompile. --prepare
# unpacks and applies, and stops before building: a patch that does not
# apply fails here, naming its first failed hunk; --configure goes on to
# configure and check the options, prints the .config's path, and stops
# before building. MHPB_PATCH_LABELS: a file with one label per patch
# (the name the user gave it) for the source record.
# --fixture NAME applies kernel-patch/fixtures/SERIES/NAME.series the same
# way (patched-SERIES-NAME): a deliberate regression for testing the
# tools, never part of the series.
# --debug configures kernel-patch/debug.config on top (KASAN, kmemleak,
# lockdep, DEBUG_VM, DEBUG_LIST) in its own object folder
# (kbuild/SERIES/out-debug/), installed as patched-SERIES-debug.
# --tree builds a kernel source tree as it is (make bisect, make compare
# KTREE=) in OBJDIR, installed as patched-NAME with the release suffix
# -NAME; MHPB_SOURCE_JSON names its source record (without it, none).
set -eu

usage() {
	echo "usage: build-kernel.sh SERIES [--debug | --fixture NAME | [--plain] [--prepare | --configure] [--patches FILE...]] | --tree KTREE OBJDIR NAME [--configure]" >&2
	exit 2
}
here=$(cd "$(dirname "$0")" && pwd)
me=build-kernel die_status=1
# shellcheck source=bench/lib.sh
. "$here/../bench/lib.sh"
# the object folder's name inside a source tree (one place: tests and
# compare.sh call build-kernel.sh --objname)
objname=mhpbench-out
# A tree has the mhp tracepoints when it has their trace header: the one
# rule for a record's instrumentation (compare.sh asks --tp-header)
tp_header=include/trace/events/mhp.h
# fragments_of KCONFIG: the fragments merged over that starting
# configuration, in order (a later one wins), one path a line
fragments_of() {
	case $1 in
	debian) names="debian.config mhpbench.config" ;;
	tiny) names="tiny.config guest.config mhpbench.config" ;;
	*) names="guest.config mhpbench.config" ;;
	esac
	for f in $names; do echo "$here/$f"; done
}
# config_id: what makes the configuration of KCONFIG, for the names of
# kernels: its fragments and its start (Debian's configurations and the
# guest's modules, or the user's file)
config_id() {
	# shellcheck disable=SC2046 # fragment paths have no blanks
	cat $(fragments_of "${KCONFIG:-debian}")
	case ${KCONFIG:-debian} in
	debian)
		echo "$guest_modules"
		dpkg-query -W linux-config-6.1 linux-config-6.12 2>/dev/null || true
		;;
	tiny) ;;
	*) cat "$KCONFIG" ;;
	esac
}
# The name of a tree's kernel: its commit, the configuration (config_id)
# and how it was built (this script), and whether the tracepoint series
# was added (t), so that make bisect and make compare KTREE= find the
# kernels the other built.
name_of() {
	echo "g$(echo "$1" | cut -c1-12)-$( (config_id && cat "$0") | sha256sum | cut -c1-6)${2:+t}"
}
# A git commit's source record (results/README.md, kernel.source); the
# build adds the instrumentation and the configuration
git_source() {
	jq -n --arg tree "$(cd "$1" && pwd)" --arg c "$2" \
		--arg d "$(git -C "$1" describe --always "$2")" \
		--arg s "$(git -C "$1" log -1 --format=%s "$2")" \
		'{kind: "git", tree: $tree, commit: $c, describe: $d, subject: $s, patches: []}'
}
# nearest_series TREE: the Debian series (6.1, 6.12) nearest to the
# version in TREE's Makefile, the earlier on a tie
nearest_series() {
	v=$(sed -n 's/^VERSION = //p' "$1/Makefile")
	p=$(sed -n 's/^PATCHLEVEL = //p' "$1/Makefile")
	if [ -z "$v" ] || [ -z "$p" ]; then die "$1/Makefile: no VERSION and PATCHLEVEL"; fi
	best=
	for s in 6.1 6.12; do
		d=$(((v - ${s%%.*}) * 100 + p - ${s#*.}))
		d=${d#-}
		if [ -z "$best" ] || [ "$d" -lt "$bestd" ]; then best=$s bestd=$d; fi
	done
	echo "$best"
}
case ${1:-} in
--objname) echo "$objname"; exit 0 ;;
--nearest-series) nearest_series "$2"; exit 0 ;;
--tp-header) echo "$tp_header"; exit 0 ;;
--name-of) name_of "$2" "${3:-}"; exit 0 ;;
--git-source) git_source "$2" "$3"; exit 0 ;;
esac

# One kernel build at a time on this machine (the e2e test, make kernel,
# make bisect, make compare and the fixture test all build).
mkdir -p "$cache/kbuild"
if [ -z "${MHPB_KBUILD_LOCKED:-}" ] && command -v flock >/dev/null; then
	export MHPB_KBUILD_LOCKED=1
	exec flock "$kbuild_lock" "$0" "$@"
fi

[ $# -ge 1 ] || usage
series=$1
shift
mode=debian
debug=
fixture=
plain=
prepare=
configure=
patches=
tree=
if [ "$series" = --tree ]; then
	[ $# -eq 3 ] || { [ $# -eq 4 ] && [ "$4" = --configure ]; } || usage
	mode=tree
	tree=$(cd "$1" && pwd)
	mkdir -p "$2"
	treeobj=$(cd "$2" && pwd)
	treename=$3
	shift 3
fi
while [ $# -gt 0 ]; do
	case $1 in
	--debug) debug=1 ;;
	--fixture) [ $# -ge 2 ] || usage; fixture=$2; shift ;;
	--patches) patches=1 ;;
	--plain) plain=1 ;;
	--prepare) prepare=1 ;;
	--configure) configure=1 ;;
	--*) usage ;;
	*) break ;;
	esac
	shift
done
# --patches takes files; --plain alone is the plain source's kernel
[ -z "$patches" ] || [ $# -ge 1 ] || usage
[ -n "$patches" ] || [ $# -eq 0 ] || usage
[ -z "$debug" ] || [ -z "$fixture$patches$plain" ] || usage

# The starting configuration (KCONFIG) and the suffix of the names of its
# kernels and object folders: none for Debian's
kconfig=${KCONFIG:-debian}
[ -z "$debug" ] || [ -n "${KCONFIG:-}" ] || kconfig=tiny
userconfig=
case $kconfig in
debian) cfgsuffix= ;;
tiny) cfgsuffix=-tiny ;;
*)
	[ -f "$kconfig" ] || die "no configuration file $kconfig (KCONFIG: debian, tiny or a file)"
	userconfig=$(cd "$(dirname "$kconfig")" && pwd)/$(basename "$kconfig")
	cfgsuffix=-cfg$(sha256sum <"$userconfig" | cut -c1-6)
	;;
esac
# the debug kernel is named for its fragment, on tiny as on a file
[ -z "$debug" ] || [ "$kconfig" != tiny ] || cfgsuffix=
unset KCONFIG

# apply TREE PATCH WHAT [NAME] [-R]: apply PATCH (without fuzz, as git am
# does), or fail naming it (NAME, else its file) and the first hunk that
# did not apply
apply() {
	if ! res=$(cd "$1" && patch -p1 --forward --batch --fuzz=0 --no-backup-if-mismatch \
		-r - ${5:+"$5"} <"$2" 2>&1); then
		first=$(printf '%s\n' "$res" | awk '/^(patching|checking) file/ { f = $3 }
			/FAILED|can.t find file|Reversed|malformed|Only garbage/ {
				print (f ? f ": " : "") $0; exit }')
		die "${4:-$(basename "$2")} does not apply to $3: ${first:-$(printf '%s' "$res" | tail -n 1)}"
	fi
}

# label N: the user's name for the Nth patch (MHPB_PATCH_LABELS), if any
label() { sed -n "${1}p" "${MHPB_PATCH_LABELS:-/dev/null}"; }

# subject FILE: a patch's subject line (folded Subject: header), without
# its [PATCH n/m] tag; the file's name when it has none
subject() {
	s=$(awk '/^Subject: / { sub(/^Subject: */, ""); s = $0; on = 1; next }
		on && /^[ \t]/ { sub(/^[ \t]+/, " "); s = s $0; next }
		{ on = 0 } /^(---|diff )/ { exit } END { print s }' "$1" |
		sed 's/^\[[^]]*\] *//')
	printf '%s\n' "${s:-$(basename "$1")}"
}

# patch_records PATCH...: the JSON array of the patches' records
patch_records() {
	n=0
	for p; do
		n=$((n + 1))
		jq -n --arg file "$(label "$n")" --arg path "$p" --arg subject "$(subject "$p")" \
			--arg sha "$(sha256sum <"$p" | cut -c1-64)" \
			'{file: (if $file == "" then $path else $file end), subject: $subject,
			  sha256: $sha}'
	done | jq -s .
}

# A variant (--fixture, --patches, --plain) is built in the patched tree
# itself, in its object folder: kbuild recompiles only the files the
# variant changes (half a minute with tinyconfig, where a copy of the tree
# with its own object folder recompiled every file from ccache: minutes).
# The files the variant's patches touch are saved first, in the journal
# $work/variant/ (files/: their contents, absent: the ones they create),
# and put back when the script ends, however it ends; a run killed before
# that is put right at the start of the next (restore_tree). Put back,
# they are newer than the variant's objects: the next build of the tree
# recompiles them.

# touched PATCH: the files PATCH reads or writes, relative to the tree
# (-p1: the first component of a diff's names goes)
touched() {
	awk '/^(---|\+\+\+) / { f = $2; if (f != "/dev/null") { sub(/^[^\/]*\//, "", f); print f } }
		/^(rename|copy) (from|to) / { print $3 }' "$1" | sort -u
}

# save_tree PATCH...: the journal of the files the patches touch, and
# own copies of them in the tree: patching never writes through a hard
# link into a tree linked from this one (the bisect test's)
save_tree() {
	mkdir -p "$journal/files"
	: >"$journal/absent"
	for f in $(for p; do touched "$p"; done | sort -u); do
		if [ -f "$src/$f" ]; then
			mkdir -p "$journal/files/$(dirname "$f")"
			cp "$src/$f" "$journal/files/$f"
			cp "$src/$f" "$src/$f.own" && mv "$src/$f.own" "$src/$f"
		else
			echo "$f" >>"$journal/absent"
		fi
	done
}

# journal_saved: the files the journal holds copies of, relative to the
# tree, one a line
journal_saved() { (cd "$journal/files" && find . -type f | sed 's|^\./||' | sort); }

# restore_tree: the files of the journal put back (own copies: new inodes
# and times), the files the variant created removed, the journal gone
restore_tree() {
	[ -d "$journal" ] || return 0
	journal_saved | while read -r f; do
		rm -f "$src/$f"
		cp "$journal/files/$f" "$src/$f"
	done
	while read -r f; do rm -f "$src/$f"; done <"$journal/absent"
	rm -rf "$journal"
}

# apply_variant REVERSE PATCH...: the tracepoint series reversed (REVERSE
# 1: the plain source) and PATCH... applied in $src, journalled
apply_variant() {
	reverse=$1
	shift
	sers=
	if [ "$reverse" = 1 ]; then
		for p in $(series_list "$here/$series/series" | tac); do sers="$sers $here/$series/$p"; done
	fi
	# shellcheck disable=SC2086 # patch paths have no blanks
	save_tree $sers "$@"
	trap restore_tree EXIT
	trap 'exit 1' HUP INT TERM
	for p in $sers; do
		apply "$src" "$p" "linux-source-$series reversed" "$(basename "$p")" -R
	done
	what="linux-source-$series ($pkgver)"
	[ "$reverse" = 1 ] || what="$what + kernel-patch/$series/series"
	n=0
	for p; do
		n=$((n + 1))
		name=$(label "$n")
		name="${name:-$(basename "$p")} (\"$(subject "$p")\")"
		log "applying $name"
		apply "$src" "$p" "$what" "$name"
	done
}

# set_variant PATCH...: the tree of --fixture, --patches and --plain, its
# kernel's name and release suffix, and its patch records
patch_json='[]'
set_variant() {
	if [ -n "$fixture" ]; then
		fseries=$here/fixtures/$series/$fixture.series
		[ -f "$fseries" ] || die "no fixture $fseries"
		set --
		# shellcheck disable=SC2013 # patch names have no blanks
		for p in $(series_list "$fseries"); do
			set -- "$@" "$here/fixtures/$series/$p"
		done
		suffix=-$fixture
	elif [ -n "$patches$plain" ]; then
		for p; do
			[ -f "$p" ] || die "no patch $p"
			set -- "$@" "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"
			shift
		done
		suffix=${plain:+-plain}
		[ $# -eq 0 ] || suffix=$suffix-p$(cat "$@" | sha256sum | cut -c1-8)
	else
		return 0
	fi
	apply_variant "${plain:-0}" "$@"
	localversion=$suffix
	kname=$kname$suffix
	[ $# -eq 0 ] || patch_json=$(patch_records "$@")
}

pkgver=
source_json=
if [ "$mode" = tree ]; then
	src=$tree
	out=$treeobj
	localversion=-$treename
	kname=patched-$treename
	source_json=${MHPB_SOURCE_JSON:-}
	# Relative paths: a tree and its sibling object folder share ccache
	# entries with the trees of the same layout.
	export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$tree")}"
else
	tarball=/usr/src/linux-source-$series.tar.xz
	[ -f "$tarball" ] || die "no $tarball (apt-get install linux-source-$series)"
	[ -f "$here/$series/series" ] || die "no patch series kernel-patch/$series/series"
	pkgver=$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null || echo '?')

	work=$cache/kbuild/$series
	journal=$work/variant
	src=$work/linux-source-$series
	stamp=$(cat "$here/$series/series" "$here/$series"/*.patch | sha256sum | cut -c1-16)

	# copies of the tree for variants, as earlier versions made them (now
	# built in place): their object folders are large
	for d in "$work"/*/linux-source-"$series"; do
		case $d in "$work/bisect-test/"* | "$work/*/"*) ;; *) rm -rf "${d%/*}" ;; esac
	done
	if [ "$(cat "$work/applied" 2>/dev/null || true)" != "$stamp" ]; then
		log "unpacking $tarball"
		rm -rf "$src" "$work/applied" "$work/out" "$journal"
		mkdir -p "$work"
		tar -xJf "$tarball" -C "$work"
		for patch in $(series_list "$here/$series/series"); do
			log "applying $patch"
			apply "$src" "$here/$series/$patch" "linux-source-$series ($pkgver)"
		done
		echo "$stamp" >"$work/applied"
	fi
	restore_tree
	localversion=
	kname=patched-$series
	set_variant "$@"
	localversion=$localversion$cfgsuffix
	kname=$kname$cfgsuffix
	out=$src/$objname$cfgsuffix
	if [ -n "$debug" ]; then
		out=$work/out-debug$cfgsuffix
		localversion=-debug$cfgsuffix
		kname=$kname-debug
	fi
	# Relative paths under the cache: the trees share ccache entries.
	export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$work}"
fi
if [ -n "$prepare" ]; then
	log "prepared $src"
	exit 0
fi

mkdir -p "$out"
# --no-print-directory: under a parent make, -w would print into $(mk ...)
mk() { make --no-print-directory -C "$src" O="$out" LOCALVERSION="$localversion" -s "$@"; }
# debian_series: the Debian series whose configuration starts a Debian
# build: the source's own; for a --tree, the nearest to the tree's version
debian_series() {
	if [ "$mode" = tree ]; then nearest_series "$src"; else echo "$series"; fi
}

# start_config: $out/.config before the fragments are merged
start_config() {
	case $kconfig in
	debian)
		xz -dc "$dconfig" >"$out/.config"
		mk olddefconfig >/dev/null
		# localmodconfig reads lsmod's output: a header, then a module a line
		printf 'Module Size Used by\n' >"$out/lsmod.guest"
		for m in $guest_modules; do echo "$m 0 0"; done >>"$out/lsmod.guest"
		yes '' | mk LSMOD="$out/lsmod.guest" localmodconfig >"$out/localmodconfig.log" 2>&1 ||
			die "localmodconfig failed: $out/localmodconfig.log"
		;;
	tiny) mk tinyconfig >/dev/null ;;
	*)
		cp "$userconfig" "$out/.config"
		mk olddefconfig >/dev/null
		;;
	esac
}

# The starting configuration and the fragments merged over it, in order
# (a later one wins); configname says both (the source record's config)
case $kconfig in
debian)
	dseries=$(debian_series)
	dconfig=/usr/src/linux-config-$dseries/config.amd64_none_amd64.xz
	[ -f "$dconfig" ] || die "no $dconfig (apt-get install linux-config-$dseries)"
	dver=$(dpkg-query -W -f='${Version}' "linux-config-$dseries" 2>/dev/null || echo '?')
	base="Debian linux-config-$dseries $dver amd64, localmodconfig"
	baseid="$dconfig $(sha256sum <"$dconfig" | cut -c1-64) $guest_modules"
	;;
tiny)
	base=tinyconfig baseid=tinyconfig ;;
*)
	base=$userconfig
	baseid="$userconfig $(sha256sum <"$userconfig" | cut -c1-64)"
	;;
esac
# shellcheck disable=SC2046 # fragment paths have no blanks
set -- $(fragments_of "$kconfig")
[ -z "$debug" ] || set -- "$@" "$here/debug.config"
configname=$base
for f; do configname="$configname + ${f##*/}"; done
{
	echo "# base $baseid"
	cat "$@"
} >"$out/config.wanted"
if ! cmp -s "$out/config.wanted" "$out/mhpbench.config.used"; then
	log "configuring: $configname"
	start_config
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
if [ -n "$lost" ]; then
	# the project's own configuration must keep them all; a user's may
	# lack what some depend on: said, recorded, built
	[ -n "$userconfig" ] || die "options lost by olddefconfig (missing dependencies):$lost"
	log "options of the fragments dropped by olddefconfig with $userconfig:$lost"
fi
if [ -n "$configure" ]; then
	log "configured: $configname"
	echo "$out/.config"
	exit 0
fi

# source_record: what was built (results/README.md, kernel.source): the
# tree's record (a git commit's, or Debian's package and patches), with
# the instrumentation the built tree has and the configuration
source_record() {
	# shellcheck disable=SC2086 # one option per word
	dropped=$(printf '%s\n' $lost | jq -R . | jq -s 'map(select(. != ""))')
	instrumentation=kretprobes
	[ ! -f "$src/$tp_header" ] || instrumentation=tracepoints
	if [ "$mode" = tree ]; then
		[ -n "$source_json" ] || return 0
		cat "$source_json"
	else
		jq -n --arg pkg "linux-source-$series" --arg v "$pkgver" --argjson p "$patch_json" \
			'{kind: "debian", package: $pkg, version: $v, patches: $p}'
	fi | jq --arg i "$instrumentation" --arg c "$configname" --argjson d "$dropped" \
		'. + {instrumentation: $i, config: $c, config_dropped: $d}'
}

# install_headers DIR: what an out-of-tree module build needs, as Debian's
# linux-headers packages hold it (the source's Makefiles, include/ and
# scripts/, the object folder's generated headers, scripts and
# Module.symvers), copied: the object folder and the tree move on to the
# next commit or patch (make bisect, make compare), and the module must be
# built against the kernel it is loaded into
install_headers() {
	mkdir -p "$1"
	(
		cd "$src"
		find . arch/x86 -maxdepth 1 -name 'Makefile*'
		find include scripts -type f -o -type l
		find arch/x86 -name Kbuild.platforms -o -name Platform
		# shellcheck disable=SC2046 # folder names without blanks
		find $(find arch/x86 -name include -o -name scripts -type d) -type f
	) | tar -c -f - -C "$src" -T - | tar -x -f - -C "$1"
	(
		cd "$out"
		! grep -q '^CONFIG_OBJTOOL=y' .config || echo tools/objtool/objtool
		find arch/x86/include Module.symvers include scripts -type f
	) | tar -c -f - -C "$out" -T - | tar -x -f - -C "$1"
	cp "$out/.config" "$1/.config"
}

# build_key: what an installed kernel is built from: the Debian source
# and series (their stamp), the files a variant changed as they are now,
# the configuration, the source record, the compiler and the build's
# scripts. The object folder is shared by the plain kernel and its
# variants (apply_variant): after a variant, asking for the plain kernel
# again would recompile the variant's files and relink (30-70 s with
# tinyconfig) to install what is installed already.
build_key() {
	{
		echo "$pkgver $stamp $localversion"
		if [ -d "$journal" ]; then
			# shellcheck disable=SC2046 # paths without blanks
			for f in $(journal_saved) $(cat "$journal/absent"); do
				echo "$f $(sha256sum <"$src/$f" 2>/dev/null || echo absent)"
			done
		fi
		cat "$out/.config" "$0" "$here/ccache-gcc.sh"
		source_record
		gcc --version | head -n 1
	} | sha256sum | cut -c1-64
}

# CC is on every object's command line (kbuild rebuilds an object whose
# command changed): the wrapper is run from the cache, whatever checkout
# of mhpbench builds, so that another checkout's path rebuilds nothing.
cc=gcc
if command -v ccache >/dev/null; then
	mkdir -p "$cache/kbuild/bin"
	cp "$here/ccache-gcc.sh" "$cache/kbuild/bin/ccache-gcc.sh.new"
	mv "$cache/kbuild/bin/ccache-gcc.sh.new" "$cache/kbuild/bin/ccache-gcc.sh"
	cc=$cache/kbuild/bin/ccache-gcc.sh
fi
# ccache's depend mode: on a miss it takes the headers from the compiler's
# own -MMD output (kbuild asks for it) instead of running the preprocessor
# first. Measured on mm/, kernel/ and fs/ of the tiny configuration, cold:
# 176 s without ccache, 230 s with it, 186 s in depend mode; hits are the
# same. It misses what an .incbin pulls in: ccache-gcc.sh compiles those
# sources without ccache. CCACHE_DEPEND=0 in the environment turns it off.
export CCACHE_DEPEND="${CCACHE_DEPEND:-1}"
key=
if [ "$mode" != tree ]; then
	key=$(build_key)
	kroot=$cache/kernels/$(mk kernelrelease)
	if [ -f "$kroot/.complete" ] && [ "$(cat "$kroot/.build-key" 2>/dev/null)" = "$key" ]; then
		log "${kroot##*/} is installed from this source and configuration: not built again"
		ln -sfn "${kroot##*/}" "$cache/kernels/$kname"
		echo "$kroot"
		exit 0
	fi
fi
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
source_record >"$kroot/boot/source-$release.json"
[ -s "$kroot/boot/source-$release.json" ] || rm -f "$kroot/boot/source-$release.json"
mk INSTALL_MOD_PATH="$kroot" modules_install >/dev/null
rm -f "$kroot/lib/modules/$release/build" "$kroot/lib/modules/$release/source"
install_headers "$kroot/usr/src/linux-headers-$release"
[ -z "$key" ] || echo "$key" >"$kroot/.build-key"
touch "$kroot/.complete"
ln -sfn "$release" "$cache/kernels/$kname"
echo "$kroot"
