#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Static checks that count as tests: man pages lint clean, sample configs
# parse, size limits hold (and the function-length check itself works), man
# pages and command lines agree, an option letter means one thing in every
# program, and lvsweb refuses a listener other than loopback without TLS.
# Appends PASS/FAIL lines to $TEST_RESULTS.
# A check that cannot run (a tool or a program missing) prints
# "SKIP lint:NAME: why" and counts as failed, so CI never passes a check it
# did not make. On a development machine LINT_ALLOW_SKIP=1 records it as a
# SKIP line instead (listed and counted by run_all.sh, but not a failure);
# CI must not set it. `make lint` installs the tools it needs (mk/deps.sh).
set -u
build=$1
bin="$build/bin"
res() { if [ "$2" -eq 0 ]; then echo "PASS lint:$1"; else echo "FAIL lint:$1"; fi >> "$TEST_RESULTS"; }
skip() {  # NAME WHY
    if [ "${LINT_ALLOW_SKIP:-}" = 1 ]; then
        echo "SKIP lint:$1: $2" | tee -a "$TEST_RESULTS" >&2
    else
        echo "SKIP lint:$1: $2 (counted as failed; LINT_ALLOW_SKIP=1 allows it off CI)" >&2
        echo "FAIL lint:$1 skipped: $2" >> "$TEST_RESULTS"
    fi
}

