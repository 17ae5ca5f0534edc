#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# redundancy = ecmp against live BIRD 2 (topo_ecmp): an upstream BIRD with
# ECMP multipath and BFD, a client behind it, three routers each running
# bird and pulse (direct routing, mh, the sync daemon both ways), three
# real servers. A fast client opens a connection every FC_PACE_MS; 30
# long-lived connections (echo.py clients) send a line a second each.
#  - the fragment and birdc's answers against bird2: BGP Established, BFD
#    up, the route in BIRD, as lvsctl shows them; sloppy_tcp set
#  - new connections spread over the three routers
#  - a graceful stop (SIGTERM pulse) resets no connection
#  - a returning router announces only after announce_warmup, and its
#    return resets no connection
#  - power loss of one router: new connections recover within the
#    upstream's BFD detection plus 100 ms; no long-lived connection
#    breaks, those through the lost router carry on elsewhere
#  - a router whose real servers are all down (to it) withdraws, the
#    others carry the traffic; it keeps them in IPVS at weight 0 in the
#    file's order (mh's table) and announces again when they come back
#  - a blip of a router's upstream link drops its BGP session through BFD;
#    the session starts again after 1 s (pulse's fragment) and the router
#    announces again once warm
#  - kill -9 of a router's lvsd: pulse withdraws at once, restarts lvsd and
#    announces again once warm; kill -9 of pulse: pulse --release-addresses
#    (pulse.service's ExecStopPost) withdraws, the restarted pulse announces
#    once warm; neither resets a connection
#  - /metrics and lvsctl check in ECMP mode
#  - reload (SIGHUP): a bad file is refused and the routes stay; a weight
#    changed on both routers is changed in place in both kernels, the
#    routes stay, and no connection fails
. tests/e2e/lib.sh
# The measuring client opens a connection every 40 ms here, not 20: eleven
# daemons and two BIRD sessions' worth of BFD share the guest's two CPUs.
FC_PACE_MS=${E2E_CLIENT_PACE_MS:-40}
T0=$(mono_ms)
topo_ecmp 3 3
WARMUP=5
DRAIN=3
# BFD: bfd_interval 0.1 x bfd_multiplier 9 (sub-second), both sides. With
# BIRD at normal priority and x5 (0.5 s) a stall of the emulated guest
# dropped every session now and then.
BFD_MULT=9
BFD_MS=$(( BFD_MULT * 100 ))
ecmp_servers
# The upstream: one BGP session with BFD per router, ECMP into the kernel.
ecmp_upstream_conf "$BFD_MULT"
start_bird up || fail bird-up-starts "$(cat /tmp/bird-up.out 2>/dev/null | tail -5)"

# Each router: bird.conf including pulse's fragment, lvs.cf (the same but
# for BIRD's socket and the fragment's path, one BIRD per namespace).
for r in r1 r2 r3; do
    ecmp_router_conf "$r" "$BFD_MULT" "$WARMUP" "$DRAIN"
    : > "/tmp/bird-$r/lvs-vips.conf"
    start_bird "$r" || fail "bird-$r-starts" "$(tail -5 "/tmp/bird-$r.out" 2>/dev/null)"
    printf '[paths]\nnanny = %s/nanny\nlvsd = %s/lvsd\n[shm]\nname = lvs-%s\n' "$BIN" "$BIN" "$r" > "/tmp/$r.ini"
    # /metrics on r1 only (127.0.0.1:9539, its namespace's own)
    [ "$r" = r1 ] || printf '[status]\nlisten = off\n' >> "/tmp/$r.ini"
done
# lib.sh's start_pulse, with each router's own lvs.cf (pulse takes the
# last -c it is given).
start_router() { start_pulse "$1" -c "/tmp/$1.cf"; }  # NS
for r in r1 r2 r3; do start_router "$r"; done
ns_exec r1 "$BIN/pulse" --test-config -c /tmp/r1.cf > /tmp/test-config.out 2>&1; assert_eq 0 $? ecmp-config-valid

