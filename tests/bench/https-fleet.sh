#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (guest): HTTPS health checks at a fixed total rate, three
# systems one after the other on the same real servers:
#  1. nanny's native HTTP check over TLS (check = http, http_path = /health,
#     http_status = 200, tls = 1, tls_ca = the test CA, tls_verify_name =
#     rs.bench: the chain and the name are verified), lvsd and one nanny
#     per real server;
#  2. keepalived -C (checker only), SSL_GET { url { path /health
#     status_code 200 } } with the CA in its SSL block (keepalived loads it
#     but never asks OpenSSL to verify the server's certificate);
#  3. Piranha's way: nanny with send_program running curl for each check
#     (curl -sk: no verification), expect = "200".
# Every check is a TCP connection, a full TLS handshake (no session is
# resumed by any of them), GET /health and the answer.
#
# Layout as tests/bench/nanny-fleet.sh: BENCH_HTTPS_SERVERS (default 50,
# rounded up to a multiple of 10) real servers 10.1.I.J:443, 10 per virtual
# service (192.0.2.80:10000+I, NAT), all /32s on the loopback of namespace
# `rsn`, reached from the router namespace `r` over one veth. One HTTPS
# responder answers them all (tests/bench/tools/https_responder.py: python3
# ssl, a pool of threads; its CPU is reported, not counted) and counts the
# answers, which gives each system's achieved checks a second. The
# certificates (a CA and a P-256 server certificate it signed) are made
# here with openssl(1).
#
# Rate: the guest runs under software emulation (TCG), where one TLS
# handshake costs milliseconds of CPU on each side, so the hardware target
# of 1,000 checks/s cannot be served here. Systems 1 and 2 check at
# BENCH_HTTPS_RATE checks/s in total (default 25: 50 servers every 2 s;
# interval = servers / rate). A curl check costs a process start, far more,
# so system 3 runs at BENCH_HTTPS_CURL_RATE (default: what half a CPU
# affords, from the CPU of BENCH_HTTPS_CURL_CALIBRATE = 10 curl runs timed
# first; at most BENCH_HTTPS_RATE, at least a check of each server a
# minute), with a timeout of BENCH_HTTPS_CURL_TIMEOUT_S (default: long
# enough for the first round, all servers at once, on one CPU; at least
# 10 s) and a window of at least 100 checks (at most 300 s). CPU is
# therefore reported normalised: % of one CPU divided by the achieved
# checks/s, times 1,000 -- the CPU the
# system would need at 1,000 checks/s if its cost stays linear per check
# (a "per_1000_checks_s" figure). A system that does not reach 90 % of its
# target rate is flagged NOT SUSTAINED.
#
# Figures, after every server is in the table and a 10 s pause, over a
# BENCH_HTTPS_WINDOW_S (default 60) second window:
# - CPU (utime + stime) of all the system's processes: each system runs in
#   a cgroup of its own (cgroup2, mounted here if the guest has none) and
#   its cpu.stat usage_usec counts every process in it, the curl children
#   included; without cgroups, /proc/PID/stat of lvsd and the nannies (or
#   keepalived's processes) with cutime + cstime (reaped children);
# - the achieved checks/s (answers the responder gave over the window);
# - USS (Private_Clean + Private_Dirty, smaps_rollup) per native TLS nanny
#   (its TLS context is loaded by then), and keepalived's checker USS;
# - detection, nanny native and keepalived: the addresses of 10 servers are
#   deleted at once (their packets are then dropped silently) and
#   /proc/net/ip_vs is read every 10 ms until each has left; 2 rounds,
#   median of 20. Timeout BENCH_HTTPS_TIMEOUT_S (default 1) for both
#   (nanny timeout, keepalived connect_timeout), one failure drops a server
#   (fall = 1; retry 0), one success brings it back.
# Goals: the native check at least 10 x cheaper per check than the curl
# fork; detection no slower than keepalived's.
# Prints "BENCH name value unit" lines.
. tests/e2e/lib.sh
. tests/bench/lib/fleet.sh
N_RS=10
N_VS=$(( (${BENCH_HTTPS_SERVERS:-50} + N_RS - 1) / N_RS ))
TOTAL=$((N_VS * N_RS))
RATE=${BENCH_HTTPS_RATE:-25}
TIMEOUT=${BENCH_HTTPS_TIMEOUT_S:-1}
WINDOW=${BENCH_HTTPS_WINDOW_S:-60}
HZ=$(getconf CLK_TCK)
VIP=192.0.2.80
PORT=443
T=/tmp/tls
SHM=lvs-bench-https
# A duration in seconds with at most 3 decimals and no trailing zeros.
secs() { awk -v v="$1" 'BEGIN { s = sprintf("%.3f", v); sub(/0+$/, "", s); sub(/\.$/, "", s); print s }'; }
IV=$(secs "$(awk -v n=$TOTAL -v r="$RATE" 'BEGIN { print n / r }')")
echo "$TOTAL HTTPS real servers, native and keepalived at $RATE checks/s (interval $IV s), timeout $TIMEOUT s"

