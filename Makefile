# SPDX-License-Identifier: GPL-2.0-or-later
# Top-level, non-recursive Makefile for pulse / lvsd / nanny: one make sees
# every source (picked up by folder), output goes to build/, header
# dependencies are generated (-MMD -MP).
#   make            build every program into build/bin/
#   make test       unit + golden + lint + end-to-end (qemu guest) tests
#   make asan-test  unit tests under AddressSanitizer + UBSan
#   make lint       static checks; one that cannot run fails (tests/lint.sh)
#   make fuzz FUZZ_SECONDS=N   run every libFuzzer target for N seconds
#   make golden-update  rewrite the goldens (tests/golden); tests only compare
#   make install PREFIX=/usr DESTDIR=...   /   make uninstall
#   make deb        Debian packages into build/deb/ (debian/), then lintian
#   make deb-test   that package installed, started and removed in the guest
#   DEPS=check      report missing Debian packages, install none
#   DEPS=none       no package check at all (skipped anyway without dpkg)
BUILD   ?= build
PREFIX  ?= /usr
DESTDIR ?=
SAN     ?=
FUZZ    ?=
V       ?= 0

CXX_DEFAULT := g++
ifeq ($(origin CXX),default)
CXX := $(CXX_DEFAULT)
endif

Q := $(if $(filter 1,$(V)),,@)

# --- dependencies: installed through apt-get when run as root --------------
# DEPS=install (the default) installs what a goal needs (mk/deps.sh);
# DEPS=check only names what is missing; DEPS=none skips the step
# (debian/rules sets it: dpkg-buildpackage has checked Build-Depends).
# A run with install among its goals never installs a package, whatever
# else it builds (make install, make all install): it only checks (it builds
# what is not built yet); uninstall alone checks nothing, and neither does a
# run with clean among its goals (tests/install_deps_test.sh, in make lint).
DEPS ?= install
DEP_SETS := build
ifneq ($(FUZZ),)
DEP_SETS += fuzz
endif
ifneq ($(MAKECMDGOALS),)
ifneq ($(filter install,$(MAKECMDGOALS)),)
ifneq ($(DEPS),none)
override DEPS := check
endif
else ifeq ($(filter-out uninstall,$(MAKECMDGOALS)),)
override DEPS := none
endif
ifneq ($(filter clean,$(MAKECMDGOALS)),)
override DEPS := none
endif
ifneq ($(filter test e2e demo bench chaos,$(MAKECMDGOALS)),)
DEP_SETS += e2e doc
endif
ifneq ($(filter bench bench-host,$(MAKECMDGOALS)),)
DEP_SETS += bench
endif
ifneq ($(filter test lint,$(MAKECMDGOALS)),)
DEP_SETS += doc lint
endif
ifneq ($(filter deb,$(MAKECMDGOALS)),)
DEP_SETS += deb
endif
endif
ifneq ($(DEPS),none)
DEPS_RC := $(shell sh mk/deps.sh $(if $(filter check,$(DEPS)),--check) $(BUILD) $(DEP_SETS) >&2; echo $$?)
ifneq ($(DEPS_RC),0)
$(error build dependencies are missing (see above))
endif
endif

PKGS     := libnl-3.0 libnl-genl-3.0 libnl-route-3.0 inih
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libmicrohttpd (common/http) and libcrypt (lvsweb's password hashes): only
# the programs that serve HTTP link them, so that the static nanny does not.
HTTP_LIBS  := $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd) -lcrypt

WARN := -Wall -Wextra -Werror -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-qual \
        -Wformat=2 -Wmissing-declarations
CPPFLAGS += -I. $(PKG_CFLAGS) -MMD -MP
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++20 $(WARN) -pthread
LDLIBS   += $(PKG_LIBS) -lev -lcrypto -pthread

