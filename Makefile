# mhpbench: measure sub-section memory hotplug. See README.md.
#
#   make bench [SUITE=subsection] [KERNEL=6.12.117+deb12-amd64] [OUT=dir] [LENS=cache]
#   make test
SUITE ?= subsection
KERNEL ?=
OUT ?= $(CURDIR)/results/local
# Kernels the end-to-end test boots: the default stock 6.1, the newest 6.12,
# and the patched 6.1 in the tiny configuration (built from
# linux-source-6.1 first if needed). The patched 6.12 and the patched 6.1
# in Debian's configuration are left to make e2e-test
# E2E_KERNELS="patched-6.12 patched-6.1": their cold builds do not fit
# make test's 30 minutes (kernel-patch/README.md).
E2E_KERNELS ?= default 6.12 patched-6.1-tiny
# CLOCK=exact (guests clocked by their instructions: QEMU icount) or wall
# (the host's clock); unset, each target uses its default (docs/clocks.md).
CLOCK ?=
ifneq ($(CLOCK),)
export MHPB_CLOCK := $(CLOCK)
endif
# LENS=cache: the cache lens (bench/lens/README.md): work figures become
# estimated cycles of a simulated cache; exact mode, guests only.
LENS ?=
ifneq ($(LENS),)
export MHPB_LENS := $(LENS)
endif
export KERNEL OUT

.PHONY: all help bench profile kernel compare track test unit-test style-test kconfig-test e2e-test clean
.PHONY: bisect fixture-test bisect-test inject-test fuzz-test lens-test repeat-test
.PHONY: memory-bound-test
KSRC ?= 6.1

all:
	$(MAKE) -s -C bench

# Every target and variable, with its default (docs/targets.md says more).
help:
	@printf '%s\n' \
	'Targets:' \
	'  bench      run SUITE on the host, or in a guest when it cannot load modules' \
	'  compare    compare kernels: KERNELS=, PATCH= or KTREE= BASE= HEAD=' \
	'  track      KERNELS= in order: trends and change points' \
	'  bisect     git bisect run: GOOD= BAD= KTREE= [METRIC= THRESHOLD= CASE=]' \
	'  kernel     build the patched kernel from linux-source-KSRC [DEBUG=1]' \
	'  profile    the suite under perf record in a guest' \
	'  test       every test below (about 30 minutes cold)' \
	'  unit-test style-test e2e-test fixture-test bisect-test fuzz-test' \
	'  inject-test lens-test lava-test package-test spread-test repeat-test' \
	'  memory-bound-test' \
	'             parts of make test' \
	'  lava-job   a LAVA job of the guest (LAVA_DEVICE=qemu) or of a PMEM machine (x86)' \
	'  all        build bench/mhpbench only;  clean;  help' \
	'  install    the collector, suites, plots, runner, module sources under PREFIX' \
	'  package    the Debian packages mhpbench and mhpbench-dkms into DEBS' \
	'  package-test  build, lint, DKMS-build, install and run them (part of make test)' \
	'Variables (default):' \
	'  SUITE=$(SUITE)  KERNEL=$(or $(KERNEL),<stock 6.1 in a guest>)  OUT=results/local' \
	'  CLOCK=<per target: exact in guests, wall on the host>  LENS=<none; cache>' \
	'  KERNELS=<none>  ROUNDS=<compare: 2 exact, 5 wall, 3 lens; track: 1>' \
	'  JOBS=<guests at once: the cores exact, 1 wall>' \
	'  PATCH=<none>  KSRC=$(KSRC)  KCONFIG=<debian: Debian'\''s config, trimmed; tiny; FILE>' \
	'  KTREE=<none>  BASE=<none>  HEAD=<none>' \
	'  GOOD=<none>  BAD=<none>  METRIC=map.sparse_add_section  THRESHOLD=1.1x' \
	'  CASE=2M@0  BOOTS=<1 exact, 3 wall>  SUITE=fixture under bisect' \
	'  KOBJ=<cache>  DEBUG=<off>' \
	'  E2E_KERNELS=$(E2E_KERNELS)  FUZZ_SECONDS=$(FUZZ_SECONDS)' \
	'  PREFIX=$(PREFIX)  DESTDIR=<none>  DEBS=results/local/debs'

