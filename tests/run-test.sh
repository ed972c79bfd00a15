#!/bin/sh
# Runs one test script for make: exit status 77 means a prerequisite is
# missing (the script's one line says which): skipped, not failed. Prints
# the script's wall time, so a slow make test says where its time goes.
#
#   tests/run-test.sh SCRIPT [ARG...]
set -u
start=$(date +%s)
rc=0
"$@" || rc=$?
verdict=passed
case $rc in
0) ;;
77) verdict=skipped rc=0 ;;
*) verdict="failed ($rc)" ;;
esac
echo "run-test: $*: $verdict in $(($(date +%s) - start)) s" >&2
exit "$rc"