if wait_for 60 has_paths "r1 r2 r3"; then
    pass upstream-ecmp-three-paths
    echo "ecmp: three paths in the upstream's kernel $(( ($(mono_ms) - T0) / 1000 )) s after the start"
else
    fail upstream-ecmp-three-paths "paths [$(ecmp_paths)]; $(birdc_in up show protocols | tail -4 | tr '\n' ';')"
    for r in r1 r2 r3; do tail -8 "/tmp/pulse-$r.log"; done
fi
# What birdc says, read by pulse, as lvsctl shows it (ecmp in --json).
lvsjson() { ns_exec "$1" "$BIN/lvsctl" --settings "/tmp/$1.ini" status --json 2>&1; }
wait_for 5 sh -c "ip netns exec r1 '$BIN/lvsctl' --settings /tmp/r1.ini status --json | grep -q '\"session\": *\"Established\"'"
j=$(lvsjson r1)
assert_match Established "$(echo "$j" | grep -o '"session": *"[A-Za-z]*"')" lvsctl-shows-bgp-established
assert_match Up "$(echo "$j" | grep -o '"bfd": *\[[^]]*\]')" lvsctl-shows-bfd-up
assert_match true "$(echo "$j" | grep -o '"route_in_bird": *[a-z]*')" lvsctl-shows-route-in-bird
assert_eq 3 "$(birdc_in up show bfd sessions | grep -c ' Up ')" upstream-bfd-three-up
assert_eq 1 "$(ns_exec r1 cat /proc/sys/net/ipv4/vs/sloppy_tcp)" ipvs-sloppy-tcp
# The same facts in /metrics, and lvsctl check (a monitoring plugin) OK.
ns_exec r1 curl -s -m 3 http://127.0.0.1:9539/metrics > /tmp/metrics-r1.out
m_sum() { awk -v p="$1" '$0 ~ p { n += $2 } END { printf "%d\n", n }' /tmp/metrics-r1.out; }  # ERE
assert_eq 1 "$(m_sum '^lvs_bgp_session_established[{]')" metrics-bgp-established
assert_eq 1 "$(m_sum '^lvs_bfd_session_up[{]')" metrics-bfd-up
assert_eq 1 "$(m_sum '^lvs_ecmp_announced[{]address="198.51.100.80"')" metrics-address-announced
assert_eq 1 "$(m_sum '^lvs_ecmp_route_in_bird[{]')" metrics-route-in-bird
ns_exec r1 "$BIN/lvsctl" --settings /tmp/r1.ini check > /tmp/check-r1.out 2>&1
assert_eq 0 $? lvsctl-check-ok; head -3 /tmp/check-r1.out
grep -h "BIRD does not answer\|BIRD did not take\|error" /tmp/pulse-r*.log | head -5
# mh fills its table walking the service's servers in IPVS's order: the
# same order on every router gives a flow the same real server anywhere.
dest_order() { ns_exec "$1" ipvsadm -Ln | awk '$1 == "->" && $2 ~ /^10\./ { printf "%s ", $2 }'; }
for r in r1 r2 r3; do echo "$r servers in IPVS order: $(dest_order $r)"; done
[ "$(dest_order r1)" = "$(dest_order r2)" ] && [ "$(dest_order r1)" = "$(dest_order r3)" ] \
    && pass mh-same-server-order-on-every-router || fail mh-same-server-order-on-every-router "see above"

