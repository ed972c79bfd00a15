#!/bin/sh
# Style checks: shellcheck on every shell script, and the kernel's
# checkpatch.pl (from Debian's linux-source package) on the module sources.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
need shellcheck perl
cache=${MHPB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mhpbench}
cd "$top"

scripts=$(find . -path ./results -prune -o -path ./.git -prune -o \
	-name '*.sh' -print)
scripts="$scripts .ci/run"
# shellcheck disable=SC2086 # one argument per script
shellcheck $scripts	# the dialect of each: its #! line
echo "style: shellcheck clean on $(echo "$scripts" | wc -w) scripts"

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