# The sanitizer and fuzz builds keep line tables only (-g1,
# -gline-tables-only): a report's stack names functions, files and lines,
# which is all it prints; full debug info made an instrumented object take
# 1.5 times as long to compile (10.2 s against 6.9 s for one file), and CI
# builds both.
ifneq ($(SAN),)
CXXFLAGS += -O1 -g1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
endif
ifneq ($(FUZZ),)
CXX := clang++-14
WARN := -Wall -Wextra -Werror -Wno-unused-command-line-argument
CXXFLAGS += -O1 -gline-tables-only -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=fuzzer,address,undefined
endif

OBJ := $(BUILD)/obj
BIN := $(BUILD)/bin
LIB := $(BUILD)/lib

objs_of = $(patsubst %.cpp,$(OBJ)/%.o,$(1))

# --- common/<module>/ -> one static archive per module ----------------------
COMMON_MODS := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard common/*/*.cpp)))))
define common_lib
$(LIB)/liblvs_$(1).a: $(call objs_of,$(wildcard common/$(1)/*.cpp))
	@mkdir -p $$(@D)
	$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^
endef
$(foreach m,$(COMMON_MODS),$(eval $(call common_lib,$(m))))
COMMON_LIBS := $(foreach m,$(COMMON_MODS),$(LIB)/liblvs_$(m).a)

# --- daemons: X/*.cpp minus mains -> libX.a; X/main.cpp -> bin/X;
#     X/NAME_main.cpp -> bin/NAME (extra programs such as send_arp) ----------
DAEMONS := pulse lvsd nanny fos lvsweb
define daemon
$(1)_MAINS := $(wildcard $(1)/main.cpp $(1)/*_main.cpp)
$(1)_SRCS  := $$(filter-out $$($(1)_MAINS),$(wildcard $(1)/*.cpp))
$(LIB)/liblvs_$(1)d.a: $$(call objs_of,$$($(1)_SRCS))
	@mkdir -p $$(@D)
	$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^
DAEMON_LIBS += $(LIB)/liblvs_$(1)d.a
endef
$(foreach d,$(DAEMONS),$(eval $(call daemon,$(d))))

prog_name = $(if $(filter main.cpp,$(notdir $(1))),$(patsubst %/,%,$(dir $(1))),$(patsubst %_main.cpp,%,$(notdir $(1))))
define program
$(BIN)/$(call prog_name,$(1)): $(call objs_of,$(1)) $(LIB)/liblvs_$(2)d.a $(COMMON_LIBS)
	@mkdir -p $$(@D)
	@echo "  LD    $$@"
	$(Q)$$(CXX) $$(LDFLAGS) -o $$@ $$< -Wl,--start-group $(LIB)/liblvs_$(2)d.a $(COMMON_LIBS) -Wl,--end-group $$(LDLIBS)
PROGRAMS += $(BIN)/$(call prog_name,$(1))
endef
$(foreach d,$(DAEMONS),$(foreach m,$($(d)_MAINS),$(eval $(call program,$(m),$(d)))))
# One nanny runs per real server: a fully static nanny (libev.a, libc.a) has
# no dynamic loader, no relocated library pages and no shared-library data to
# copy on write: 73 KiB of private memory instead of 169 KiB, a faster exec,
# and fewer pages touched per wakeup (each a TLB refill after a context switch).
# Its code pages are shared by every nanny all the same (one file, one page
# cache). TLS checks bring OpenSSL (libssl.a, libcrypto.a; nanny/tls_session.cpp):
# static, a nanny without tls = 1 stays at about 90 KiB private; linked
# dynamically, libcrypto's relocated data alone made every nanny 696 KiB,
# TLS or not. A security fix in OpenSSL needs a rebuild (debian/rules,
# Built-Using). The link warns that OpenSSL's dlopen and name lookups want
# the glibc it was linked with at run time: nanny loads no engine or
# provider module and resolves names only in --digest.
ifeq ($(SAN)$(FUZZ),)
$(BIN)/nanny: LDFLAGS += -static
endif
$(BIN)/nanny: LDLIBS += -lssl -lcrypto
# The unit tests of nanny run the TLS prober too.
$(BUILD)/tests/test_nanny: LDLIBS += -lssl -lcrypto
# lvs.cf sync to the partner (common/sync: TLS 1.3 with a PSK): lvsweb
# serves and pushes, lvsctl sync pushes; their tests run the link.
$(BIN)/lvsweb $(BIN)/lvsctl $(BUILD)/tests/test_common $(BUILD)/tests/test_lvsweb $(BUILD)/tests/test_pulse: LDLIBS += -lssl -lcrypto
# pulse tells systemd when it is ready (sd_notify; pulse/notify_systemd.cpp).
$(BIN)/pulse: LDLIBS += -lsystemd
# The metrics endpoint (pulse, lvsd) and lvsweb serve HTTP.
$(BIN)/pulse $(BIN)/lvsd $(BIN)/lvsweb: LDLIBS += $(HTTP_LIBS)

# --- unit tests: tests/<area>/**/*_test.cpp -> build/tests/test_<area> ------
TEST_AREAS := common pulse lvsd nanny fos lvsweb
TEST_SUPPORT := $(shell find tests/fakes tests/support -name '*.cpp' 2>/dev/null)
define test_bin
$(1)_TESTS := $(shell find tests/$(1) -name '*_test.cpp' 2>/dev/null)
ifneq ($$($(1)_TESTS),)
$(BUILD)/tests/test_$(1): $$(call objs_of,$$($(1)_TESTS) $(TEST_SUPPORT)) $(DAEMON_LIBS) $(COMMON_LIBS)
	@mkdir -p $$(@D)
	@echo "  LD    $$@"
	$(Q)$$(CXX) $$(LDFLAGS) -o $$@ $$(call objs_of,$$($(1)_TESTS) $(TEST_SUPPORT)) -Wl,--start-group $(DAEMON_LIBS) $(COMMON_LIBS) -Wl,--end-group -lgmock -lgtest_main -lgtest $$(LDLIBS) $(HTTP_LIBS)
