#!/bin/sh
# Render a LAVA job for LAVA's QEMU device type: the project's guest as
# bench/vm/boot-qemu.sh boots it (the kernel, the project's initramfs with
# the job inside it, the emulated NVDIMM, icount, the same kernel command
# line), reporting the headline figures as LAVA measurements and printing
# every result file on the console for `mhpbench import-lava`.
#
#   render-job.sh KERNEL SUITE DIR
#
# Writes DIR/vmlinuz, DIR/initrd.cpio, DIR/job.yaml (what a lab submits:
# lavacli jobs submit DIR/job.yaml) and DIR/device.yaml (LAVA's qemu
# device type rendered with the job's context, for a local lava-run).
# Environment: MHPB_CLOCK exact (TCG, icount: counts of instructions) or
# wall (the worker's KVM: time); LAVA_ARTEFACTS the URL the worker fetches
# DIR's files from (default file://DIR, for lava-run on this machine).
set -eu

[ $# -eq 3 ] || { echo "usage: render-job.sh KERNEL SUITE DIR" >&2; exit 2; }
kernel=$1
suite=$2
dir=$3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
me=render-job
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
# shellcheck source=bench/vm/machine.sh
. "$top/bench/vm/machine.sh"

clock=${MHPB_CLOCK:-exact}
[ -z "${MHPB_LENS:-}" ] ||
	die "LENS=$MHPB_LENS: a LAVA worker has no lens plugin; render the job without it"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
url=${LAVA_ARTEFACTS:-file://$dir}

"$top/bench/vm/suite-job.sh" "$suite" >"$dir/guest-job.sh"
kroot=$(MHPB_GUEST_JOB=$dir/guest-job.sh "$top/bench/vm/build-guest.sh" "$kernel" "$dir")
kver=$(basename "$kroot")
cp "$kroot/boot/vmlinuz-$kver" "$dir/vmlinuz"
rm -rf "$dir/modules" "$dir/modules.log"

case $clock in
exact)
	no_kvm=true
	accel="- -accel tcg,thread=single
  - -icount $machine_icount
  - -cpu $machine_tcg_cpu
  - -smp 1"
	append="$machine_append mhpbench.accel=tcg $machine_exact_append"
	;;
wall)
	# LAVA's template adds -cpu host -enable-kvm
	no_kvm=false
	accel="- -smp 2"
	append="$machine_append mhpbench.accel=kvm mhpbench.clock=wall"
	;;
*) die "MHPB_CLOCK is exact or wall, not $clock" ;;
esac

# The NVDIMM's backing is the worker's RAM: a LAVA job cannot name a file
# on its worker, and the guest sees the same device either way. No VGA
# card, as in a direct boot (-nodefaults): its BARs alone moved a 2 MiB
# unmap's work by 44 instructions (bench/lava/README.md).
cat >"$dir/job.yaml" <<JOB
# mhpbench: suite $suite on $kver, clock $clock (bench/lava/README.md)
device_type: qemu
job_name: mhpbench $suite on $kver ($clock)
priority: medium
visibility: public
timeouts:
  job: {minutes: 90}
  action: {minutes: 80}
  connection: {minutes: 2}
metadata:
  mhpbench.suite: "$suite"
  mhpbench.kernel: "$kver"
  mhpbench.clock: "$clock"
context:
  arch: amd64
  # the kernel is quiet: LAVA's "Linux version" never comes
  kernel_start_message: 'mhpbench-guest: init reached'
  no_kvm: $no_kvm
  memory: "$machine_mem"
  extra_options:
  - -machine pc,nvdimm=on
  - -object memory-backend-ram,id=nvmem0,size=$machine_backend_size
  - -device $machine_nvdimm
  - -vga none
  - -no-reboot
  $accel
actions:
- deploy:
    to: tmpfs
    timeout: {minutes: 5}
    images:
      kernel:
        image_arg: -kernel {kernel} -append "$append"
        url: $url/vmlinuz
      initrd:
        image_arg: -initrd {initrd}
        url: $url/initrd.cpio
- boot:
    method: qemu
    media: tmpfs
    timeout: {minutes: 5}
    prompts: ['mhpbench-guest: results in ']
- test:
    timeout: {minutes: 80}
    monitors:
    - name: mhpbench
      start: 'mhpbench-guest: running the job'
      # with the status: the log line is cut where the pattern ends
      end: 'mhpbench-guest: exit [0-9]+'
      pattern: 'mhpbench-measure: (?P<test_case_id>\w+) (?P<measurement>[0-9.]+) (?P<units>\w+)'
JOB
"$here/render-device.sh" "$dir/job.yaml" "$dir/device.yaml"
log "wrote $dir/job.yaml and its artefacts"
