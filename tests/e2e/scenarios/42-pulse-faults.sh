#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pulse under faults on a real kernel: the IPVS sync daemon follows the
# role; 10,000 forged, replayed, truncated, oversized and malformed
# heartbeats with spoofed sources from a third namespace change nothing;
# kill -9 of lvsd on the active router drops no request; a local link
# failure with monitor_links hands over over the private path (and there is
# no fail-back when it returns); --forceactive takes over cleanly.
. tests/e2e/lib.sh
topo_nat 3
for i in 1 2 3; do start_http "rs$i" 80 "rs$i"; done
sed -e 's/^backup_active = 1$/backup_active = 1\nprimary_private = 10.0.1.2\nbackup_private = 10.0.1.3\nmonitor_links = 1\nsyncdaemon = 1\nsyncd_iface = eth1/' \
    tests/e2e/data/pulse.cf > /tmp/lvs.cf
keyed_inis  # topo_nat has set lo up in r1 and r2
stop_client() { for p in $E2E_BG; do case "$(cat /proc/$p/cmdline 2>/dev/null | tr '\0' ' ')" in *"$1"*) kill "$p" ;; esac; done; }
failures() { awk '$2 == "-"' "$1" | wc -l; }
start_pulse r1
start_pulse r2
wait_for 20 has_vip r1 && pass primary-active || fail primary-active "$(tail -5 /tmp/pulse-r1.log)"
wait_ipvs r2 10.0.1.23:80 20

# --- the sync daemon follows the role
assert_match "master sync daemon (mcast=eth1, syncid=0" "$(ns_exec r1 ipvsadm -L --daemon)" sync-master-on-active
assert_match "backup sync daemon (mcast=eth1, syncid=0" "$(ns_exec r2 ipvsadm -L --daemon)" sync-backup-on-standby

# --- 10,000 hostile heartbeats, spoofed from both routers
python3 tests/e2e/tools/hbflood.py capture r2-eth0 /tmp/hb.cap 8 && pass captured-heartbeats || fail captured-heartbeats "none"
# A replay is a duplicate while its echo is recent, then a stale echo (or,
# behind the sequence window, replayed): all three count as replays here.
counters() {  # hostile-rejected forged replayed, from r1's metrics
    ns_exec r1 curl -s -m 3 http://127.0.0.1:9539/metrics | awk '
        /^lvs_heartbeats_rejected_total/ { if (/reason="(stale_echo|replayed)"/) d += $2; else r += $2 }
        /reason="forged"/ { f = $2 }
        /^lvs_heartbeats_duplicate_total/ { d += $2 } END { print r + 0, f + 0, d + 0 }'
}
set -- $(counters); rej0=$1 forged0=$2 dup0=$3
before1=$(grep -c "activating\|deactivating" /tmp/pulse-r1.log)
before2=$(grep -c "activating\|deactivating" /tmp/pulse-r2.log)
t0=$(now_ms)
sent=$(ns_exec cl python3 tests/e2e/tools/hbflood.py flood /tmp/hb.cap 10000)
echo "flood: $(echo "$sent" | head -1) in $(( $(now_ms) - t0 )) ms"
sleep 2
has_vip r1 && ! has_vip r2 && pass flood-no-state-change || fail flood-no-state-change "VIP moved"
assert_eq "$before1" "$(grep -c "activating\|deactivating" /tmp/pulse-r1.log)" flood-r1-log-quiet
assert_eq "$before2" "$(grep -c "activating\|deactivating" /tmp/pulse-r2.log)" flood-r2-log-quiet
set -- $(counters); rej=$(( $1 - rej0 )) forged=$(( $2 - forged0 )) dup=$(( $3 - dup0 ))
echo "r1 counted during the flood: $rej rejected ($forged forged), $dup duplicate, replayed or stale"
# What reached r1 (the sender's stack may refuse some under TCG): at least
# half of each kind is counted, and enough was sent to mean something.
set -- $(echo "$sent" | sed -n 's/^to 192\.0\.2\.10: hostile=\([0-9]*\) forged=\([0-9]*\) replayed=\([0-9]*\)$/\1 \2 \3/p')
h=${1:-0} f=${2:-0} r=${3:-0}
echo "sent to r1: $h hostile ($f forged), $r replayed"
[ "$h" -ge 1500 ] && [ $((2 * rej)) -ge "$h" ] && [ $((2 * ${forged:-0})) -ge "$f" ] && [ $((2 * ${dup:-0})) -ge "$r" ] &&
    pass flood-counted || fail flood-counted "rejected=$rej of $h forged=$forged of $f dup=$dup of $r"