bench:
	bench/install-deps.sh bench
	$(MAKE) -s -C bench
	bench/run-bench.sh $(SUITE)

# The suite under perf record in a guest; perf report beside the results.
profile:
	bench/install-deps.sh profile
	$(MAKE) -s -C bench
	bench/profile.sh $(SUITE)

# The patched benchmark kernel from Debian's linux-source-$(KSRC); boot it
# with make bench KERNEL=patched-$(KSRC). DEBUG=1 builds the debug kernel
# patched-$(KSRC)-debug instead (kernel-patch/debug.config: KASAN, kmemleak,
# lockdep, DEBUG_VM, DEBUG_LIST; its own object folder, so the plain one
# stays), for make fuzz-test KERNEL=patched-$(KSRC)-debug, never for timing.
DEBUG ?=
kernel:
	bench/install-deps.sh kernel $(KSRC)
	kernel-patch/build-kernel.sh $(KSRC) $(if $(filter 1 y yes,$(DEBUG)),--debug)

# make compare KERNELS="6.1.0-56-amd64 6.12.117+deb12-amd64" [ROUNDS=2]
#   [CLOCK=exact|wall] [JOBS=N] [SUITE=subsection]
# make compare KTREE=PATH BASE=REV HEAD=REV [KCONFIG=debian|tiny|FILE] ...: two commits
#   of a kernel git tree, built and compared (kernel-patch/compare.sh)
# make compare PATCH="FILE..." [KSRC=6.1|6.12] [KCONFIG=...] ...: Debian's
#   source with and without the patches (files, series folders, mboxes)
# make track KERNELS="..." [ROUNDS=1]: see bench/kernels.sh
compare:
	@test -n "$(KERNELS)$(KTREE)$(PATCH)" || { echo 'make compare: set KERNELS="release release...", KTREE=PATH BASE=REV HEAD=REV, or PATCH=FILE' >&2; exit 2; }
	bench/install-deps.sh bench
	$(MAKE) -s -C bench
	$(if $(KTREE)$(PATCH),bench/install-deps.sh kernel $(KSRC) && KSRC=$(KSRC) kernel-patch/compare.sh,bench/kernels.sh compare $(KERNELS))

track:
	@test -n "$(KERNELS)" || { echo 'make $@: set KERNELS="release release..."' >&2; exit 2; }
	bench/install-deps.sh bench
	$(MAKE) -s -C bench
	bench/kernels.sh $@ $(KERNELS)

# make bisect GOOD=REV BAD=REV KTREE=PATH [METRIC=map.sparse_add_section]
#   [THRESHOLD=1.1x|120us] [CASE=2M@0] [SUITE=fixture] [BOOTS=1] [KOBJ=dir]
#   [CLOCK=exact|wall]:
# git bisect run over a kernel tree, see kernel-patch/bisect.sh
bisect:
	@test -n "$(GOOD)" && test -n "$(BAD)" && test -n "$(KTREE)" || \
		{ echo 'make bisect: set GOOD=rev BAD=rev KTREE=path' >&2; exit 2; }
	bench/install-deps.sh test
	$(MAKE) -s -C bench
	kernel-patch/bisect.sh $(GOOD) $(BAD) $(KTREE)

# Kernel tests, both part of make test, in exact mode: make bisect naming
# the count-activate regression fixture's commit (one boot per step), and
# the fixture against the plain patched kernel with mhpbench compare, two
# boots a side, plus an A/A of the plain kernel's two boots. Their runs go
# to temporary folders (OUT=dir keeps them: run the scripts directly).
# A test that exits 77 lacks a prerequisite (its one line says which):
# skipped, not failed. make test installs them all first.
RUN_TEST = tests/run-test.sh

fixture-test: all
	OUT= $(RUN_TEST) tests/fixture.sh $(KSRC)

bisect-test: all
	OUT= $(RUN_TEST) tests/bisect.sh $(KSRC)

# make compare PATCH= of the memory-bound reread-memmap fixture under
# LENS=cache: estimated cycles see what instructions miss (part of make
# test)
memory-bound-test: all
	OUT= $(RUN_TEST) tests/memory-bound.sh $(KSRC)

# compare against the module's delay injection in one exact-mode stock
# guest: a 1% slowdown of sparse_add_section flagged in that phase (and
# what holds it) only, and an A/A of the same boot flagging nothing (part
# of make test).
inject-test: all
	OUT= $(RUN_TEST) tests/inject.sh