TEST_BINS += $(BUILD)/tests/test_$(1)
endif
endef
$(foreach a,$(TEST_AREAS),$(eval $(call test_bin,$(a))))

# The test objects build with -Og (TEST_OPT; any -O keeps _FORTIFY_SOURCE
# of a package build quiet) and a precompiled header (tests/pch.h):
# optimizing and parsing GoogleTest made up most of a build's time (9 s a
# test file at -O2, 2 s this way; a clean build of everything 9.7 min before,
# 5.8 after), and each CI run builds them twice (make test, asan-test).
# The programs they test keep their flags.
# The header is copied beside its .gch, where -include finds both;
# -Winvalid-pch makes a .gch built with other flags an error, not a slow
# silent fallback.
TEST_OPT  ?= -Og
TEST_OBJS := $(call objs_of,$(foreach a,$(TEST_AREAS),$($(a)_TESTS)) $(TEST_SUPPORT))
TEST_PCH  := $(OBJ)/tests/pch.h
$(TEST_OBJS) $(TEST_PCH).gch: CXXFLAGS += $(TEST_OPT)
$(TEST_OBJS): CPPFLAGS += -include $(TEST_PCH) -Winvalid-pch
$(TEST_OBJS): $(TEST_PCH).gch
$(TEST_PCH).gch: tests/pch.h
	@mkdir -p $(@D)
	@echo "  PCH   $<"
	$(Q)cp $< $(TEST_PCH)
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) -x c++-header -c -o $@ $(TEST_PCH)

# --- the IPVS golden writer (make golden-update): built with the unit tests
#     so that it keeps compiling; the tests themselves never write a golden --
GOLDEN_WRITER := $(BUILD)/tools/ipvs_golden
$(GOLDEN_WRITER): $(call objs_of,tests/golden/ipvs_golden_main.cpp) $(COMMON_LIBS)
	@mkdir -p $(@D)
	@echo "  LD    $@"
	$(Q)$(CXX) $(LDFLAGS) -o $@ $< -Wl,--start-group $(COMMON_LIBS) -Wl,--end-group $(LDLIBS)

