#!/bin/sh
# Print every file of a run folder on standard output (the console of a
# LAVA job), so that the result files come home whole inside the job's
# log: `mhpbench import-lava` takes them out again and refuses any that
# was cut short or altered on the way. Runs in the benchmark guest
# (busybox) and on a lab's own root file system (coreutils).
#
#   console-export.sh DIR
#
# Per file, gzip -9n then base64 in lines of 76 characters:
#   mhpbench-file: begin NAME BYTES SHA256   (of the file itself)
#   mhpbench-b64: ...
#   mhpbench-file: end NAME LINES
# and after the last one "mhpbench-file: done COUNT". Every line of a file
# carries a prefix, so that kernel messages landing between two lines are
# told apart; one landing inside a line changes the hash.
set -eu

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: console-export.sh DIR" >&2
	exit 2
fi
n=0
for f in "$1"/*; do
	[ -f "$f" ] || continue
	name=${f##*/}
	case $name in
	*[!A-Za-z0-9_.+@,=-]*)
		echo "mhpbench-file: skipped a name import-lava cannot take: $name"
		continue
		;;
	esac
	bytes=$(wc -c <"$f")
	sum=$(sha256sum "$f")
	echo "mhpbench-file: begin $name $((bytes)) ${sum%% *}"
	gzip -9nc "$f" | base64 | awk -v name="$name" '
		{ print "mhpbench-b64: " $0 }
		END { print "mhpbench-file: end " name " " NR }'
	n=$((n + 1))
done
echo "mhpbench-file: done $n"