fleet_topology "$N_VS" "$N_RS"

# Certificates, made now: a CA and a server certificate (P-256) it signed.
mkdir -p $T
newkey="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
q() { "$@" > /dev/null 2>&1; }
q openssl req -x509 $newkey -keyout $T/ca.key -out $T/ca.pem -days 30 -subj /CN=bench-ca
q openssl req -new $newkey -keyout $T/rs.key -out $T/rs.csr -subj /CN=rs.bench -addext subjectAltName=DNS:rs.bench
q openssl x509 -req -in $T/rs.csr -CA $T/ca.pem -CAkey $T/ca.key -CAcreateserial -days 30 -copy_extensions copy -out $T/rs.pem
[ -s $T/rs.pem ] && echo "certificates made" || echo "openssl failed: no server certificate"

# The responder (see the top); SIGUSR1 makes it write "ANSWERED SECONDS
# FAILED" to /tmp/resp-count.
bg ip netns exec rsn python3 tests/bench/tools/https_responder.py $PORT $T/rs.pem $T/rs.key /tmp/resp-count \
    "${BENCH_HTTPS_RESPONDER_THREADS:-16}"
resp_pid=$!
answered() {  # "ANSWERED SECONDS FAILED" so far
    rm -f /tmp/resp-count
    kill -USR1 "$resp_pid"
    i=0
    while [ ! -f /tmp/resp-count ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    cat /tmp/resp-count 2>/dev/null || echo 0 0 0
}
last="10.1.$((N_VS - 1)).$N_RS"
wait_for 60 ns_exec r curl -skf -m 5 -o /dev/null "https://$last:$PORT/health" &&
    echo "responder answers" || echo "responder does not answer"
# The certificate verifies with the CA and the name, as the native check verifies it.
ns_exec r "$BIN/nanny" --digest "https://$last:$PORT/health" --tls-ca $T/ca.pem --tls-verify-name rs.bench -t 5 > /dev/null &&
    echo "the server certificate verifies with the test CA" || echo "the server certificate does NOT verify"

# Each system in a cgroup of its own (cgroup2), so that its CPU counts every
# process it runs (curl included); CG stays empty when there are none.
CG=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -z "$CG" ] && mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null; then CG=/sys/fs/cgroup; fi
if [ -n "$CG" ] && mkdir -p "$CG/bench-probe" 2>/dev/null && [ -f "$CG/bench-probe/cpu.stat" ]; then
    echo "CPU from cgroup2 cpu.stat under $CG"
else
    echo "no cgroup2 here: CPU from /proc/PID/stat (utime + stime + cutime + cstime)"
    CG=""
