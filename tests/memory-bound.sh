#!/bin/sh
# What the cache lens sees that an instruction count misses, end to end:
# make compare PATCH= of the reread-memmap fixture (a second read of every
# struct page after memmap_init_zone_device() has written them: about 5
# instructions a page, one 64-byte line a page) on the patched kernel of
# linux-source-SERIES, LENS=cache, two boots a side, the subsection suite
# (2 MiB to 1 GiB maps). For every map case:
# - memmap_init is flagged worse, by the exact or the far-apart rule (a
#   few last-level misses more or less in a sample move estimated cycles
#   by more than the exact rule's 0.1%), its Ir up (the reads);
# - where the case's struct pages (size / 4096 x 64 bytes) exceed the
#   modelled L1d, the second pass misses L1d once per struct page (extra
#   D1mr within 1% of the pages) and memmap_init and work change more in
#   estimated cycles than in Ir: what the lens is for;
# - where they fit in L1d (2 MiB: 32 KiB of struct pages), the reads hit,
#   and the change in estimated cycles is below the change in Ir.
# Prints, per case, the change in icount instructions (what plain exact
# mode measures), in Ir and in estimated cycles. make memory-bound-test,
# part of make test (kernel-patch/fixtures/README.md).
#
#   tests/memory-bound.sh [SERIES]      (default: 6.1)
#
# Environment: SUITE (subsection), KCONFIG (tiny; debian or a file:
# build-kernel.sh), OUT (keeps the runs and the report; default a
# temporary folder that is removed).
set -eu

series=${1:-6.1}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need qemu-system-x86_64 jq busybox cpio
test_out memory-bound
use_test_kconfig
export MHPB_CLOCK=exact MHPB_LENS=cache
patches=$(fixture_patches "$series" reread-memmap)
start=$(date +%s)
compare_or_stop "PATCH=$patches LENS=cache" PATCH="$patches" KSRC="$series" \
	SUITE="${SUITE:-subsection}" ROUNDS=2
echo "memory-bound: make compare PATCH= LENS=cache: $(compare_times "$out/compare.log")"
dir=$(find "$out" -maxdepth 1 -name 'compare-*' | head -n 1)
report=$dir/report.json
a=$(find "$dir" -mindepth 2 -maxdepth 2 -path '*/1-*' -name '*.json' | head -n 1)
b=$(find "$dir" -mindepth 2 -maxdepth 2 -path '*/2-*' -name '*.json' | head -n 1)
d1=$(jq -r '.environment.virtualization.lens.model.D1.size' "$a")
expect "$(jq -r '[.rows[] | select(.op == "map" and .metric == "memmap_init")][0].unit' "$report")" \
	est_cycles "the work rows are estimated cycles"

# icount SIZE OFFSET RUN: the median (upper) icount instructions of the
# measured maps' memmap_init in that case: what plain exact mode counts
icount() {
	jq -r --argjson s "$1" --argjson o "$2" '[.samples[] | select((.warmup | not)
		and .case.size == $s and .case.offset == $o) | .map.phases.memmap_init.ns] |
		sort | .[length / 2 | floor]' "$3"
}

# One line a map case and phase: size offset metric design significant
# change(est cycles) change(Ir) extra-D1mr
jq -r '.rows[] | select(.op == "map" and (.metric == "memmap_init" or .metric == "work")
	and .cells[1].counts != null) | .cells as [$a, $b] |
	[.case.size, .case.offset, .metric, ($b.design | gsub(" "; "_")), $b.significant,
	 $b.change, $b.counts.Ir / $a.counts.Ir - 1, $b.counts.D1mr - $a.counts.D1mr] |
	map(tostring) | join(" ")' "$report" >"$out/rows.txt"
cases=0
printf '   %-12s %12s %10s %10s %14s\n' case instructions Ir est_cycles "D1mr+/pages"
while read -r size off metric design sig cyc ir d1mr; do
	what="$((size >> 20))M @+$((off >> 20))M $metric"
	pages=$((size / 4096))
	if [ "$metric" = memmap_init ]; then
		cases=$((cases + 1))
		ins=$(awk -v x="$(icount "$size" "$off" "$b")" -v y="$(icount "$size" "$off" "$a")" \
			'BEGIN { print x / y - 1 }')
		awk -v w="${what% *}" -v i="$ins" -v r="$ir" -v c="$cyc" -v m="$d1mr" -v p="$pages" \
			'BEGIN { printf "   %-12s %+11.2f%% %+9.2f%% %+9.2f%% %14.4f\n", w, 100 * i, 100 * r, 100 * c, m / p }'
		case "$design $sig" in
		"exact true" | "far_apart true") pass "$what: flagged ($design)" ;;
		*) fail "$what: not flagged by the exact or the far-apart rule: $design $sig" ;;
		esac
	fi
	if awk -v r="$ir" 'BEGIN { exit !(r > 0) }'; then
		pass "$what: Ir up $ir (the second pass's reads)"
	else
		fail "$what: Ir change $ir, not above 0"
	fi
	if [ $((size / 64)) -gt "$d1" ]; then
		# a second pass over more lines than L1d holds misses once a line
		if awk -v m="$d1mr" -v p="$pages" 'BEGIN { exit !(m >= 0.99 * p && m <= 1.01 * p) }'; then
			pass "$what: the second pass misses L1d once per struct page ($d1mr, $pages pages)"
		else
			fail "$what: extra D1mr $d1mr, not within 1% of the $pages struct pages"
		fi
		if [ "$sig" = true ] && awk -v c="$cyc" -v r="$ir" 'BEGIN { exit !(c > r) }'; then
			pass "$what: flagged, estimated cycles $cyc above Ir $ir (relative changes)"
		else
			fail "$what: flagged $sig, estimated cycles $cyc not above Ir $ir"
		fi
	elif [ "$metric" = memmap_init ]; then
		if awk -v c="$cyc" -v r="$ir" 'BEGIN { exit !(c < r) }'; then
			pass "$what: struct pages within L1d: estimated cycles $cyc below Ir $ir"
		else
			fail "$what: struct pages within L1d, yet estimated cycles $cyc not below Ir $ir"
		fi
	fi
done <"$out/rows.txt"
[ "$cases" -gt 0 ] || fail "no memmap_init row with lens counts in $report"
test_end memory-bound "$start"