# --- traffic over three routers ---------------------------------------------
# (the long-lived clients start first: python takes seconds to start here)
bg ip netns exec cl python3 -S tests/e2e/tools/echo.py clients "$ECMP_VIP" 9000 30 /tmp/echo.out 1000
fast_client cl "$ECMP_VIP" /tmp/client.out
wait_for 30 test -s /tmp/echo.out || fail echo-clients-connect "$(cat /tmp/echo.out 2>/dev/null)"
for r in r1 r2 r3; do eval "c0_$r=\$(ipvs_conns $r 80)"; done
sleep 6
tot=0
for r in r1 r2 r3; do eval "d_$r=\$(( \$(ipvs_conns $r 80) - c0_$r ))"; eval "tot=\$(( tot + d_$r ))"; done
spread=""
for r in r1 r2 r3; do eval "d=\$d_$r"; spread="$spread $r $d ($(( tot > 0 ? d * 100 / tot : 0 ))%)"; done
echo "spread of new connections over 6 s:$spread"
spread_at_least traffic-spreads-over-three-routers 15 "$d_r1" "$d_r2" "$d_r3"
flow_routers 9000 < /tmp/echo.out > /tmp/flows0.out
echo "long-lived connections per router: $(awk '{ n[$2]++ } END { for (r in n) printf "%s %d ", r, n[r] }' /tmp/flows0.out)"
assert_eq 3 "$(awk '{ print $2 }' /tmp/flows0.out | sort -u | wc -l)" long-lived-spread-over-three-routers
# Client failures that started in [FROM, TO] (ms, the client's clock).
fails_in() { awk -v f="$1" -v t="$2" '$2 == "fail" && $1 >= f && $1 <= t' /tmp/client.out | wc -l; }
last_fail_in() { awk -v f="$1" -v t="$2" '$2 == "fail" && $1 >= f && $1 <= t { l = $1 } END { print l + 0 }' /tmp/client.out; }
broken() { awk '$5 == 1' /tmp/echo.out | wc -l; }
# Since FROM (ms): no new connection failed (the attempts around any
# failure shown) and no long-lived connection broke; checks NAME-*.
unbroken_since() {  # NAME FROM_MS
    n=$(fails_in "$2" "$(mono_ms)")
    assert_eq 0 "$n" "$1-resets-no-connection"
    [ "$n" -eq 0 ] || gap_context /tmp/client.out
    assert_eq 0 "$(broken)" "$1-long-lived-unbroken"
}
assert_eq 0 "$(fails_in 0 "$(mono_ms)")" no-failures-over-three-routers

# --- graceful stop of r2 -----------------------------------------------------
wait_for 10 has_paths "r1 r2 r3" || fail graceful-stop-from-three-paths "paths [$(ecmp_paths)]"
t_term=$(mono_ms)
kill -TERM "$PULSE_r2"
wait_for 10 has_paths "r1 r3" && t_wd=$(mono_ms) || fail graceful-stop-withdraws "paths [$(ecmp_paths)]"
wait "$PULSE_r2"; t_exit=$(mono_ms)
sleep 2
echo "graceful stop: route gone from the upstream $(( ${t_wd:-0} - t_term )) ms after SIGTERM, pulse exited after $(( t_exit - t_term )) ms"
unbroken_since graceful-stop "$((t_term - 1000))"  # those in flight at the signal too

