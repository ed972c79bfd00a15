#!/bin/sh
# Print the lines of a guest job that run the suite SUITE (with --setup,
# only those that make it available as $suite inside the guest). A name of
# bench/suites/ is in the initramfs already; a path on the host is not
# visible in the guest, so its text goes into the job itself and lands in
# the guest's /tmp. Used by make bench, compare, track, profile, bisect and
# the fixture test.
#
#   bench/vm/suite-job.sh [--setup] SUITE >job.sh
set -eu

run=1
[ "${1:-}" != --setup ] || { run=0; shift; }
[ $# -eq 1 ] || { echo "usage: suite-job.sh [--setup] SUITE" >&2; exit 2; }
suites=$(cd "$(dirname "$0")/../suites" && pwd)
end=MHPB_SUITE_EOF
case $1 in
*/*)
	if [ ! -f "$1" ] || [ ! -r "$1" ]; then
		echo "suite-job: no suite file $1" >&2
		exit 2
	fi
	if grep -qx "$end" "$1"; then
		echo "suite-job: $1 has a line '$end', which ends the copy in the job" >&2
		exit 2
	fi
	name=$(basename "$1")
	case $name in
	*[!A-Za-z0-9_.-]*) name=suite ;;
	esac
	echo "cat >/tmp/$name <<'$end'"
	cat "$1"
	# a file without a final newline would swallow the end marker
	[ -z "$(tail -c 1 "$1")" ] || echo
	echo "$end"
	echo "suite=/tmp/$name"
	;;
*)
	[ -f "$suites/$1" ] || {
		echo "suite-job: no suite $1 in bench/suites/ (a file elsewhere needs a path with a /)" >&2
		exit 2
	}
	echo "suite=$1"
	;;
esac
# $suite is expanded by the guest's shell, not here
# shellcheck disable=SC2016
[ "$run" = 0 ] || echo '/mhp/bench/mhpbench run "$suite" -o .'
