#!/bin/sh
# make compare / make track over plain SSH hosts (docs/lab-ssh.md): GNU
# parallel runs one guest job per (round, kernel) on HOSTS and brings each
# job's result files back, into the folder layout of bench/kernels.sh
# (I-KERNEL/rROUND-*.json), whose reports and plots it then writes here.
#
#   spread.sh compare|track HOSTS KERNEL...
#
# HOSTS: parallel's --sshlogin list: "host1,8/user@host2,4/ssh -p 2222 host3"
# (":" is this machine, "1/:" one guest at a time on it). Each host needs
# ssh from here without a password, GNU parallel, and LAB_TREE: a checkout
# of the project (the setup step installs its packages and builds it) or
# the runner of the mhpbench package (/usr/share/mhpbench). A setup step on
# every host first fetches the kernels and reports which releases they
# resolve to and which QEMU the host has: a series (6.12) or default that
# resolves differently on two hosts, or two QEMUs in exact mode, stop the
# run before any guest boots. Wall mode takes one host only: its times
# depend on the hardware, which would then differ between boots.
# Environment: LAB_TREE (that path on the hosts, absolute or from the
# login folder; default: this checkout's path), ROUNDS, SUITE, OUT as
# bench/kernels.sh takes them; every MHPB_* variable set here but
# MHPB_CACHE and MHPB_COLLECTOR is passed on to the hosts' runners.
set -eu

me=spread
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"

[ $# -ge 3 ] || die "usage: spread.sh compare|track HOSTS KERNEL..."
mode=$1
hosts=$2
shift 2
clock=${MHPB_CLOCK:-exact}
rounds=$(default_rounds "$mode") || die "mode is compare or track, not $mode"
rounds=${ROUNDS:-$rounds}
case $rounds in '' | *[!0-9]* | 0) die "ROUNDS is a count, not $rounds" ;; esac
for k in "$@"; do
	case $k in '' | *[!A-Za-z0-9._+-]*) die "not a kernel name: $k" ;; esac
done
command -v parallel >/dev/null || die "GNU parallel not found (apt-get install parallel)"
# the reports are made here, after the boots: the collector and gnuplot first
command -v gnuplot >/dev/null || die "gnuplot not found (bench/install-deps.sh bench)"
make -s -C "$top" >&2 || die_status=1 die "cannot build the collector here"
nhosts=$(printf '%s\n' "$hosts" | tr ',' '\n' | grep -c .) || true
# transfers only to hosts over ssh (parallel warns when there are none)
remote=
for h in $(printf '%s\n' "$hosts" | tr ', ' '\n_'); do
	case $h in : | */:) ;; *) remote=1 ;; esac
done
slots=
if [ "$clock" = wall ]; then
	[ "$nhosts" -eq 1 ] ||
		die "wall mode times the hosts' hardware: spread it over one host, not $nhosts (docs/lab-ssh.md)"
	slots=-j1	# as bench/vm/rounds.sh: one timed guest at a time
fi
suite=${SUITE:-subsection}
kernels=$*

dir=${OUT:-$top/results/local}/$mode-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
cd "$dir"
# the name of every folder this run puts in the hosts' login folders
id=mhpbench-lab-$(basename "$dir")-$$
"$top/bench/vm/suite-job.sh" "$suite" >job.sh

# the guest's job goes in a variable: no file shared by the jobs of a
# host, nor by hosts that share a home folder
LAB_JOB=$(cat job.sh)
export LAB_TREE="${LAB_TREE:-$top}" LAB_ID="$id" LAB_KERNELS="$kernels" LAB_JOB
# parallel's options: the variables the hosts' commands read
set -- --env LAB_TREE --env LAB_ID --env LAB_KERNELS --env LAB_JOB
for v in $(env | sed -n 's/^\(MHPB_[A-Z0-9_]*\)=.*/\1/p'); do
	case $v in MHPB_CACHE | MHPB_COLLECTOR) ;; *) set -- "$@" --env "$v" ;; esac
done

# Setup, once per host and one host at a time (hosts may share a home
# folder, and with it the checkout and the cache): packages and collector
# (a checkout), the kernels (fetched, so that concurrent guests share
# them; their releases named), the QEMU. Lines "HOST<tab>kernel NAME
# RELEASE" and "HOST<tab>qemu ...".
# shellcheck disable=SC2016 # expanded on the host
setup='t=$LAB_TREE; case $t in /*) ;; *) t=$HOME/$t ;; esac
c=${MHPB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mhpbench}
if [ -f "$t/Makefile" ]; then "$t/bench/install-deps.sh" bench >&2 && make -s -C "$t" >&2 || exit 1; fi
for k in $LAB_KERNELS; do d=$("$t/bench/vm/fetch-kernel.sh" "$k" "$c") || exit 1; echo "kernel $k ${d##*/}"; done
echo "qemu $("${MHPB_QEMU:-qemu-system-x86_64}" --version | head -n 1)"'
log "setup on $nhosts host(s): packages, collector, kernels, QEMU"
parallel --nonall -j1 -S "$hosts" --tag "$@" "$setup" >setup.txt ||
	die "the setup failed on a host (above); nothing booted"
