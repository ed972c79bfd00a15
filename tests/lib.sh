# shellcheck shell=sh
# Shared by the shell tests (sourced, not run, with top set to the
# project): count failures and say each check's outcome on one line. The
# project's own library gives die, log and the cache folder.
me=${me:-$(basename "$0" .sh)}
# shellcheck source=bench/lib.sh
. "${top:?set top before sourcing tests/lib.sh}/bench/lib.sh"
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

# fixture_flagged REPORT WHAT: a compare JSON REPORT of the count-activate
# regression fixture (B) against its base (A) flags map sparse_add_section
# worse by the exact rule, no grace-period wait and no unmap row, and
# nothing but the phases that hold section_activate() (the fixture test,
# make compare PATCH= and KTREE= in the bisect test). On a configuration
# other than tiny the far-apart rule is taken too: on Debian's, some
# samples of a 2 MiB map's sparse_add_section take a longer path (13752
# against 13593 instructions, 3 of 10 in a boot; results/examples/
# stock-vs-debian-config-exact), and the row is not deterministic to 0.1%.
fixture_flagged() {
	rows() {
		jq -r ".rows[] | select(.op == \"map\" or .op == \"unmap\") | select($2)
			| \"\\(.op) \\(.metric) \\(.cells[1].design) \\(.cells[1].change)\"" "$1"
	}
	sig='.cells[1].significant'
	got=$(rows "$1" "$sig and .op == \"map\" and .metric == \"sparse_add_section\"")
	case ${KCONFIG:-debian}:$got in
	*":map sparse_add_section exact "*) pass "$2: map sparse_add_section flagged worse, exactly: ${got##* }" ;;
	tiny:*) fail "$2: map sparse_add_section not flagged worse by the exact rule: '$got'" ;;
	*":map sparse_add_section far apart "*) pass "$2: map sparse_add_section flagged worse, far apart: ${got##* }" ;;
	*) fail "$2: map sparse_add_section not flagged worse by the exact or far-apart rule: '$got'" ;;
	esac
	expect "$(rows "$1" "$sig and (.metric | test(\"^(wait|hotplug_begin|rcu_sync|ref_wait|pgmap_rcu)$\"))")" \
		"" "$2: no grace-period wait flagged"
	expect "$(rows "$1" "$sig and .op == \"unmap\"")" "" \
		"$2: no unmap row flagged (the fixture only slows maps)"
	# the phases holding section_activate(), by nesting (tracepoint or probe)
	flagged_only "$1" " map (total|work|pagemap_range|arch_add_memory|add_pages|sparse_add_section|section_activate)\$" \
		"$2: every flagged row holds section_activate()"
}

# fixture_patches SERIES NAME: the paths of the patches of the regression
# fixture NAME (kernel-patch/fixtures/SERIES/NAME.series), in order, on
# one line
fixture_patches() {
	fp=
	# shellcheck disable=SC2013 # patch names have no blanks
	for p in $(series_list "$top/kernel-patch/fixtures/$1/$2.series"); do
		fp="$fp $top/kernel-patch/fixtures/$1/$p"
	done
	echo "${fp# }"
}

# compare_or_stop WHAT VAR=VALUE...: make compare (kernel-patch/compare.sh)
# with those variables and OUT=$out, its report in $out/compare.txt and its
# log in $out/compare.log; when it fails, the log's tail, and the test
# ends (WHAT names the comparison)
compare_or_stop() {
	cs_what=$1
	shift
	if ! env "$@" OUT="$out" "$top/kernel-patch/compare.sh" >"$out/compare.txt" 2>"$out/compare.log"; then
		tail -n 30 "$out/compare.log"
		echo "FAIL: make compare $cs_what"
		exit 1
	fi
}

# compare_times LOG: the build, boot and analysis times make compare
# (kernel-patch/compare.sh) logged, on one line
compare_times() {
	sed -n -e 's/^compare: kernels built in \([0-9]*\) s.*/build \1 s/p' \
		-e 's/^kernels: \([0-9]*\) boots in \([0-9]*\) s/\1 boots \2 s/p' \
		-e 's/^kernels: analysis and plots in \([0-9]*\) s/analysis \1 s/p' \
		-e 's/^compare: \([0-9]*\) s in all/all \1 s/p' "$1" | paste -sd, - | sed 's/,/, /g'
}

# kernel_log_clean DMESG WHAT: the guest's kernel log DMESG has no WARN,
# BUG or Oops (printed where it has)
kernel_log_clean() {
	if grep -E 'WARNING:|BUG:|Oops|Call Trace' "$1"; then
		fail "$2: WARN, BUG or Oops in the guest's kernel log"
	else
		pass "$2: no WARN, BUG or Oops in the guest's kernel log"
	fi
}

# test_end NAME START [WHERE]: the wall time since START, then the verdict
# (exit 1 after failures)
test_end() {
	echo "$1: $(($(date +%s) - $2)) s in all${3:+; $3}"
	[ "$failures" -eq 0 ] || { echo "$1: $failures failure(s)"; exit 1; }
	echo "$1: all passed"
}

# build_patched KERNEL: build patched-SERIES (Debian's configuration),
# patched-SERIES-tiny (KCONFIG=tiny) or patched-SERIES-debug as make
# kernel does, quietly; fails as the build does
build_patched() {
	bp_series=${1#patched-}
	case $bp_series in
	*-debug) "$top/kernel-patch/build-kernel.sh" "${bp_series%-debug}" --debug ;;
	*-tiny) KCONFIG=tiny "$top/kernel-patch/build-kernel.sh" "${bp_series%-tiny}" ;;
	*) "$top/kernel-patch/build-kernel.sh" "$bp_series" ;;
	esac >/dev/null
}

# The configuration of the kernels the kernel tests build (fixture.sh,
# bisect.sh): KCONFIG=tiny unless the caller sets KCONFIG. Debian's
# configuration, the default of make compare and make bisect, takes longer
# to build cold than make test's budget holds (kernel-patch/README.md):
# make fixture-test KCONFIG=debian runs the test on it.
# kconfig_words: the words of a report's reproduce line that name it.
use_test_kconfig() { export KCONFIG="${KCONFIG:-tiny}"; }
kconfig_words() {
	case $KCONFIG in
	debian) ;;
	tiny) printf ' KCONFIG=tiny' ;;
	*) printf ' KCONFIG=%s' "${KCONFIG##*/}" ;;
	esac
}
