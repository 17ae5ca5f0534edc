#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (host kernel, no guest, no IPVS): the CPU a check costs, one
# nanny process per real server against HAProxy's checker, both checking
# the same 1,000 servers every second with a plain TCP connect, timeout 1 s.
# Run as root on the host (make bench-host, or make bench after the guest
# benchmarks); it never boots a guest.
#   sh tests/bench/host/fleet.sh [BUILD]        (default build)
# Environment: BENCH_HOST_SERVERS (1000), BENCH_HOST_WINDOW_S (20),
# BENCH_HOST_SETTLE_S (5), BENCH_HOST_BASE=PATH: another nanny binary (an
# earlier build, say) compared with BUILD's: after BUILD's fleet alone, the
# two run at the same time, half the servers each, started alternately, so
# that both see the same machine ("nanny_ab" and "base_ab"; the same binary
# twice shows what is left of the difference between the two halves).
#
# Layout: a network namespace of its own (loopback only, so no address or
# port of the host is touched and its TCP counters are the benchmark's
# alone). The servers are 127.1.I.J:9000 (the namespace's 127.0.0.0/8 on
# lo), answered by one python3 accept-and-close loop on port 9000 (its CPU
# is reported, not counted).
#
# Each system runs alone, its processes in a cgroup of their own; over a
# window of BENCH_HOST_WINDOW_S seconds after a settling pause:
# - CPU from the cgroup's counter (cgroup v1: cpuacct.usage, ns; cgroup v2:
#   cpu.stat usage_usec);
# - checks as the namespace's TCP active opens (Tcp: ActiveOpens of
#   /proc/net/snmp): every check opens one connection;
# - CPU per check = CPU / checks, in microseconds;
# - nanny's USS (Private_Clean + Private_Dirty of smaps_rollup), averaged,
#   and HAProxy's, whole;
# - the floor: as many processes that only wake once a second
#   (BUILD/bench/wakeups; skipped when it is not built), CPU per wake-up.
# nanny runs as Piranha ran it, standalone (-n: in the foreground, its log
# on standard error): without lvsd there is no status segment, so the
# per-check publish (a seqlock write to shared memory, no system call) is
# the one step of a check not measured here.
# Prints "BENCH name value unit" lines.
set -u
build=${1:-build}
N=${BENCH_HOST_SERVERS:-1000}
WINDOW=${BENCH_HOST_WINDOW_S:-20}
SETTLE=${BENCH_HOST_SETTLE_S:-5}
PORT=9000
NANNY="$build/bin/nanny"
WAKEUPS="$build/bench/wakeups"
NS="lvs-hostbench-$$"
TMP=$(mktemp -d /tmp/lvs-hostbench.XXXXXX)

[ "$(id -u)" -eq 0 ] || { echo "host-fleet: needs root (cgroups, a network namespace)" >&2; exit 1; }
[ -x "$NANNY" ] || { echo "host-fleet: $NANNY missing (make programs)" >&2; exit 1; }
command -v haproxy >/dev/null 2>&1 || echo "host-fleet: haproxy not installed (Debian package haproxy): HAProxy not measured" >&2

# ---- cgroups: v2 (cpu.stat usage_usec) or v1 (cpuacct.usage) ----
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    CGV=2; CGROOT=/sys/fs/cgroup
elif [ -f /sys/fs/cgroup/cpuacct/cpuacct.usage ]; then
    CGV=1; CGROOT=/sys/fs/cgroup/cpuacct
else
    echo "host-fleet: no cgroup CPU counter (neither cgroup v2 nor v1 cpuacct)" >&2; exit 1