fi
[ -n "$CG" ] && rmdir "$CG/bench-probe"
CPU_SOURCE=${CG:+cgroup}; CPU_SOURCE=${CPU_SOURCE:-proc}
start_in() {  # GROUP LOG CMD...: CMD in the background (its pid in $!), in cgroup GROUP if there are cgroups
    g=$1; log=$2; shift 2
    if [ -n "$CG" ]; then
        mkdir -p "$CG/$g"
        sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG/$g" "$@" > "$log" 2>&1 &
    else
        "$@" > "$log" 2>&1 &
    fi
    E2E_BG="$E2E_BG $!"
}
files() { for p in "$@"; do printf '/proc/%s/%s ' "$p" "$F"; done; }
ticks() {  # PID...: sum of utime + stime
    F=stat; cat $(files "$@") 2>/dev/null | awk '{ sub(/^.*\) /, ""); s += $12 + $13 } END { print s + 0 }'
}
used_us() {  # GROUP PID...: CPU microseconds of the system so far (the cgroup, else the PIDs and their reaped children)
    g=$1; shift
    if [ -n "$CG" ]; then
        awk '$1 == "usage_usec" { print $2 }' "$CG/$g/cpu.stat"
    else
        F=stat; cat $(files "$@") 2>/dev/null |
            awk -v hz="$HZ" '{ sub(/^.*\) /, ""); s += $12 + $13 + $14 + $15 } END { printf "%.0f\n", s * 1000000 / hz }'
    fi
}
rollup() {  # avg|sum FIELD PID... (KiB; "Private" is Private_Clean + Private_Dirty, that is USS)
    how=$1; f=$2; shift 2
    F=smaps_rollup; cat $(files "$@") 2>/dev/null | awk -v how="$how" -v f="$f" '
        /^[0-9a-f]+-[0-9a-f]+ / { n++ }
        $1 == f ":" || (f == "Private" && ($1 == "Private_Clean:" || $1 == "Private_Dirty:")) { s += $2 }
        END { if (how == "sum") print s + 0; else if (n) printf "%.0f", s / n; else print 0 }'
}
idle() { awk '$1 == "cpu" { print $5 + $6 }' /proc/stat; }
cpu_pct() {  # TICKS_BEFORE TICKS_AFTER MS
    awk -v a="$1" -v b="$2" -v ms="$3" -v hz="$HZ" 'BEGIN { printf "%.1f", (b - a) / hz * 100000 / ms }'
}
per1000() {  # CPU_PCT CHECKS_PER_S: % of one CPU per 1,000 checks/s
    awk -v c="$1" -v n="$2" 'BEGIN { if (n > 0) printf "%.1f", c * 1000 / n; else print "n/a" }'
}
ratio() {  # A B: A / B
    awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && a != "n/a" && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'
}
# NAME GROUP SECONDS PID... -> the system's CPU as % of one CPU over the
# window. Also writes the achieved checks/s to /tmp/checks-NAME, the
# answers the responder could not give (a second) to /tmp/fails-NAME, its
# CPU to /tmp/resp-NAME and the whole guest's busy time (every CPU and
# interrupts; 100 % a CPU) to /tmp/busy-NAME.
window() {
    name=$1; g=$2; dur=$3; shift 3
    a0=$(answered); c0=$(used_us "$g" "$@"); r0=$(ticks "$resp_pid"); i0=$(idle); t0=$(now_ms)
    sleep "$dur"
    c1=$(used_us "$g" "$@"); r1=$(ticks "$resp_pid"); i1=$(idle); t1=$(now_ms); a1=$(answered)
    cpu_pct "$r0" "$r1" $((t1 - t0)) > "/tmp/resp-$name"
    awk -v i="$(cpu_pct "$i0" "$i1" $((t1 - t0)))" -v n="$(nproc)" 'BEGIN { printf "%.1f", n * 100 - i }' > "/tmp/busy-$name"
    echo "$a0 $a1" | awk '{ if ($5 > $2) printf "%.1f", ($4 - $1) / ($5 - $2); else print "n/a" }' > "/tmp/checks-$name"
    echo "$a0 $a1" | awk '{ if ($5 > $2) printf "%.1f", ($6 - $3) / ($5 - $2); else print "n/a" }' > "/tmp/fails-$name"
    echo "$name: $(cat "/tmp/checks-$name") checks a second answered, $(cat "/tmp/fails-$name") a second not;" \
        "responder CPU $(cat "/tmp/resp-$name") % (not counted); guest busy $(cat "/tmp/busy-$name") % of $(nproc)00 %;" \
        "load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    awk -v a="$c0" -v b="$c1" -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", (b - a) / ms / 10 }'
}
sustained() {  # NAME TARGET_RATE
    awk -v n="$(cat "/tmp/checks-$1")" -v r="$2" -v s="$1" 'BEGIN {
        if (n + 0 >= 0.9 * r) printf "%s: %s checks/s of %s targeted\n", s, n, r
        else printf "%s: NOT SUSTAINED: %s checks/s of %s targeted (the guest is out of CPU; figures below are under overload)\n", s, n, r }'
}

