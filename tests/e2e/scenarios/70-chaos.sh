#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault scenarios under steady client traffic (a new connection at
# fast_client's pace): kill -9 of a nanny, of lvsd, of pulse on the backup
# and on the active router; 30 % heartbeat loss; link flaps; CPU
# starvation; garbage lvs.cf on SIGHUP; the status segment removed;
# ipvsadm -C and a VIP deleted by hand; a long-lived connection across an
# unplanned failover with the sync daemon. Each step checks what the client saw and that no
# configuration was lost.
. tests/e2e/lib.sh
topo_nat 3
for i in 1 2 3; do start_http "rs$i" 80 "rs$i"; done
for i in 1 2; do bg ip netns exec "rs$i" python3 tests/e2e/tools/echo.py server 9000; done
# Neighbour tables and drop counters, for a failing step (why_failed).
start_netwatch
cp tests/e2e/data/chaos.cf /tmp/lvs.cf
keyed_inis
holder() { has_vip r1 && echo r1; has_vip r2 && echo r2; }
flips() { cat /tmp/pulse-r1.log /tmp/pulse-r2.log | grep -c "activating\|deactivating"; }
table() { ipvs_save "$1"; }  # every field: services, servers, forwarding, weights
ctl() { ns=$1; shift; ip netns exec "$ns" "$BIN/lvsctl" --settings "/tmp/$ns.ini" "$@"; }
traffic() { fast_client cl 192.0.2.80 "/tmp/c-$1.log"; sleep 1; }
backlog_drops() { s=0; for x in $(awk '{ print $2 }' /proc/net/softnet_stat); do s=$((s + 0x$x)); done; echo $s; }
verdict() {  # NAME MAX_GAP_MS MAX_FAILED: the bounds the design promises for this fault
    stop_fast_client "/tmp/c-$1.log"
    g=$(gap_ms "/tmp/c-$1.log"); f=$(failed "/tmp/c-$1.log")
    echo "$1: longest gap $g ms, $f failed of $(wc -l < "/tmp/c-$1.log") requests, longest client stall $(stall_ms "/tmp/c-$1.log") ms; listen drops so far: rs1 $(listen_drops rs1) rs2 $(listen_drops rs2) rs3 $(listen_drops rs3); backlog drops $(backlog_drops)"
    ok=1
    within "$1-gap-within-$2ms" "$g" "$2" || ok=0
    # Failed attempts at the client's pace are a duration too. Under the
    # sanitizers the emulated guest stalls past deadtime and the check
    # timeouts (0.5 s) at times: the backup takes over for a moment, the
    # nannies drop servers, and hundreds of attempts fail that no fault of
    # this scenario caused. So it is within's figure: asserted in the regular
    # run, printed there; the behaviour checks below stay asserted. Over the
    # bound, either way, the diagnostics follow.
    within "$1-failed-at-most-$3" "$f" "$3" failed || ok=0
    [ "$f" -le "$3" ] || ok=0
    [ $ok = 1 ] || { gap_context "/tmp/c-$1.log"; why_failed "/tmp/c-$1.log"; }
}
start_pulse r1
start_pulse r2
wait_for 30 has_vip r1 && wait_ipvs r2 10.0.1.22:9000 30 && wait_ipvs r1 10.0.1.22:9000 30 &&
    wait_for 30 sh -c "$BIN/lvsctl --shm lvs-r1 check --quiet" && pass setup || fail setup "$($BIN/lvsctl --shm lvs-r1 status)"
sleep 1
want1=$(table r1); want2=$(table r2)
config_kept() {  # NAME: both routers' tables as configured, one VIP holder
    wait_ipvs r1 10.0.1.22:9000 10
    assert_eq "$want1" "$(table r1)" "$1-r1-table"
    assert_eq "$want2" "$(table r2)" "$1-r2-table"
    assert_eq 1 "$(holder | wc -l)" "$1-one-vip-holder"
}