# two exact-mode guests of the stock 6.1 under the cache lens with one boot
# seed: the same result file byte for byte, an A/A that flags nothing
# (part of make test)
repeat-test: all
	OUT= $(RUN_TEST) tests/repeat.sh

# The module's ioctls fuzzed, seeded, in exact-mode guests of the stock
# 6.1 and the patched 6.1 (device-private claims) booted at once, every
# result checked against the fuzzer's model of the device, and who may open
# the device and arm the injection (tests/fuzz/README.md; part of make
# test). SEEDS="1 2" and CALLS (per seed) ask for more, KERNEL=... for
# other kernels; a failing seed reproduces with the same KERNEL, SEEDS and
# CALLS. KERNEL=patched-6.1-debug runs it on the debug kernel (make kernel
# DEBUG=1, built first if needed) and checks kmemleak's scan after the run
# too; it is not part of make test: its cold build and its run would take
# make test past its budget (tests/fuzz/README.md).
fuzz-test: all
	OUT= $(RUN_TEST) tests/fuzz.sh

# The cache lens in one exact-mode stock guest: counts for every call, Ir
# against icount, a known access pattern's last-level misses to 1%, the
# refusals (part of make test).
lens-test: all
	OUT= MHPB_LENS= $(RUN_TEST) tests/lens.sh

# make lava-job [KERNEL=default] [SUITE=subsection] [CLOCK=exact|wall]
#   [LAVA_DIR=results/local/lava-job]: a job for LAVA's qemu device type
#   with the project's guest, and its artefacts; run it here with lava-run
#   or submit it to a lab (bench/lava/README.md). LAVA_DEVICE=x86 with
#   LAVA_KERNEL_URL= and LAVA_NFSROOTFS_URL=: the bare-metal job instead.
# make lava-test: the QEMU job run with Debian's lava-run, its files
#   imported and held against a direct boot (tests/lava.sh; part of make
#   test).
LAVA_DIR ?= $(CURDIR)/results/local/lava-job
LAVA_DEVICE ?= qemu
.PHONY: lava-job lava-test spread-test
lava-job:
	bench/install-deps.sh lava
	$(MAKE) -s -C bench
	$(if $(filter qemu,$(LAVA_DEVICE)),bench/lava/render-job.sh $(or $(KERNEL),default),LAVA_DEVICE_TYPE=$(LAVA_DEVICE) bench/lava/render-baremetal.sh) $(SUITE) $(LAVA_DIR)

lava-test: all
	OUT= $(RUN_TEST) tests/lava.sh

# bench/lab/spread.sh with this machine as its one GNU parallel "host"
# (tests/spread.sh; part of make test; docs/lab-ssh.md)
spread-test: all
	OUT= $(RUN_TEST) tests/spread.sh

# make test in two steps. First the kernel source unpacked and configured
# (kconfig-test: one core, mostly xz) and the cold build of the kernels
# the later tests boot (a third of make test, both cores); beside them the
# tests that need no built kernel, which mostly hold one core (a one-vCPU
# guest, a compiler, checkpatch), one after another (not make -j2: the
# unit tests rebuild bench/mhpbench, which the others run). Then the rest
# two at a time, the longest first so that the others fill the second
# core beside it: one-vCPU exact guests (their counts do not depend on the
# host's load) and the kernel tests, whose builds are mostly one-core
# relinks and take turns under build-kernel.sh's lock.
test:
	bench/install-deps.sh test
	{ $(MAKE) kconfig-test && $(MAKE) test-kernels; } & kpid=$$!; \
		$(MAKE) unit-test style-test e2e-stock-test; hrc=$$?; \
		wait $$kpid && exit $$hrc
	$(MAKE) -j2 --output-sync=target bisect-test package-test memory-bound-test fuzz-test \
		fixture-test lens-test lava-test inject-test e2e-built-test spread-test repeat-test