# Detection, as in nanny-fleet.sh: delete the addresses of D servers (of
# different services where there are enough) at once and watch
# /proc/net/ip_vs every 10 ms until each has left; 2 rounds, median.
D=$((TOTAL / 5)); [ $D -gt 10 ] && D=10
detect() { fleet_detect "$1" $PORT $D; }  # NAME -> prints the median detection time in ms (2 x D samples)
# lvs.cf for the fleet: CHECK_KEYS (one "key = value" a line) in every virtual service.
fleet_cf() {  # CHECK_KEYS
    echo "network = nat"
    i=0
    while [ $i -lt $N_VS ]; do
        printf 'virtual v%d {\n\tactive = 1\n\taddress = %s eth0:1\n\tport = %d\n\tscheduler = wlc\n' $i $VIP $((10000 + i))
        printf '%s\n' "$1" | sed 's/^/\t/'
        printf '\trise = 1\n\tfall = 1\n'
        j=1
        while [ $j -le $N_RS ]; do
            printf '\tserver s%d {\n\t\taddress = 10.1.%d.%d\n\t\tport = %d\n\t\tactive = 1\n\t}\n' $j $i $j $PORT
            j=$((j + 1))
        done
        echo "}"
        i=$((i + 1))
    done
}
printf '[paths]\nnanny = %s/nanny\n[shm]\nname = %s\n[status]\nlisten = off\n' "$BIN" $SHM > /tmp/https.ini
stop_lvsd() {  # GROUP
    kill -TERM "$LVSD"
    wait_for 60 sh -c "! pgrep -x nanny" || pkill -9 -x nanny
    wait "$LVSD" 2>/dev/null
    ns_exec r ipvsadm -C
    ns_exec r ip addr del $VIP/24 dev eth0 2>/dev/null
    [ -n "$CG" ] && rmdir "$CG/$1" 2>/dev/null
    return 0
}

# The quiet guest (the responder idle): the baseline of the busy figures.
i0=$(idle); t0=$(now_ms); sleep "${BENCH_FLOOR_S:-20}"; i1=$(idle); t1=$(now_ms)
quiet=$(awk -v i="$(cpu_pct "$i0" "$i1" $((t1 - t0)))" -v n="$(nproc)" 'BEGIN { printf "%.1f", n * 100 - i }')
echo "quiet guest: busy $quiet % of $(nproc)00 %"

# ---- 1. nanny native: check = http, tls = 1, tls_ca ----
fleet_cf "check = http
http_path = /health
http_status = 200
tls = 1
tls_ca = $T/ca.pem
tls_verify_name = rs.bench
timeout = $TIMEOUT
interval = $IV" > /tmp/https-native.cf
"$BIN/lvsd" --test-config -c /tmp/https-native.cf --settings /tmp/https.ini || echo "native: lvs.cf does not validate"
start_in native /tmp/lvsd-native.log ip netns exec r "$BIN/lvsd" -n -c /tmp/https-native.cf --settings /tmp/https.ini
LVSD=$!
settle native 300
sleep 10
nannies=$(pgrep -P "$LVSD" -x nanny | tr '\n' ' ')
echo "native: lvsd pid $LVSD, $(echo $nannies | wc -w) nannies"
d0=$(count 'shutting down' /tmp/lvsd-native.log)
n_cpu=$(window native native "$WINDOW" "$LVSD" $nannies)
sustained native "$RATE"
echo "native: $(( $(count 'shutting down' /tmp/lvsd-native.log) - d0 )) servers dropped during the window (a check failed)"
n_uss=$(rollup avg Private $nannies); n_pss=$(rollup avg Pss $nannies); n_rss=$(rollup avg Rss $nannies)
echo "native TLS nanny average: USS $n_uss KiB, PSS $n_pss KiB, RSS $n_rss KiB"
ns_exec r "$BIN/lvsctl" --shm $SHM status | head -8
n_detect=$(detect native)
echo "native: detection median $n_detect ms"
n_1000=$(per1000 "$n_cpu" "$(cat /tmp/checks-native)")
echo "BENCH https_servers $TOTAL servers"
echo "BENCH https_rate_target $RATE checks/s"
echo "BENCH https_interval_s $IV s"
echo "BENCH https_timeout_s $TIMEOUT s"
echo "BENCH https_cpu_source $CPU_SOURCE"
echo "BENCH https_quiet_guest_busy_pct $quiet %"
echo "BENCH https_native_checks_per_s $(cat /tmp/checks-native) checks/s"
echo "BENCH https_native_cpu_pct $n_cpu % of one CPU (lvsd + nannies)"
echo "BENCH https_native_cpu_per_1000_checks_s $n_1000 % of one CPU per 1,000 checks/s"
echo "BENCH https_native_guest_busy_pct $(cat /tmp/busy-native) %"
echo "BENCH https_native_responder_pct $(cat /tmp/resp-native) %"
echo "BENCH https_native_nanny_uss_kib $n_uss KiB"
echo "BENCH https_native_nanny_pss_kib $n_pss KiB"
echo "BENCH https_native_detect_ms $n_detect ms"
stop_lvsd native

