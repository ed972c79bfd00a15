#!/bin/sh
# /init of the benchmark guest. Prints markers on the console that the host
# runner waits for, loads the NVDIMM bus (nfit, but not nd_pmem, so that the
# PMEM stays free for the benchmark module), mounts the host's share over
# 9p, runs the job the host left there and powers off. An initramfs with
# its own job (/mhp/job.sh: a LAVA job) runs that instead, with no share,
# and prints its results on the console. Nothing may end
# this script early: init exiting panics the guest.
set -eu
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
mount -t tmpfs tmpfs /tmp
echo "mhpbench-guest: init reached"

fail() {
	echo "mhpbench-guest: $*"
	echo "mhpbench-guest: exit 3"
	poweroff -f
}

# load MODULE: modprobe it unless it is built in.
load() {
	grep -q "/$1\.ko" "/lib/modules/$(uname -r)/modules.builtin" ||
		modprobe "$1" || fail "modprobe $1 failed"
}
# Where the job and its results are: the host's share over 9p (the
# project's runner), or, when the initramfs carries the job itself (a LAVA
# job, bench/lava/), the guest's tmpfs, printed on the console at the end.
if [ -f /mhp/job.sh ]; then
	out=/tmp/out
	mkdir -p "$out"
	cp /mhp/job.sh "$out/job.sh"
else
	out=/mnt/out
	load virtio_pci
	load 9pnet_virtio
	load 9p
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 mhpshare "$out" ||
		fail "cannot mount the host share"
fi
load nfit
echo "mhpbench-guest: results in $out"
# the machine that runs this guest, as its runner recorded it before the
# boot: the collector keeps it as environment.virtualization.host
if [ -f "$out/host.record" ]; then
	export MHPB_HOST_RECORD="$out/host.record"
fi

# The NFIT driver registers the region asynchronously. Legacy PMEM
# (memmap=nn!ss, "Persistent Memory (legacy)") is there from boot: wait for
# the NVDIMM's own line.
i=0
while ! grep -q ": Persistent Memory$" /proc/iomem && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done

# Hold perf's scheduler hooks on from here to poweroff: every run's own
# perf events would otherwise patch __schedule() twice while the other
# vCPU runs it, which under MTTCG has ended in an int3 Oops (pmu.c,
# pmu_hold_sched_events()).
holder=
if [ -x /mhp/bench/mhpbench ]; then
	/mhp/bench/mhpbench hold-sched-events >/tmp/held 2>&1 &
	holder=$!
	i=0
	while ! grep -q held /tmp/held && kill -0 "$holder" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "mhpbench-guest: $(cat /tmp/held)"
fi

rc=0
if [ -f "$out/job.sh" ]; then
	echo "mhpbench-guest: running the job"
	cd "$out"
	sh "$out/job.sh" || rc=$?
else
	echo "mhpbench-guest: no job.sh in the share"
	rc=3
fi
dmesg >"$out/dmesg.txt" || true
[ -z "$holder" ] || kill "$holder" 2>/dev/null || true
cd /
if [ "$out" = /tmp/out ]; then
	# LAVA's measurements first, then every file whole
	for f in "$out"/*.json; do
		[ ! -f "$f" ] || /mhp/bench/mhpbench summary --format lava "$f" || true
	done
	sh /mhp/bench/console-export.sh "$out" || rc=3
else
	sync
	umount "$out" || true
fi
echo "mhpbench-guest: exit $rc"
poweroff -f
