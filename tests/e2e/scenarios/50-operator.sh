#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The operator surface on a real kernel: lvsctl status (table and JSON),
# check exit codes, drain/undrain/force-up, reload (good and bad), planned
# switchover (connections in flight handed over), root-only controls, the
# Prometheus endpoint read with curl, and the SysV init script's start,
# status and stop.
. tests/e2e/lib.sh
topo_nat 3
for i in 1 2 3; do start_http "rs$i" 80 "rs$i"; done
# The sync daemon on the private side: a planned switchover hands over the
# connections in flight.
pulse_cf_with_sync > /tmp/lvs.cf
keyed_inis  # metrics on the default 127.0.0.1:9539
ctl() { ns=$1; shift; ip netns exec "$ns" "$BIN/lvsctl" -i "/tmp/$ns.ini" "$@"; }
json() { ctl "$1" status --json | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"; }

start_pulse r1
start_pulse r2
wait_for 20 has_vip r1 && pass pulse-up || fail pulse-up "$(tail -5 /tmp/pulse-r1.log)"
wait_for 20 sh -c "$BIN/lvsctl --shm lvs-r1 status | grep -c ' up ' | grep -qx 3" || true
wait_for 10 sh -c "$BIN/lvsctl --shm lvs-r1 check -q"

# --- status
out=$(ctl r1 status); echo "$out"
assert_match "primary, ACTIVE" "$out" status-role
assert_match "192.0.2.11: alive, standby" "$out" status-partner
assert_match "192.0.2.80/24 on eth0:1 (up)" "$out" status-vips
assert_eq 3 "$(echo "$out" | grep -c ' up .*Ok')" status-three-up
assert_match "backup, standby" "$(ctl r2 status)" status-standby
assert_eq "lvsctl-status/1 active 3 True" "$(json r1 "d['schema'], d['router']['state'], len(d['virtual_servers'][0]['servers']), d['router']['partner']['last_heartbeat_age_s'] < 1")" \
    json-schema
assert_eq "ok" "$(json r1 "d['check']['status']")" json-check
ctl r1 check; assert_eq 0 $? check-ok
ctl r2 check >/dev/null; assert_eq 0 $? check-standby-ok

# --- drain, undrain, force-up
ctl r1 drain web/rs2 && pass drain-confirmed || fail drain-confirmed "exit $?"
ipvs_list r1 | grep -q 10.0.1.22 && fail drain-leaves-table "$(ipvs_list r1)" || pass drain-leaves-table
ctl r1 check >/dev/null; assert_eq 1 $? check-degraded
assert_match "drained" "$(ctl r1 status | grep rs2)" status-drained
ctl r1 undrain rs2 >/dev/null
wait_ipvs r1 10.0.1.22 5 && pass undrain-returns || fail undrain-returns "$(ipvs_list r1)"
ctl r1 drain 10.0.1.23:80 >/dev/null && pass drain-by-address || fail drain-by-address "exit $?"
ctl r1 undrain web/rs3 >/dev/null
ctl r1 drain nosuch 2>/dev/null; assert_eq 4 $? drain-unknown-server
ip netns exec r1 setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN/lvsctl" -i /tmp/r1.ini drain web/rs1 2>/dev/null
assert_eq 3 $? controls-root-only

# --- a dead server: down in status, degraded check, metrics
stop_http rs3 80
wait_for 10 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 10.0.1.23" && pass dead-server-leaves || fail dead-server-leaves "$(ipvs_list r1)"
assert_match "ConnectRefused" "$(ctl r1 status | grep rs3)" status-outcome
m=$(ns_exec r1 curl -s -m 3 http://127.0.0.1:9539/metrics)
assert_match 'lvs_real_server_up{virtual="web",server="rs3",address="10.0.1.23:80"} 0' "$m" metrics-rs-down
assert_match 'lvs_real_server_up{virtual="web",server="rs1",address="10.0.1.21:80"} 1' "$m" metrics-rs-up
assert_match "lvs_router_active 1" "$m" metrics-router
assert_match 'lvs_real_server_check_latency_seconds_bucket{virtual="web",server="rs1",address="10.0.1.21:80",le="+Inf"}' "$m" metrics-histogram
rx=$(echo "$m" | awk '/^lvs_heartbeats_received_total/ { print $2 }')
[ "${rx:-0}" -gt 10 ] && pass metrics-heartbeats || fail metrics-heartbeats "received=$rx"
ops=$(echo "$m" | awk '/^lvs_ipvs_operations_total/ { print $2 }')
[ "${ops:-0}" -gt 3 ] && pass metrics-ipvs-ops || fail metrics-ipvs-ops "ops=$ops"
assert_eq 405 "$(ns_exec r1 curl -s -o /dev/null -w '%{http_code}' -X POST http://127.0.0.1:9539/metrics)" metrics-post-refused
assert_eq 404 "$(ns_exec r1 curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9539/other)" metrics-404
ns_exec r1 curl -s -m 2 http://192.0.2.10:9539/metrics >/dev/null 2>&1 && fail metrics-loopback-only "reachable" || pass metrics-loopback-only
start_http rs3 80 rs3

# --- reload: a weight change is one operation; a bad file is refused
sed -i '/server rs1 {/a\		weight = 5' /tmp/lvs.cf
ctl r1 reload && pass reload-ok || fail reload-ok "exit $?"
wait_ipvs r1 "10.0.1.21:80 *Masq *5" 5 && pass reload-applied || fail reload-applied "$(ipvs_list r1)"
cp /tmp/lvs.cf /tmp/lvs.good
echo "virtual broken {" >> /tmp/lvs.cf
before=$(ipvs_save r1)
ctl r1 reload 2>/dev/null; rc=$?
[ "$rc" -ne 0 ] && pass reload-refused || fail reload-refused "exit 0"
assert_eq "$before" "$(ipvs_save r1)" reload-keeps-table
cp /tmp/lvs.good /tmp/lvs.cf

# --- planned switchover, measured from the client
wait_for 10 sh -c "$BIN/lvsctl --shm lvs-r2 status | grep -c ' up ' | grep -qx 3"
ctl r2 switchover 2>/dev/null; assert_eq 1 $? switchover-refused-on-standby
fast_client cl 192.0.2.80 /tmp/client.log
sleep 2
ctl r1 switchover && pass switchover-complete || fail switchover-complete "$(tail -5 /tmp/pulse-r1.log)"
has_vip r2 && ! has_vip r1 && pass switchover-moved-vip || fail switchover-moved-vip "r1 $(has_vip r1; echo $?) r2 $(has_vip r2; echo $?)"
sleep 2
stop_fast_client /tmp/client.log
gap=$(gap_ms /tmp/client.log)
echo "client gap on lvsctl switchover: $gap ms, $(failed /tmp/client.log) failed attempts of $(wc -l < /tmp/client.log), longest client stall $(stall_ms /tmp/client.log) ms"
within switchover-gap-within-150ms "$gap" 150 || { gap_context /tmp/client.log; grep -h "switchover\|activating\|deactivating\|announced\|releas" /tmp/pulse-r1.log /tmp/pulse-r2.log; }
assert_match "backup, ACTIVE" "$(ctl r2 status)" status-after-switchover
assert_match "planned switchover complete" "$(cat /tmp/pulse-r1.log)" switchover-logged
assert_match "live connections to the partner's sync daemon" "$(cat /tmp/pulse-r1.log)" switchover-hands-over-connections
check_switchover_resets /tmp/client.log

# --- the SysV init script drives a daemonized pulse
kill "$PULSE_r1" "$PULSE_r2"
wait_for 15 sh -c "! pgrep -x pulse"
mkdir -p /etc/sysconfig
echo 'OPTIONS="-i /tmp/r1.ini"' > /etc/sysconfig/pulse
init() { ip netns exec r1 env PULSE="$BIN/pulse" CONFIG=/tmp/lvs.cf sh etc/init.d/pulse "$@"; }
init start; assert_eq 0 $? init-start
wait_for 10 has_vip r1 && pass init-started-pulse-serves || fail init-started-pulse-serves "no VIP"
init status; assert_eq 0 $? init-status-running
init reload; assert_eq 0 $? init-reload
init stop; assert_eq 0 $? init-stop
init status; assert_eq 3 $? init-status-stopped
has_vip r1 && fail init-stop-releases "VIP left" || pass init-stop-releases
rm -f /etc/sysconfig/pulse
finish
