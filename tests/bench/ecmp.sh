#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (guest): what redundancy = ecmp offers on router loss, against a
# keepalived pair on the same real servers and topology (topo_ecmp: an
# upstream BIRD doing ECMP, three routers, three real servers, direct
# routing, mh, the IPVS sync daemon on eth1).
#  1. ECMP trio (ours): three routers, each BIRD 2 + pulse, BGP with BFD at
#     BENCH_ECMP_BFD_MULT (default 3) x 100 ms on both sides.
#     - spread of new connections over the three routers;
#     - power loss of one router (both ends of its links down at once, as
#       45-ecmp cuts), BENCH_ECMP_RUNS times (default 3), a different
#       router each run, the router powered on again between runs: the
#       long-lived connections broken, those through the lost router that
#       carried on elsewhere, the new-connection gap (the cut to the start
#       of the last failed new connection) and the failed new connections;
#     - BGP sessions the upstream dropped over an idle window
#       (BENCH_ECMP_IDLE_S, default 60): false drops at that BFD timing.
#  2. keepalived pair (peer): BIRD and pulse stopped, the upstream routes
#     the VIP on-link (it ARPs for whoever holds it), keepalived on r1
#     (master) and r2 (backup), VRRPv3 advert_int 0.1, lb_kind DR, lb_algo
#     mh with mh-port, TCP_CHECK, lvs_sync_daemon on eth1: the same power
#     loss of the master, the same number of runs, and how many routers
#     carry traffic (1 of 2, against 3 of 3).
# A fresh client opens a new connection every FC_PACE_MS (default 20) and
# 30 fresh long-lived connections (echo.py) send a line a second, in each
# run. Prints "BENCH name value" lines.
. tests/e2e/lib.sh
# The measuring client at lib.sh's real-time priority (5, ksoftirqd 6) as in
# 45-ecmp; both systems' detectors run above it at 10: BIRD (start_bird)
# and keepalived's VRRP process (vrrp_rt_priority).
FC_PACE_MS=${BENCH_ECMP_PACE_MS:-20}
. tests/bench/lib/pairs.sh  # median, mean, keepalived_boot
RUNS=${BENCH_ECMP_RUNS:-3}
MULT=${BENCH_ECMP_BFD_MULT:-3}
IDLE=${BENCH_ECMP_IDLE_S:-60}
LONG=30    # long-lived connections a run
WINDOW=8   # seconds measured after the cut
PHASE=50   # the cut, ms after a BFD packet or advertisement of the lost router
WARMUP=5
T0=$(mono_ms)
topo_ecmp 3 3
ecmp_servers

# --- ECMP trio ---------------------------------------------------------------
# The upstream, as 45-ecmp's but at BFD 100 ms x MULT; its log counts the
# sessions it drops (states) and why (events: "BFD session down").
ecmp_upstream_conf "$MULT" "states, events"
start_bird up || echo "bird up did not start: $(tail -5 /tmp/bird-up.out 2>/dev/null)"
# The upstream's kernel routes as they change, stamped (the detection).
bg ip -n up -o -ts monitor route > /tmp/up-route.mon

for r in r1 r2 r3; do
    ecmp_router_conf "$r" "$MULT" "$WARMUP" 3
    printf '[paths]\nnanny = %s/nanny\nlvsd = %s/lvsd\n[shm]\nname = lvs-%s\n[status]\nlisten = off\n' \
        "$BIN" "$BIN" "$r" > "/tmp/$r.ini"
