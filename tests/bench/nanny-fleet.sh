#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (guest): the nanny fleet against keepalived's checker on the
# same 1,000 real servers, both checking each server every second with a
# plain TCP connect (nanny without send/expect on a non-HTTP port;
# keepalived TCP_CHECK), timeout 1 s, one failure drops a server (nanny
# fall = 1; keepalived retry 0), one success brings it back.
#
# Layout: 100 virtual services (192.0.2.80:10000-10099, NAT) x 10 real
# servers 10.1.I.J:9000 (I 0-99, J 1-10). All 1,000 addresses are /32s on
# the loopback of one namespace `rsn`, reached from the router namespace `r`
# over one veth; one python3 accept-and-close loop on 0.0.0.0:9000 answers
# them all (its CPU is reported, not counted). Each system runs alone, one
# after the other, in the same guest.
#
# Figures, after all 1,000 servers are in the table and a settling pause,
# over a BENCH_WINDOW_S (default 60) second window:
# - lvs suite: USS (Private_Clean + Private_Dirty) and PSS of each nanny
#   from /proc/PID/smaps_rollup, averaged; CPU (utime + stime deltas) of
#   lvsd and every nanny as % of one CPU;
# - keepalived (-C, checker only): RSS and USS of the checker process, per
#   real server, and CPU of all keepalived processes;
# - detection: servers' addresses are deleted (their packets are then
#   dropped silently: no answer at all) and the kernel's table is watched
#   until they leave; 20 servers, median;
# - lvsd's reconcile time after the nanny's doorbell (verdict to kernel).
# - the floor: CPU of as many processes that only wake once a second.
# Prints "BENCH name value unit" lines.
. tests/e2e/lib.sh
. tests/bench/lib/fleet.sh
median() { sort -n | sed -n 2p; }
N_VS=${BENCH_VS:-100}  # virtual services (10 real servers each)
N_RS=10
TOTAL=$((N_VS * N_RS))
WINDOW=${BENCH_WINDOW_S:-60}
HZ=$(getconf CLK_TCK)
VIP=192.0.2.80

fleet_topology "$N_VS" "$N_RS"

# One responder for all of them: accept and close. nanny's connect checks
# are half-open (nanny(8)) and never reach it; keepalived's do.
bg ip netns exec rsn python3 -c '
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 9000))
s.listen(4096)
while True:
    c, _ = s.accept()
    c.close()
'
resp_pid=$!
# "COUNT SECONDS": TCP connections the router namespace has opened so far
# (Tcp: ActiveOpens; every check opens one, and nothing else there does),
# and when.
opened() {
    echo "$(ns_exec r cat /proc/net/snmp | awk '$1 == "Tcp:" && !n { for (i = 2; i <= NF; i++) k[i] = $i; n = 1; next }
        $1 == "Tcp:" { for (i = 2; i <= NF; i++) if (k[i] == "ActiveOpens") print $i }')" \
        "$(awk -v t="$(now_ms)" 'BEGIN { printf "%.3f", t / 1000 }')"
}
wait_for 10 ns_exec r python3 -c 'import socket; socket.create_connection(("10.1.99.10", 9000), 1)' \
    && echo "responder answers" || echo "responder does not answer"

