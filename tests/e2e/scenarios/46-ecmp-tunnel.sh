#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# redundancy = ecmp with network = tunnel, against live BIRD 2 (topo_ecmp
# with two routers): each router forwards to the real servers in IPIP, the
# servers decapsulate on tunl0 (the VIP on lo, rp_filter off) and answer
# the client directly.
#  - lvsd programs tunnelling destinations (mh, the same order on both)
#  - both routers announce; new connections spread over both and none fails
#  - IPIP reaches every real server's tunl0
#  - power loss of one router: long-lived connections through it carry on
#    through the other (mh and the sync daemon, as with direct routing),
#    none breaks, and new connections fail only until the upstream's BFD
#    detection plus 100 ms
. tests/e2e/lib.sh
FC_PACE_MS=${E2E_CLIENT_PACE_MS:-40}
topo_ecmp 2 3
BFD_MULT=9
ecmp_servers
modprobe ipip
for h in rs1 rs2 rs3; do
    ns_exec "$h" ip link set tunl0 up
    ns_exec "$h" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.tunl0.rp_filter=0
done
ecmp_upstream_conf "$BFD_MULT"  # its session to a third router never starts
start_bird up || fail bird-up-starts "$(tail -5 /tmp/bird-up.out 2>/dev/null)"
for r in r1 r2; do
    ecmp_router_conf "$r" "$BFD_MULT" 3 2
    sed -i 's/^network = direct$/network = tunnel/' "/tmp/$r.cf"
    ecmp_start_router "$r"
done
ns_exec r1 "$BIN/pulse" --test-config -c /tmp/r1.cf > /tmp/test-config.out 2>&1
assert_eq 0 $? ecmp-tunnel-config-valid
wait_for 60 has_paths "r1 r2" && pass upstream-ecmp-two-paths ||
    fail upstream-ecmp-two-paths "paths [$(ecmp_paths)]; $(tail -3 /tmp/pulse-r1.log)"
tunnels() { ns_exec "$1" ipvsadm -Ln | awk '$1 == "->" && $2 ~ /^10\./ && $3 == "Tunnel"' | wc -l; }
assert_eq "6 6" "$(tunnels r1) $(tunnels r2)" ipvs-tunnel-destinations
rx() { ns_exec "$1" cat /sys/class/net/tunl0/statistics/rx_packets; }
for h in rs1 rs2 rs3; do eval "rx0_$h=\$(rx $h)"; done

# --- traffic over two routers, in IPIP ---------------------------------------------
bg ip netns exec cl python3 -S tests/e2e/tools/echo.py clients "$ECMP_VIP" 9000 20 /tmp/echo.out 1000
fast_client cl "$ECMP_VIP" /tmp/client.out
wait_for 30 test -s /tmp/echo.out || fail echo-clients-connect "$(cat /tmp/echo.out 2>/dev/null)"
for r in r1 r2; do eval "c0_$r=\$(ipvs_conns $r 80)"; done
sleep 5
d1=$(( $(ipvs_conns r1 80) - c0_r1 )); d2=$(( $(ipvs_conns r2 80) - c0_r2 ))
echo "spread of new connections over 5 s: r1 $d1, r2 $d2"
spread_at_least traffic-spreads-over-two-routers 25 "$d1" "$d2"
got=""; for h in rs1 rs2 rs3; do eval "got=\"\$got $h \$(( \$(rx $h) - rx0_$h ))\""; done
echo "IPIP packets received on tunl0:$got"
[ "$(echo "$got" | awk '{ n = 0; for (i = 2; i <= NF; i += 2) if ($i > 0) n++; print n }')" = 3 ] &&
    pass ipip-reaches-every-server || fail ipip-reaches-every-server "$got"
fails() { awk '$2 == "fail"' /tmp/client.out | wc -l; }
assert_eq 0 "$(fails)" no-failures-over-two-routers
[ "$(fails)" -eq 0 ] || gap_context /tmp/client.out

# --- power loss of r2 -------------------------------------------------------------
flow_routers 9000 < /tmp/echo.out > /tmp/flows1.out
via2=$(awk '$2 == "r2"' /tmp/flows1.out | wc -l)
t_cut0=$(mono_ms)
router_power_off r2
kill -9 $(ip netns pids r2) 2>/dev/null
wait_for 10 has_paths "r1" || fail power-loss-route-withdrawn "paths [$(ecmp_paths)]"
sleep 5
lf=$(awk -v f="$((t_cut0 - 1000))" '$2 == "fail" && $1 >= f { l = $1 } END { print l + 0 }' /tmp/client.out)
echo "power loss: $(awk -v f="$t_cut0" '$2 == "fail" && $1 >= f' /tmp/client.out | wc -l) new connections failed (BFD $((BFD_MULT * 100)) ms)"
within_detection power-loss-recovers-within-detection-plus-100ms r2 "$t_cut0" "$lf"
on2=$(awk -v c="$t_cut0" 'FILENAME ~ /flows1/ { b[$1] = $2; next } b[$1] == "r2" && $3 > c + 1000 && $5 == 0' /tmp/flows1.out /tmp/echo.out | wc -l)
broken=$(awk '$5 == 1' /tmp/echo.out | wc -l)
echo "power loss, long-lived: $via2 went through r2, $on2 of them carry on through r1; broken: $broken"
assert_eq 0 "$broken" power-loss-long-lived-unbroken
[ "$via2" -gt 0 ] && [ "$via2" = "$on2" ] && pass power-loss-flows-of-lost-router-carry-on ||
    fail power-loss-flows-of-lost-router-carry-on "$on2 of $via2"
stop_fast_client /tmp/client.out
finish
