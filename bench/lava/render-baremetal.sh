#!/bin/sh
# Render a LAVA job for a bare-metal x86 machine with PMEM: the lab's own
# kernel and a Debian root file system with the mhpbench and
# mhpbench-dkms packages installed (docs/packages.md), booted over the
# network; the test definition bench/lava/mhpbench-test.yaml, carried
# inline with SUITE set (LAVA takes no parameters for an inline
# definition), runs the installed collector. The headline figures become LAVA
# measurements and the run's files come home in the job's log for
# `mhpbench import-lava`, as from the QEMU job (render-job.sh).
#
#   render-baremetal.sh SUITE DIR
#
# Environment (the lab's): LAVA_KERNEL_URL (a bzImage), LAVA_NFSROOTFS_URL
# (a tar.xz of the root file system), LAVA_DEVICE_TYPE (x86), LAVA_PROMPT
# (the root shell's prompt, 'root@[^:]*:~#'). The clock is the machine's:
# figures are time, not instruction counts. Writes DIR/job.yaml.
set -eu

[ $# -eq 2 ] || { echo "usage: render-baremetal.sh SUITE DIR" >&2; exit 2; }
suite=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
me=render-baremetal
# shellcheck source=bench/lib.sh
. "$here/../lib.sh"

kernel_url=${LAVA_KERNEL_URL:?set LAVA_KERNEL_URL: the URL of the lab kernel bzImage}
rootfs_url=${LAVA_NFSROOTFS_URL:?set LAVA_NFSROOTFS_URL: the root file system with mhpbench installed}
case $suite in
*[!A-Za-z0-9_.-]*) die "a bare-metal job runs an installed suite by name, not $suite" ;;
esac
mkdir -p "$dir"
cat >"$dir/job.yaml" <<JOB
# mhpbench: suite $suite on a bare-metal machine (bench/lava/README.md)
device_type: ${LAVA_DEVICE_TYPE:-x86}
job_name: mhpbench $suite on bare metal
priority: medium
visibility: public
timeouts:
  job: {minutes: 120}
  action: {minutes: 90}
  connection: {minutes: 2}
metadata:
  mhpbench.suite: "$suite"
  mhpbench.clock: wall
actions:
- deploy:
    to: tftp
    timeout: {minutes: 10}
    kernel: {url: "$kernel_url"}
    nfsrootfs: {url: "$rootfs_url", compression: xz}
    os: debian
- boot:
    method: ipxe
    commands: nfs
    timeout: {minutes: 10}
    auto_login: {login_prompt: 'login:', username: root}
    prompts: ['${LAVA_PROMPT:-root@[^:]*:~#}']
- test:
    timeout: {minutes: 90}
    definitions:
    - from: inline
      name: mhpbench
      path: inline/mhpbench.yaml
      repository:
$(sed -e '/^#/d' -e "s/^  SUITE: .*/  SUITE: $suite/" -e 's/^/        /' "$here/mhpbench-test.yaml")
JOB
log "wrote $dir/job.yaml"