files() { for p in "$@"; do printf '/proc/%s/%s ' "$p" "$F"; done; }
ticks() {  # PID...: sum of utime + stime
    F=stat; cat $(files "$@") 2>/dev/null | awk '{ sub(/^.*\) /, ""); s += $12 + $13 } END { print s + 0 }'
}
# smaps_rollup fields in KiB, one awk for all processes ("Private" is
# Private_Clean + Private_Dirty, that is USS).
rollup() {  # avg|sum FIELD PID...
    how=$1; f=$2; shift 2
    F=smaps_rollup; cat $(files "$@") 2>/dev/null | awk -v how="$how" -v f="$f" '
        /^[0-9a-f]+-[0-9a-f]+ / { n++ }
        $1 == f ":" || (f == "Private" && ($1 == "Private_Clean:" || $1 == "Private_Dirty:")) { s += $2 }
        END { if (how == "sum") print s + 0; else if (n) printf "%.0f", s / n; else print 0 }'
}
kib() { rollup sum "$@"; }
avg_kib() { rollup avg "$@"; }
sum_kib() { rollup sum "$@"; }
idle() { awk '$1 == "cpu" { print $5 + $6 }' /proc/stat; }
cpu_pct() {  # TICKS_BEFORE TICKS_AFTER MS
    awk -v a="$1" -v b="$2" -v ms="$3" -v hz="$HZ" 'BEGIN { printf "%.1f", (b - a) / hz * 100000 / ms }'
}
# NAME SECONDS PID... -> CPU % of the PIDs over the window. Also writes the
# whole guest's busy time (every CPU, all processes, interrupts: 100 % a CPU)
# to /tmp/busy-NAME and the responder's CPU to /tmp/resp-NAME: under
# software emulation much of the cost of waking a process is charged to no
# process at all, so only the whole guest shows it.
window() {
    name=$1; secs=$2; shift 2
    a0=$(opened); c0=$(ticks "$@"); r0=$(ticks "$resp_pid"); i0=$(idle); t0=$(now_ms)
    sleep "$secs"
    c1=$(ticks "$@"); r1=$(ticks "$resp_pid"); i1=$(idle); t1=$(now_ms); a1=$(opened)
    cpu_pct "$r0" "$r1" $((t1 - t0)) > "/tmp/resp-$name"
    awk -v i="$(cpu_pct "$i0" "$i1" $((t1 - t0)))" -v n="$(nproc)" 'BEGIN { printf "%.1f", n * 100 - i }' > "/tmp/busy-$name"
    echo "$name: responder CPU over the window $(cat "/tmp/resp-$name") % (not counted);" \
        "guest busy $(cat "/tmp/busy-$name") % of $(nproc)00 %; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    echo "$a0 $a1" | awk '{ if ($4 > $2) printf "%.0f", ($3 - $1) / ($4 - $2); else print "n/a" }' > "/tmp/checks-$name"
    echo "$name: $(cat "/tmp/checks-$name") checks a second (connections the router opened)" >&2
    cpu_pct "$c0" "$c1" $((t1 - t0))
}
# Detection: delete the addresses of 10 servers (of 10 services) at once,
# then watch the kernel's table (/proc/net/ip_vs, read every 10 ms from a
# loop in the router's namespace: no process start per poll) until each has
# left; 2 rounds, 20 samples, median. Each server's check phase is random,
# so one sample varies by up to an interval: the median of 20 compares the
# systems, not their luck.
detect() { fleet_detect "$1" 9000 10; }  # NAME -> prints the median detection time in ms (20 samples)

# ---- the floor: processes that only wake once a second ----
# One process per real server pays a wake-up per check before it does any
# work; keepalived's one process shares its wake-ups. $TOTAL processes that
# do nothing else (tests/bench/tools/wakeups.cpp) measure that floor in this
# guest over BENCH_FLOOR_S (default 30) seconds, after as long with the
# guest quiet but for the responder (the baseline).
window quiet "${BENCH_FLOOR_S:-30}" "$resp_pid" > /dev/null
"$E2E_REPO/$E2E_BUILD/bench/wakeups" $TOTAL &
WAKE=$!
sleep 5
wpids="$WAKE $(pgrep -P $WAKE | tr '\n' ' ')"
floor=$(window floor "${BENCH_FLOOR_S:-30}" $wpids)
echo "$(echo $wpids | wc -w) processes waking once a second: CPU $floor % of one CPU charged to them;" \
    "guest busy $(cat /tmp/busy-floor) %, quiet $(cat /tmp/busy-quiet) %"
kill -TERM $wpids 2>/dev/null
wait $WAKE 2>/dev/null