# ---- 2. keepalived: SSL_GET, one checker process ----
{
    printf 'global_defs {\n    router_id bench\n}\n'
    printf 'SSL {\n    ca %s\n}\n' $T/ca.pem
    i=0
    while [ $i -lt $N_VS ]; do
        printf 'virtual_server %s %d {\n    delay_loop %s\n    lb_algo wlc\n    lb_kind NAT\n    protocol TCP\n' $VIP $((10000 + i)) "$IV"
        j=1
        while [ $j -le $N_RS ]; do
            printf '    real_server 10.1.%d.%d %d {\n        weight 1\n        SSL_GET {\n' $i $j $PORT
            printf '            url {\n                path /health\n                status_code 200\n            }\n'
            printf '            connect_timeout %s\n            retry 0\n        }\n    }\n' "$TIMEOUT"
            j=$((j + 1))
        done
        echo "}"
        i=$((i + 1))
    done
} > /tmp/k-https.conf
keepalived -t -f /tmp/k-https.conf || echo "keepalived: its configuration does not validate"
start_in keepalived /tmp/keepalived.log ip netns exec r keepalived -C -n -l -f /tmp/k-https.conf -p /tmp/k.pid -c /tmp/k-chk.pid
settle keepalived 300
sleep 10
kpids=$(pgrep -x keepalived | tr '\n' ' ')
chk=$(cat /tmp/k-chk.pid)
echo "keepalived pids $kpids, checker $chk"
k_uss=$(rollup sum Private "$chk"); k_rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$chk/status")
echo "keepalived checker: USS $k_uss KiB, RSS $k_rss KiB"
d0=$(count 'Removing service' /tmp/keepalived.log)
k_cpu=$(window keepalived keepalived "$WINDOW" $kpids)
sustained keepalived "$RATE"
echo "keepalived: $(( $(count 'Removing service' /tmp/keepalived.log) - d0 )) servers dropped during the window (a check failed)"
grep -v 'Remote Web server\|Adding service\|Removing service\|Activating healthchecker' /tmp/keepalived.log | tail -5
k_detect=$(detect keepalived)
echo "keepalived: detection median $k_detect ms"
k_1000=$(per1000 "$k_cpu" "$(cat /tmp/checks-keepalived)")
echo "BENCH https_keepalived_checks_per_s $(cat /tmp/checks-keepalived) checks/s"
echo "BENCH https_keepalived_cpu_pct $k_cpu % of one CPU (all keepalived processes)"
echo "BENCH https_keepalived_cpu_per_1000_checks_s $k_1000 % of one CPU per 1,000 checks/s"
echo "BENCH https_keepalived_guest_busy_pct $(cat /tmp/busy-keepalived) %"
echo "BENCH https_keepalived_responder_pct $(cat /tmp/resp-keepalived) %"
echo "BENCH https_keepalived_checker_uss_kib $k_uss KiB"
echo "BENCH https_keepalived_checker_uss_per_rs_kib $(awk -v a="$k_uss" -v n=$TOTAL 'BEGIN { printf "%.1f", a / n }') KiB"
echo "BENCH https_keepalived_detect_ms $k_detect ms"
for f in /tmp/k.pid /tmp/k-chk.pid; do [ -f $f ] && kill "$(cat $f)" 2>/dev/null; done
wait_for 20 sh -c "! pgrep -x keepalived"
ns_exec r ipvsadm -C
[ -n "$CG" ] && rmdir "$CG/keepalived" 2>/dev/null