# --- fuzz targets: tests/fuzz/fuzz_*.cpp -> build/fuzz/bin/fuzz_* -----------
# They parse what nanny and lvsweb read besides common/: only those two
# daemons' archives are built for them (pulse, lvsd and fos are not
# compiled in the fuzz build).
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.cpp)
FUZZ_LIBS := $(LIB)/liblvs_nannyd.a $(LIB)/liblvs_lvswebd.a $(COMMON_LIBS)
define fuzz_bin
$(BIN)/$(basename $(notdir $(1))): $(call objs_of,$(1)) $(FUZZ_LIBS)
	@mkdir -p $$(@D)
	@echo "  LD    $$@"
	$(Q)$$(CXX) $$(LDFLAGS) -o $$@ $$< -Wl,--start-group $(FUZZ_LIBS) -Wl,--end-group $$(LDLIBS) $(HTTP_LIBS)
FUZZ_BINS += $(BIN)/$(basename $(notdir $(1)))
endef
$(foreach f,$(FUZZ_SRCS),$(eval $(call fuzz_bin,$(f))))

$(OBJ)/%.o: %.cpp
	@mkdir -p $(@D)
	@echo "  CXX   $<"
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c -o $@ $<

# --- targets ----------------------------------------------------------------
.PHONY: all programs unit-tests test unit-test asan-test asan-e2e soak e2e fuzz fuzz-build \
        lint clean install uninstall demo bench golden-update check-size deb deb-test
.DEFAULT_GOAL := all
all: programs
programs: $(PROGRAMS)
unit-tests: $(TEST_BINS) $(GOLDEN_WRITER)

# Every test: unit, golden, lint, end-to-end. Ends with "N passed, N failed".
test: programs unit-tests
	$(Q)sh tests/run_all.sh $(BUILD) unit lint e2e

unit-test: unit-tests
	$(Q)sh tests/run_all.sh $(BUILD) unit

asan-test:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/asan SAN=1 unit-tests programs
	$(Q)ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    sh tests/run_all.sh $(BUILD)/asan unit

e2e: programs
	$(Q)sh tests/run_all.sh $(BUILD) e2e

# One hour (SOAK_MINUTES) of a router pair under traffic, flaps, reloads,
# drains and switchovers, sampled every minute (tests/soak/soak.sh; not in CI).
# A passing run writes BENCHMARKS.md's Soak section (tests/soak/report.sh).
SOAK_MINUTES ?= 60
soak: programs
	$(Q)sh tests/e2e/setup.sh $(BUILD) > $(BUILD)/e2e-setup.log 2>&1 || { cat $(BUILD)/e2e-setup.log; exit 1; }
	$(Q)SOAK_MINUTES=$(SOAK_MINUTES) sh tests/e2e/guest.sh $(BUILD) tests/soak/soak.sh $(BUILD)/soak \
	    $$(( $(SOAK_MINUTES) * 60 + 900 )); rc=$$?; \
	    grep -E '^(PASS|FAIL|sample|client|GROWS|soak|gap)' $(BUILD)/soak/output.log; \
	    [ $$rc -ne 0 ] || sh tests/soak/report.sh $(BUILD)/soak/output.log $(SOAK_MINUTES); exit $$rc

# The daemons themselves under ASan+UBSan, in the guest: behaviour is
# asserted, timing bounds are not, and any sanitizer report fails the
# scenario (E2E_SAN=1; tests/e2e/run.sh). The kernel is the regular one.
ASAN_E2E ?= 20-lvsd 30-nanny 40-pulse 42-pulse-faults 50-operator 70-chaos
asan-e2e:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/asan SAN=1 programs
	$(Q)E2E_SAN=1 E2E_DIR=$(BUILD)/e2e E2E_ONLY="$(ASAN_E2E)" sh tests/run_all.sh $(BUILD)/asan e2e

