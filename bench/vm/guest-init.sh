#!/bin/sh
# /init of the benchmark guest. Prints markers on the console that the host
# runner waits for, loads the NVDIMM bus (nfit, but not nd_pmem, so that the
# PMEM stays free for the benchmark module), runs the job its initramfs
# carries (/mhp/job.sh) in its tmpfs and powers off. The results leave
# after the job: over 9p to the host's share when the runner asked for it
# (/mhp/share.after, bench/vm/boot-qemu.sh), else on the console (a LAVA
# job, bench/lava/). No host I/O happens during the job: 9p completes on
# the host's threads and would move an exact guest's virtual clock. Each
# run file's rewrites also go to the result mirror when QEMU gives one
# (bench/src/mirror.h). Nothing may end this script early: init exiting
# panics the guest.
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

# The initramfs holds the modules of the kernel it was built for: another
# kernel (a stale image) stops here, named, before anything is measured.
[ -d "/lib/modules/$(uname -r)" ] ||
	fail "booted kernel $(uname -r), but this initramfs is for $(ls /lib/modules)"

# load MODULE: modprobe it unless it is built in.
load() {
	grep -q "/$1\.ko" "/lib/modules/$(uname -r)/modules.builtin" ||
		modprobe "$1" || fail "modprobe $1 failed"
}
# copy_to_share DIR: every file of DIR into the host's share, over 9p
copy_to_share() {
	load virtio_pci
	load 9pnet_virtio
	load 9p
	mkdir -p /mnt/share
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 mhpshare /mnt/share ||
		{ echo "mhpbench-guest: cannot mount the host share"; return 1; }
	c_rc=0
	cp -a "$1/." /mnt/share/ || c_rc=1
	sync
	umount /mnt/share || true
	return "$c_rc"
}

# The ivshmem device of the result mirror (1af4:1110), enabled; prints
# its memory's sysfs file.
mirror_device() {
	for d in /sys/bus/pci/devices/*; do
		if [ "$(cat "$d/vendor")" != 0x1af4 ] || [ "$(cat "$d/device")" != 0x1110 ]; then
			continue
		fi
		echo 1 >"$d/enable" 2>/dev/null || true
		echo "$d/resource2"
		return 0
	done
}

[ -f /mhp/job.sh ] || fail "no job in the initramfs"
out=/tmp/out
mkdir -p "$out"
cp /mhp/job.sh "$out/job.sh"
load nfit
echo "mhpbench-guest: results in $out"
# the machine that runs this guest, as its runner recorded it before the
# boot: the collector keeps it as environment.virtualization.host
if [ -f /mhp/host.record ]; then
	export MHPB_HOST_RECORD=/mhp/host.record
fi
# the result mirror: a runner's guest (a LAVA guest has none)
if [ -f /mhp/share.after ]; then
	MHPB_MIRROR=$(mirror_device)
	export MHPB_MIRROR
fi
# the runner's seed of this boot, mixed into each run's seed
if [ -f /mhp/boot-seed ]; then
	MHPB_BOOT_SEED=$(cat /mhp/boot-seed)
	export MHPB_BOOT_SEED
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
echo "mhpbench-guest: running the job"
cd "$out"
sh "$out/job.sh" || rc=$?
dmesg >"$out/dmesg.txt" || true
[ -z "$holder" ] || kill "$holder" 2>/dev/null || true
cd /
if [ -f /mhp/share.after ]; then
	copy_to_share "$out" || rc=3
else
	# LAVA's measurements first, then every file whole
	for f in "$out"/*.json; do
		[ ! -f "$f" ] || /mhp/bench/mhpbench summary --format lava "$f" || true
	done
	sh /mhp/bench/console-export.sh "$out" || rc=3
fi
echo "mhpbench-guest: exit $rc"
poweroff -f