# ---- 3. nanny + curl through send_program (Piranha's way) ----
CURL="/usr/bin/curl -sk -o /dev/null -w %{http_code} https://%h:%p/health"
# What one curl check costs here (CPU of curl alone, ms), and the rate half a
# CPU affords unless BENCH_HTTPS_CURL_RATE says.
cost=$(ip netns exec r python3 -c '
import os, subprocess, sys
n = int(sys.argv[1])
a = os.times()
for _ in range(n):
    subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
b = os.times()
print("%.0f" % ((b.children_user + b.children_system - a.children_user - a.children_system) * 1000 / n))
' "${BENCH_HTTPS_CURL_CALIBRATE:-10}" $(echo "$CURL" | sed "s/%h/$last/; s/%p/$PORT/"))
C_RATE=${BENCH_HTTPS_CURL_RATE:-$(awk -v c="$cost" -v r="$RATE" -v n=$TOTAL 'BEGIN {
    x = (c > 0) ? 500 / c : r; if (x > r) x = r; if (x < n / 60) x = n / 60; printf "%.1f", x }')}
C_IV=$(secs "$(awk -v n=$TOTAL -v r="$C_RATE" 'BEGIN { print n / r }')")
# lvsd starts every nanny at once and each checks at once, so the first
# round of curls is one burst: the timeout lets the whole burst run on one
# CPU (at least 10 s), so that no check of it times out; the rounds after
# it are spread, as each nanny's next check is an interval after its last.
C_TIMEOUT=${BENCH_HTTPS_CURL_TIMEOUT_S:-$(awk -v c="$cost" -v n=$TOTAL 'BEGIN { x = int(c * n / 1000 + 0.999); if (x < 10) x = 10; print x }')}
C_WINDOW=$(awk -v w="$WINDOW" -v r="$C_RATE" 'BEGIN { x = 100 / r; if (x < w) x = w; if (x > 300) x = 300; printf "%d", x }')
echo "curl: one check costs $cost ms of CPU (curl alone); $C_RATE checks/s (interval $C_IV s, timeout $C_TIMEOUT s), window $C_WINDOW s"
fleet_cf "send_program = \"$CURL\"
expect = \"200\"
timeout = $C_TIMEOUT
interval = $C_IV" > /tmp/https-curl.cf
"$BIN/lvsd" --test-config -c /tmp/https-curl.cf --settings /tmp/https.ini || echo "curl: lvs.cf does not validate"
start_in curl /tmp/lvsd-curl.log ip netns exec r "$BIN/lvsd" -n -c /tmp/https-curl.cf --settings /tmp/https.ini
LVSD=$!
settle curl 300
sleep 10
nannies=$(pgrep -P "$LVSD" -x nanny | tr '\n' ' ')
echo "curl: lvsd pid $LVSD, $(echo $nannies | wc -w) nannies"
d0=$(count 'shutting down' /tmp/lvsd-curl.log)
c_cpu=$(window curl curl "$C_WINDOW" "$LVSD" $nannies)
sustained curl "$C_RATE"
echo "curl: $(( $(count 'shutting down' /tmp/lvsd-curl.log) - d0 )) servers dropped during the window (a check failed)"
c_1000=$(per1000 "$c_cpu" "$(cat /tmp/checks-curl)")
echo "BENCH https_curl_cost_ms $cost ms of CPU per curl run"
echo "BENCH https_curl_rate_target $C_RATE checks/s"
echo "BENCH https_curl_checks_per_s $(cat /tmp/checks-curl) checks/s"
echo "BENCH https_curl_cpu_pct $c_cpu % of one CPU (lvsd + nannies + curl)"
echo "BENCH https_curl_cpu_per_1000_checks_s $c_1000 % of one CPU per 1,000 checks/s"
echo "BENCH https_curl_guest_busy_pct $(cat /tmp/busy-curl) %"
echo "BENCH https_curl_responder_pct $(cat /tmp/resp-curl) %"
stop_lvsd curl

# ---- the goals ----
cn=$(ratio "$c_1000" "$n_1000"); kn=$(ratio "$k_1000" "$n_1000"); dn=$(ratio "$k_detect" "$n_detect")
echo "BENCH https_curl_over_native_cpu $cn x"
echo "BENCH https_keepalived_over_native_cpu $kn x"
echo "BENCH https_keepalived_over_native_detect $dn x"
goal() {  # WHAT VALUE MIN
    awk -v w="$1" -v v="$2" -v m="$3" 'BEGIN { printf "goal %s: %s x (goal >= %s): %s\n", w, v, m, (v != "n/a" && v + 0 >= m) ? "met" : "NOT MET" }'
}
goal "native at least 10 x cheaper per check than the curl fork" "$cn" 10
goal "native detection no slower than keepalived's" "$dn" 1
echo "(keepalived's CPU per check against native's, for information: $kn x)"
finish
