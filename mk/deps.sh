#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Make sure the Debian 12 packages a target needs are installed (on a host
# without dpkg it checks nothing).
# Usage: mk/deps.sh [--check] STAMPDIR SET...
#        (SET: build, fuzz, e2e, doc, lint, deb, bench)
# As root, missing packages are installed with apt-get. Otherwise, or with
# --check (make install: it copies files and installs no package), the
# script prints the exact command to run and exits 1. A stamp per set keeps
# repeat builds fast.
set -u
check_only=0
[ "${1:-}" = --check ] && { check_only=1; shift; }
stampdir=$1; shift

pkgs_build="g++ make pkg-config libev-dev libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libboost-dev libinih-dev libgtest-dev libgmock-dev libssl-dev libsystemd-dev libmicrohttpd-dev libcrypt-dev"
pkgs_fuzz="clang-14 libclang-rt-14-dev"
# e2e 90-web drives lvsweb with headless Chromium (chromium, chromium-driver,
# python3-selenium); 45-ecmp runs BIRD 2 (bird2) on the upstream router and
# on each LVS router.
pkgs_e2e="qemu-system-x86 busybox-static kmod cpio iproute2 ipvsadm keepalived curl procps psmisc python3 util-linux dropbear-bin openssh-client openssl chromium chromium-driver python3-selenium bird2"
# make bench and make bench-host: the host-kernel benchmark measures
# HAProxy's checker against nanny (tests/bench/host/fleet.sh).
pkgs_bench="haproxy iproute2 python3"
pkgs_doc="mandoc"
# systemd-analyze verifies the unit; file reads ELF files in mk/check_deb.sh's
# self-test (tests/lint.sh).
pkgs_lint="systemd file"
# make deb: dpkg-buildpackage (dpkg-dev; build-essential, which it checks
# for), dh (debhelper), lintian, and file (mk/check_deb.sh: the programs
# are stripped). devscripts (debuild) is not needed.
pkgs_deb="build-essential dpkg-dev debhelper lintian file"

mkdir -p "$stampdir"
# A host without dpkg (not Debian): nothing to check or install here; the
# libraries are the operator's to install (README, "Building elsewhere").
if ! command -v dpkg-query >/dev/null 2>&1; then
    if [ ! -f "$stampdir/.deps-no-dpkg" ]; then
        echo "mk/deps.sh: no dpkg on this host: packages not checked (README, Building elsewhere)" >&2
        : > "$stampdir/.deps-no-dpkg"
    fi
    exit 0
fi
need=""
for set in "$@"; do
    eval "list=\$pkgs_$set"
    stamp="$stampdir/.deps-$set"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$list" ] && continue
    missing=""
    for p in $list; do
        st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
        case "$st" in *" installed") ;; *) missing="$missing $p" ;; esac
    done
    if [ -z "$missing" ]; then
        printf '%s' "$list" > "$stamp"
    else
        need="$need$missing"
    fi
done
[ -z "$need" ] && exit 0

if [ "$check_only" -eq 1 ] || [ "$(id -u)" -ne 0 ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo "
    echo "missing Debian packages:$need" >&2
    echo "install them with: ${sudo}apt-get install -y$need" >&2
    exit 1
fi
echo "installing Debian packages:$need" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends $need >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1
    apt-get install -y -q --no-install-recommends $need >&2 || exit 1
fi
# re-run to write the stamps
exec "$0" "$stampdir" "$@"