# 1a. kill -9 of a nanny on the active router. The kernel's table is not
# touched: lvsd restarts the nanny, which starts from the server's published
# state. No request may fail.
traffic nanny-kill
kill -9 "$(pgrep -f "nanny .*-h 10.0.1.22 .*--shm lvs-r1" | head -1)"
sleep 2
verdict nanny-kill 0 0
config_kept nanny-kill

# 1b. kill -9 of pulse on the backup, and its restart: the backup holds
# nothing the traffic goes through, and a restarted backup stays backup.
# No request may fail.
traffic backup-pulse-kill
before=$(flips)
kill -9 "$PULSE_r2"; sleep 1; start_pulse r2; sleep 2
verdict backup-pulse-kill 0 0
assert_eq "$before" "$(flips)" backup-pulse-kill-no-failover
wait_ipvs r2 10.0.1.23:80 20
config_kept backup-pulse-kill

# 2. 30 % heartbeat loss in both directions: no flapping
modprobe sch_netem
before=$(flips)
for r in r1 r2; do for i in eth0 eth1; do ns_exec "$r" tc qdisc add dev "$i" root netem loss 30%; done; done
sleep 20
for r in r1 r2; do for i in eth0 eth1; do ns_exec "$r" tc qdisc del dev "$i" root; done; done
assert_eq "$before" "$(flips)" heartbeat-loss-no-flapping
assert_eq r1 "$(holder)" heartbeat-loss-holder
wait_for 20 sh -c "$BIN/lvsctl --shm lvs-r1 check --quiet && $BIN/lvsctl --shm lvs-r2 check --quiet"
config_kept heartbeat-loss

# 4. CPU starvation: two busy loops on the guest's two cores
before=$(flips)
slips0=$(grep -c "timing slip" /tmp/pulse-r1.log /tmp/pulse-r2.log | awk -F: '{ s += $2 } END { print s }')
for i in 1 2; do bg sh -c 'while :; do :; done'; done
busy="$E2E_BG"
sleep 20
for p in $busy; do case "$(cat /proc/$p/cmdline 2>/dev/null | tr '\0' ' ')" in *"while :"*) kill "$p" ;; esac; done
slips=$(( $(grep -c "timing slip" /tmp/pulse-r1.log /tmp/pulse-r2.log | awk -F: '{ s += $2 } END { print s }') - slips0 ))
echo "CPU starvation: $slips timing slips reported"
assert_eq "$before" "$(flips)" cpu-starvation-no-failover

# 5. garbage lvs.cf, then SIGHUP: refused before anything changes. No
# request may fail.
cp /tmp/lvs.cf /tmp/lvs.good
head -c 2000 /dev/urandom > /tmp/lvs.cf
traffic garbage-reload
kill -HUP "$PULSE_r1"; sleep 2
verdict garbage-reload 0 0
assert_match "not reloaded" "$(cat /tmp/pulse-r1.log)" garbage-reload-refused
config_kept garbage-reload
cp /tmp/lvs.good /tmp/lvs.cf

# 6. the status segment removed underneath the daemons
traffic shm-removed
rm /dev/shm/lvs-r1
wait_for 10 test -e /dev/shm/lvs-r1 && pass shm-recreated || fail shm-recreated "not recreated"
# lvsd restarts its five nannies on the new segment; each reports after its
# first check. A sanitizer build starts each process several times slower
# (its shadow memory, under emulation), so it gets 60 s, not 15.
t=15; [ "${E2E_SAN:-0}" = 1 ] && t=60
since=$(now_ms)
wait_for $t sh -c "$BIN/lvsctl --shm lvs-r1 status | grep -c ' up ' | grep -qx 5" && pass shm-nannies-reattached || fail shm-nannies-reattached "$($BIN/lvsctl --shm lvs-r1 status | tr '\n' '|')"
echo "nannies up on the new segment after $(( $(now_ms) - since )) ms"
verdict shm-removed 0 0  # the kernel's table is untouched meanwhile
assert_match "created again" "$(cat /tmp/pulse-r1.log)" shm-reported
config_kept shm-removed

