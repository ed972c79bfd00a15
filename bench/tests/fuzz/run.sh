#!/bin/sh
# Run the two libFuzzer targets (the suite parser, the result reader), both
# at once for SECONDS each, seeded with the shipped suites, the test data,
# the example runs and the regression cases kept in tests/data/fuzz-*/.
# Prints one line per target with libFuzzer's final figures (runs,
# executions per second, coverage, features, corpus) and fails, naming
# the input it saved, if either found a crash, a leak, undefined behaviour
# or a timeout. A crash's input belongs in tests/data/fuzz-suite/ or
# tests/data/fuzz-result/ once fixed: test_fuzz_cases runs those.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS     (make -C bench fuzz-parsers)
#
# Environment: FUZZ_OUT keeps the corpora, logs and crash inputs (default:
# a temporary folder, removed unless something was found).
set -eu

build=$1
seconds=$2
bench=$(cd "$(dirname "$0")/../.." && pwd)
top=$(cd "$bench/.." && pwd)
work=${FUZZ_OUT:-$(mktemp -d /tmp/mhpb-fuzz-XXXXXX)}
mkdir -p "$work/suite.seed" "$work/result.seed" "$work/suite.corpus" "$work/result.corpus"

cp "$bench"/suites/* "$work/suite.seed/"
cp "$bench"/tests/data/fuzz-suite/* "$work/suite.seed/" 2>/dev/null || true
cp "$bench"/tests/data/*.json "$bench"/tests/data/fuzz-result/* "$work/result.seed/" 2>/dev/null || true
# the example runs: each under its folder's name (the file names repeat)
find "$top/results/examples" -path '*/runs/*' -name '*.json' -size -64k | while read -r f; do
	cp "$f" "$work/result.seed/$(echo "${f#"$top"/results/examples/}" | tr / _)"
done

# fuzz NAME MAX_LEN: one target, with its dictionary of the format's words
# (tests/fuzz/NAME.dict), its log in $work/NAME.log
fuzz() {
	"$build/fuzz_$1" -max_total_time="$seconds" -max_len="$2" -timeout=10 \
		-dict="$bench/tests/fuzz/$1.dict" \
		-print_final_stats=1 -artifact_prefix="$work/$1-" \
		"$work/$1.corpus" "$work/$1.seed" >"$work/$1.log" 2>&1
}
fuzz suite 4096 &
spid=$!
fuzz result 65536 &
rpid=$!
src=0
rrc=0
wait "$spid" || src=$?
wait "$rpid" || rrc=$?

# report NAME STATUS: the final figures, or the failure and its input
report() {
	stats=$(grep '^#[0-9]*[[:space:]]*DONE' "$work/$1.log" | tail -n 1)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$1.log")
	if [ "$2" -eq 0 ] && [ -n "$stats" ]; then
		echo "fuzz-parsers: $1: $runs runs in ${seconds}s: $(echo "$stats" |
			sed 's/^#[0-9]*[[:space:]]*DONE[[:space:]]*//')"
		return 0
	fi
	echo "FAIL fuzz-parsers: $1 (status $2); log $work/$1.log:"
	grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$work/$1.log" | head -n 5
	for a in "$work/$1"-*; do
		[ -e "$a" ] && echo "  input: $a ($(wc -c <"$a") bytes)"
	done
	return 1
}
ok=0
report suite "$src" || ok=1
report result "$rrc" || ok=1
if [ "$ok" -eq 0 ] && [ -z "${FUZZ_OUT:-}" ]; then
	rm -rf "$work"
fi
exit "$ok"
