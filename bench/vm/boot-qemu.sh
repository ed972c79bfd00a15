#!/bin/sh
# Boot a kernel with the benchmark initramfs and an emulated NVDIMM, let the
# guest run SHARE/job.sh, and return the job's exit status.
#
#   boot-qemu.sh VMLINUZ INITRD SHARE
#
# The guest takes SHARE/job.sh and the host's record from its initramfs
# (a small archive appended to INITRD for this boot), runs the job in its
# tmpfs and copies every file to SHARE over 9p after the job: 9p during
# the job would move an exact guest's virtual clock (analysis/METHOD.md,
# "Exact mode"). Each rewrite of a run file also goes to the result mirror,
# SHARE/mirror.img (bench/src/mirror.h), which the host reads after QEMU
# ends: a killed guest leaves every finished sample (tests/guest-kill.sh).
# The console log is written to SHARE/console.log and QEMU's pid to
# SHARE/qemu.pid while it runs. A boot that does not reach /init within
# MHPB_BOOT_TIMEOUT seconds is killed and retried (MHPB_BOOT_TRIES times).
# Exit status: the job's, or 124 job timeout, 125 boot never reached /init,
# 126 guest died without reporting a status.
#
# Environment: MHPB_ACCEL auto|kvm|tcg (auto: KVM only where a guest really
# boots under it, remembered in MHPB_CACHE), MHPB_APPEND extra kernel
# arguments, MHPB_JOB_TIMEOUT seconds (3600), MHPB_PMEM_SIZE bytes of the
# NVDIMM's region (4 GiB), MHPB_GUEST_MEM (2G), MHPB_SMP (2),
# MHPB_TCG_THREAD multi|single (QEMU's MTTCG or round-robin TCG; see
# docs/clocks.md; the kernel command line records it as mhpbench.tcg_thread),
# MHPB_CLOCK exact|wall (exact, the default: the guest is clocked by its
# instructions, -icount shift=0,sleep=off, single-threaded TCG, 1 vCPU
# unless MHPB_SMP says otherwise; wall: the guest's clock is the host's),
# MHPB_QEMU the qemu-system-x86_64 to run (for example QEMU 10 from
# bookworm-backports, which exact mode needs for more than one vCPU),
# MHPB_LENS cache (the cache lens: bench/lens/README.md; exact mode, one
# vCPU; the plugin writes SHARE/lens-cache.jsonl) or unset.
# The kernel command line records the clock as mhpbench.clock=icount|wall
# and mhpbench.icount_shift=N. A combination that cannot work is refused
# before booting, with one line saying why (exit status 2).
set -eu

vmlinuz=$1
initrd=$2
share=$3

me=boot-qemu
# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "$0")/../.." && pwd)/bench/lib.sh"
# shellcheck source=bench/vm/machine.sh
. "$(dirname "$0")/machine.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
collector=${MHPB_COLLECTOR:-$top/bench/mhpbench}
boot_timeout=${MHPB_BOOT_TIMEOUT:-90}
boot_tries=${MHPB_BOOT_TRIES:-3}
job_timeout=${MHPB_JOB_TIMEOUT:-3600}
log=$share/console.log
qemu=${MHPB_QEMU:-qemu-system-x86_64}
clock=${MHPB_CLOCK:-exact}

command -v "$qemu" >/dev/null ||
	die "$qemu is missing (apt-get install qemu-system-x86)"

# qemu_at_least MAJOR MINOR: the QEMU to run is that version or newer
qemu_at_least() {
	q_v=$("$qemu" --version | sed -n '1s/.*version \([0-9]*\.[0-9]*\).*/\1/p')
	[ -n "$q_v" ] || return 1
	[ "${q_v%.*}" -gt "$1" ] || { [ "${q_v%.*}" -eq "$1" ] && [ "${q_v#*.}" -ge "$2" ]; }
}

case $clock in
exact)
	tcg_thread=single
	smp=${MHPB_SMP:-1}
	[ "${MHPB_ACCEL:-auto}" != kvm ] ||
		die "MHPB_CLOCK=exact counts instructions under TCG; KVM has no icount (use CLOCK=wall with KVM)"
	[ "${MHPB_TCG_THREAD:-single}" = single ] ||
		die "MHPB_CLOCK=exact runs single-threaded TCG (icount); MHPB_TCG_THREAD=$MHPB_TCG_THREAD needs CLOCK=wall"
	[ "$smp" -eq 1 ] || qemu_at_least 8 1 ||
		die "MHPB_CLOCK=exact with $smp vCPUs needs QEMU 8.1 or newer (older ones livelock bringing up the second CPU under icount): $("$qemu" --version | head -n 1); use MHPB_SMP=1 or MHPB_QEMU (docs/clocks.md, Exact mode)"
	;;
wall)
	tcg_thread=${MHPB_TCG_THREAD:-multi}
	smp=${MHPB_SMP:-2}
	;;