# --- kill -9 of lvsd on the active router: the service continues
client_loop cl http://192.0.2.80/ /tmp/client1.log
sleep 2
lvsd_pid=$(pgrep -f "lvsd .*--settings /tmp/r1.ini")
kill -9 $lvsd_pid
sleep 4
stop_client client1.log
assert_eq 2 "$(grep -c 'lvsd running as pid' /tmp/pulse-r1.log)" lvsd-restarted
assert_eq 0 "$(failures /tmp/client1.log)" lvsd-kill-no-failed-request
has_vip r1 && pass lvsd-kill-keeps-vip || fail lvsd-kill-keeps-vip "VIP moved"
wait_ipvs r1 "10.0.1.21:80" 5 && pass lvsd-kill-table-kept || fail lvsd-kill-table-kept "$(ipvs_list r1)"

# --- monitor_links: a local link failure hands over via the private path
client_loop cl http://192.0.2.80/ /tmp/client2.log
sleep 2
t0=$(now_ms)
n0=$(wc -l < /tmp/pulse-r2.log)
link_down r1 eth0
wait_for 5 has_vip r2 && pass link-failure-hands-over || fail link-failure-hands-over "$(tail -5 /tmp/pulse-r1.log)"
# The backup must take over because r1 said Releasing on the private path,
# not because it stopped hearing r1 (the private heartbeats go on).
took=$(tail -n +"$((n0 + 1))" /tmp/pulse-r2.log)
assert_match "primary released the service: activating" "$took" link-failure-released-on-private-path
case "$took" in *"partner dead"*) fail link-failure-partner-heard "r2 declared r1 dead: $(echo "$took" | grep 'partner dead')" ;; *) pass link-failure-partner-heard ;; esac
echo "handover $(( $(now_ms) - t0 )) ms after the link went down (deadtime 500 ms)"
has_vip r1 && fail link-failure-releases "r1 kept the VIP" || pass link-failure-releases
assert_match "Primary NIC: link down" "$(cat /tmp/pulse-r1.log)" link-down-logged
assert_match "Local NIC link failure: Pulse disabled" "$(cat /tmp/pulse-r1.log)" link-failure-logged
sleep 2
stop_client client2.log
echo "client gap on link failure: $(max_gap_ms /tmp/client2.log) ms"
assert_match "master sync daemon" "$(ns_exec r2 ipvsadm -L --daemon)" sync-master-follows
link_up r1 eth0
wait_for 5 sh -c "grep -q 'Local NIC link(s) restored: Pulse enabled' /tmp/pulse-r1.log" && pass link-restored-logged || fail link-restored-logged "$(tail -3 /tmp/pulse-r1.log)"
sleep 2
has_vip r1 && fail link-restore-no-failback "r1 took the VIP back" || pass link-restore-no-failback

# --- --forceactive: the primary takes over cleanly
kill "$PULSE_r1"
wait_for 10 sh -c "! kill -0 $PULSE_r1"
client_loop cl http://192.0.2.80/ /tmp/client3.log
sleep 1
start_pulse r1 --forceactive
wait_for 10 has_vip r1 && pass forceactive-takes-vip || fail forceactive-takes-vip "$(tail -5 /tmp/pulse-r1.log)"
wait_for 5 sh -c "! ip netns exec r2 ip -o addr show dev eth0 | grep -q 192.0.2.80" && pass forceactive-partner-releases || { grep "pulse:" /tmp/pulse-r1.log | tail -n 12; echo "r1 pulse $PULSE_r1: $(cat /proc/$PULSE_r1/wchan) $(grep State /proc/$PULSE_r1/status)"; cat /proc/$PULSE_r1/stack; cat /proc/$PULSE_r1/net/netlink; ls -l /proc/$PULSE_r1/fd | sed -n "s/.*-> //p" | tr "\n" " "; echo; ps -eo pid,ppid,stat,wchan:32,args | grep -v " \[" | head -40; for r in r1 r2; do echo "$r:"; ns_exec $r curl -s -m 3 http://127.0.0.1:9539/metrics | grep "^lvs_heartbeat"; done; fail forceactive-partner-releases "both hold the VIP"; }
sleep 2
stop_client client3.log
echo "client gap on --forceactive takeover: $(max_gap_ms /tmp/client3.log) ms"
assert_eq "rs1 rs2 rs3" "$(http_gets cl http://192.0.2.80/ 6 | sort -u | tr '\n' ' ' | sed 's/ $//')" forceactive-serves
finish