lint: programs
	$(Q)sh tests/run_all.sh $(BUILD) lint

FUZZ_SECONDS ?= 60
fuzz:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzz FUZZ=1 fuzz-build
	$(Q)sh tests/fuzz/run.sh $(BUILD)/fuzz/bin $(FUZZ_SECONDS)
fuzz-build: $(FUZZ_BINS)

# Rewrites every golden (tests/golden) from the code; review the diff.
golden-update: programs $(GOLDEN_WRITER)
	$(Q)sh tests/golden/update.sh $(BIN) $(GOLDEN_WRITER)

check-size:
	$(Q)sh mk/check_size.sh

include mk/install.mk

# Debian packages (debian/): lvs-suite and lvs-suite-dbgsym in build/deb/.
# dpkg-buildpackage writes its results into the parent of the tree it
# builds, so the tree (without .git and the build folder) is copied to
# build/deb/lvs-suite-VERSION and built there: the .debs, .buildinfo and
# .changes land in build/deb/, the checkout stays clean, and this make's
# flags and variables do not reach the package's build. Nor does a caller's
# TEST_RESULTS (.ci/run's tally): the package's unit tests count for
# themselves, or a failure recorded earlier in the tally would fail them. lintian then checks
# everything the .changes lists (with DEB_FLAGS="-us -uc -F" the source
# package too) and fails on an error; the tags it reports are explained in
# debian/README.source. Last, mk/check_deb.sh fails the target unless the
# -dbgsym package was built and every ELF file under /usr/sbin and /usr/bin
# of lvs-suite_*.deb is stripped. DEB_BUILD_OPTIONS passes through
# (parallel=N, nocheck); dpkg-buildpackage uses every CPU unless it names
# parallel=N.
DEB_DIR       := $(BUILD)/deb
DEB_FLAGS     ?= -us -uc -b
LINTIAN_FLAGS ?= --fail-on error --display-info
deb:
	$(Q)rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	$(Q)v=$$(dpkg-parsechangelog -S Version) && src=$(DEB_DIR)/lvs-suite-$${v%-*} && mkdir -p $$src && \
	    tar -cf - --exclude=./.git --exclude=./build --exclude=./$(BUILD) . | tar -xf - -C $$src && \
	    (cd $$src && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u TEST_RESULTS dpkg-buildpackage $(DEB_FLAGS))
	$(Q)cd $(DEB_DIR) && ls -l *.deb && lintian $(LINTIAN_FLAGS) *.changes
	$(Q)sh mk/check_deb.sh $(DEB_DIR) lvs-suite

# The package of make deb installed, started and removed in the guest under
# systemd as PID 1 (tests/deb/install.sh); results named deb:install:CHECK.
deb-test: programs
	$(Q)E2E_TAG=deb E2E_SCRIPTS=tests/deb/install.sh sh tests/run_all.sh $(BUILD) e2e

clean:
	rm -rf $(BUILD)

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

# Benchmarks in the qemu guest, then the host-kernel one (root); writes
# BENCHMARKS.md. bench-host runs only the host one (tests/bench/host/fleet.sh:
# nanny against HAProxy, CPU per connect check) and prints its lines.
.PHONY: bench bench-host
bench: programs $(BUILD)/bench/wakeups
	$(Q)sh tests/bench/run.sh $(BUILD)
bench-host: programs $(BUILD)/bench/wakeups
	$(Q)sh tests/bench/host/fleet.sh $(BUILD)
$(BUILD)/bench/wakeups: tests/bench/tools/wakeups.cpp
	$(Q)mkdir -p $(@D) && $(CXX) $(CXXFLAGS) -o $@ $<

# The main job in one command: two routers, a client and three real servers
# in the test guest, narrated (README, tests/demo/).
.PHONY: demo
demo: programs
	$(Q)sh tests/demo/run.sh $(BUILD)
