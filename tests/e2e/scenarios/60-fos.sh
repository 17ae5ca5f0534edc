#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Failover services (pulse in FOS mode, fos, nanny --fos): the active
# router runs start_cmd and holds the VIP, the standby watches it through
# the VIP. (a) The service dies: a standby that cannot see its default
# gateway stays passive; once it can, it takes over with StopMe and
# runs start_cmd, the former active runs stop_cmd. (b) The active router
# loses power: the standby takes over within deadtime + the start time.
# (c) SIGTERM on the active pulse: a clean handover. (d) Fail-back, turned
# on by a reload: the returning primary takes the service back, and the
# backup's stop_cmd has run to its end before the primary's start_cmd.
# lvsctl check judges FOS mode by the failover services: OK on the active
# router while start_cmd's service runs, OK on the standby while it
# monitors it, CRITICAL once pulse is gone.
. tests/e2e/lib.sh
topo_nat 0
data="$E2E_REPO/tests/e2e/data"
sed "s|@DATA@|$data|g" "$data/fos.cf" > /tmp/lvs.cf
keyed_inis fos
answer() { ns_exec cl curl -s -m 1 http://192.0.2.80/ 2>/dev/null; }
served_by() { [ "$(answer)" = "$1" ]; }
"$BIN/pulse" --test-config -c /tmp/lvs.cf >/dev/null 2>&1 && pass config-valid || fail config-valid "$("$BIN/pulse" --test-config -c /tmp/lvs.cf 2>&1)"

# The routers' default gateway is the client, which answers pings.
for r in r1 r2; do ns_exec "$r" ip route add default via 192.0.2.100; done
start_pulse r1
start_pulse r2
wait_for 20 served_by r1 && pass active-runs-start-cmd || fail active-runs-start-cmd "$(tail -20 /tmp/pulse-r1.log)"
has_vip r1 && ! has_vip r2 && pass only-active-holds-vip || fail only-active-holds-vip "r1/r2 VIP state"
wait_for 20 grep -q "Remote service 192.0.2.80:80 is available" /tmp/pulse-r2.log &&
    pass standby-monitors-through-vip || fail standby-monitors-through-vip "$(tail -20 /tmp/pulse-r2.log)"
assert_eq 0 "$(count start /tmp/fos-web-r2.log)" standby-did-not-start
check() { ns=$1; shift; ip netns exec "$ns" "$BIN/lvsctl" --settings "/tmp/$ns.ini" check "$@"; }
wait_for 10 check r1 --quiet
out=$(check r1); rc=$?; echo "$out"
assert_eq 0 "$rc" fos-check-active-ok
assert_match "LVS OK - 1 of 1 failover services running, this router active | 'services_up'=1;;;0;1 'services_total'=1;;;0 'heartbeat_age'=" "$out" fos-check-active-line
assert_match "'fos_web_up'=1;;;0;1" "$(check r1 --per-virtual)" fos-check-per-service
check r1 -c 2 >/dev/null; assert_eq 2 $? fos-check-threshold-critical
wait_for 10 check r2 --quiet
out=$(check r2); rc=$?; echo "$out"
assert_eq 0 "$rc" fos-check-standby-ok
assert_match "LVS OK - 1 of 1 failover services monitored, this router standby |" "$out" fos-check-standby-line

# (a) The service dies on the active router, while the standby cannot see
# its gateway: it has a network fault itself and must not take over.
ns_exec r2 ip route replace default via 192.0.2.99
kill "$(cat /tmp/fos-web-r1.pid)"
wait_for 20 grep -q "I SEEM TO HAVE A NETWORK FAULT" /tmp/pulse-r2.log && pass network-fault-detected ||
    fail network-fault-detected "$(tail -20 /tmp/pulse-r2.log)"
has_vip r2 && fail network-fault-no-takeover "r2 took the VIP" || pass network-fault-no-takeover
# The gateway answers again: the standby takes over.
ns_exec r2 ip route replace default via 192.0.2.100
t0=$(now_ms)
wait_for 20 served_by r2 && pass service-failure-moves-service || fail service-failure-moves-service "$(tail -20 /tmp/pulse-r2.log)"
echo "service back on r2 after $(( $(now_ms) - t0 )) ms once the gateway answered (nanny interval 2 s, 3 pings)"
assert_match "remote service unavailable but we can see the gateway" "$(cat /tmp/pulse-r2.log)" takeover-logged
assert_match "PARTNER HAS TOLD US TO GO INACTIVE" "$(cat /tmp/pulse-r1.log)" stopme-obeyed
wait_for 10 sh -c "! ip netns exec r1 ip -o addr show dev eth0 | grep -q 192.0.2.80" &&
    pass former-active-drops-vip || fail former-active-drops-vip "r1 keeps the VIP"
wait_for 10 sh -c "[ \$(grep -c ' stop' /tmp/fos-web-r1.log) -ge 2 ]" && pass former-active-runs-stop-cmd ||
    fail former-active-runs-stop-cmd "$(cat /tmp/fos-web-r1.log)"
wait_for 20 sh -c "[ \$(grep -c 'Remote service 192.0.2.80:80 is available' /tmp/pulse-r1.log) -ge 1 ]" &&
    pass former-active-monitors-new-active || fail former-active-monitors-new-active "$(tail -20 /tmp/pulse-r1.log)"
sleep 3
served_by r2 && has_vip r2 && ! has_vip r1 && pass no-flapping || fail no-flapping "$(tail -20 /tmp/pulse-r1.log)"

# SIGHUP reloads: the unchanged service keeps running on r2, r1 keeps monitoring.
starts=$(count ' start' /tmp/fos-web-r2.log)
kill -HUP "$PULSE_r2" "$PULSE_r1"
sleep 3
assert_eq "$starts" "$(count ' start' /tmp/fos-web-r2.log)" sighup-keeps-service
served_by r2 && has_vip r2 && ! has_vip r1 && pass sighup-no-takeover || fail sighup-no-takeover "$(tail -10 /tmp/pulse-r1.log)"

# (b) The active router (r2) loses power.
kill -9 "$PULSE_r2"
router_power_off r2
t0=$(now_ms)
wait_for 20 served_by r1 && pass power-loss-moves-service || fail power-loss-moves-service "$(tail -20 /tmp/pulse-r1.log)"
took=$(( $(now_ms) - t0 ))
# fos runs stop_cmd before start_cmd (as Piranha's did): both count.
st=$(awk '$2 == "stop" { s = $1 } $2 == "started" { d = $1 - s } END { print d + 0 }' /tmp/fos-web-r1.log)
echo "power loss: service back on r1 after $took ms (deadtime 500 ms, stop_cmd and start_cmd took $st ms)"
[ "$took" -le $((500 + st + 1000)) ] && pass power-loss-within-deadtime-plus-start ||
    fail power-loss-within-deadtime-plus-start "$took ms > 500 + $st + 1000 ms"

# (c) r2 comes back as the standby; SIGTERM on the active pulse (r1) hands over.
for l in r2-eth0 r2-eth1; do ip link set "$l" up; done
ns_exec r2 ip link set eth0 up; ns_exec r2 ip link set eth1 up
before=$(count 'Remote service 192.0.2.80:80 is available' /tmp/pulse-r2.log)
start_pulse r2
wait_for 20 sh -c "[ \$(grep -c 'Remote service 192.0.2.80:80 is available' /tmp/pulse-r2.log) -gt $before ]" &&
    pass returning-router-monitors || fail returning-router-monitors "$(tail -20 /tmp/pulse-r2.log)"
served_by r1 && pass returning-router-stays-standby || fail returning-router-stays-standby "$(answer)"
stops=$(count ' stop' /tmp/fos-web-r1.log)
t0=$(now_ms)
kill -TERM "$PULSE_r1"
wait_for 20 served_by r2 && pass sigterm-hands-over || fail sigterm-hands-over "$(tail -20 /tmp/pulse-r2.log)"
echo "SIGTERM handover: service on r2 after $(( $(now_ms) - t0 )) ms"
wait "$PULSE_r1"
assert_eq 0 "$?" sigterm-pulse-exit-status
[ "$(count ' stop' /tmp/fos-web-r1.log)" -gt "$stops" ] && pass sigterm-runs-stop-cmd ||
    fail sigterm-runs-stop-cmd "$(cat /tmp/fos-web-r1.log)"
has_vip r1 && fail sigterm-drops-vip "r1 keeps the VIP" || pass sigterm-drops-vip
assert_match "released the service" "$(cat /tmp/pulse-r2.log)" sigterm-handover-logged

# (d) Fail-back on (a reload), then the primary returns.
sed -i 's/^failback = 0$/failback = 1\nfailback_delay = 2/' /tmp/lvs.cf
kill -HUP "$PULSE_r2"
wait_for 5 grep -q "configuration reloaded" /tmp/pulse-r2.log && pass failback-reloaded || fail failback-reloaded "$(tail -5 /tmp/pulse-r2.log)"
start_pulse r1
wait_for 30 served_by r1 && pass failback-moves-service || fail failback-moves-service "$(tail -20 /tmp/pulse-r2.log)"
assert_match "fail-back: the primary has been ready for" "$(cat /tmp/pulse-r2.log)" failback-logged
stopped=$(awk '$2 == "stopped" { t = $1 } END { printf "%.0f\n", t }' /tmp/fos-web-r2.log)
started=$(awk '$2 == "start" { t = $1 } END { printf "%.0f\n", t }' /tmp/fos-web-r1.log)
echo "fail-back: r2's stop_cmd ended at $stopped, r1's start_cmd began at $started"
[ "$stopped" -gt 0 ] && [ "$started" -gt "$stopped" ] && pass failback-stop-before-start ||
    fail failback-stop-before-start "r2 stopped at $stopped, r1 started at $started"
sleep 1
served_by r1 && has_vip r1 && ! has_vip r2 && pass failback-single-holder || fail failback-single-holder "$(answer)"
# (e) pulse stops on r2 (SIGTERM): its segment goes with it, CRITICAL.
kill -TERM "$PULSE_r2"
wait_for 20 sh -c "[ ! -e /dev/shm/lvs-r2 ]" || fail fos-pulse-stops "$(tail -5 /tmp/pulse-r2.log)"
out=$(check r2); rc=$?
assert_eq 2 "$rc" fos-check-no-pulse-critical
assert_match "LVS CRITICAL - no status segment /dev/shm/lvs-r2" "$out" fos-check-no-pulse-says-why
echo "--- r1"; tail -30 /tmp/pulse-r1.log; echo "--- r2"; tail -30 /tmp/pulse-r2.log
finish
