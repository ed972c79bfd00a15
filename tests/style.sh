#!/bin/sh
# Style checks: shellcheck on every shell script, cppcheck on the
# collector and analysis, no files calling each other in circles
# (tests/circles.sh, on the objects), the kernel's checkpatch.pl (from Debian's
# linux-source package) on the module sources, and the module built with
# W=1 (the kernel's extra warnings) against Debian's 6.1 and 6.12 headers,
# with and without the lens's markers: any warning fails.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need shellcheck perl cppcheck
cd "$top"

scripts=$(find . -path ./results -prune -o -path ./.git -prune -o \
	-name '*.sh' -print)
scripts="$scripts .ci/run"
# shellcheck disable=SC2086 # one argument per script
shellcheck $scripts	# the dialect of each: its #! line
echo "style: shellcheck clean on $(echo "$scripts" | wc -w) scripts"
make -s -C bench lint
echo "style: cppcheck clean on record/, bench/ and analysis/"
# no two files of the collector and analysis call each other in a circle
make -s -C bench
tests/circles.sh bench/build/cc/*.o

tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' | sort | tail -n 1)
[ -n "$tarball" ] || skip "no /usr/src/linux-source-*.tar.xz for checkpatch (apt-get install linux-source-6.1)"
tree=$(basename "$tarball" .tar.xz)
cp_dir=$cache/checkpatch/$tree
if [ ! -f "$cp_dir/scripts/checkpatch.pl" ]; then
	mkdir -p "$cp_dir"
	tar -xJf "$tarball" -C "$cp_dir" --strip-components=1 \
		"$tree/scripts/checkpatch.pl" "$tree/scripts/spelling.txt" \
		"$tree/scripts/const_structs.checkpatch"
fi
perl "$cp_dir/scripts/checkpatch.pl" --no-tree --quiet --show-types \
	-f modules/mhp_bench_*.[ch] modules/uapi/*.h
echo "style: checkpatch ($tree) clean on modules/"

# module_w1 KERNEL: the module built with W=1 against KERNEL's headers,
# plain and LENS=1; the warnings (none expected) are printed.
module_w1() {
	kroot=$("$top/bench/vm/fetch-kernel.sh" "$1" "$cache")
	kver=$(basename "$kroot")
	for lens in "" LENS=1; do
		b=$(mktemp -d)
		cp -r "$top/modules/." "$b/"
		# shellcheck disable=SC2086 # lens is empty or one word
		make -s -C "$b" KDIR="$kroot/usr/src/linux-headers-$kver" W=1 $lens >"$b/log" 2>&1 ||
			{ cat "$b/log"; fail "module build failed for $kver $lens"; }
		if grep "warning:" "$b/log"; then
			fail "the module has W=1 warnings on $kver $lens"
		else
			pass "module W=1 clean on $kver ${lens:-plain}"
		fi
		# shellcheck disable=SC2046 # one argument per object
		if tests/circles.sh $(find "$b" -name 'mhp_bench_*.o' ! -name '*.mod.o'); then
			pass "no module files call each other in a circle ($kver ${lens:-plain})"
		else
			fail "module files call each other in a circle ($kver ${lens:-plain})"
		fi
		rm -rf "$b"
	done
}
module_w1 default
module_w1 6.12
[ "$failures" -eq 0 ]
