#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The SysV init script (etc/init.d/pulse) without root: it runs against a
# scratch tree (PULSE_INIT_ROOT) with a fake pulse (PULSE) that logs its
# command lines, checks lvs.cf ("BAD" in it is refused, exit 2) and forks
# away a process named pulse that writes the --pidfile it was given.
# Checked: the LSB exit codes of stop and status without lvs.cf, pid file or
# pulse; start, reload, restart, try-restart, force-reload; a refused lvs.cf
# changes nothing; stale pid files and the subsys lock; the options files;
# the distribution's message functions; the hand-over to systemctl. With
# BUILD/bin/pulse, the real pulse is started and stopped by the script too
# (--norun: heartbeats only, on a free port, no status listener, normal
# priority), proving that it writes the pid file the script names.
# Usage: tests/init_script_test.sh [BUILD]
# Appends "PASS init-script:NAME" / "FAIL init-script:NAME" lines to
# $TEST_RESULTS when set, prints them otherwise; exits 1 if any failed.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
script=$here/etc/init.d/pulse
build=${1:-}
tmp=$(mktemp -d)
failed=0
cleanup() {
    for p in $(cat "$tmp"/pids 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
res() {  # NAME RC [WHY]
    if [ "$2" -eq 0 ]; then
        line="PASS init-script:$1"
    else
        line="FAIL init-script:$1"
        echo "init-script:$1: ${3:-failed}" >&2
        failed=1
    fi
    if [ -n "${TEST_RESULTS:-}" ]; then echo "$line" >> "$TEST_RESULTS"; else echo "$line"; fi
}
expect_rc() {  # NAME WANT GOT
    if [ "$2" = "$3" ]; then res "$1" 0; else res "$1" 1 "exit status $3, want $2"; fi
}

root=$tmp/root
mkdir -p "$root/etc/sysconfig/ha" "$root/etc/default" "$root/var/run" "$root/bin"
export FAKE_LOG="$tmp/pulse.log"
: > "$FAKE_LOG"
cat > "$tmp/pulse" <<'EOF'
#!/bin/sh
# fake pulse for tests/init_script_test.sh
if [ "${1:-}" = --fake-daemon ]; then
    # As pulse: the pid file goes first, the process a little later.
    trap 'rm -f "$2"; sleep 0.5; echo TERM >> "$FAKE_LOG"; exit 0' TERM
    trap 'echo HUP >> "$FAKE_LOG"' HUP
    echo $$ > "$2"
    while :; do sleep 0.1; done
fi
echo "$*" >> "$FAKE_LOG"
test=0 cfg= pidfile=
while [ $# -gt 0 ]; do
    case "$1" in
        --test-config | -t) test=1 ;;
        -c) cfg=$2; shift ;;
        --pidfile) pidfile=$2; shift ;;
    esac
    shift