sed 's/^/  /' setup.txt >&2
# one line per different answer to a question ("kernel NAME", "qemu")
differs() { cut -f 2- setup.txt | grep "^$1" | sort -u | awk 'END { exit NR < 2 }'; }
for k in $kernels; do
	! differs "kernel $k " ||
		die_status=1 die "the hosts resolve $k to different releases (above): name one release"
done
if [ "$clock" != wall ] && differs qemu; then
	die_status=1 die "the hosts run different QEMUs (above): exact-mode counts of different QEMUs are not pooled; install one QEMU everywhere or set MHPB_QEMU"
fi

# The jobs, "ROUND I NAME RELEASE", in rounds (A B A B: drift of the hosts
# hits every kernel alike), parallel starting them in this order.
r=1
while [ "$r" -le "$rounds" ]; do
	i=1
	for k in $kernels; do
		rel=$(cut -f 2- setup.txt | sed -n "s/^kernel $k //p" | head -n 1)
		echo "$r $i $k $rel"
		i=$((i + 1))
	done
	r=$((r + 1))
done >jobs.txt
# A job on its host, in the login folder (here for ":"): the guest's
# folder under guests/rROUND-I/, its result files as I-NAME/rROUND-*.json,
# all in one tar that --return brings here and --cleanup removes there.
# shellcheck disable=SC2016 # expanded on the host
job='r={1} i={2} n={3} k={4}; w=$PWD/$LAB_ID-$r-$i
t=$LAB_TREE; case $t in /*) ;; *) t=$HOME/$t ;; esac
c=$t/bench/mhpbench; [ -x "$c" ] || c=$(command -v mhpbench)
mkdir -p "$w/$i-$n" && printf "%s\n" "$LAB_JOB" >"$w/job.sh" &&
run=$(MHPB_COLLECTOR=$c "$t/bench/vm/run-job.sh" "$k" "$w/job.sh" "$w/guests/r$r-$i") &&
for f in "$run"/*.json; do cp "$f" "$w/$i-$n/r$r-${f##*/}"; done &&
tar -cf "$w.tar" -C "$w" "$i-$n" guests && rm -r "$w"'
log "$(wc -l <jobs.txt) guests on $nhosts host(s), $rounds round(s)"
tb=$(date +%s)
failed=0
# shellcheck disable=SC2086 # slots is empty or one option
parallel -S "$hosts" $slots "$@" --colsep ' ' -a jobs.txt \
	${remote:+--return "$id-{1}-{2}.tar" --cleanup} \
	--retries 2 --halt soon,fail=1 --joblog joblog.txt --line-buffer \
	--tagstring 'r{1} {3}' "$job" >&2 || failed=1
for f in "$id"-*.tar; do
	[ -f "$f" ] || continue
	tar -xf "$f" && rm "$f"
done
# a job's host and seconds: joblog.txt (parallel's --joblog)
awk -F '\t' 'NR > 1 { n[$2]++; s[$2] += $4 }
	END { for (h in n) printf "  %d guests on %s, %.0f s in all\n", n[h], h, s[h] }' joblog.txt >&2
[ "$failed" -eq 0 ] || die_status=1 die "a guest failed twice: joblog.txt in $dir; its guest folder stays in its host's login folder, $id-ROUND-I/guests (here: $dir)"
log "$(wc -l <jobs.txt) boots in $(($(date +%s) - tb)) s"
# which host and QEMU the result files say ran them
# (environment.virtualization.host: compare refuses a mix in exact mode)
awk -F '"' '/"recorded_by"/ { h = 1 } h && /"hostname"/ { host = $4 }
	h && /"debian_version"/ { print "  host " host ", QEMU " $4; h = 0 }' ./*-*/r*.json |
	sort | uniq -c >&2

ta=$(date +%s)
n=$#
i=1
for k in $kernels; do
	set -- "$@" "$dir/$i-$k"
	i=$((i + 1))
done
shift "$n"
release_order "$@" >order.txt
"$top/bench/replot.sh" "$mode" "$dir" "$@"
cat report.txt
log "analysis and plots in $(($(date +%s) - ta)) s"
log "report and plots in $dir"
