#!/bin/sh
# End-to-end test in a QEMU guest with Debian's stock kernel(s): run the
# smoke, pfn_valid, features and private suites, the module's negative
# checks and the section collisions,
# then check the result files
# (independently of mhpbench's own reader, with jq) and the guest's log.
#
#   tests/e2e.sh [KERNEL...]     (default: the kernel linux-image-amd64 names)
#   tests/e2e.sh --build KERNEL...
#
# A patched-SERIES kernel (Debian's configuration; -tiny: KCONFIG=tiny) is
# built first if needed (kernel-patch/); --build only builds them (make
# test builds them beside the tests that need no built kernel).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
if [ "${1:-}" = --build ]; then
	shift
	for kernel; do
		case $kernel in
		patched-*) build_patched "$kernel" || { fail "$kernel: its build failed"; exit 1; } ;;
		esac
	done
	pass "built $*"
	exit 0
fi
need qemu-system-x86_64 jq busybox cpio

job=$out/job.sh
cat >"$job" <<'EOF'
# A patched kernel has the mhp tracepoints: record them during the smoke run.
ev=/sys/kernel/tracing/events/mhp
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || true
# record-cmd off: recording task names registers a sched_switch probe,
# which patches __schedule() (guest-init.sh says why to avoid that).
if [ -d $ev ]; then
	echo 0 >/sys/kernel/tracing/options/record-cmd
	echo 1 >$ev/enable
fi
rc=0
/mhp/bench/mhpbench run smoke -o . >run.out 2>&1 || rc=$?
echo "$rc" >run.rc
if [ -d $ev ]; then
	echo 0 >$ev/enable
	cat /sys/kernel/tracing/trace >mhp-trace.txt
fi
rc=0
/mhp/bench/mhpbench check-errors >checks.out 2>&1 || rc=$?
echo "$rc" >checks.rc
rc=0
/mhp/bench/mhpbench run pfn_valid -o . >pfn.out 2>&1 || rc=$?
echo "$rc" >pfn.rc
rc=0
/mhp/bench/mhpbench run features -o . >features.out 2>&1 || rc=$?
echo "$rc" >features.rc
rc=0
/mhp/bench/mhpbench collisions -o . >collisions.out 2>&1 || rc=$?
echo "$rc" >collisions.rc
rc=0
/mhp/bench/mhpbench run private -o . >private.out 2>&1 || rc=$?
echo "$rc" >private.rc
EOF

# check_pfn FOLDER KERNEL: every pfn_valid() window has exactly the valid
# count of the layout the run mapped.
check_pfn() {
	json=$(find "$1" -name 'pfn_valid-*.json' | head -n 1)
	if [ -z "$json" ]; then
		fail "$2: no pfn_valid result file; pfn.out:"
		cat "$1/pfn.out"
		return
	fi
	expect "$(cat "$1/pfn.rc")" 0 "$2: pfn_valid run's exit status"
	expect "$(jq -r .status "$json")" complete "$2: pfn_valid run status"
	# keep in step with suites/pfn_valid (repeat 10)
	got=$(jq -r '[.pfn_valid[] | select(.warmup | not) | .case] | group_by(.) | map("\(.[0])x\(length)") | join(" ")' "$json")
	expect "$got" "addedx10 boot_ramx10 farx10 never_addedx10 not_addedx10" \
		"$2: pfn_valid cases x repetitions"
	bad=$(jq -r '[.pfn_valid[] | select(.errno != 0 or .raw_ps <= 0
	    or .valid != (if (.case == "added" or .case == "boot_ram") then .count else 0 end))
	    | "\(.seq)/\(.case)"] | join(" ")' "$json")
	expect "$bad" "" "$2: pfn_valid windows with a wrong valid count or no time"
	sed -n 's/^  \([a-z_]*\) *n=[0-9]* *\([0-9.]* ns\).*/   pfn_valid \1: \2/p' "$1/pfn.out"
}

