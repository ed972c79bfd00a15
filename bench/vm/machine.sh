# The guest machine of every boot, in one place: what boot-qemu.sh runs,
# and what a LAVA job (bench/lava/render-job.sh) asks its worker's QEMU
# for. Sourced; sets machine_* and reads MHPB_PMEM_SIZE (bytes of the
# NVDIMM's region, 4 GiB) and MHPB_GUEST_MEM (2G).
# shellcheck shell=sh disable=SC2034 # the variables are the sourcer's

machine_pmem_size=${MHPB_PMEM_SIZE:-4294967296}
machine_label_size=131072
# the NVDIMM's backing holds the region plus the label area
machine_backend_size=$((machine_pmem_size + machine_label_size))
machine_mem=${MHPB_GUEST_MEM:-2G},slots=4,maxmem=32G
machine_nvdimm="nvdimm,id=nvdimm0,memdev=nvmem0,label-size=$machine_label_size"
# the result mirror's bytes (ivshmem-plain, boot-qemu.sh): MIRROR_BYTES of
# bench/src/mirror.h, which refuses a smaller one
machine_mirror_size=134217728
# +rdrand: with a trusted CPU RNG the kernel's crng is ready in
# random_init(), before the second CPU starts. Without it the crng
# becomes ready tens of seconds into the job and its static key is
# patched while the other vCPU runs crng_make_state(); under MTTCG
# that has ended in "Oops: int3" there (6.12.111, 6.12.117).
machine_tcg_cpu=qemu64,+rdrand
# 1 ns of guest time per guest instruction: a work phase timed with
# ktime_get_ns() is its instruction count (docs/clocks.md, "Exact mode");
# sleep=off: idle time jumps to the next timer deadline
machine_icount_shift=0
machine_icount="shift=$machine_icount_shift,sleep=off"
# What else an exact boot takes from the host, fixed so that two boots of
# one kernel with one boot seed repeat every figure (analysis/METHOD.md,
# "Exact mode"): the calendar (its digits change the instructions of the
# boot) and QEMU's random numbers (RDRAND, the kernel's boot seed).
machine_exact_rtc=2000-01-01T00:00:00
machine_exact_fixed="-rtc base=$machine_exact_rtc,clock=vm -seed 1"
# tsc=reliable: under TCG 6.1 otherwise falls back to hpet, and every
# ktime_get_ns() of the probes would cost hundreds of ns.
machine_append="console=ttyS0 panic=-1 quiet tsc=reliable random.trust_cpu=on"
# nokaslr: with KASLR the direct map's base moves from boot to boot, and
# init_memory_mapping()'s page-table work with it (stock 6.1, 2 MiB: 31605
# and 39224 instructions in two boots; 40212 in each of three boots with
# nokaslr)
machine_exact_append="nokaslr mhpbench.clock=icount mhpbench.icount_shift=$machine_icount_shift mhpbench.tcg_thread=single"