# ---- lvs suite: lvsd and one nanny per real server ----
{
    echo "network = nat"
    i=0
    while [ $i -lt $N_VS ]; do
        printf 'virtual v%d {\n\tactive = 1\n\taddress = %s eth0:1\n\tport = %d\n\tscheduler = wlc\n' $i $VIP $((10000 + i))
        printf '\ttimeout = 1\n\tinterval = 1\n\trise = 1\n\tfall = 1\n'
        j=1
        while [ $j -le $N_RS ]; do
            printf '\tserver s%d {\n\t\taddress = 10.1.%d.%d\n\t\tport = 9000\n\t\tactive = 1\n\t}\n' $j $i $j
            j=$((j + 1))
        done
        echo "}"
        i=$((i + 1))
    done
} > /tmp/fleet.cf
printf '[paths]\nnanny = %s/nanny\n[shm]\nname = lvs-bench\n[status]\nlisten = off\n' "$BIN" > /tmp/fleet.ini
free -m | sed -n 2p | awk '{ print "guest memory before lvsd: used " $3 " MiB, available " $7 " MiB" }'
ip netns exec r "$BIN/lvsd" -n -c /tmp/fleet.cf --settings /tmp/fleet.ini > /tmp/lvsd.log 2>&1 &
LVSD=$!; E2E_BG="$E2E_BG $LVSD"
settle lvsd
sleep 10
nannies=$(pgrep -P "$LVSD" -x nanny | tr '\n' ' ')
echo "lvsd pid $LVSD, $(echo $nannies | wc -w) nannies running"
free -m | sed -n 2p | awk '{ print "guest memory with the fleet: used " $3 " MiB, available " $7 " MiB" }'
uss=$(avg_kib Private $nannies)
pss=$(avg_kib Pss $nannies)
rss=$(avg_kib Rss $nannies)
echo "nanny average: USS $uss KiB, PSS $pss KiB, RSS $rss KiB"
echo "nanny average breakdown (KiB): $(for f in Private_Clean Private_Dirty Anonymous Shared_Clean; do printf '%s %s ' "$f" "$(avg_kib "$f" $nannies)"; done)"
set -- $nannies
echo "one nanny's private mappings (KiB, from smaps):"
awk '/^[0-9a-f]+-[0-9a-f]+ / { name = $6 ? $6 : "[anon]" } $1 == "Private_Clean:" || $1 == "Private_Dirty:" { p[name] += $2 } END { for (n in p) if (p[n]) printf "  %6d %s\n", p[n], n }' "/proc/$1/smaps" | sort -rn | head -12
lvsd_uss=$(kib Private "$LVSD"); lvsd_pss=$(kib Pss "$LVSD")
fleet_pss=$(( $(sum_kib Pss $nannies) + lvsd_pss ))
echo "lvsd: USS $lvsd_uss KiB, PSS $lvsd_pss KiB; fleet PSS (lvsd + nannies) $((fleet_pss / 1024)) MiB"
l0=$(ticks "$LVSD"); lt0=$(now_ms)
fleet_cpu=$(window lvsd "$WINDOW" "$LVSD" $nannies)
l1=$(ticks "$LVSD"); lt1=$(now_ms)
lvsd_pct=$(cpu_pct "$l0" "$l1" $((lt1 - lt0)))
echo "lvsd + $(echo $nannies | wc -w) nannies: CPU $fleet_cpu % of one CPU over ${WINDOW} s, of which lvsd $lvsd_pct %"
lvsd_cpu=$(ticks "$LVSD")
echo "lvsd alone since start: $((lvsd_cpu * 1000 / HZ)) ms CPU"
nlines=$(grep -c . /tmp/lvsd.log)
nanny_detect=$(detect nanny)
echo "nanny: detection median $nanny_detect ms"
sed -n "$((nlines + 1)),\$p" /tmp/lvsd.log | grep "reconcile (health)" | head -12
v2k=$(sed -n "$((nlines + 1)),\$p" /tmp/lvsd.log | grep "reconcile (health): [1-9]" |
    sed -n 's/.* \([0-9.]*\) ms$/\1/p' | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "n/a" }')
