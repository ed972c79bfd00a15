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

# flagged_only REPORT REGEX WHAT: every *SIG* row of a compare REPORT
# matches the extended REGEX (say which do not)
flagged_only() {
	others=$(grep -E '\*SIG\* (worse|better): ' "$1" | grep -Ev "$2" || true)
	if [ -z "$others" ]; then
		pass "$3"
	else
		fail "$3; also flagged:"
		echo "$others"
	fi
}

# aa_clean REPORT DESIGN WHAT: a compare REPORT flags none of its rows, and
# they were tested with DESIGN ("boots", "runs of one boot"): "0 of 0 rows"
# would pass without a test
aa_clean() {
	if grep -q "^B vs A: 0 of [1-9][0-9]* rows \\*SIG\\*;.* $2: " "$1"; then
		pass "$3"
	else
		fail "$3: rows flagged, or not tested by $2:"
		grep -E '\*SIG\* (worse|better): |^B vs A' "$1"
	fi
}
