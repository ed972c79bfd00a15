#!/bin/sh
# make compare of your patch: two commits of a kernel git tree, or Debian's
# source with and without a patch, built, booted and compared.
#
#   KTREE=PATH BASE=REV HEAD=REV compare.sh
#   PATCH="FILE..." [KSRC=6.1|6.12] compare.sh
#
# KTREE: both commits are exported (git archive) into one folder of the
# cache and built in one object folder there, HEAD after BASE by applying
# the diff BASE..HEAD, so that only what it touches is rebuilt; the tree
# itself is only read (its HEAD, index and files stay). PATCH: files,
# series folders (their series file, else their *.patch in order) or
# mboxes (as git am takes them), applied on the patched benchmark kernel of
# linux-source-KSRC (kernel-patch/KSRC/series); a patch that does not
# apply stops the run before anything is built, naming its first failed
# hunk. Both forms put the project's mhp tracepoint series under both sides
# when it fits them both, and fall back to kretprobes on both sides when
# it does not (said in one line). Both sides start from KCONFIG: Debian's
# configuration (the default), tiny, or the user's file (build-kernel.sh).
# Then bench/kernels.sh compare: rounds, report and plots; the report's
# header names what was compared and the command that reproduces it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
me=compare
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
export MHPB_CACHE="$cache"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build=$here/build-kernel.sh
t0=$(date +%s)

# add_patches WORD: the single patches of a file, an mbox or a series
# folder, appended to $tmp/list with their labels (the user's names) in
# $tmp/labels
add_patches() {
	if [ -d "$1" ]; then
		if [ -f "$1/series" ]; then
			series_list "$1/series" | while read -r p; do
				add_file "$1/$p"
			done
		else
			find "$1" -maxdepth 1 -type f \( -name '*.patch' -o -name '*.diff' \) |
				sort | while read -r p; do add_file "$p"; done
		fi
	else
		add_file "$1"
	fi
}
add_file() {
	[ -f "$1" ] || die "no patch file $1"
	abs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	if head -n 1 "$1" | grep -q '^From '; then
		# an mbox: one file per mail (a single git format-patch is one)
		n=$(wc -l <"$tmp/list")
		mkdir -p "$tmp/mail$n"
		git mailsplit -o"$tmp/mail$n" "$1" >/dev/null || die "$1: not an mbox git can split"
		for m in "$tmp/mail$n"/*; do
			# a cover letter has no diff: git am would stop at it
			if ! grep -q '^+++ ' "$m"; then
				log "$1: mail $(basename "$m") has no diff (a cover letter?): left out"
				continue
			fi
			echo "$m" >>"$tmp/list"
			echo "$abs" >>"$tmp/labels"
		done
	else
		echo "$abs" >>"$tmp/list"
		echo "$abs" >>"$tmp/labels"
	fi
}

# release KERNEL_ROOT: the release a kernel was installed as
release() { basename "$1"; }

patch_sides() {
	ksrc=${KSRC:-6.1}
	if [ ! -f "/usr/src/linux-source-$ksrc.tar.xz" ] || [ ! -f "$here/$ksrc/series" ]; then
		die "KSRC=$ksrc: no linux-source-$ksrc or no kernel-patch/$ksrc/series (6.1 or 6.12)"
	fi
	: >"$tmp/list"
	: >"$tmp/labels"
	for w in $PATCH; do add_patches "$w"; done
	[ -s "$tmp/list" ] || die "no patch in PATCH=$PATCH"
	export MHPB_PATCH_LABELS="$tmp/labels"
	# before anything is built: on top of the tracepoint series, else on
	# the plain source (kretprobes on both sides), else stop
	plain=
	# shellcheck disable=SC2046 # one patch file per line, no blanks
	if ! err=$("$build" "$ksrc" --prepare --patches $(cat "$tmp/list") 2>&1 >/dev/null); then
		# shellcheck disable=SC2046
		if ! perr=$("$build" "$ksrc" --plain --prepare --patches $(cat "$tmp/list") 2>&1 >/dev/null); then
			printf '%s\n%s\n' "$err" "$perr" | grep 'does not apply\|^build-kernel: no ' >&2
			die "PATCH does not apply to linux-source-$ksrc: nothing built"
		fi
		plain=--plain
		log "the mhp tracepoint series conflicts with the patches (${err##*: }): kretprobes on both sides"
	fi
	tb=$(date +%s)
	kroot=$("$build" "$ksrc" $plain) || die "the build of A failed"
	a=$(release "$kroot")
	# shellcheck disable=SC2046
	kroot=$("$build" "$ksrc" $plain --patches $(cat "$tmp/list")) || die "the build of B failed"
	b=$(release "$kroot")
	log "kernels built in $(($(date +%s) - tb)) s: A $a, B $b"
}

# tp_fits REV PATCH...: the patches apply to REV, checked against a
# throw-away index: the tree's index and files stay
tp_fits() {
	rev=$1
	shift
	GIT_INDEX_FILE=$tmp/index git -C "$ktree" read-tree "$rev" &&
		GIT_INDEX_FILE=$tmp/index git -C "$ktree" apply --cached --check "$@" 2>/dev/null
}

# has_tp REV: the commit has the mhp tracepoints (build-kernel.sh's rule:
# their trace header)
has_tp() { git -C "$ktree" cat-file -e "$1:$("$build" --tp-header)" 2>/dev/null; }

# tp_decide: the tracepoint series that fits both commits ($tp: its patch
# files, applied on both; empty when both have the tracepoints already or
# neither gets them)
tp_decide() {
	tp=
	if has_tp "$base" && has_tp "$head"; then
		log "instrumentation: the mhp tracepoints are in both commits already"
		return
	fi
	if has_tp "$base" || has_tp "$head"; then
		log "instrumentation: !!! only one commit has the mhp tracepoints: its finer phases have no counterpart on the other side"
		return
	fi
	for s in "$here"/*/series; do
		set --
		# shellcheck disable=SC2013 # patch names have no blanks
		for p in $(series_list "$s"); do set -- "$@" "${s%/series}/$p"; done
		if tp_fits "$base" "$@" && tp_fits "$head" "$@"; then
			tp="$*"
			log "instrumentation: the mhp tracepoint series kernel-patch/$(basename "$(dirname "$s")") added on both sides"
			return
		fi
	done
	log "instrumentation: the mhp tracepoint series applies to neither commit: kretprobes on both sides"
}

