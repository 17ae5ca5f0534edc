#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pulse's replay protection needs no clock. Heartbeats are recorded on the
# private link; the clock steps back an hour and the active router's pulse
# restarts (r1), then forward a day and the other's (r2); each time the
# partner accepts the new boot within one keepalive, and the VIP, sampled
# every 50 ms, is on exactly one router throughout (on both only while the
# stopping router hands over, by design; never on neither). Then 10,000
# recorded heartbeats, from before either restart, replayed at both routers
# change nothing and are each counted as rejected. The clock is put back.
. tests/e2e/lib.sh
topo_nat 3
for i in 1 2 3; do start_http "rs$i" 80 "rs$i"; done
sed -e 's/^backup_active = 1$/backup_active = 1\nprimary_private = 10.0.1.2\nbackup_private = 10.0.1.3/' \
    tests/e2e/data/pulse.cf > /tmp/lvs.cf
KEEPALIVE_MS=100  # tests/e2e/data/pulse.cf
keyed_inis

CLOCK_STEP=0
step_clock() { date -s "@$(( $(date +%s) + $1 ))" > /dev/null; CLOCK_STEP=$(( CLOCK_STEP + $1 )); }
restore_clock() { [ "$CLOCK_STEP" -eq 0 ] || step_clock $(( -CLOCK_STEP )); }
trap 'restore_clock; cleanup' EXIT