# The unit tests with gcc, with clang, and with clang's ASan and UBSan;
# the suite parser and the result reader under libFuzzer for FUZZ_SECONDS
# (60) each, both at once; a run whose results folder fills up.
FUZZ_SECONDS ?= 60
unit-test:
	$(MAKE) -C bench test
	$(MAKE) -C bench CC=clang test
	$(MAKE) -C bench asan-test
	$(MAKE) -C bench fuzz-parsers FUZZ_SECONDS=$(FUZZ_SECONDS)
	$(RUN_TEST) tests/full-disk.sh
	$(RUN_TEST) tests/suite-job-test.sh
	$(RUN_TEST) tests/runner.sh
	$(RUN_TEST) tests/kcidb.sh

style-test:
	$(RUN_TEST) tests/style.sh
	$(RUN_TEST) tests/kernel-patch.sh

# The kernel configurations, configured without building: Debian's
# trimmed (the default) and tiny (tests/kconfig.sh; part of make test)
kconfig-test:
	$(RUN_TEST) tests/kconfig.sh $(KSRC)

# e2e-test in the two halves make test runs apart: the stock kernels of
# E2E_KERNELS (with the guest-kill and make bench tests), and the kernels
# it builds (test-kernels builds them, e2e.sh --build)
E2E_BUILT = $(filter patched-%,$(E2E_KERNELS))
E2E_STOCK = $(filter-out patched-%,$(E2E_KERNELS))
.PHONY: e2e-stock-test e2e-built-test test-kernels
e2e-test: e2e-stock-test e2e-built-test

e2e-stock-test: all
	$(if $(E2E_STOCK),$(RUN_TEST) tests/e2e.sh $(E2E_STOCK))
	$(RUN_TEST) tests/guest-kill.sh
	$(RUN_TEST) tests/make-bench.sh

e2e-built-test: all
	$(if $(E2E_BUILT),$(RUN_TEST) tests/e2e.sh $(E2E_BUILT))

test-kernels:
	$(if $(E2E_BUILT),$(RUN_TEST) tests/e2e.sh --build $(E2E_BUILT))

# make install [PREFIX=/usr/local] [DESTDIR=]: bench/mhpbench and its man
# page; in PREFIX/share/mhpbench the gnuplot scripts and the QEMU runner
# with the suites and the module's sources where the tree has them
# (suites/, where the collector looks, links to bench/suites/, which the
# guest's initramfs copies; docs/packages.md). make package: mhpbench and
# mhpbench-dkms (debian/), built from a copy of the tree, into DEBS. make
# package-test: both built, linted, built by DKMS for 6.1 and 6.12,
# installed and run in a guest, then removed (tests/package.sh; part of
# make test).
PREFIX ?= /usr/local
DESTDIR ?=
DEBS ?= $(CURDIR)/results/local/debs
SHARE = $(DESTDIR)$(PREFIX)/share/mhpbench
# the runner's scripts, at their places in the tree (sourced ones stay
# 644); not rounds.sh, which builds the tree's collector
RUNNER = $(filter-out bench/vm/rounds.sh,$(wildcard bench/vm/*.sh bench/lava/*.sh))
.PHONY: install package package-test

install:
	$(MAKE) -s -C bench PREFIX=$(PREFIX) mhpbench
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(SHARE)/bench/suites $(SHARE)/analysis $(SHARE)/modules/uapi
	install -m 755 bench/mhpbench $(DESTDIR)$(PREFIX)/bin/
	install -m 644 bench/mhpbench.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 bench/suites/* $(SHARE)/bench/suites/
	ln -sfn bench/suites $(SHARE)/suites
	install -m 644 analysis/*.gp $(SHARE)/analysis/
	install -D -m 644 bench/lib.sh $(SHARE)/bench/lib.sh
	for f in $(RUNNER); do \
		install -D -m $$(if test -x $$f; then echo 755; else echo 644; fi) $$f $(SHARE)/$$f; \
	done
	install -m 644 modules/Kbuild modules/Makefile \
		$(filter-out %.mod.c,$(wildcard modules/*.[ch])) $(SHARE)/modules/
	install -m 644 modules/uapi/*.h $(SHARE)/modules/uapi/

package:
	bench/install-deps.sh package
	bench/build-debs.sh $(DEBS)

package-test: all
	OUT= $(RUN_TEST) tests/package.sh

clean:
	$(MAKE) -C bench clean
	rm -f modules/*.o modules/*.ko modules/*.mod modules/*.mod.c \
		modules/.*.cmd modules/Module.symvers modules/modules.order