# --- r2 returns: announced only once warm --------------------------------------
t_start=$(mono_ms)
start_router r2
wait_for 30 sh -c "ip netns exec r2 '$BIN/lvsctl' --settings /tmp/r2.ini status --json | grep -q '\"reason\": *\"warming up\"'" \
    && pass returning-router-holds-while-warming-up || fail returning-router-holds-while-warming-up "$(lvsjson r2 | grep -o '"reason": *"[^"]*"' | head -3)"
# Nothing announced while warming up: CRITICAL for a monitoring system.
ns_exec r2 "$BIN/lvsctl" --settings /tmp/r2.ini check > /tmp/check-r2.out 2>&1
assert_eq 2 $? lvsctl-check-critical-while-warming-up; head -3 /tmp/check-r2.out
wait_for 60 has_paths "r1 r2 r3"; t_seen=$(mono_ms)
t_ann=$(stamp_ms r2 "announcing")
echo "return: r2 announced $(( t_ann - t_start )) ms after its start (announce_warmup $WARMUP s), in the upstream's kernel after $(( t_seen - t_start )) ms"
[ "$(( t_ann - t_start ))" -ge "$(( WARMUP * 1000 ))" ] && [ "$t_seen" -ge "$t_ann" ] && [ "$(( t_seen - t_start ))" -le 40000 ] \
    && pass returning-router-announces-once-warm || fail returning-router-announces-once-warm "announce $t_ann start $t_start seen $t_seen"
sleep 2
unbroken_since return "$((t_start - 1000))"

# --- power loss of r3 -------------------------------------------------------------
wait_for 10 has_paths "r1 r2 r3" || fail power-loss-from-three-paths "paths [$(ecmp_paths)]"
flow_routers 9000 < /tmp/echo.out > /tmp/flows1.out
# router_power_off's steps, stamped: the cut is the host ends going down
# (one ip process), between t_cut0 and t_cut; the shell reads the clock
# itself (/proc/uptime, 10 ms steps; a process costs ~70 ms here).
links=$(host_links r3)
read -r u _ < /proc/uptime; t_cut0=$(( ${u%.*}${u#*.} * 10 ))
for l in $links; do echo "link set $l down"; done | ip -batch -
read -r u _ < /proc/uptime; t_cut=$(( ${u%.*}${u#*.} * 10 ))
for l in $links; do echo "link set ${l#r3-} down"; done | ns_exec r3 ip -batch -
kill -9 $(ip netns pids r3) 2>/dev/null
wait_for 10 has_paths "r1 r2" && t_det=$(mono_ms) || fail power-loss-route-withdrawn "paths [$(ecmp_paths)]"
sleep 6
t_end=$(mono_ms)
nf=$(fails_in "$((t_cut0 - 1000))" "$t_end")
lf=$(last_fail_in "$((t_cut0 - 1000))" "$t_end")
rec=$(( lf > t_cut0 ? lf - t_cut0 : 0 ))
echo "power loss: the cut took $(( t_cut - t_cut0 )) ms; $nf new connections failed, the last started $rec ms after the cut began (BFD detects in $BFD_MS ms); the poll saw r3 gone from the upstream's kernel $(( ${t_det:-0} - t_cut )) ms after the cut"
[ "$nf" -eq 0 ] || fail_bursts /tmp/client.out | tail -3 | sed 's/^/  burst: /'
within power-loss-new-connections-recover "$rec" $(( BFD_MS + 2500 ))
within_detection power-loss-recovers-within-detection-plus-100ms r3 "$t_cut0" "$lf"
flow_routers 9000 < /tmp/echo.out > /tmp/flows2.out
via3=$(awk '$2 == "r3"' /tmp/flows1.out | wc -l)
# Per long-lived connection: its router before and after, its lines since the cut.
awk -v c="$t_cut" 'FILENAME ~ /flows1/ { b[$1] = $2; next } FILENAME ~ /flows2/ { a[$1] = $2; next }
    { printf "%s %s %s %s %s\n", $1, b[$1], a[$1], ($3 > c + 1000 ? "on" : "stuck"), $5 }' \
    /tmp/flows1.out /tmp/flows2.out /tmp/echo.out > /tmp/flows-cut.out
on3=$(awk '$2 == "r3" && $4 == "on" && $5 == 0' /tmp/flows-cut.out | wc -l)
same=$(awk '$2 != "r3" && $2 == $3 && $4 == "on" && $5 == 0' /tmp/flows-cut.out | wc -l)
moved=$(awk '$2 != "r3" && $2 != $3 && $4 == "on" && $5 == 0' /tmp/flows-cut.out | wc -l)
others=$(awk '$2 != "r3"' /tmp/flows-cut.out | wc -l)
echo "power loss, long-lived: $via3 went through r3, $on3 of them carry on through r1/r2; $others through r1/r2: $same stayed on their router, $moved moved between them (the upstream's hash-threshold), all carrying on: $((same + moved)); broken: $(broken)"
assert_eq 0 "$(broken)" power-loss-long-lived-unbroken
assert_eq "$via3" "$on3" power-loss-flows-of-lost-router-carry-on
assert_eq "$others" "$((same + moved))" power-loss-other-routers-flows-untouched

# --- r1's real servers all down (to r1 only) ---------------------------------------
t_down=$(mono_ms)
printf 'route add blackhole 10.0.1.21/32\nroute add blackhole 10.0.1.22/32\nroute add blackhole 10.0.1.23/32\n' | ip -n r1 -batch -
wait_for 30 has_paths "r2" && t_wd=$(mono_ms) && pass servers-down-withdraws || fail servers-down-withdraws "paths [$(ecmp_paths)]"
sleep 4
t_end=$(mono_ms)
echo "servers down to r1: withdrawn $(( t_wd - t_down )) ms after the blackhole routes; $(fails_in "$t_down" "$t_wd") new connections failed meanwhile (those sent to r1)"
grep -h "withdrawing" /tmp/pulse-r1.log | tail -2
# Down to r1, its servers stay in its table at weight 0, in r2's order.
echo "r1's servers while down to it: $(ns_exec r1 ipvsadm -Ln | awk '$1 == "->" && $2 ~ /^10\./ { printf "%s/%s ", $2, $4 }')"
assert_eq "$(dest_order r2)" "$(dest_order r1)" servers-down-kept-in-order
n=$(fails_in "$((t_wd + 1500))" "$t_end")
assert_eq 0 "$n" others-carry-traffic
assert_eq 0 "$(broken)" servers-down-long-lived-unbroken
printf 'route del blackhole 10.0.1.21/32\nroute del blackhole 10.0.1.22/32\nroute del blackhole 10.0.1.23/32\n' | ip -n r1 -batch -
t_back=$(mono_ms)
wait_for 40 has_paths "r1 r2" && pass servers-back-reannounces || fail servers-back-reannounces "paths [$(ecmp_paths)]"
echo "servers back to r1: announced again after $(( $(mono_ms) - t_back )) ms"
sleep 2
# r1's servers come back one by one; while its mh table is not the others'
# the flows the upstream moves to r1 could reach another real server, so
# pulse holds the address for announce_warmup after their return.
n=$(fails_in "$((t_back - 1000))" "$(mono_ms)")
assert_eq 0 "$n" reannounce-resets-no-connection
[ "$n" -eq 0 ] || { gap_context /tmp/client.out; grep -h "announcing\|making .* available" /tmp/pulse-r1.log | tail -8; }
assert_eq "$(dest_order r2)" "$(dest_order r1)" mh-same-server-order-after-return

# --- a blip of r1's upstream link: BFD drops the session (both ends), BIRD
# starts it again after 1 s (error wait time in pulse's fragment; BIRD's
# default of 60 s would keep r1 out for a minute) and pulse announces again
# once r1 has warmed up (monitor_links saw the link go).
wait_for 10 has_paths "r1 r2"
t_blip=$(mono_ms)
link_down r1 eth0
wait_for 10 has_paths "r2" || fail link-blip-withdraws "paths [$(ecmp_paths)]"
sleep 1
link_up r1 eth0
t_up=$(mono_ms)
wait_for 30 has_paths "r1 r2" && pass link-blip-router-returns || fail link-blip-router-returns "paths [$(ecmp_paths)]"
echo "link blip: r1's link down $(( t_up - t_blip )) ms; back in the upstream's kernel $(( $(mono_ms) - t_up )) ms after the link came up (announce_warmup $WARMUP s); $(fails_in "$t_blip" "$(mono_ms)") new connections failed"
grep -h "BGP session\|BFD session" /tmp/pulse-r1.log | tail -4

# --- kill -9 of r2's lvsd: the kernel keeps the table; pulse withdraws at
# once, restarts lvsd (which adopts the table) and announces once warm.
wait_for 30 has_paths "r1 r2" || fail lvsd-kill-from-two-paths "paths [$(ecmp_paths)]"
t_kill=$(mono_ms)
kill -9 "$(pgrep -f "lvsd .*--settings /tmp/r2.ini")"
wait_for 10 has_paths "r1" && t_wd=$(mono_ms) && pass lvsd-kill-withdraws || fail lvsd-kill-withdraws "paths [$(ecmp_paths)]"
wait_for 30 has_paths "r1 r2" && pass lvsd-kill-reannounces || fail lvsd-kill-reannounces "paths [$(ecmp_paths)]"
t_dead=$(stamp_ms r2 "Child process"); t_wdr=$(stamp_ms r2 "withdrawing 198.51.100.80: lvsd down")
echo "lvsd kill -9 on r2: pulse withdrew $(( t_wdr - t_dead )) ms after lvsd's death, gone from the upstream's kernel $(( ${t_wd:-0} - t_dead )) ms after it (polled), back after $(( $(mono_ms) - t_dead )) ms"
sleep 1
unbroken_since lvsd-kill "$((t_kill - 1000))"

# --- kill -9 of r2's pulse: lvsd keeps the table and exits; BIRD keeps the
# route until pulse --release-addresses (pulse.service's ExecStopPost)
# withdraws it; pulse started again announces once warm.
t_kill=$(mono_ms)
kill -9 "$PULSE_r2"
ns_exec r2 "$BIN/pulse" --release-addresses -c /tmp/r2.cf > /tmp/release-r2.out 2>&1
assert_eq 0 $? pulse-kill-release-addresses; cat /tmp/release-r2.out
wait_for 10 has_paths "r1" && t_wd=$(mono_ms) && pass pulse-kill-withdrawn || fail pulse-kill-withdrawn "paths [$(ecmp_paths)]"
start_router r2
wait_for 30 has_paths "r1 r2" && pass pulse-kill-reannounces || fail pulse-kill-reannounces "paths [$(ecmp_paths)]"
echo "pulse kill -9 on r2: withdrawn by --release-addresses $(( ${t_wd:-0} - t_kill )) ms after, back after $(( $(mono_ms) - t_kill )) ms"
sleep 1
unbroken_since pulse-kill "$((t_kill - 1000))"

# --- reload in ECMP mode ---------------------------------------------------------
wait_for 30 has_paths "r1 r2" || fail reload-from-two-paths "paths [$(ecmp_paths)]"
cp /tmp/r1.cf /tmp/r1.cf.good
echo "virtual broken {" >> /tmp/r1.cf
kill -HUP "$PULSE_r1"
wait_for 10 grep -q "not reloaded" /tmp/pulse-r1.log && pass bad-reload-refused || fail bad-reload-refused "$(tail -3 /tmp/pulse-r1.log)"
grep -h "not reloaded" /tmp/pulse-r1.log | tail -1
has_paths "r1 r2" && pass bad-reload-keeps-routes || fail bad-reload-keeps-routes "paths [$(ecmp_paths)]"
cp /tmp/r1.cf.good /tmp/r1.cf
weights() { ns_exec "$1" ipvsadm -Ln | awk '$1 == "->" && $2 ~ /^10\.0\.1\.23:/ { printf "%s ", $4 }'; }  # NS: rs3's
t_rl=$(mono_ms)
for r in r1 r2; do sed -i 's/^\t\taddress = 10\.0\.1\.23$/&\n\t\tweight = 2/' "/tmp/$r.cf"; done
kill -HUP "$PULSE_r1" "$PULSE_r2"
weighted() { [ "$(weights r1)" = "2 2 " ] && [ "$(weights r2)" = "2 2 " ]; }
wait_for 15 weighted \
    && pass reload-weight-in-both-kernels || fail reload-weight-in-both-kernels "r1 [$(weights r1)] r2 [$(weights r2)]"
sleep 2
has_paths "r1 r2" && pass reload-keeps-routes || fail reload-keeps-routes "paths [$(ecmp_paths)]"
echo "reload: rs3's weights r1 [$(weights r1)] r2 [$(weights r2)]; $(grep -h "reconcile (reload)" /tmp/pulse-r1.log | tail -1)"
unbroken_since reload "$((t_rl - 1000))"

stop_fast_client /tmp/client.out
cat /tmp/client.out.stats 2>/dev/null | sed 's/^/client: /'
echo "long-lived connections: $(wc -l < /tmp/echo.out), broken $(broken), $(awk '{ n += $2 } END { print n }' /tmp/echo.out) lines echoed; longest stall $(awk '$4 > m { m = $4 } END { print m + 0 }' /tmp/echo.out) ms"
awk '$5 == 1' /tmp/echo.out | head -5 | sed 's/^/broken: /'
echo "scenario: $(( ($(mono_ms) - T0) / 1000 )) s"
finish