# check_features FOLDER KERNEL: memmap on PMEM, compound pages, FS_DAX's
# static key, probes on and off, memmap init against memset.
check_features() {
	json=$(find "$1" -name 'features-*.json' | head -n 1)
	if [ -z "$json" ]; then
		fail "$2: no features result file; features.out:"
		cat "$1/features.out"
		return
	fi
	expect "$(cat "$1/features.rc")" 0 "$2: features run's exit status"
	q() { jq -r "$1" "$json"; }
	expect "$(q .status)" complete "$2: features run status"
	expect "$(q '[.samples[] | select(.probes == "off")] | length')" 32 \
		"$2: samples with the probes off"
	expect "$(q '[.samples[] | select(.probes == "off" and .map.no_probes and .unmap.no_probes
	    and .map.total_ns > 0 and .unmap.total_ns > 0 and (.map.phases | length) == 0)] | length')" 32 \
		"$2: probes-off samples with a total and no phases"
	expect "$(q '[.samples[] | select(.probes == "on" and .case.type == "fs_dax"
	    and (.map.phases.static_key_inc.calls // 0) > 0 and (.unmap.phases.static_key_dec.calls // 0) > 0)] | length')" 16 \
		"$2: fs_dax samples that timed the static key phases"
	expect "$(q '[.samples[] | select(.case.memmap == "pmem" and .case.size == 134217728 and .map.altmap_alloc > 0)] | length')" 16 \
		"$2: 128M maps with their memmap on PMEM (altmap used)"
	expect "$(q '[.samples[] | select(.unmap.altmap_alloc != 0)] | length')" 0 \
		"$2: unmaps that left altmap pages allocated"
	expect "$(q '[.memset[] | select(.errno == 0 and .memset_bytes_per_s > 0 and .stores_bytes_per_s > 0)] | length')" 16 \
		"$2: cases with a positive memset and store bandwidth"
	# the median memmap init bandwidth of each case is below its memset's
	# shellcheck disable=SC2016 # jq variables, not shell ones
	bad=$(q '(.memset) as $m | [.samples[] | select(.map.memmap_init_bytes_per_s)]
	    | group_by(.case) | map(. as $g | ([$g[].map.memmap_init_bytes_per_s] | sort | .[length / 2 | floor]) as $med
	      | ($m[] | select(.case == $g[0].case) | .memset_bytes_per_s) as $bw
	      | select($med <= 0 or $med >= $bw) | "\($g[0].case.size)/\($g[0].case.type)/\($g[0].case.vmemmap_shift)/\($g[0].case.memmap)")
	    | join(" ")')
	expect "$bad" "" "$2: cases whose memmap init is not below memset bandwidth"
	grep -E 'memmap init|probes off' "$1/features.out" | sed 's/^/   /' | head -n 6
}

# check_private FOLDER KERNEL ASKED: the private suite (device-private maps
# on free physical address space) runs on a patched kernel, which has
# CONFIG_DEVICE_PRIVATE; a stock kernel refuses it with EOPNOTSUPP and the
# run fails at once with a result file that says why.
check_private() {
	json=$(find "$1" -name 'private-*.json' | head -n 1)
	if [ -z "$json" ]; then
		fail "$2: no private result file; private.out:"
		cat "$1/private.out"
		return
	fi
	q() { jq -r "$1" "$json"; }
	case $3 in
	patched-*)
		expect "$(cat "$1/private.rc")" 0 "$2: private run's exit status"
		expect "$(q '.status + " " + (.module.device_private | tostring)')" "complete true" \
			"$2: private run complete, module reports DEVICE_PRIVATE"
		# keep in step with suites/private: 10 cases x (2 warmups + 10)
		expect "$(q '[.samples[] | select(.case.type == "private" and .map.ok and .unmap.ok
		    and .map.memmap_pages == .case.size / 4096)] | length')" 120 \
			"$2: private samples mapped and unmapped, every struct page initialised"
		expect "$(q '[.samples[] | select(.case.type != "private")] | length')" 0 \
			"$2: no other type in the private run"
		# struct pages only: add_pages(), not arch_add_memory(); the
		# grace-period waits and the memmap init are there as for PMEM
		expect "$(q '[.samples[] | select((.warmup | not)
		    and .map.phases.pagemap_range.ns > 0 and .map.phases.hotplug_begin.ns > 0
		    and .map.phases.move_pfn_range_to_zone.ns > 0 and .map.phases.memmap_init.ns > 0
		    and .map.phases.arch_add_memory == null and .map.wait_ns > 0 and .map.work_ns > 0
		    and .unmap.phases.ref_wait.ns > 0 and .unmap.phases.pageunmap_range.ns > 0
		    and .unmap.phases.arch_remove_memory == null and .unmap.work_ns > 0
		    and .map.phases.pagemap_range.ns <= .map.total_ns)] | length')" 100 \
			"$2: measured private samples with their phases (no arch_add_memory)"
		expect "$(q '.range.base % 134217728')" 0 "$2: private claim section aligned"
		grep -A1 -E '^  (2M|1G) @\+0 private' "$1/private.out" | grep -v '^--' | sed 's/^/   /'
		expect "$(grep -c '^PASS map-private-2M-at-2M: expected success, got success' "$1/checks.out")" 1 \
			"$2: check-errors maps 2M of private memory"
		;;
	*)
		expect "$(cat "$1/private.rc")" 1 "$2: private run's exit status (refused)"
		expect "$(q '.status + " " + (.samples | length | tostring)')" "failed 0" \
			"$2: private run failed with no sample"
		expect "$(q '.error | test("no CONFIG_DEVICE_PRIVATE.*errno 95")')" true \
			"$2: private run's error names the reason"
		expect "$(grep -c '^mhpbench: cannot claim .* no CONFIG_DEVICE_PRIVATE' "$1/private.out")" 1 \
			"$2: private run says why"
		expect "$(grep -c '^PASS claim-private-unsupported: expected EOPNOTSUPP, got EOPNOTSUPP' "$1/checks.out")" 1 \
			"$2: private claim refused with EOPNOTSUPP"
		expect "$(grep -c '^PASS map-private-unsupported: expected EOPNOTSUPP, got EOPNOTSUPP' "$1/checks.out")" 1 \
			"$2: private map refused with EOPNOTSUPP"
		;;
	esac
}