for m in man/*.[0-9]; do
    [ -f "$m" ] || continue
    command -v mandoc >/dev/null 2>&1 || { skip "mandoc:$(basename "$m")" "mandoc not found, Debian package mandoc"; continue; }
    out=$(mandoc -Tlint -W warning "$m" 2>&1)
    [ -z "$out" ]; rc=$?
    [ $rc -ne 0 ] && echo "$out" >&2
    res "mandoc:$(basename "$m")" $rc
done

for s in etc/*.cf.sample; do
    [ -f "$s" ] || continue
    [ -x "$bin/lvsd" ] || { skip "sample:$(basename "$s")" "$bin/lvsd missing, build the programs first"; continue; }
    "$bin/lvsd" --test-config -c "$s" >/dev/null 2>"$build/lint-sample.err"
    rc=$?
    [ $rc -ne 0 ] && cat "$build/lint-sample.err" >&2
    res "sample:$(basename "$s")" $rc
done

sh mk/check_size.sh >&2; res "size-limits" $?
sh tests/function_length_test.sh; res "function-length-selftest" $?
sh mk/check_raw_libev.sh >&2; res "no-raw-libev-outside-common-ev" $?

# The init script parses; the systemd unit verifies (paths pointed at the build).
sh -n etc/init.d/pulse; res "init-script-syntax" $?
# Its actions and LSB exit codes without root, the real pulse included (a
# line per case, "init-script:NAME"); the package's maintainer script parses.
sh tests/init_script_test.sh "$build" || grep -q '^FAIL init-script:' "$TEST_RESULTS" || res init-script-test 1
sh -n debian/lvs-suite.prerm; res "debian-prerm-syntax" $?
if ! command -v systemd-analyze >/dev/null 2>&1; then
    skip systemd-unit-verifies "systemd-analyze not found, Debian package systemd"
else
    d=$(mktemp -d)
    for u in pulse lvsweb; do
        sed "s|/usr/sbin/|$(pwd)/$bin/|g" "etc/systemd/$u.service" > "$d/$u.service"
        out=$(systemd-analyze verify "$d/$u.service" 2>&1 | grep -v "Command 'man " | grep -v '^$')
        [ -z "$out" ]; rc=$?
        [ $rc -ne 0 ] && echo "$out" >&2
        res "systemd-unit-verifies:$u" $rc
    done
    rm -rf "$d"
fi

# pulse.service's stop timeout against the longest stop pulse(8) documents
# (SYSTEMD): "The stop timeout (N s) covers ... stop_cmd for at most M s, with
# a margin of K s ..., as long as deadtime is at most D s", where M is fos's
# grace in pulse/supervision.cpp. The unit's TimeoutStopSec and the init
# script's STOP_TIMEOUT are N, and N = D + M + K with K > 0.
sh tests/stop_timeout.sh etc/systemd/pulse.service man/pulse.8 etc/init.d/pulse pulse/supervision.cpp
res "stop-timeout-covers-longest-stop" $?
sh tests/stop_timeout.sh --self-test; res "stop-timeout-selftest" $?

# Man pages and getopt tables agree, both ways.
for p in "pulse pulse/options.cpp man/pulse.8" "lvsd lvsd/options.cpp man/lvsd.8" \
         "nanny nanny/options.cpp man/nanny.8" "lvsctl pulse/lvsctl.cpp man/lvsctl.8" \
         "fos fos/options.cpp man/fos.8" "send_arp pulse/send_arp_main.cpp man/send_arp.8" \
         "lvsweb lvsweb/options.cpp man/lvsweb.8"; do
    # shellcheck disable=SC2086  # three words by design
    sh tests/man_options.sh $p
    res "man-options:${p%% *}" $?
done

# Every program answers --help (usage on stdout, status 0) and --version, and
# an option letter means one thing across all of them, hidden ones included:
# the letters are read from each getopt_long string (tests/option_letters.sh).
progs="pulse=pulse/options.cpp lvsd=lvsd/options.cpp nanny=nanny/options.cpp lvsctl=pulse/lvsctl.cpp
       send_arp=pulse/send_arp_main.cpp fos=fos/options.cpp lvsweb=lvsweb/options.cpp"
built=1
for ps in $progs; do
    p=${ps%%=*}
    if [ -x "$bin/$p" ]; then
        sh tests/option_letters.sh --help-version "$bin/$p"; res "help-version:$p" $?
    else
        skip "help-version:$p" "$bin/$p missing, build the programs first"; built=0
    fi
done
if [ $built = 1 ]; then
    # shellcheck disable=SC2046  # one word per program
    sh tests/option_letters.sh --letters $(for ps in $progs; do echo "$bin/$ps"; done) >&2; res "option-letters" $?
else
    skip option-letters "programs missing, build them first"
fi
sh tests/option_letters.sh --self-test; res "option-letters-selftest" $?

# make deb's last check (mk/check_deb.sh: a -dbgsym package, the programs
# stripped) refuses what it must, on small packages built here.
if ! command -v dpkg-deb >/dev/null 2>&1 || ! command -v file >/dev/null 2>&1; then
    skip check-deb-selftest "dpkg-deb or file not found, Debian packages dpkg and file"
elif [ ! -x "$bin/send_arp" ]; then
    skip check-deb-selftest "$bin/send_arp missing, build the programs first"
else
    sh mk/check_deb.sh --self-test "$bin/send_arp"; res check-deb-selftest $?
fi

# make with install among its goals (make all install, make install test)
# installs no package: the dependency step only checks.
sh tests/install_deps_test.sh >&2; res "make-install-installs-no-package" $?

# lvsweb refuses to listen anywhere but loopback without TLS: exit 2 and
# the reason, for an address of another host, every IPv4 address and every
# IPv6 address (a timeout means it started serving: a failure).
if [ -x "$bin/lvsweb" ]; then
    d=$(mktemp -d)
    for a in 192.0.2.1 0.0.0.0 ::; do
        printf '[web]\naddress = %s\nport = 39636\npassword_file = %s/pw\n' "$a" "$d" > "$d/lvs.ini"
        out=$(timeout 10 "$bin/lvsweb" --settings "$d/lvs.ini" -c "$d/lvs.cf" 2>&1)
        rc=$?
        want="lvsweb: refusing to start: [web] address $a is not loopback: set tls_cert and tls_key in lvs.ini"
        case "$rc:$out" in
            2:*"$want"*) ok=0 ;;
            *) ok=1; echo "lvsweb with [web] address $a and no TLS: status $rc, said: $out" >&2 ;;
        esac
        res "lvsweb-refuses-clear-text:$a" $ok
    done
    rm -rf "$d"
else
    skip lvsweb-refuses-clear-text "$bin/lvsweb missing, build the programs first"
fi

# make install / uninstall into a staging directory.
stage=$(mktemp -d)
make -s install DESTDIR="$stage" PREFIX=/usr BUILD="$build" >/dev/null 2>&1
ok=0
for f in usr/sbin/pulse usr/sbin/lvsd usr/sbin/nanny usr/sbin/fos usr/share/man/man8/fos.8 usr/share/doc/lvs/lvs-fos.cf.sample usr/sbin/lvsctl usr/sbin/send_arp usr/share/man/man8/lvsctl.8 usr/share/man/man8/send_arp.8 usr/share/man/man5/lvs.cf.5 usr/share/man/man8/lvsd.8 \
         usr/sbin/lvsweb usr/share/man/man8/lvsweb.8 usr/lib/systemd/system/lvsweb.service \
         usr/lib/systemd/system/pulse.service etc/init.d/pulse etc/sysconfig/pulse usr/share/doc/lvs/lvs.cf.sample usr/share/doc/lvs/lvs-ecmp.cf.sample \
         usr/lib/modules-load.d/lvs.conf; do
    [ -e "$stage/$f" ] || { echo "install: missing $f" >&2; ok=1; }
done
res "make-install-staging" $ok
make -s uninstall DESTDIR="$stage" PREFIX=/usr BUILD="$build" >/dev/null 2>&1
left=$(find "$stage" -type f ! -path '*/sysconfig/pulse' | head -5)
[ -z "$left" ]; rc=$?
[ $rc -ne 0 ] && echo "uninstall left: $left" >&2
res "make-uninstall-staging" $rc
rm -rf "$stage"