# 7. ipvsadm -C and a VIP deleted by hand: repaired
traffic repair
ns_exec r1 ipvsadm -C
wait_ipvs r1 10.0.1.23:80 5 && pass ipvsadm-clear-repaired || fail ipvsadm-clear-repaired "$(ipvs_list r1)"
ns_exec r1 ip addr del 192.0.2.80/24 dev eth0
wait_for 5 has_vip r1 && pass vip-delete-repaired || fail vip-delete-repaired "$(tail -3 /tmp/pulse-r1.log)"
sleep 1
# ipvsadm -C empties the table: connections fail until lvsd's next periodic
# reconcile (reconcile_interval 1 s) restores it, + 250 ms; 100 attempts a
# second over that, and the deleted VIP comes back at once (rtnetlink).
verdict repair 1250 150
assert_match "behind pulse's back: restored" "$(cat /tmp/pulse-r1.log)" vip-repair-logged
config_kept repair

# 1c. kill -9 of lvsd on the active router: the kernel keeps the table,
# pulse restarts lvsd, which adopts it untouched. No request may fail.
traffic lvsd-kill
kill -9 "$(pgrep -f "lvsd .*--settings /tmp/r1.ini")"
sleep 3
verdict lvsd-kill 0 0
config_kept lvsd-kill

# 3. link flaps on the active router's private and public interfaces: with
# monitor_links each flap hands the service over once, without flapping back
for i in private public private; do
    traffic "link-flap-$i-$(holder)"
    dev=$([ $i = private ] && echo eth1 || echo eth0)
    h=$(holder)
    link_down "$h" "$dev"; sleep 0.2; link_up "$h" "$dev"
    sleep 2
    # the link's loss hands the service over at once (monitor_links); its
    # return does not hand it back. One move: the connections in flight on
    # the link that went down fail, and new ones wait for the announcement.
    verdict "link-flap-$i-$h" 1000 150
    assert_eq 1 "$(holder | wc -l)" "link-flap-$i-$h-one-holder"
done
wait_for 20 sh -c "$BIN/lvsctl --shm lvs-r1 check --quiet && $BIN/lvsctl --shm lvs-r2 check --quiet"
config_kept link-flaps

# 8 + 1d. a long-lived connection across an unplanned failover (sync daemon),
# then kill -9 of pulse on the active router
h=$(holder)
o=$([ "$h" = r1 ] && echo r2 || echo r1)
bg ip netns exec cl python3 tests/e2e/tools/echo.py client 192.0.2.80 9000 /tmp/echo.out
sleep 3
traffic active-pulse-kill
eval "kill -9 \$PULSE_$h"
wait_for 10 has_vip "$o" && pass active-pulse-kill-takeover || fail active-pulse-kill-takeover "no takeover"
sleep 3
# The killed router keeps forwarding with its table until the partner takes
# over after deadtime (500 ms) and announces: gap at most deadtime + 150 ms.
# What fails are the connections in flight at the takeover whose state had
# not yet reached the partner's sync daemon.
verdict active-pulse-kill 650 50
for p in $E2E_BG; do case "$(cat /proc/$p/cmdline 2>/dev/null | tr '\0' ' ')" in *"echo.py client"*) kill "$p" ;; esac; done
sleep 1
echo "long-lived connection: $(cat /tmp/echo.out 2>/dev/null)"
assert_match "broken=0" "$(cat /tmp/echo.out 2>/dev/null)" long-lived-connection-survives
start_pulse "$h"
sleep 3
assert_eq "$o" "$(holder)" restarted-pulse-stays-backup
assert_match "removing stale address 192.0.2.80" "$(cat /tmp/pulse-$h.log)" restarted-pulse-cleans-up
finish