done
# A router boots: BIRD with an empty fragment (what pulse's
# --release-addresses leaves; BIRD then announces nothing until pulse
# writes it), then pulse with its own lvs.cf (pulse takes the last -c).
router_boot() {  # NS
    : > "/tmp/bird-$1/lvs-vips.conf"
    rm -f "/tmp/bird-$1.ctl"
    start_bird "$1" || echo "bird $1 did not start: $(tail -5 "/tmp/bird-$1.out" 2>/dev/null)"
    start_pulse "$1" -c "/tmp/$1.cf"
}
for r in r1 r2 r3; do router_boot "$r"; done
wait_for 90 has_paths "r1 r2 r3" || echo "ECMP: paths [$(ecmp_paths)] after 90 s; $(birdc_in up show protocols | tail -4 | tr '\n' ';')"
echo "ECMP: three paths in the upstream's kernel $(( ($(mono_ms) - T0) / 1000 )) s after the start; BFD 100 ms x $MULT; $(birdc_in up show bfd sessions | grep -c ' Up ') BFD sessions up"

# New connections over WINDOW_S seconds: the connections each router of
# ROUTERS scheduled on port 80 (IPVS's counter), "rN COUNT" lines to OUT.
spread() {  # ROUTERS WINDOW_S OUT
    for r in $1; do eval "s0_$r=\$(ipvs_conns $r 80)"; done
    sleep "$2"
    for r in $1; do eval "echo \"$r \$(( \$(ipvs_conns $r 80) - s0_$r ))\""; done > "$3"
}
has_vip_ecmp() { ip -n "$1" -o addr show dev eth0 | grep -q "$ECMP_VIP/"; }  # NS: holds the VIP (the pair)
# Client failures that started in [FROM, TO] (ms, the client's clock).
fails_in() { awk -v f="$2" -v t="$3" '$2 == "fail" && $1 >= f && $1 <= t' "$1" | wc -l; }  # OUT FROM TO
last_fail_in() { awk -v f="$2" -v t="$3" '$2 == "fail" && $1 >= f && $1 <= t { l = $1 } END { print l + 0 }' "$1"; }

# The local time of day (what BIRD's log and ip -ts stamp) less the
# client's clock (lib.sh): to_mono turns a stamp "HH:MM:SS.frac" into the
# client's clock.
WALL_OFF=$(wall_off_ms)
TO_MONO='function to_mono(t, a) { split(t, a, ":"); return int(((a[1] * 60 + a[2]) * 60 + a[3]) * 1000) - off }'
# The first line of FILE after line N0 matching ERE and not ERE_NOT, its
# stamp (field STAMP: 2 for BIRD's log, 1 for ip -ts) as ms after CUT; "-"
# when there is none.
event_after() {  # FILE N0 STAMP ERE ERE_NOT CUT
    tail -n +"$(($2 + 1))" "$1" 2>/dev/null | awk -v f="$3" -v e="$4" -v x="$5" -v c="$6" -v off="$WALL_OFF" "$TO_MONO"'
        $0 ~ e && (x == "" || $0 !~ x) { t = $f; if (f == 1) t = substr(t, 13, length(t) - 13); print to_mono(t) - c; found = 1; exit }
        END { if (!found) print "-" }'
}
lines() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }  # FILE