done
if grep -q BAD "$cfg"; then echo "$cfg:1:1: error: unknown command" >&2; exit 2; fi
[ $test = 1 ] && exit 0
# With the default signal actions: a shell cannot trap a signal it was
# started with ignored, and a test run under nohup (SIGHUP ignored, as
# every process it starts inherits) lost the reload's HUP. The real pulse
# sets its own handlers.
env --default-signal=HUP,TERM "$0" --fake-daemon "$pidfile" < /dev/null > /dev/null 2>&1 &
exit 0
EOF
chmod +x "$tmp/pulse"
export PULSE="$tmp/pulse" PULSE_INIT_ROOT="$root"
unset SYSTEMCTL_SKIP_REDIRECT
pidfile=$root/var/run/pulse.pid
init() { sh "$script" "$@" > "$tmp/out" 2>&1; }
pid_of() { cat "$pidfile" 2>/dev/null; }
# A process that ended but is not reaped (pid 1 of a container may not reap)
# is not alive.
alive() {
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
    [ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
starts() { grep -v -e '--test-config' -e '^TERM' -e '^HUP' -e '^systemctl' "$FAKE_LOG" | grep -c .; }

# --- nothing installed or configured --------------------------------------
init stop; expect_rc stop-without-lvs.cf 0 $?
init status; expect_rc status-without-lvs.cf 3 $?
init start; expect_rc start-without-lvs.cf-is-6 6 $?
[ ! -s "$FAKE_LOG" ]; res start-without-lvs.cf-runs-nothing $? "pulse was run: $(cat "$FAKE_LOG")"
PULSE=$tmp/none init stop; expect_rc stop-without-pulse 0 $?
PULSE=$tmp/none init status; expect_rc status-without-pulse 3 $?
echo 'service = lvs' > "$root/etc/sysconfig/ha/lvs.cf"
PULSE=$tmp/none init start; expect_rc start-without-pulse-is-5 5 $?
init frobnicate; expect_rc unknown-action-is-2 2 $?
# A -c in OPTIONS is the lvs.cf the script checks, not the default one.
echo "OPTIONS=\"-c $tmp/elsewhere.cf\"" > "$root/etc/default/pulse"
init start; expect_rc start-options-lvs.cf-missing-is-6 6 $?
grep -q "$tmp/elsewhere.cf not found" "$tmp/out"; res start-checks-the-lvs.cf-options-names $? "$(cat "$tmp/out")"
rm -f "$root/etc/default/pulse"

# --- start, status, reload -------------------------------------------------
echo 'OPTIONS="--from-sysconfig"' > "$root/etc/sysconfig/pulse"
echo 'OPTIONS="--from-default"' > "$root/etc/default/pulse"
init start; expect_rc start 0 $?
p1=$(pid_of); echo "$p1" >> "$tmp/pids"
alive "$p1"; res start-pidfile-names-a-live-pulse $? "pid file: '$p1'"
grep -q -- "--pidfile $pidfile " "$FAKE_LOG"; res start-passes-pidfile $? "$(cat "$FAKE_LOG")"
grep -q -- "-c $root/etc/sysconfig/ha/lvs.cf" "$FAKE_LOG"; res start-passes-lvs.cf $?
grep -q -- "--from-default" "$FAKE_LOG" && ! grep -q -- "--from-sysconfig" "$FAKE_LOG"
res start-options-default-read-last $? "$(cat "$FAKE_LOG")"
init status; expect_rc status-running 0 $?
grep -q "pid $p1" "$tmp/out"; res status-names-pid $?
init start; expect_rc start-when-running 0 $?
[ "$(starts)" = 1 ]; res start-when-running-starts-nothing $?
init reload; expect_rc reload 0 $?
# The fake pulse notices the signal between its sleeps: poll, as a loaded
# machine may take a while (a fixed 0.3 s failed once under an e2e run).
logged() { i=0; while [ $i -lt 100 ]; do grep -q "$1" "$FAKE_LOG" && return 0; sleep 0.05; i=$((i + 1)); done; return 1; }
logged '^HUP'; res reload-sends-hup $? "pid file: '$(pid_of)' (started as $p1, alive: $(alive "$p1" && echo yes || echo no)); output: $(cat "$tmp/out"); log: $(cat "$FAKE_LOG"); $(ps -o pid,stat,args -p "$p1" 2>&1 | tail -1)"
init force-reload; expect_rc force-reload-running 0 $?
sleep 0.3

# --- a refused lvs.cf changes nothing ----------------------------------------
echo 'BAD' >> "$root/etc/sysconfig/ha/lvs.cf"
: > "$FAKE_LOG"
init restart; expect_rc restart-bad-config-is-6 6 $?
grep -q 'error: unknown command' "$tmp/out"; res restart-bad-config-shows-why $?
init try-restart; expect_rc try-restart-bad-config-is-6 6 $?
init reload; expect_rc reload-bad-config-is-6 6 $?
sleep 0.3
[ "$(pid_of)" = "$p1" ] && alive "$p1" && ! grep -q -e '^TERM' -e '^HUP' "$FAKE_LOG"
res bad-config-leaves-pulse-alone $? "pid $(pid_of), log: $(cat "$FAKE_LOG")"
echo 'service = lvs' > "$root/etc/sysconfig/ha/lvs.cf"

init try-restart; expect_rc try-restart-running 0 $?
p2=$(pid_of); echo "$p2" >> "$tmp/pids"
[ -n "$p2" ] && [ "$p2" != "$p1" ] && alive "$p2" && ! alive "$p1"
res try-restart-replaces-pulse $? "old $p1, new $p2"
init condrestart; expect_rc condrestart-running 0 $?
p3=$(pid_of); echo "$p3" >> "$tmp/pids"
init restart; expect_rc restart 0 $?
p4=$(pid_of); echo "$p4" >> "$tmp/pids"
[ "$p4" != "$p3" ] && alive "$p4"; res restart-replaces-pulse $?

# --- stop ------------------------------------------------------------------------
: > "$FAKE_LOG"
init stop; expect_rc stop 0 $?
! alive "$p4" && [ ! -e "$pidfile" ] && grep -q '^TERM' "$FAKE_LOG"; res stop-terminates $?
init status; expect_rc status-stopped 3 $?
init stop; expect_rc stop-stopped 0 $?
init try-restart; expect_rc try-restart-stopped 0 $?
init force-reload; expect_rc force-reload-stopped 0 $?
init reload; expect_rc reload-stopped-is-7 7 $?
[ "$(starts)" = 0 ] && [ ! -e "$pidfile" ]; res conditional-actions-start-nothing $?

# --- stale pid file, subsys lock ---------------------------------------------------
sleep 30 & stranger=$!; echo "$stranger" >> "$tmp/pids"
echo "$stranger" > "$pidfile"
init status; expect_rc status-stale-pidfile-is-1 1 $?
init stop; expect_rc stop-stale-pidfile 0 $?
alive "$stranger" && [ ! -e "$pidfile" ]; res stop-stale-pidfile-kills-nothing $?
kill "$stranger" 2>/dev/null
mkdir -p "$root/var/lock/subsys"
init start; expect_rc start-with-subsys 0 $?
p5=$(pid_of); echo "$p5" >> "$tmp/pids"
[ -f "$root/var/lock/subsys/pulse" ]; res start-takes-subsys-lock $?
kill -KILL "$p5"; i=0; while alive "$p5" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
rm -f "$pidfile"
init status; expect_rc status-dead-subsys-locked-is-2 2 $?
init stop; expect_rc stop-dead 0 $?
[ ! -e "$root/var/lock/subsys/pulse" ]; res stop-drops-subsys-lock $?

# --- the distribution's functions -------------------------------------------------
mkdir -p "$root/lib/lsb" "$root/etc/init.d"
cat > "$root/lib/lsb/init-functions" <<'EOF'
log_daemon_msg() { echo "LSB-BEGIN $*"; }
log_progress_msg() { echo "LSB-NOTE $*"; }
log_end_msg() { echo "LSB-END $1"; return "$1"; }
EOF
init stop; rc=$?
[ $rc = 0 ] && grep -q 'LSB-BEGIN Stopping' "$tmp/out" && grep -q 'LSB-END 0' "$tmp/out"
res lsb-init-functions $? "$(cat "$tmp/out")"
cat > "$root/etc/init.d/functions" <<'EOF'
success() { echo "RHEL-OK"; return 0; }
failure() { echo "RHEL-FAILED"; return 1; }
EOF
init stop; rc=$?
[ $rc = 0 ] && grep -q 'RHEL-OK' "$tmp/out" && ! grep -q LSB "$tmp/out"
res rhel-functions-first $? "$(cat "$tmp/out")"
rm -f "$root/etc/init.d/functions" "$root/lib/lsb/init-functions"

# --- systemd: handed to systemctl ----------------------------------------------------
mkdir -p "$root/run/systemd/system"
cat > "$root/bin/systemctl" <<'EOF'
#!/bin/sh
echo "systemctl $*" >> "$FAKE_LOG"
case "$*" in *is-active*) exit "${FAKE_ACTIVE:-3}" ;; *status*) exit 3 ;; esac
exit 0
EOF
chmod +x "$root/bin/systemctl"
: > "$FAKE_LOG"
init start; expect_rc systemd-start 0 $?
grep -q '^systemctl --no-pager start pulse.service$' "$FAKE_LOG"; res systemd-start-via-systemctl $? "$(cat "$FAKE_LOG")"
init status; expect_rc systemd-status-is-systemctls 3 $?
[ "$(starts)" = 0 ] && [ ! -e "$pidfile" ]; res systemd-runs-no-pulse $? "$(cat "$FAKE_LOG")"
echo 'BAD' >> "$root/etc/sysconfig/ha/lvs.cf"
: > "$FAKE_LOG"
init restart; expect_rc systemd-restart-bad-config-is-6 6 $?
FAKE_ACTIVE=0 init reload; expect_rc systemd-reload-bad-config-is-6 6 $?
! grep -q -e '--no-pager restart' -e '--no-pager reload' "$FAKE_LOG"
res systemd-bad-config-not-handed-over $? "$(cat "$FAKE_LOG")"
init try-restart; expect_rc systemd-try-restart-inactive 0 $?
grep -q -- '--no-pager try-restart pulse.service' "$FAKE_LOG"; res systemd-try-restart-inactive-handed-over $?
echo 'service = lvs' > "$root/etc/sysconfig/ha/lvs.cf"
: > "$FAKE_LOG"
SYSTEMCTL_SKIP_REDIRECT=1 init status; expect_rc systemd-skip-redirect 3 $?
! grep -q systemctl "$FAKE_LOG"; res systemd-skip-redirect-no-systemctl $?
rm -rf "$root/run/systemd"