*) die "MHPB_CLOCK is exact or wall, not $clock" ;;
esac

lens=${MHPB_LENS:-}
plugin=
case $lens in
'') ;;
cache)
	[ "$clock" = exact ] ||
		die "LENS=cache simulates the caches of an instruction-clocked guest: refused with CLOCK=$clock"
	[ "$smp" -eq 1 ] ||
		die "LENS=cache simulates one core: refused with MHPB_SMP=$smp"
	plugin=$("$(dirname "$0")/../lens/build.sh" "$qemu") || exit 2
	case $plugin$share in
	*,*) die "LENS=cache: QEMU's -plugin cannot take a path with a comma: $plugin, $share" ;;
	esac
	# "7.2.22/1:7.2+dfsg-7+deb12u18+b3": upstream/Debian (no spaces, no commas)
	qemu_v=$("$qemu" --version | sed -n '1s/.*version \([^ ]*\) (Debian \([^)]*\)).*/\1\/\2/p')
	;;
*) die "MHPB_LENS is cache or unset, not $lens" ;;
esac

# json_string TEXT: TEXT as a JSON string (the host's strings have no
# control characters)
json_string() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

# SHARE/host.record (JSON, not *.json: a run folder's *.json are its
# results), the machine that runs the guest, for the collector to
# record as environment.virtualization.host: exact-mode counts are pooled
# only from runs of one QEMU (analysis/METHOD.md, "Exact mode").
write_host_record() {
	h_qemu=$(command -v "$qemu")
	h_sum=$(sha256sum "$h_qemu")
	h_cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	h_v=$("$qemu" --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
	h_deb=$("$qemu" --version | sed -n '1s/.*(Debian \([^)]*\)).*/\1/p')
	cat >"$share/host.record" <<-EOF
	{"recorded_by": "boot-qemu.sh", "boot_seed": "$boot_seed", "cpu_model": $(json_string "$h_cpu"),
	 "hostname": $(json_string "$(uname -n)"), "kernel": $(json_string "$(uname -r)"),
	 "qemu": {"path": $(json_string "$h_qemu"), "version": $(json_string "$h_v"),
	  "debian_version": $(json_string "$h_deb"), "sha256": "${h_sum%% *}"}}
	EOF
}
# The boot seed: the guest's collector mixes it into every run's seed,
# which draws the spacing of the ops (results/README.md, suite.seed). A
# guest's calendar is fixed in exact mode, so without it every boot would
# draw the same spacing; with one MHPB_BOOT_SEED two exact boots repeat.
boot_seed=${MHPB_BOOT_SEED:-$(od -An -N8 -tx8 /dev/urandom | tr -d ' \n')}
case $boot_seed in
[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) ;;
*) die "MHPB_BOOT_SEED is 16 hexadecimal digits (lower case), not $boot_seed" ;;
esac
write_host_record

# Fresh, sparse NVDIMM backing per boot: no labels or namespaces survive
# from an earlier job.
mkdir -p "$cache/vm"
img=$cache/vm/nvdimm-$$.img
rm -f "$img"
truncate -s "$machine_backend_size" "$img"

[ -r "$initrd" ] || die "$initrd: no initramfs to boot"
[ -r "$share/job.sh" ] || die "$share/job.sh: no job for the guest"
# The initramfs of this boot: INITRD and, appended (the kernel unpacks
# concatenated archives in order), the job, the host's record and the
# mark that the share is mounted after the job (guest-init.sh).
seal=$cache/vm/seal-$$
boot_initrd=$cache/vm/initrd-$$.cpio
rm -rf "$seal"
mkdir -p "$seal/mhp"
cp "$share/job.sh" "$seal/mhp/job.sh"
cp "$share/host.record" "$seal/mhp/host.record"
echo "$boot_seed" >"$seal/mhp/boot-seed"
: >"$seal/mhp/share.after"
{
	cat "$initrd"
	initramfs_of "$seal"
} >"$boot_initrd"
rm -rf "$seal"
mirror=$share/mirror.img

qpid=
# shellcheck disable=SC2317 # called by the traps
cleanup() {
	if [ -n "$qpid" ]; then kill "$qpid" 2>/dev/null || true; fi
	qpid=
	restore_mirror
	rm -f "$img" "$boot_initrd"
}