# export_rev SHA: the tree's commit SHA in $src, with $tp applied; moved
# there from the commit it holds by the diff between them (only the files
# that differ change, so the object folder rebuilds only those), or
# exported whole
export_rev() {
	want="$1 $tp"
	have=$(cat "$exp/state" 2>/dev/null || true)
	[ "$have" != "$want" ] || return 0
	rm -f "$exp/state"
	moved=
	if [ -n "$have" ] && [ -d "$src" ]; then
		cur=${have%% *}
		moved=1
		for p in $(echo "${have#* }" | tr ' ' '\n' | tac); do
			(cd "$src" && patch -R -p1 --batch --quiet <"$p") >/dev/null || moved=
		done
		[ -z "$moved" ] || git -C "$ktree" diff --binary "$cur" "$1" |
			(cd "$src" && GIT_CEILING_DIRECTORIES=$exp git apply --whitespace=nowarn) || moved=
	fi
	if [ -z "$moved" ]; then
		log "exporting $(git -C "$ktree" rev-parse --short "$1") from $ktree"
		rm -rf "$src"
		mkdir -p "$src"
		git -C "$ktree" archive "$1" | tar -x -C "$src"
	fi
	for p in $tp; do
		(cd "$src" && patch -p1 --forward --batch --quiet <"$p") >/dev/null ||
			die "$(basename "$p") does not apply to the export of $1"
	done
	echo "$want" >"$exp/state"
}

# tree_kernel SHA: the kernel of the tree's commit SHA, built unless it is
# installed already (make bisect installs its steps' kernels by the same
# name); prints its release
tree_kernel() {
	name=$("$build" --name-of "$1" "$tp")
	if [ -f "$cache/kernels/patched-$name/.complete" ]; then
		log "$name: built already"
		release "$(cd -P "$cache/kernels/patched-$name" && pwd)"
		return
	fi
	export_rev "$1"
	"$build" --git-source "$ktree" "$1" >"$tmp/source.json"
	kroot=$(MHPB_SOURCE_JSON=$tmp/source.json "$build" --tree "$src" \
		"$src/$("$build" --objname)" "$name") || die "the build of $1 failed"
	release "$kroot"
}

tree_sides() {
	if [ -z "${BASE:-}" ] || [ -z "${HEAD:-}" ]; then
		die "KTREE needs BASE=REV and HEAD=REV"
	fi
	ktree=$(cd "$KTREE" && pwd) || die "no folder $KTREE"
	git -C "$ktree" rev-parse --git-dir >/dev/null 2>&1 || die "$KTREE is not a git tree"
	base=$(git -C "$ktree" rev-parse --verify -q "$BASE^{commit}") || die "no commit $BASE in $KTREE"
	head=$(git -C "$ktree" rev-parse --verify -q "$HEAD^{commit}") || die "no commit $HEAD in $KTREE"
	exp=$cache/kbuild/trees/$(printf '%s' "$ktree" | sha256sum | cut -c1-12)
	src=$exp/linux
	mkdir -p "$exp"
	tp_decide
	tb=$(date +%s)
	a=$(tree_kernel "$base") || exit
	b=$(tree_kernel "$head") || exit
	log "kernels built in $(($(date +%s) - tb)) s: A $a, B $b"
}

if [ -n "${KTREE:-}" ]; then
	[ -z "${PATCH:-}" ] || die "KTREE or PATCH, not both"
	tree_sides
elif [ -n "${PATCH:-}" ]; then
	patch_sides
else
	die "set KTREE=PATH BASE=REV HEAD=REV, or PATCH=FILE (or KERNELS=...)"
fi
"$top/bench/kernels.sh" compare "$a" "$b"
log "$(($(date +%s) - t0)) s in all"
