# shellcheck shell=sh
# Shared by the shell tests (sourced, not run): count failures and say
# each check's outcome on one line.
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

pass() { echo "ok: $*"; }

# expect GOT WANT WHAT
expect() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3: got '$1', expected '$2'"
	fi
}

# test_out NAME: set out to the folder a test keeps its runs in: a new
# $OUT/NAME-<UTC stamp> when OUT is set, else a temporary folder removed
# when the test exits.
test_out() {
	if [ -n "${OUT:-}" ]; then
		out=$OUT/$1-$(date -u +%Y%m%dT%H%M%SZ)
		mkdir -p "$out"
	else
		out=$(mktemp -d)
		trap 'rm -rf "$out"' EXIT
	fi
}

# flagged_rows REPORT: the flagged cells of a `compare --format json`
# REPORT, one line each: "*SIG* worse: 2M @+0 generic map add_pages"
flagged_rows() {
	jq -r '.rows[] | . as $r | .cells[1:][] | select(.significant)
		| "*SIG* \(.verdict): \($r.case_label // "pfn_valid() per call") \($r.op) \($r.metric)"' "$1"
}

# flagged_only REPORT REGEX WHAT: every flagged row of a compare JSON
# REPORT, as flagged_rows prints it, matches the extended REGEX (say
# which do not)
flagged_only() {
	others=$(flagged_rows "$1" | grep -Ev "$2" || true)
	if [ -z "$others" ]; then
		pass "$3"
	else
		fail "$3; also flagged:"
		echo "$others"
	fi
}

# aa_clean REPORT DESIGN WHAT: a compare JSON REPORT flags none of its
# rows, and some were decided with DESIGN ("exact", "boots", "runs of one
# boot"): no flag from no test would pass otherwise
aa_clean() {
	got=$(jq -r --arg d "$2" '[.rows[].cells[1:][]] |
		"\([.[] | select(.significant)] | length) \([.[] | select(.design == $d)] | length)"' "$1")
	case $got in
	"0 0" | [1-9]*) fail "$3: flagged and $2 rows: $got"; flagged_rows "$1" ;;
	"0 "*) pass "$3" ;;
	*) fail "$3: cannot read $1: '$got'" ;;
	esac
}

# A test that lacks a prerequisite is skipped, not failed: it says which in
# one line and exits 77 (the Automake convention), and the Makefile's
# run_test turns 77 into a skip. make test installs every prerequisite
# first (bench/install-deps.sh test), so there nothing is skipped.
skip() {
	echo "SKIP $(basename "$0"): $*"
	exit 77
}

# need COMMAND...: skip unless every COMMAND is on PATH
need() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "no $c (bench/install-deps.sh test installs it)"
	done
}