# The run files the guest did not copy back (it was killed, or died),
# from the result mirror; then the mirror goes.
restore_mirror() {
	[ -f "$mirror" ] || return 0
	"$collector" mirror-extract "$mirror" "$share" ||
		log "the result mirror $mirror could not be read back whole"
	rm -f "$mirror"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# boot ACCEL BOOT_TIMEOUT: one attempt; returns the job status or 124-126.
# POSIX sh has no locals: every variable here is prefixed b_.
boot() {
	b_accel=$1
	b_limit=$2
	b_cpu=$machine_tcg_cpu
	[ "$b_accel" = kvm ] && b_cpu=host
	: >"$log"
	rm -f "$mirror"
	truncate -s "$machine_mirror_size" "$mirror"
	b_qaccel=$b_accel
	b_tcg=" mhpbench.clock=wall"
	b_icount=
	if [ "$b_accel" = tcg ]; then
		b_qaccel=tcg,thread=$tcg_thread
		b_tcg="$b_tcg mhpbench.tcg_thread=$tcg_thread"
	fi
	if [ "$clock" = exact ]; then
		b_icount="-icount $machine_icount $machine_exact_fixed"
		b_tcg=" $machine_exact_append"
	fi
	b_lens=
	if [ -n "$lens" ]; then
		b_lens="-plugin $plugin,out=$share/lens-cache.jsonl,qemu=$qemu_v"
		b_tcg="$b_tcg mhpbench.lens=$lens"
	fi
	# shellcheck disable=SC2086 # b_icount and b_lens are empty or words
	"$qemu" -accel "$b_qaccel" $b_icount $b_lens -cpu "$b_cpu" -smp "$smp" \
		-M pc,nvdimm=on -m "$machine_mem" \
		-object memory-backend-file,id=nvmem0,share=on,mem-path="$img",size="$machine_backend_size" \
		-device "$machine_nvdimm" \
		-object memory-backend-file,id=mirror0,share=on,mem-path="$mirror",size="$machine_mirror_size" \
		-device ivshmem-plain,memdev=mirror0 \
		-kernel "$vmlinuz" -initrd "$boot_initrd" \
		-append "$machine_append mhpbench.accel=$b_accel$b_tcg ${MHPB_APPEND:-}" \
		-virtfs local,path="$share",mount_tag=mhpshare,security_model=none,id=share0 \
		-nodefaults -display none -monitor none -serial file:"$log" -no-reboot \
		-pidfile "$share/qemu.pid" \
		>"$share/qemu.stderr" 2>&1 &
	qpid=$!
	b_t=0
	while ! grep -q "mhpbench-guest: init reached" "$log"; do
		if ! kill -0 "$qpid" 2>/dev/null; then
			qpid=
			log "qemu exited before /init:"
			cat "$share/qemu.stderr" >&2
			return 125
		fi
		if [ "$b_t" -ge "$b_limit" ]; then
			kill "$qpid" 2>/dev/null || true
			wait "$qpid" 2>/dev/null || true
			qpid=
			return 125
		fi
		sleep 1
		b_t=$((b_t + 1))
	done
	b_booted=$b_t
	b_t=0
	# Show the guest's console (the collector's progress) on a terminal.
	b_tail=
	if [ -t 2 ]; then
		tail -n +1 -f "$log" >&2 &
		b_tail=$!
	fi
	while kill -0 "$qpid" 2>/dev/null; do
		if [ "$b_t" -ge "$job_timeout" ]; then
			log "job still running after ${job_timeout}s, killing the guest"
			kill "$qpid" 2>/dev/null || true
			wait "$qpid" 2>/dev/null || true
			qpid=
			return 124
		fi
		sleep 1
		b_t=$((b_t + 1))
	done
	wait "$qpid" 2>/dev/null || true
	qpid=
	restore_mirror
	if [ -n "$b_tail" ]; then kill "$b_tail" 2>/dev/null || true; fi
	log "$b_accel guest reached /init in ${b_booted}s, job ran ${b_t}s"
	b_rc=$(sed -n 's/.*mhpbench-guest: exit \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	[ -n "$b_rc" ] || return 126
	return "$b_rc"
}

# A KVM guest can hang on a host whose KVM is a paravirtual variant: try it
# once per host kernel with a short bound and remember the verdict.
accel=${MHPB_ACCEL:-auto}
# exact mode is TCG by definition: no KVM check
[ "$clock" = wall ] || [ "$accel" != auto ] || accel=tcg
if [ "$accel" = auto ]; then
	accel=tcg
	verdict=$cache/kvm-verdict-$(uname -r)
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		if [ ! -f "$verdict" ]; then
			mkdir -p "$cache"
			log "checking whether a guest boots under KVM here"
			rc=0
			boot kvm 30 || rc=$?
			if [ "$rc" -eq 125 ]; then
				echo broken >"$verdict"
				log "KVM guest did not reach /init in 30s; using TCG from now on"
			else
				echo works >"$verdict"
				exit "$rc"
			fi
		elif [ "$(cat "$verdict")" = works ]; then
			accel=kvm
		fi
	fi
fi

try=1
while :; do
	rc=0
	boot "$accel" "$boot_timeout" || rc=$?
	[ "$rc" -eq 125 ] || break
	log "boot $try did not reach /init within ${boot_timeout}s"
	[ "$try" -lt "$boot_tries" ] || break
	try=$((try + 1))
done
exit "$rc"