gone() { [ ! -e "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
boot_of() { sed -n 's/^[[][0-9.]*[]] pulse: heartbeat boot \([0-9a-f]*\)$/\1/p' "/tmp/pulse-$1.log" | tail -1; }
boots_logged() { grep -cF '] pulse: heartbeat boot ' "/tmp/pulse-$1.log"; }
replays_rejected() { metric "$1" '^lvs_heartbeats_rejected_total.reason="(stale_echo|replayed)"'; }
udp_rcvbuf_errors() {
    ns_exec "$1" awk '/^Udp:/ { if (!c) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i } else print $c }' /proc/net/snmp
}
softnet_drops() { n=0; while read -r _ d _; do n=$(( n + 0x$d )); done < /proc/net/softnet_stat; echo "$n"; }
state_lines() { grep -c "activating\|deactivating\|partner restarted\|partner heard" "/tmp/pulse-$1.log"; }
# The VIP samples taken in [FROM_MS, TO_MS).
samples() { awk -v a="$1" -v b="$2" '$1 >= a && $1 < b' /tmp/vips.log; }
vip_only() {  # CHECK WANT FROM_MS TO_MS: WANT alone held the VIP at every sample
    n=$(samples "$3" "$4" | wc -l)
    bad=$(samples "$3" "$4" | awk -v w="$2" '$2 != w' | head -3 | tr '\n' ';')
    [ "$n" -gt 0 ] && [ -z "$bad" ] && pass "$1" || fail "$1" "want $2 alone in all $n samples; saw $bad"
}
longest_sample_gap() { samples "$1" "$2" | awk 'NR > 1 && $1 - l > m { m = $1 - l } { l = $1 } END { print m + 0 }'; }

start_pulse r1
start_pulse r2
wait_for 20 has_vip r1 && pass primary-active || fail primary-active "$(tail -5 /tmp/pulse-r1.log)"
wait_ipvs r2 10.0.1.23:80 20
wait_for 10 grep -q "pulse: partner heard" /tmp/pulse-r2.log && pass pair-bootstrapped || fail pair-bootstrapped "$(tail -5 /tmp/pulse-r2.log)"
bg chrt -f 5 python3 tests/e2e/tools/vipwatch.py 192.0.2.80 /tmp/vips.log r1 r2
wait_for 30 test -s /tmp/vips.log && pass vip-sampler-runs || fail vip-sampler-runs "no samples"
sleep 1

# --- recorded on the private link before anything restarts
python3 tests/e2e/tools/hbflood.py capture r1-eth1 /tmp/hb-1.cap 60 && pass recorded-before || fail recorded-before "none"
boots1="$(python3 tests/e2e/tools/hbflood.py boots /tmp/hb-1.cap)"
echo "recorded: $(echo "$boots1" | tr '\n' ';')"
assert_match "10.0.1.2 boot=$(boot_of r1)" "$boots1" recorded-r1-boot
assert_match "10.0.1.3 boot=$(boot_of r2)" "$boots1" recorded-r2-boot

# restart_round NAME OLD NEW STEP_S: the clock steps STEP_S seconds; OLD,
# active, stops its pulse (a planned hand-over to NEW) and starts it again.
restart_round() {
    name=$1 old=$2 new=$3
    step_clock "$4"
    echo "$name: clock now $(date -u '+%F %T') UTC"
    eval "pid=\$PULSE_$old"
    n0=$(boots_logged "$old")
    t_before=$(( $(mono_ms) - 1000 ))
    kill "$pid"
    wait_for 15 gone "$pid" && pass "$name-old-pulse-exits" || fail "$name-old-pulse-exits" "$(tail -3 "/tmp/pulse-$old.log")"
    wait "$pid" 2>/dev/null
    t_exit=$(mono_ms)
    t_term=$(stamp_ms "$old" "Terminating: handing the service to the partner")
    [ "$t_term" -ge "$t_before" ] && pass "$name-planned-hand-over" || { fail "$name-planned-hand-over" "$(tail -5 "/tmp/pulse-$old.log")"; t_term=$t_exit; }
    start_pulse "$old"
    wait_for 20 sh -c "[ \$(grep -cF '] pulse: heartbeat boot ' /tmp/pulse-$old.log) -gt $n0 ]"
    boot=$(boot_of "$old")
    wait_for 5 grep -q "pulse: partner restarted: heartbeats of its boot $boot accepted" "/tmp/pulse-$new.log" &&
        pass "$name-new-boot-accepted" || fail "$name-new-boot-accepted" "$(tail -5 "/tmp/pulse-$new.log")"
    t_boot=$(stamp_ms "$old" "heartbeat boot $boot")
    took=$(( $(stamp_ms "$new" "partner restarted: heartbeats of its boot $boot") - t_boot ))
    back=$(( $(stamp_ms "$old" "partner heard:") - t_boot ))
    echo "$name: $new accepted $old's boot $boot $took ms after its first heartbeat; $old accepted $new after $back ms"
    # A few one-way trips: its first heartbeat, the partner's answer, its own.
    [ "$took" -ge 0 ] || fail "$name-accepted-at-all" "$took ms"
    within "$name-accepted-within-one-keepalive" "$took" "$KEEPALIVE_MS"
    sleep 3  # several deadtimes: a restarted router that missed its partner would have taken the VIP
    t_end=$(mono_ms)
    vip_only "$name-vip-on-$old-alone-before" "$old" "$t_before" "$t_term"
    none=$(samples "$t_term" "$t_exit" | awk '$2 == "-"' | head -3 | tr '\n' ';')
    [ -z "$none" ] && pass "$name-vip-held-during-hand-over" || fail "$name-vip-held-during-hand-over" "$none"
    echo "$name: both held the VIP in $(samples "$t_term" "$t_exit" | grep -c ',') samples of the hand-over"
    vip_only "$name-vip-on-$new-alone-after" "$new" "$t_exit" "$t_end"
    echo "$name: longest time between two VIP samples: $(longest_sample_gap "$t_before" "$t_end") ms"
}

restart_round back-an-hour r1 r2 -3600
python3 tests/e2e/tools/hbflood.py capture r1-eth1 /tmp/hb-2.cap 60 && pass recorded-between || fail recorded-between "none"
restart_round forward-a-day r2 r1 90000

# --- 10,000 recorded heartbeats, from before each restart, replayed at both
cat /tmp/hb-1.cap /tmp/hb-2.cap > /tmp/hb-old.cap
for r in r1 r2; do
    eval "rej0_$r=\$(replays_rejected $r) rcv0_$r=\$(metric $r '^lvs_heartbeats_received_total') drop0_$r=\$(udp_rcvbuf_errors $r) lines0_$r=\$(state_lines $r)"
done
for a in 10.0.1.2 10.0.1.3; do ns_exec rs1 busybox ping -c1 -W1 "$a" > /dev/null; done  # resolved: none wait on ARP
soft0=$(softnet_drops)
t_from=$(mono_ms)
sent=$(ns_exec rs1 python3 tests/e2e/tools/hbflood.py replay /tmp/hb-old.cap 10000 2000)
sleep 2  # the counters reach the metrics with the next heartbeat
t_to=$(mono_ms)
echo "replay: $(echo "$sent" | tr '\n' ';') in $(( t_to - t_from - 2000 )) ms"
vip_only replay-vip-on-r1-alone r1 "$t_from" "$t_to"
soft=$(( $(softnet_drops) - soft0 ))
for r in r1 r2; do
    # the capture may hold heartbeats to a router's public address too
    # (192.0.2.x): every replay sent to either of its addresses counts
    case $r in r1) addrs="10.0.1.2 192.0.2.10" ;; *) addrs="10.0.1.3 192.0.2.11" ;; esac
    to=0
    for addr in $addrs; do
        n=$(echo "$sent" | sed -n "s/^to $addr: hostile=0 forged=0 replayed=\([0-9]*\)$/\1/p")
        to=$(( to + ${n:-0} ))
    done
    eval "rej=\$(( \$(replays_rejected $r) - rej0_$r )) rcv=\$(( \$(metric $r '^lvs_heartbeats_received_total') - rcv0_$r ))"
    eval "drop=\$(( \$(udp_rcvbuf_errors $r) - drop0_$r )) lines0=\$lines0_$r"
    echo "$r: sent ${to:-0} replays, counted $rej as rejected (stale_echo, replayed); $drop dropped by the socket buffer, $soft by the guest's backlog; $rcv heartbeats accepted meanwhile"
    [ "${to:-0}" -ge 1000 ] && [ "$rej" -le "$to" ] && [ $(( rej + drop + soft )) -ge "$to" ] &&
        pass "$r-replays-counted-as-rejected" || fail "$r-replays-counted-as-rejected" "sent ${to:-0} counted $rej dropped $drop + $soft"
    assert_eq "$lines0" "$(state_lines $r)" "$r-replays-change-nothing"
    [ "$rcv" -gt 0 ] && [ "$(metric $r '^lvs_router_partner_alive')" -eq 1 ] && pass "$r-partner-still-heard" ||
        fail "$r-partner-still-heard" "accepted $rcv"
done
restore_clock
echo "clock put back: $(date -u '+%F %T') UTC"
finish
