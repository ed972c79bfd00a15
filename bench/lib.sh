# shellcheck shell=sh
# Shared by the project's scripts (sourced, not run): how a script speaks
# and fails, and where the caches are. Before sourcing, a script sets
# me (its name in messages) and may set die_status (die's exit status:
# 2, a usage or input error, unless it says 1).
#
#   me=NAME; . "$top/bench/lib.sh"

# log MESSAGE: one line on stderr, "NAME: MESSAGE"
log() { echo "${me:-mhpbench}: $*" >&2; }
# die MESSAGE: log it and exit with die_status
die() {
	log "$@"
	exit "${die_status:-2}"
}
# series_list FILE: the patch names of a quilt series file, in order
# (comments and blank lines left out)
series_list() { sed -e '/^#/d' -e '/^$/d' "$1"; }
# The caches (kernels, builds, QEMU, plugin headers): MHPB_CACHE, else
# the XDG cache folder. Downloads and trees stay out of the repository.
# shellcheck disable=SC2034 # used by the scripts that source this
cache=${MHPB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mhpbench}
# The lock that lets one kernel build at a time touch the build trees
# (kernel-patch/build-kernel.sh takes it; tests/bisect.sh while it copies)
# shellcheck disable=SC2034 # used by the scripts that source this
kbuild_lock=$cache/kbuild/.lock

# release_order FOLDER...: the kernel release of each run folder, one a
# line, in the order given (the trend order, order.txt of compare/track)
release_order() {
	for ro_d in "$@"; do
		ro_f=$(find "$ro_d" -name '*.json' | head -n 1)
		sed -n 's/^ *"release": "\(.*\)",*$/\1/p' "$ro_f" | head -n 1
	done
}

# default_rounds compare|track: boots per kernel when ROUNDS is unset.
# compare: 2 exact (two boots a side let the report check each side is
# deterministic), 5 wall (compare tests boots; under 3 a side a row is
# left untested), 3 with the cache lens (its misses vary with the round's
# spacings, analysis/METHOD.md "Boots"); track: 1. Fails for another mode.
default_rounds() {
	case $1 in
	compare)
		if [ -n "${MHPB_LENS:-}" ]; then echo 3
		elif [ "${MHPB_CLOCK:-exact}" = wall ]; then echo 5
		else echo 2; fi
		;;
	track) echo 1 ;;
	*) return 1 ;;
	esac
}

# initramfs_of FOLDER: FOLDER as a newc archive on stdout, the same bytes
# for the same files: names sorted, every time stamp 0, inodes numbered
# in order. The kernel parses the archive's hex fields at boot (the early
# microcode scan), and their digits change how many instructions that
# takes: an exact guest repeats only from an identical archive.
initramfs_of() {
	(
		cd "$1" &&
			find . -exec touch -h -d @0 {} + &&
			find . | LC_ALL=C sort | cpio -o -H newc --reproducible --quiet
	)
}

# The kernel modules the guest loads (build-initramfs.sh packs them and
# their dependencies; build-kernel.sh keeps them in a distribution
# configuration trimmed with localmodconfig). nd_pmem is only loaded by
# jobs that time ndctl: it would own the PMEM.
# shellcheck disable=SC2034 # used by the scripts that source this
guest_modules="nfit 9p 9pnet_virtio virtio_pci nd_pmem"