fi
CGS=""
cg_make() {  # VAR NAME: a new cgroup, its path in VAR (and in CGS, for the cleanup)
    d="$CGROOT/lvs-hostbench-$$-$2"
    mkdir "$d" || exit 1
    CGS="$CGS $d"
    eval "$1=\$d"
}
cg_ns() {  # CGROUP -> CPU used so far, ns
    if [ $CGV = 2 ]; then awk '$1 == "usage_usec" { printf "%.0f\n", $2 * 1000 }' "$1/cpu.stat"
    else cat "$1/cpuacct.usage"; fi
}
cg_pids() { cat "$1/cgroup.procs" 2>/dev/null; }
# CGROUP NS CMD...: runs CMD in the background inside the cgroup and the
# network namespace (the shell joins the cgroup, then ip netns exec execs
# CMD, so $! is CMD's pid).
cg_start() {
    cg=$1; shift
    sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec ip netns exec "$@"' sh "$cg" "$@" &
}
cg_kill() {  # CGROUP: ends every process in it (all started here), waits until it is empty
    for sig in TERM KILL; do
        p=$(cg_pids "$1")
        [ -z "$p" ] && return 0
        # shellcheck disable=SC2086  # one pid a word
        kill -$sig $p 2>/dev/null
        i=0
        while [ -n "$(cg_pids "$1")" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    done
}
NSS=""
cleanup() {
    for d in $CGS; do cg_kill "$d"; rmdir "$d" 2>/dev/null; done
    for n in $NSS; do ip netns del "$n" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

now_ns() { date +%s%N; }
server() { echo "127.1.$(($1 / 250)).$(($1 % 250 + 1))"; }  # I (0..N-1) -> address
cg_make RESP responder
# VAR NS: a network namespace with its loopback up and a responder on
# every address (accept and close, in the responder cgroup); the
# responder's pid in VAR (its /proc/PID/net is the namespace's).
make_ns() {
    ip netns add "$2" || exit 1
    NSS="$NSS $2"
    ip netns exec "$2" ip link set lo up || exit 1
    cg_start "$RESP" "$2" python3 -c '
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", '"$PORT"'))
s.listen(4096)
while True:
    c, _ = s.accept()
    c.close()
'
    eval "$1=\$!"
    i=0
    while ! ip netns exec "$2" python3 -c "import socket; socket.create_connection(('$(server $((N - 1)))', $PORT), 1)" 2>/dev/null; do
        i=$((i + 1)); [ $i -ge 50 ] && { echo "host-fleet: the responder in $2 does not answer" >&2; exit 1; }
        sleep 0.1
    done
}
make_ns SNMP "$NS"
tcp() {  # PID FIELD -> the Tcp counter of PID's namespace
    awk -v f="$2" '$1 == "Tcp:" && !n { for (i = 2; i <= NF; i++) k[i] = $i; n = 1; next }
        $1 == "Tcp:" { for (i = 2; i <= NF; i++) if (k[i] == f) print $i }' "/proc/$1/net/snmp"
}

sample() {  # SUFFIX NAME CGROUP PID...: CPU and Tcp counters to TMP/NAME.SUFFIX
    x=$1; shift
    while [ $# -ge 3 ]; do
        echo "$(cg_ns "$2") $(tcp "$3" ActiveOpens) $(tcp "$3" AttemptFails)" > "$TMP/$1.$x"
        shift 3
    done
}
# NAME CGROUP PID [NAME CGROUP PID]...: measures each cgroup, and the
# namespace of PID, over one window; writes TMP/NAME.{cpu,checks,fails,us}
# (CPU % of one CPU, checks a second, AttemptFails a second, CPU per check
# in us) and TMP/resp (the responders' CPU %, not counted).
window() {
    r0=$(cg_ns "$RESP"); t0=$(now_ns); sample w0 "$@"
    sleep "$WINDOW"
    sample w1 "$@"; t1=$(now_ns); r1=$(cg_ns "$RESP")
    awk -v r="$((r1 - r0))" -v t="$((t1 - t0))" 'BEGIN { printf "%.1f\n", r * 100 / t }' > "$TMP/resp"
    while [ $# -ge 3 ]; do
        cat "$TMP/$1.w0" "$TMP/$1.w1" | awk -v t="$((t1 - t0))" -v o="$TMP/$1" '
            NR == 1 { c = $1; a = $2; f = $3 } NR == 2 { c = $1 - c; a = $2 - a; f = $3 - f }
            END { printf "%.1f\n", c * 100 / t > (o ".cpu"); printf "%.0f\n", a * 1e9 / t > (o ".checks")
                  printf "%.1f\n", f * 1e9 / t > (o ".fails")
                  if (a > 0) printf "%.1f\n", c / a / 1000 > (o ".us"); else print "n/a" > (o ".us") }'
        echo "$1: CPU $(cat "$TMP/$1.cpu") % of one CPU, $(cat "$TMP/$1.checks") checks/s," \
            "$(cat "$TMP/$1.us") us a check (AttemptFails $(cat "$TMP/$1.fails")/s: refused connects, and" \
            "half-open checks the server dropped); responders $(cat "$TMP/resp") % (not counted);" \
            "load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
        shift 3
    done
}
uss() {  # PID... -> Private_Clean + Private_Dirty, KiB, averaged
    for p in "$@"; do cat "/proc/$p/smaps_rollup" 2>/dev/null; done | awk '
        /^[0-9a-f]+-[0-9a-f]+ / { n++ } $1 == "Private_Clean:" || $1 == "Private_Dirty:" { s += $2 }
        END { if (n) printf "%.0f", s / n; else print 0 }'
}
settle() { echo "$1: settling ${SETTLE} s" >&2; sleep "$SETTLE"; }

# ---- the floor: processes that only wake once a second ----
if [ -x "$WAKEUPS" ]; then
    cg_make FLOOR floor
    cg_start "$FLOOR" "$NS" "$WAKEUPS" "$N"
    settle floor
    c0=$(cg_ns "$FLOOR"); t0=$(now_ns); sleep "$WINDOW"; c1=$(cg_ns "$FLOOR"); t1=$(now_ns)
    floor_us=$(awk -v c="$((c1 - c0))" -v t="$((t1 - t0))" -v n="$N" 'BEGIN { printf "%.1f", c / 1000 / (n * t / 1e9) }')
    floor_pct=$(awk -v c="$((c1 - c0))" -v t="$((t1 - t0))" 'BEGIN { printf "%.1f", c * 100 / t }')
    echo "floor: $N processes waking once a second: CPU $floor_pct % of one CPU, $floor_us us a wake-up" >&2
    cg_kill "$FLOOR"
fi

# ---- nanny: one process per server ----
# NAME CGROUP COUNT: waits until COUNT servers are up (each nanny's log
# line in TMP/NAME.log), then writes the nannies' average USS to TMP/NAME.uss.
fleet_up() {
    i=0
    while [ "$(cat "$TMP/$1.log" 2>/dev/null | grep -c 'making .* available')" -lt "$3" ] && [ $i -lt 600 ]; do
        sleep 0.1; i=$((i + 1))
    done
    pids=$(for p in $(cg_pids "$2"); do [ "$(cat "/proc/$p/comm" 2>/dev/null)" = nanny ] && echo "$p"; done)
    # shellcheck disable=SC2086  # one pid a word
    uss $pids > "$TMP/$1.uss"
    echo "$1: $(echo $pids | wc -w) nannies, $(grep -c 'making .* available' "$TMP/$1.log") servers up," \
        "USS $(cat "$TMP/$1.uss") KiB on average" >&2
}
nanny_line() {  # BINARY I: the command line of the nanny of server I
    echo "\"$1\" -n -h $(server "$2") -p $PORT -t 1 --interval 1 --lvs"
}
cg_make CGN nanny
i=0
while [ $i -lt "$N" ]; do echo "$(nanny_line "$NANNY" $i) 2>>\"$TMP/nanny.log\" &"; i=$((i + 1)); done > "$TMP/nanny.sh"
echo wait >> "$TMP/nanny.sh"
cg_start "$CGN" "$NS" sh "$TMP/nanny.sh"  # nanny dies with its parent (PR_SET_PDEATHSIG): the shell waits
fleet_up nanny "$CGN" "$N"
settle nanny
window nanny "$CGN" "$SNMP"
cg_kill "$CGN"
# Side by side: BUILD's nanny on the even servers, BENCH_HOST_BASE's on the
# odd ones, started alternately by one shell, each fleet in a cgroup and a
# namespace of its own (so that each has its own TCP counters).
if [ -n "${BENCH_HOST_BASE:-}" ]; then
    mkdir "$TMP/base" && cp "$BENCH_HOST_BASE" "$TMP/base/nanny" || exit 1  # its processes named nanny too
    make_ns SNMPB "$NS-b"
    cg_make CGA nanny_ab
    cg_make CGB base_ab
    i=0
    while [ $i -lt $((N / 2 * 2)) ]; do
        if [ $((i % 2)) -eq 0 ]; then cg=$CGA; ns=$NS; bin=$NANNY; name=nanny_ab
        else cg=$CGB; ns="$NS-b"; bin="$TMP/base/nanny"; name=base_ab; fi
        echo "sh -c 'echo \$\$ > \"$cg/cgroup.procs\" && exec ip netns exec \"$ns\" $(nanny_line "$bin" $i)' 2>>\"$TMP/$name.log\" &"
        i=$((i + 1))
    done > "$TMP/ab.sh"
    echo wait >> "$TMP/ab.sh"
    sh "$TMP/ab.sh" &
    fleet_up nanny_ab "$CGA" $((N / 2))
    fleet_up base_ab "$CGB" $((N / 2))
    settle "nanny_ab and base_ab"
    window nanny_ab "$CGA" "$SNMP" base_ab "$CGB" "$SNMPB"
    cg_kill "$CGA"; cg_kill "$CGB"
fi

# ---- HAProxy: one process for all of them ----
if command -v haproxy >/dev/null 2>&1; then
    {
        printf 'global\n    maxconn 4096\n\ndefaults\n    mode tcp\n'
        printf '    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\n    timeout check 1s\n\n'
        # A frontend, without which HAProxy does not start; it gets no traffic.
        printf 'frontend idle\n    bind 127.0.0.1:%d\n    default_backend fleet\n\n' $((PORT + 1))
        printf 'backend fleet\n    default-server check inter 1s fall 1 rise 1\n'
        i=0
        while [ $i -lt "$N" ]; do printf '    server s%d %s:%d\n' $i "$(server $i)" $PORT; i=$((i + 1)); done
    } > "$TMP/haproxy.cfg"
    cg_make HAP haproxy
    cg_start "$HAP" "$NS" haproxy -db -f "$TMP/haproxy.cfg" 2> "$TMP/haproxy.log"
    settle haproxy
    hpids=$(cg_pids "$HAP" | tr '\n' ' ')
    if [ -z "$hpids" ]; then
        echo "haproxy: not running: $(tail -3 "$TMP/haproxy.log")" >&2
    else
        # shellcheck disable=SC2086  # one pid a word
        echo "haproxy: pid $hpids, $(awk '$1 == "Threads:" { print $2 }' "/proc/$(echo $hpids | cut -d' ' -f1)/status") threads" >&2
        # shellcheck disable=SC2086
        hap_uss=$(uss $hpids)
        window haproxy "$HAP" "$SNMP"
        hap_us=$(cat "$TMP/haproxy.us")
    fi
    cg_kill "$HAP"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
nanny_us=$(cat "$TMP/nanny.us")
echo "BENCH host_servers $N servers"
echo "BENCH host_window_s $WINDOW s"
echo "BENCH host_nanny_us_per_check $nanny_us us"
echo "BENCH host_nanny_checks_per_s $(cat "$TMP/nanny.checks") checks/s"
echo "BENCH host_nanny_cpu_pct $(cat "$TMP/nanny.cpu") %"
echo "BENCH host_nanny_uss_kib $(cat "$TMP/nanny.uss") KiB"
if [ -n "${BENCH_HOST_BASE:-}" ]; then
    echo "BENCH host_ab_nanny_us_per_check $(cat "$TMP/nanny_ab.us") us"
    echo "BENCH host_ab_base_us_per_check $(cat "$TMP/base_ab.us") us"
    echo "BENCH host_ab_base_over_nanny $(ratio "$(cat "$TMP/base_ab.us")" "$(cat "$TMP/nanny_ab.us")") x"
fi
if [ -n "${hap_us:-}" ]; then
    echo "BENCH host_haproxy_version $(haproxy -v | sed -n 's/^HAProxy version \([^ ]*\).*/\1/p' | head -1) version"
    echo "BENCH host_haproxy_us_per_check $hap_us us"
    echo "BENCH host_haproxy_checks_per_s $(cat "$TMP/haproxy.checks") checks/s"
    echo "BENCH host_haproxy_cpu_pct $(cat "$TMP/haproxy.cpu") %"
    echo "BENCH host_haproxy_uss_kib $hap_uss KiB"
    echo "BENCH host_haproxy_over_nanny $(ratio "$hap_us" "$nanny_us") x"
fi
[ -n "${floor_us:-}" ] && echo "BENCH host_wakeup_floor_us $floor_us us"
[ -n "${floor_pct:-}" ] && echo "BENCH host_wakeup_floor_cpu_pct $floor_pct %"
exit 0
