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