# --- the real pulse --------------------------------------------------------------------
if [ -n "$build" ] && [ -x "$build/bin/pulse" ]; then
    port=$((20000 + $$ % 20000))
    cat > "$root/etc/sysconfig/ha/lvs.cf" <<EOF
service = lvs
primary = 127.0.0.1
backup = 127.0.0.2
backup_active = 1
heartbeat_port = $port
keepalive = 0.1
deadtime = 0.3
network = direct
virtual www {
	active = 1
	address = 192.0.2.80 lo:9
	port = 80
	server web1 {
		address = 192.0.2.21
		active = 1
	}
}
EOF
    printf '[shm]\nname = lvs-inittest-%s\n[status]\nlisten = off\n[heartbeat]\nrt_priority = 0\n' "$$" > "$tmp/lvs.ini"
    echo "OPTIONS=\"--norun --settings $tmp/lvs.ini\"" > "$root/etc/default/pulse"
    rm -f "$root/etc/sysconfig/pulse"
    PULSE=$(cd "$build/bin" && pwd)/pulse
    export PULSE
    init start; rc=$?
    [ $rc != 0 ] && cat "$tmp/out" >&2
    expect_rc real-pulse-start 0 $rc
    rp=$(pid_of); echo "$rp" >> "$tmp/pids"
    [ -n "$rp" ] && [ "$(cat "/proc/$rp/comm" 2>/dev/null)" = pulse ]
    res real-pulse-writes-given-pidfile $? "pid file $pidfile: '$rp'"
    init status; expect_rc real-pulse-status 0 $?
    init reload; expect_rc real-pulse-reload 0 $?
    sleep 0.3; alive "$rp"; res real-pulse-survives-reload $?
    init stop; expect_rc real-pulse-stop 0 $?
    ! alive "$rp" && [ ! -e "$pidfile" ]; res real-pulse-stopped $?
    init status; expect_rc real-pulse-status-stopped 3 $?
elif [ -n "$build" ] && [ "${LINT_ALLOW_SKIP:-}" = 1 ]; then
    echo "SKIP init-script:real-pulse: $build/bin/pulse missing" | tee -a "${TEST_RESULTS:-/dev/null}" >&2
elif [ -n "$build" ]; then
    res real-pulse 1 "$build/bin/pulse missing, build the programs first"
fi

exit $failed
