#!/bin/sh
# Files that call each other in circles: from the symbols of the object
# files (nm), an edge A -> B when A.o uses a function or object B.o
# defines; tsort finds any loop. A layer whose files call in circles has
# no order to read it in, and none to test it in.
#
#   tests/circles.sh OBJECT.o...     (exit 1 and the loop when there is one)
set -eu
[ $# -gt 0 ] || { echo "usage: circles.sh OBJECT.o..." >&2; exit 2; }
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for o in "$@"; do
	nm --defined-only -g "$o" | awk -v f="$(basename "$o" .o)" 'NF == 3 { print $3, f }'
done | sort -u >"$edges.def"
for o in "$@"; do
	f=$(basename "$o" .o)
	nm -u "$o" | awk '{ print $NF }' | sort -u |
		join - "$edges.def" | awk -v f="$f" '$2 != f { print f, $2 }'
done | sort -u >"$edges"
rm -f "$edges.def"
if ! loop=$(tsort "$edges" 2>&1 >/dev/null) || [ -n "$loop" ]; then
	echo "circles: files that call each other in a loop:" >&2
	echo "$loop" | sed -n 's/^tsort: //p' >&2
	exit 1
fi
echo "circles: none among $# files ($(wc -l <"$edges") calls between files)"