# check_collisions FOLDER KERNEL: every step of the section collisions
# passed, the one next to System RAM included (the boot gives it a layout).
check_collisions() {
	json=$(find "$1" -name 'collisions-*.json' | head -n 1)
	if [ -z "$json" ]; then
		fail "$2: no collisions result file; collisions.out:"
		cat "$1/collisions.out"
		return
	fi
	expect "$(cat "$1/collisions.rc")" 0 "$2: collisions exit status"
	q() { jq -r "$1" "$json"; }
	expect "$(q '.format + " " + .status')" "mhpbench-collisions complete" "$2: collisions file"
	expect "$(q '[.steps[] | select(.result != "pass" or (.kernel_alarms | length) > 0) | .name] | join(" ")')" "" \
		"$2: collisions steps that did not pass"
	expect "$(q '[.steps[].name] | join(" ")')" \
		"two-maps-one-section-unmap-low two-maps-one-section-unmap-high 2M-at-section-start 2M-at-section-middle 2M-at-section-end 2M-next-to-system-ram refuse-1M refuse-overlap" \
		"$2: collisions steps run"
	expect "$(q '.ram_adjacent.start')" 1881145344 "$2: PMEM next to System RAM at 0x70200000"
	grep -E '^(PASS|FAIL|SKIP)' "$1/collisions.out" | cut -c1-100 | sed 's/^/   /'
}