echo "BENCH nanny_fleet_servers $(echo $nannies | wc -w) servers"
echo "BENCH nanny_uss_kib $uss KiB"
echo "BENCH nanny_pss_kib $pss KiB"
echo "BENCH nanny_rss_kib $rss KiB"
echo "BENCH lvsd_fleet_uss_kib $lvsd_uss KiB"
echo "BENCH fleet_pss_mib $((fleet_pss / 1024)) MiB"
echo "BENCH fleet_cpu_pct $fleet_cpu %"
echo "BENCH fleet_checks_per_s $(cat /tmp/checks-lvsd) checks/s"
echo "BENCH fleet_cpu_per_1000_checks $(awk -v c="$fleet_cpu" -v n="$(cat /tmp/checks-lvsd)" 'BEGIN { if (n > 0) printf "%.1f", c * 1000 / n; else print "n/a" }') %"
echo "BENCH lvsd_fleet_cpu_pct $lvsd_pct %"
echo "BENCH fleet_guest_busy_pct $(cat /tmp/busy-lvsd) %"
echo "BENCH fleet_responder_pct $(cat /tmp/resp-lvsd) %"
echo "BENCH wakeup_floor_cpu_pct $floor %"
echo "BENCH wakeup_floor_guest_busy_pct $(cat /tmp/busy-floor) %"
echo "BENCH quiet_guest_busy_pct $(cat /tmp/busy-quiet) %"
echo "BENCH nanny_detect_ms $nanny_detect ms"
echo "BENCH lvsd_verdict_to_kernel_ms $v2k ms"
kill -TERM "$LVSD"
wait_for 60 sh -c "! pgrep -x nanny" || pkill -9 -x nanny
wait "$LVSD" 2>/dev/null
ns_exec r ipvsadm -C
ns_exec r ip addr del $VIP/24 dev eth0 2>/dev/null

# ---- keepalived: one checker process for all of them ----
{
    echo "global_defs {"
    echo "    router_id bench"
    echo "}"
    i=0
    while [ $i -lt $N_VS ]; do
        printf 'virtual_server %s %d {\n    delay_loop 1\n    lb_algo wlc\n    lb_kind NAT\n    protocol TCP\n' $VIP $((10000 + i))
        j=1
        while [ $j -le $N_RS ]; do
            printf '    real_server 10.1.%d.%d 9000 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 1\n            retry 0\n        }\n    }\n' $i $j
            j=$((j + 1))
        done
        echo "}"
        i=$((i + 1))
    done
} > /tmp/k.conf
free -m | sed -n 2p | awk '{ print "guest memory before keepalived: used " $3 " MiB, available " $7 " MiB" }'
bg ip netns exec r keepalived -C -n -l -f /tmp/k.conf -p /tmp/k.pid -c /tmp/k-chk.pid > /tmp/keepalived.log 2>&1
settle keepalived
sleep 10
kpids=$(pgrep -x keepalived | tr '\n' ' ')
chk=$(cat /tmp/k-chk.pid)
echo "keepalived pids $kpids, checker $chk"
k_rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$chk/status")
k_uss=$(kib Private "$chk"); k_pss=$(kib Pss "$chk")
k_pss_all=$(sum_kib Pss $kpids)
echo "keepalived checker: RSS $k_rss KiB, USS $k_uss KiB, PSS $k_pss KiB; all keepalived PSS $((k_pss_all / 1024)) MiB"
k_cpu=$(window keepalived "$WINDOW" $kpids)
echo "keepalived ($(echo $kpids | wc -w) processes): CPU $k_cpu % of one CPU over ${WINDOW} s"
k_detect=$(detect keepalived)
echo "keepalived: detection median $k_detect ms"
per_rs() { awk -v a="$1" -v n="$TOTAL" 'BEGIN { printf "%.1f", a / n }'; }
echo "BENCH keepalived_checker_rss_kib $k_rss KiB"
echo "BENCH keepalived_checker_rss_per_rs_kib $(per_rs "$k_rss") KiB"
echo "BENCH keepalived_checker_uss_per_rs_kib $(per_rs "$k_uss") KiB"
echo "BENCH keepalived_pss_mib $((k_pss_all / 1024)) MiB"
echo "BENCH keepalived_cpu_pct $k_cpu %"
echo "BENCH keepalived_guest_busy_pct $(cat /tmp/busy-keepalived) %"
echo "BENCH keepalived_responder_pct $(cat /tmp/resp-keepalived) %"
echo "BENCH keepalived_checks_per_s $(cat /tmp/checks-keepalived) checks/s"
echo "BENCH keepalived_cpu_per_1000_checks $(awk -v c="$k_cpu" -v n="$(cat /tmp/checks-keepalived)" 'BEGIN { if (n > 0) printf "%.1f", c * 1000 / n; else print "n/a" }') %"
echo "BENCH keepalived_detect_ms $k_detect ms"
for f in /tmp/k.pid /tmp/k-chk.pid; do [ -f $f ] && kill "$(cat $f)" 2>/dev/null; done
wait_for 20 sh -c "! pgrep -x keepalived"
finish