# One power loss of router LOST under traffic, SYSTEM (ecmp|keepalived)
# saying which router each long-lived connection went through and where
# the detection is seen. Appends one line to /tmp/loss-SYSTEM (LOSS_COLS).
LOSS_COLS="gap_ms failed broken long via carried stall_ms detect_ms other_drops delayed disturbed_ms first_ms"
loss_run() {  # SYSTEM LOST RUN
    sys=$1; lost=$2; o=/tmp/$1-$3
    bg ip netns exec cl python3 -S tests/e2e/tools/echo.py clients "$ECMP_VIP" 9000 "$LONG" "$o-echo.out" 1000
    echo_pid=$!
    wait_for 30 test -s "$o-echo.out" || echo "$sys run $3: the long-lived connections did not connect"
    fast_client cl "$ECMP_VIP" "$o-client.out"
    sleep 3
    # Each long-lived connection's router before the cut: the upstream's
    # hash for ECMP, the master for the pair.
    if [ "$sys" = ecmp ]; then flow_routers 9000 < "$o-echo.out" > "$o-flows.out"
    else awk -v r="$lost" '{ print $1, r }' "$o-echo.out" > "$o-flows.out"; fi
    n_bird=$(lines /tmp/bird-up.out); n_route=$(lines /tmp/up-route.mon)
    n_neigh=$(lines /tmp/up-neigh.mon); n_addr=$(lines /tmp/r2-addr.mon)
    # The cut: the host ends of the lost router's links down at once
    # (ioctl, at a priority above both systems'), PHASE ms after a BFD
    # packet (ECMP) or a VRRP advertisement (the pair) it sent, as
    # failover-gap.sh phases its losses: detection counts from the last
    # packet heard, so every run cuts at one phase. tools/power_cut.py
    # stamps the cut itself (the shell's clock read before an ip process
    # came up to 800 ms early here, and ip monitor's stamps late). Then the
    # router's own ends, then its processes killed.
    links=$(host_links "$lost")
    # shellcheck disable=SC2086  # one link a word
    t_cut=$(chrt -f 20 python3 -S tests/e2e/tools/power_cut.py "$lost-eth0" "192.0.2.1${lost#r}" "$PHASE" $links |
        sed -n 's/.* at \([0-9]*\)[.0-9]* ms (CLOCK_MONOTONIC)$/\1/p')
    [ -n "$t_cut" ] || { echo "$sys run $3: power_cut.py did not cut; the links taken down without it"
        for l in $links; do echo "link set $l down"; done | ip -batch -; t_cut=$(mono_ms); }
    for l in $links; do echo "link set ${l#"$lost"-} down"; done | ns_exec "$lost" ip -batch -
    # shellcheck disable=SC2046  # one pid a word
    kill -9 $(ip netns pids "$lost") 2>/dev/null
    sleep "$WINDOW"
    t_end=$(mono_ms)
    stop_fast_client "$o-client.out"
    kill "$echo_pid" && wait "$echo_pid"
    # Detection, from the stamps: ECMP, the upstream's BFD session down
    # (BIRD's log) and its kernel route without the lost router (ip
    # monitor); the pair, the VIP on r2 and the upstream's neighbour entry
    # for the VIP on r2's MAC.
    if [ "$sys" = ecmp ]; then
        first=$(event_after /tmp/bird-up.out "$n_bird" 2 " $lost: BFD session down" "" "$t_cut")
        det=$(event_after /tmp/up-route.mon "$n_route" 1 "^[^ ]* $ECMP_VIP " "via 192[.]0[.]2[.]1${lost#r} |Deleted" "$t_cut")
    else
        first=$(event_after /tmp/r2-addr.mon "$n_addr" 1 "inet $ECMP_VIP/" "Deleted" "$t_cut")
        det=$(event_after /tmp/up-neigh.mon "$n_neigh" 1 "^[^ ]* $ECMP_VIP .*lladdr $R2_MAC" "Deleted" "$t_cut")
    fi
    c=$o-client.out
    nf=$(fails_in "$c" "$((t_cut - 1000))" "$t_end")
    lf=$(last_fail_in "$c" "$((t_cut - 1000))" "$t_end")
    gap=$(( lf > t_cut ? lf - t_cut : 0 ))
    before=$(fails_in "$c" 0 "$((t_cut - 1001))")
    # New connections that succeeded only on a SYN retransmission (answered
    # after 500 ms or more): the outage delayed them; the disturbed gap ends
    # at the start of the last failed or delayed one.
    read -r slow ld slow_before <<EOF
$(awk -v f="$((t_cut - 1000))" -v t="$t_end" '$1 >= f && $1 <= t && ($2 == "fail" || $4 >= 500) { if ($2 == "ok") n++; if ($1 > l) l = $1 }
    $1 < f && $2 == "ok" && $4 >= 500 { b++ } END { print n + 0, l + 0, b + 0 }' "$c")
EOF
    dgap=$(( ld > t_cut ? ld - t_cut : 0 ))
    # Per long-lived connection: broken, or echoing 3 s after the cut and
    # since; through the lost router or not; its longest stall.
    long=$(wc -l < "$o-echo.out")
    broken=$(awk '$5 == 1' "$o-echo.out" | wc -l)
    read -r via carried stall <<EOF
$(awk -v c="$t_cut" -v r="$lost" 'NR == FNR { b[$1] = $2; next }
    b[$1] == r { v++; if ($5 == 0 && $3 > c + 3000) k++; if ($4 > s) s = $4 } END { print v + 0, k + 0, s + 0 }' "$o-flows.out" "$o-echo.out")
EOF
    drops=$(tail -n +"$((n_bird + 1))" /tmp/bird-up.out 2>/dev/null | grep -v " $lost: " | grep -c "r[0-9]: State changed to stop")
    if [ "$sys" = ecmp ]; then d="the upstream's BFD down $first ms, its route without $lost $det ms after the cut"
    else d="r2 held the VIP $first ms, the upstream's neighbour entry on r2 $det ms after the cut"; fi
    echo "$sys run $3, power loss of $lost: $nf new connections failed, the last started $gap ms after the cut;" \
        "$slow more answered on a SYN retransmission, the last disturbed started $dgap ms after it ($before failed and $slow_before were slow before);" \
        "long-lived: $broken of $long broken, $via through $lost, $carried of them carried on (longest stall $stall ms); $d;" \
        "other routers' sessions dropped meanwhile: $drops"
    [ "$nf" -eq 0 ] || { fail_bursts "$c" | sed 's/^/  failures, first last count: /'
        awk '$2 == "fail" { n[$3]++ } END { for (w in n) print "  " n[w] " failed at " w }' "$c"; }
    awk '$5 == 1 { print "  broken: " $0 }' "$o-echo.out" | head -5
    echo "$gap $nf $broken $long $via $carried $stall $det $drops $slow $dgap $first" >> "/tmp/loss-$sys"
}
col() { awk -v c="$1" '$c != "-" { print $c }' "$2"; }  # COLUMN FILE (numbers only)
sum() { awk '{ s += $1 } END { print s + 0 }'; }
max() { awk 'NR == 1 || $1 > m { m = $1 } END { print m + 0 }'; }
report_loss() {  # SYSTEM PREFIX DETECT_NAME FIRST_NAME
    f=/tmp/loss-$1
    echo "$1 power loss, per run ($LOSS_COLS):"
    sed 's/^/  /' "$f"
    echo "BENCH $2_loss_gap_ms $(col 1 "$f" | median)"
    echo "BENCH $2_loss_gap_max_ms $(col 1 "$f" | max)"
    echo "BENCH $2_loss_failed_new $(col 2 "$f" | median)"
    echo "BENCH $2_loss_failed_new_max $(col 2 "$f" | max)"
    echo "BENCH $2_loss_delayed_new $(col 10 "$f" | median)"
    echo "BENCH $2_loss_disturbed_gap_ms $(col 11 "$f" | median)"
    echo "BENCH $2_loss_established_broken $(col 3 "$f" | sum)"
    echo "BENCH $2_loss_established $(col 4 "$f" | sum)"
    echo "BENCH $2_loss_lost_router_conns $(col 5 "$f" | sum)"
    echo "BENCH $2_loss_lost_router_conns_carried $(col 6 "$f" | sum)"
    echo "BENCH $2_loss_stall_max_ms $(col 7 "$f" | max)"
    echo "BENCH $2_loss_$3_ms $(col 8 "$f" | median)"
    echo "BENCH $2_loss_$4_ms $(col 12 "$f" | median)"
    echo "BENCH $2_runs $(wc -l < "$f")"
}

# Every BGP session the upstream drops from here to the idle window, less
# the lost routers' own (one a run), is a false drop under load.
n_busy=$(lines /tmp/bird-up.out); t_busy=$(mono_ms)
# Spread: a fresh client over 10 s, three routers announcing.
fast_client cl "$ECMP_VIP" /tmp/spread-client.out
spread "r1 r2 r3" 10 /tmp/spread-ecmp
stop_fast_client /tmp/spread-client.out
tot=$(col 2 /tmp/spread-ecmp | sum)
echo "ECMP spread of $tot new connections over 10 s: $(awk -v t="$tot" '{ printf "%s %d (%.1f%%) ", $1, $2, t ? $2 * 100 / t : 0 }' /tmp/spread-ecmp); $(failed /tmp/spread-client.out) failed"
for r in r1 r2 r3; do echo "BENCH ecmp_spread_${r}_pct $(awk -v r="$r" -v t="$tot" '$1 == r { printf "%.1f", t ? $2 * 100 / t : 0 }' /tmp/spread-ecmp)"; done
echo "BENCH ecmp_spread_min_pct $(awk -v t="$tot" 'NR == 1 || $2 < m { m = $2 } END { printf "%.1f", t ? m * 100 / t : 0 }' /tmp/spread-ecmp)"
echo "BENCH ecmp_spread_max_pct $(awk -v t="$tot" '$2 > m { m = $2 } END { printf "%.1f", t ? m * 100 / t : 0 }' /tmp/spread-ecmp)"
echo "BENCH ecmp_spread_min_max_ratio $(awk 'NR == 1 || $2 < a { a = $2 } $2 > b { b = $2 } END { printf "%.2f", b ? a / b : 0 }' /tmp/spread-ecmp)"
echo "BENCH ecmp_spread_conns $tot"
echo "BENCH ecmp_spread_s 10"
echo "BENCH ecmp_routers 3"
echo "BENCH ecmp_active_routers $(awk -v t="$tot" 't && $2 * 20 > t' /tmp/spread-ecmp | wc -l)"

# Power loss, a different router each run; the router powered on again
# between runs (links up, a clean kernel: no VIP, no IPVS table, no sync
# daemon), booted, and announced again before the next run.
: > /tmp/loss-ecmp
run=1
while [ "$run" -le "$RUNS" ]; do
    lost=r$(( 3 - run % 3 ))
    wait_for 60 has_paths "r1 r2 r3" || echo "ecmp run $run: paths [$(ecmp_paths)] before the cut"
    loss_run ecmp "$lost" "$run"
    links=$(host_links "$lost")
    ns_exec "$lost" ip addr del "$ECMP_VIP/32" dev lo 2>/dev/null
    ns_exec "$lost" ipvsadm -C
    ns_exec "$lost" ipvsadm --stop-daemon master 2>/dev/null
    ns_exec "$lost" ipvsadm --stop-daemon backup 2>/dev/null
    for l in $links; do echo "link set ${l#"$lost"-} up"; done | ns_exec "$lost" ip -batch -
    for l in $links; do echo "link set $l up"; done | ip -batch -
    t_on=$(mono_ms)
    echo "ecmp run $run: $lost powered on at $t_on ms"
    router_boot "$lost"
    wait_for 90 has_paths "r1 r2 r3" && echo "ecmp run $run: $lost announced again $(( $(mono_ms) - t_on )) ms after power-on (announce_warmup $WARMUP s)" \
        || echo "ecmp run $run: $lost not back after 90 s: paths [$(ecmp_paths)]"
    sleep 2
    run=$((run + 1))
done
report_loss ecmp ecmp route bfd_down

# False drops: every session up, no client, IDLE seconds.
wait_for 30 has_paths "r1 r2 r3"
n0=$(lines /tmp/bird-up.out)
busy_s=$(( ($(mono_ms) - t_busy) / 1000 ))
sed -n "$((n_busy + 1)),${n0}p" /tmp/bird-up.out > /tmp/bird-up-busy.out
busy_drops=$(( $(grep -c "r[0-9]: State changed to stop" /tmp/bird-up-busy.out) - $(col 12 /tmp/loss-ecmp | wc -l) ))
echo "ECMP under load (spread, runs, power-ons; ${busy_s}s): $busy_drops sessions dropped besides the lost routers'; the upstream's drops (CLOCK_MONOTONIC ms):"
awk -v off="$WALL_OFF" "$TO_MONO"'/r[0-9]: State changed to stop/ { print "  " to_mono($2), $4 }' /tmp/bird-up-busy.out
sleep "$IDLE"
tail -n +"$((n0 + 1))" /tmp/bird-up.out > /tmp/bird-up-idle.out
drops=$(grep -c "r[0-9]: State changed to stop" /tmp/bird-up-idle.out)
bfd_down=$(grep -c "BFD session down" /tmp/bird-up-idle.out)
echo "ECMP idle ${IDLE}s at BFD 100 ms x $MULT: $drops BGP sessions dropped by the upstream ($bfd_down on BFD's word)"
grep "State changed\|BFD" /tmp/bird-up-idle.out | head -10 | sed 's/^/  /'
echo "BENCH ecmp_bfd_interval_ms 100"
echo "BENCH ecmp_bfd_multiplier $MULT"
echo "BENCH ecmp_bfd_idle_s $IDLE"
echo "BENCH ecmp_bfd_false_drops $drops"
echo "BENCH ecmp_bfd_false_drops_loaded $busy_drops"
echo "BENCH ecmp_bfd_loaded_s $busy_s"

# --- keepalived pair -----------------------------------------------------------
# BIRD and pulse stopped everywhere (pulse withdraws and drains), the
# routers' kernels cleaned of what they left (the VIP on lo, the IPVS
# table and sync daemons, sloppy_tcp back to the kernel's default), and the
# upstream sends the VIP on-link: it ARPs for it on the routers' LAN.
for r in r1 r2 r3; do eval "kill -TERM \$PULSE_$r" 2>/dev/null; done
wait_for 20 sh -c "! pgrep -x pulse > /dev/null"
for n in r1 r2 r3 up; do
    # shellcheck disable=SC2046  # one pid a word
    kill -9 $(ip netns pids "$n") 2>/dev/null
done
for r in r1 r2 r3; do
    ns_exec "$r" ip addr del "$ECMP_VIP/32" dev lo 2>/dev/null
    ns_exec "$r" ipvsadm -C
    ns_exec "$r" ipvsadm --stop-daemon master 2>/dev/null
    ns_exec "$r" ipvsadm --stop-daemon backup 2>/dev/null
    ns_exec "$r" sysctl -qw net.ipv4.vs.sloppy_tcp=0 net.ipv4.vs.sloppy_sctp=0
done
ip -n up route replace "$ECMP_VIP/32" dev eth0
# The backup's addresses and the upstream's neighbours as they change,
# stamped (the detection).
R2_MAC=$(ip -n r2 -o link show dev eth0 | sed -n 's|.*link/ether \([0-9a-f:]*\).*|\1|p')
bg ip -n r2 -o -ts monitor address > /tmp/r2-addr.mon
bg ip -n up -o -ts monitor neigh > /tmp/up-neigh.mon
echo "keepalived: the upstream's route: $(ip -n up route show "$ECMP_VIP")"
KA_ALGO=mh
: > /tmp/keepalived.log
for r in r1 r2; do
    prio=$([ "$r" = r1 ] && echo 254 || echo 253)
    {
        printf 'global_defs {\n    router_id %s\n    vrrp_version 3\n    vrrp_garp_master_delay 0\n' "$r"
        # Real-time, keepalived sets RLIMIT_RTTIME (10 ms of CPU between
        # blocking calls by default; keepalived.conf(5): "may need to be
        # increased for slower processors"): in the emulated guest the
        # kernel killed the VRRP process now and then, and the pair flapped.
        printf '    vrrp_rt_priority 10\n    vrrp_rlimit_rttime 1000000\n    lvs_sync_daemon eth1 VI\n}\n'
        printf 'vrrp_instance VI {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority %s\n' "$prio"
        printf '    advert_int 0.1\n    virtual_ipaddress {\n        %s/32 dev eth0\n    }\n}\n' "$ECMP_VIP"
        for port in 80 9000; do
            printf 'virtual_server %s %s {\n    delay_loop 1\n    lb_algo %s\n    mh-port\n    lb_kind DR\n    protocol TCP\n' "$ECMP_VIP" "$port" "$KA_ALGO"
            for i in 1 2 3; do
                printf '    real_server 10.0.1.2%s %s {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n' "$i" "$port"
            done
            echo "}"
        done
    } > "/tmp/k-$r.conf"
done
ns_exec r1 keepalived -t -f /tmp/k-r1.conf > /tmp/k-check.out 2>&1 || { echo "keepalived -t refused the configuration:"; cat /tmp/k-check.out; }
# keepalived's VRRP processes that the kernel killed (RLIMIT_RTTIME) or
# that died otherwise, printed at the end: each one is a flap of the pair.
# The pair up: the master holds the VIP, both tables programmed.
ka_up() { wait_for 30 has_vip_ecmp r1 && wait_ipvs r1 10.0.1.23:9000 30 && wait_ipvs r2 10.0.1.23:9000 30; }
for r in r1 r2; do keepalived_boot "$r"; done
ka_up || echo "keepalived pair not up: r1 $(ip -n r1 -br addr show dev eth0) r2 $(ip -n r2 -br addr show dev eth0)"
echo "keepalived: r1 $(ns_exec r1 ipvsadm -Ln | awk '$1 == "TCP" { print $2, $3 }' | tr '\n' ' ')"
sleep 2

fast_client cl "$ECMP_VIP" /tmp/spread-ka-client.out
spread "r1 r2" 10 /tmp/spread-ka
stop_fast_client /tmp/spread-ka-client.out
tot=$(col 2 /tmp/spread-ka | sum)
echo "keepalived spread of $tot new connections over 10 s: $(awk '{ printf "%s %d ", $1, $2 }' /tmp/spread-ka); $(failed /tmp/spread-ka-client.out) failed"
echo "BENCH keepalived_pair_routers 2"
echo "BENCH keepalived_pair_active_routers $(awk -v t="$tot" 't && $2 * 20 > t' /tmp/spread-ka | wc -l)"
echo "BENCH keepalived_pair_lb_algo $KA_ALGO"

: > /tmp/loss-keepalived
run=1
while [ "$run" -le "$RUNS" ]; do
    loss_run keepalived r1 "$run"
    # r1 powered on and booted: it preempts (priority 254) once it hears r2.
    links=$(host_links r1)
    ns_exec r1 ip addr del "$ECMP_VIP/32" dev eth0 2>/dev/null
    ns_exec r1 ipvsadm -C
    ns_exec r1 ipvsadm --stop-daemon master 2>/dev/null
    ns_exec r1 ipvsadm --stop-daemon backup 2>/dev/null
    for l in $links; do echo "link set ${l#r1-} up"; done | ns_exec r1 ip -batch -
    for l in $links; do echo "link set $l up"; done | ip -batch -
    keepalived_boot r1
    wait_for 30 sh -c "! ip -n r2 -o addr show dev eth0 | grep -q '$ECMP_VIP/'"
    ka_up || echo "keepalived run $run: r1 not master again"
    sleep 3
    run=$((run + 1))
done
report_loss keepalived keepalived_pair neigh vip
echo "keepalived: $(grep -c 'VRRP child process.*died' /tmp/keepalived.log) VRRP processes died over the pair's runs; $(grep -c 'Entering MASTER STATE' /tmp/keepalived.log) entries into MASTER state"
echo "BENCH keepalived_pair_vrrp_deaths $(grep -c 'VRRP child process.*died' /tmp/keepalived.log)"
echo "BENCH ecmp_client_pace_ms $FC_PACE_MS"
echo "bench: $(( ($(mono_ms) - T0) / 1000 )) s"
cleanup
# The logs and traces, beside output.log for a post-mortem.
[ -d "${E2E_OUT:-}" ] && mkdir -p "$E2E_OUT/tmp" && cp /tmp/*.out /tmp/*.mon /tmp/loss-* /tmp/pulse-*.log /tmp/keepalived.log /tmp/*.conf /tmp/r?.cf "$E2E_OUT/tmp/" 2>/dev/null
exit 0
