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