# check_run FOLDER KERNEL
check_run() {
	dir=$1
	kernel=$2
	json=$(find "$dir" -name 'smoke-*.json' | head -n 1)
	if [ -z "$json" ]; then
		fail "$kernel: no result file; run.out:"
		cat "$dir/run.out"
		return
	fi
	expect "$(cat "$dir/run.rc")" 0 "$kernel: mhpbench run's exit status"

	q() { jq -r "$1" "$json"; }
	expect "$(q .status)" complete "$kernel: run status"
	expect "$(q .environment.kernel.release)" "$kernel" "$kernel: kernel in the environment"
	# the clock, threading and vCPUs the runner chose (boot-qemu.sh)
	if [ "${MHPB_CLOCK:-exact}" = exact ]; then
		want="tcg/single/icount/0/${MHPB_SMP:-1}"
	else
		want="$(q .environment.virtualization.accel)/${MHPB_TCG_THREAD:-multi}/wall/null/${MHPB_SMP:-2}"
		want=$(echo "$want" | sed 's,^kvm/[a-z]*/,kvm/null/,')
	fi
	expect "$(q '.environment.virtualization | "\(.accel)/\(.tcg_thread)/\(.clock)/\(.icount_shift)/\(.vcpus)"')" \
		"$want" "$kernel: accelerator, TCG threading, clock and vCPUs recorded"

	# The smoke suite: 2M and 4M at offsets 0 and 2M, 3 repetitions + 1 warmup.
	got=$(q '[.samples[] | select(.warmup | not) | "\(.case.size)/\(.case.offset)"] | group_by(.) | map("\(.[0])x\(length)") | join(" ")')
	expect "$got" "2097152/0x3 2097152/2097152x3 4194304/0x3 4194304/2097152x3" \
		"$kernel: measured size/offset x repetitions"
	expect "$(q '[.samples[] | select(.map.ok and .unmap.ok)] | length')" 16 \
		"$kernel: good samples, warmups included"
	# every phase hit paired and attributed: none lost to a return without
	# its entry, a missed kretprobe or a probe taken outside task context
	expect "$(q '[.samples[] | .map, .unmap | select(.unbalanced or .probe_missed > 0)] | length')" 0 \
		"$kernel: calls with unbalanced or missed phase probes"
	# PMU: every default event recorded (counted, or unsupported with a
	# reason), and task-clock counted for every call.
	expect "$(q '[.pmu.events[] | select(.supported or (.error | length > 0))] | length')" 4 \
		"$kernel: default events recorded, each counted or with a reason"
	expect "$(q '[.samples[] | .map.counters.task_clock_ns, .unmap.counters.task_clock_ns | select(. > 0)] | length')" 32 \
		"$kernel: calls with a positive task-clock count"

	# Phases: top-level siblings sum to at most the total, children fit in
	# their parent, every call has a positive total.
	bad=$(jq -r '
	  (.module.phases) as $ph
	  | [.samples[] | . as $s | ("map", "unmap") as $op | $s[$op] as $t
	     | select($t.total_ns <= 0
	         or ([$ph[] | select(.op == $op and .parent == null) | $t.phases[.name].ns // 0] | add) > $t.total_ns
	         or any($ph[] | select(.op == $op and .parent != null);
	                ($t.phases[.name].ns // 0) > ($t.phases[.parent].ns // 0))
	         or any($ph[] | select(.op == $op); ($t.phases[.name].ns // 0) > $t.total_ns))
	     | "\($s.seq)/\($op)"] | join(" ")' "$json")
	expect "$bad" "" "$kernel: samples whose phases exceed their total or parent"
	for ph in map.hotplug_begin map.arch_add_memory map.sparse_add_section \
		map.memmap_init unmap.ref_wait unmap.arch_remove_memory; do
		op=${ph%%.*}
		name=${ph#*.}
		m=$(q "[.samples[] | select(.warmup | not) | .${op}.phases.${name}.calls // 0 | select(. > 0)] | length")
		expect "$m" 12 "$kernel: measured samples that timed phase $ph"
	done

	# Negative checks: bad requests get the documented errno.
	expect "$(cat "$dir/checks.rc")" 0 "$kernel: check-errors exit status"
	expect "$(grep -c '^PASS claim-system-ram: expected ENXIO, got ENXIO' "$dir/checks.out")" 1 \
		"$kernel: System RAM claim refused with ENXIO"
	expect "$(grep -c '^PASS map-size-1M: expected EINVAL, got EINVAL' "$dir/checks.out")" 1 \
		"$kernel: 1 MiB map refused with EINVAL"

	# Nothing alarming in the kernel log.
	if grep -E 'WARNING:|BUG:|Oops|Call Trace|Misaligned' "$dir/dmesg.txt"; then
		fail "$kernel: the guest's kernel log has the lines above"
	else
		pass "$kernel: no WARN, BUG or Oops in the guest's kernel log"
	fi
	# The crng must be ready before the second CPU starts (boot-qemu.sh
	# gives the guest RDRAND): its static key flipping during a job has
	# oopsed TCG guests.
	crng=$(awk '/random: crng init done/ { print "crng"; exit }
		/smp: Bringing up secondary/ { print "smp"; exit }' "$dir/dmesg.txt")
	expect "$crng" crng "$kernel: crng ready before the secondary CPUs start"
	# and perf's scheduler hooks held on from before the job (guest-init.sh),
	# so that no run's perf events patch __schedule() mid-job
	expect "$(tr -d '\r' <"$dir/console.log" | grep -c '^mhpbench-guest: mhpbench: perf_sched_events held$')" 1 \
		"$kernel: perf_sched_events held from before the job"
}

[ $# -gt 0 ] || set -- default
# Legacy PMEM 2 MiB into a RAM section (the guest has 2G of RAM): the
# collisions suite maps next to System RAM there. Nothing claims it (nd_e820
# is not loaded), the NVDIMM at 4G is untouched, and the other suites skip
# it (no 128M-aligned room).
MHPB_APPEND="memmap=62M!0x70200000${MHPB_APPEND:+ $MHPB_APPEND}"
export MHPB_APPEND
# check_tp_phases FOLDER KERNEL: the tracepoint phases of the module are
# timed on a patched kernel, inside their parents (check_run checks every
# phase against its parent), and absent on a stock kernel.
check_tp_phases() {
	json=$(find "$1" -name 'smoke-*.json' | head -n 1)
	[ -n "$json" ] || return 0
	q() { jq -r "$1" "$json"; }
	case $2 in
	patched-*)
		expect "$(q '[.module.phases[] | select(.source == "tracepoint" and .probed) | .name] | sort | join(" ")')" \
			"pagemap_range pageunmap_range section_activate section_deactivate" \
			"$2: tracepoint phases probed"
		expect "$(q '[.module.phases[] | select(.name == "section_activate" or .name == "arch_add_memory"
		    or .name == "vmemmap_populate" or .name == "vmemmap_free" or .name == "hotplug_begin") | "\(.name)<\(.parent)"] | join(" ")')" \
			"hotplug_begin<pagemap_range arch_add_memory<pagemap_range vmemmap_populate<section_activate hotplug_begin<pageunmap_range vmemmap_free<section_deactivate section_activate<sparse_add_section" \
			"$2: parents in effect with the tracepoints"
		for ph in map.pagemap_range map.section_activate unmap.pageunmap_range unmap.section_deactivate; do
			op=${ph%%.*}
			name=${ph#*.}
			expect "$(q "[.samples[] | select(.warmup | not) | .${op}.phases.${name}.calls // 0 | select(. > 0)] | length")" 12 \
				"$2: measured samples that timed tracepoint phase $ph"
		done
		;;
	*)
		expect "$(q '[.module.phases[] | select(.source == "tracepoint" and .probed)] | length')" 0 \
			"$2: no tracepoint phase probed on a stock kernel"
		expect "$(q '[.samples[] | .map.phases.pagemap_range, .map.phases.section_activate,
		    .unmap.phases.pageunmap_range, .unmap.phases.section_deactivate | select(. != null)] | length')" 0 \
			"$2: no sample has a tracepoint phase"
		;;
	esac
}

# check_tracepoints FOLDER KERNEL: the patch is compiled in and live on a
# patched kernel (its events fire during the smoke run), absent on stock.
check_tracepoints() {
	case $2 in
	patched-*)
		for e in "mhp_section_activate_begin: pfn=0x[0-9a-f]* nr_pages=512 sub-section" \
			"mhp_section_deactivate_end: pfn=0x[0-9a-f]* nr_pages=512 sub-section" \
			"mhp_pagemap_range_begin: start=0x" "mhp_pageunmap_range_end: start=0x" \
			"mhp_memmap_init_end: pfn=0x[0-9a-f]* nr_pages=512"; do
			expect "$(grep -q "$e" "$1/mhp-trace.txt" 2>/dev/null && echo fired || echo silent)" \
				fired "$2: tracepoint $e"
		done
		;;
	*)
		expect "$(test -f "$1/mhp-trace.txt" && echo present || echo absent)" absent \
			"$2: no mhp tracepoints on a stock kernel"
		;;
	esac
}

for kernel in "$@"; do
	asked=$kernel	# the check_* functions reuse $kernel
	echo "== e2e on $kernel"
	case $kernel in
	patched-*)
		if ! build_patched "$kernel"; then
			fail "$kernel: its build failed"
			continue
		fi
		;;
	esac
	# (run-job.sh boots once more after an int3 Oops, the MTTCG artifact)
	dir=$("$top/bench/vm/run-job.sh" "$kernel" "$job" "$out") || dir=
	if [ -z "$dir" ]; then
		fail "$kernel: the guest job failed"
		continue
	fi
	release=$(basename "$dir" | sed 's/^[0-9TZ]*-//')
	check_run "$dir" "$release"
	check_pfn "$dir" "$release"
	check_features "$dir" "$release"
	check_collisions "$dir" "$release"
	check_private "$dir" "$release" "$asked"
	check_tracepoints "$dir" "$asked"
	check_tp_phases "$dir" "$asked"
	grep -E '^(PASS|FAIL)' "$dir/checks.out" | sed 's/^/   /'
done

if [ "$failures" -ne 0 ]; then
	echo "e2e: $failures failure(s)"
	exit 1
fi
echo "e2e: all passed"
