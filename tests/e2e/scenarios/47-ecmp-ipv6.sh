#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# redundancy = ecmp over IPv6, against live BIRD 2: topo_ecmp with two
# routers and an IPv6 plan beside the IPv4 one (upstream 2001:db8:2::/64,
# client 2001:db8:c::/64, servers 2001:db8:1::/64), an IPv6 virtual
# address (2001:db8:80::80, on the real servers' lo) and IPv6 BGP peers,
# BFD on their sessions, direct routing to IPv6 real servers.
#  - pulse's fragment announces the IPv6 route over IPv6 BGP; the upstream
#    has both routers as next hops
#  - new connections spread over both routers and none fails
#  - power loss of one router: new connections fail only until the
#    upstream's BFD detection plus 100 ms
. tests/e2e/lib.sh
FC_PACE_MS=${E2E_CLIENT_PACE_MS:-40}
VIP6=2001:db8:80::80
topo_ecmp 2 3
BFD_MULT=9
ns_setup up "addr add 2001:db8:2::1/64 dev eth0 nodad" "addr add 2001:db8:c::1/64 dev eth1 nodad" \
    "addr add 2001:db8:1::1/64 dev eth2 nodad"
ns_exec up sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.fib_multipath_hash_policy=1
ns_setup cl "addr add 2001:db8:c::100/64 dev eth0 nodad" "route add default via 2001:db8:c::1"
for r in r1 r2; do
    ns_setup "$r" "addr add 2001:db8:2::1${r#r}/64 dev eth0 nodad" "addr add 2001:db8:1::1${r#r}/64 dev eth1 nodad"
done
for i in 1 2 3; do
    ns_setup "rs$i" "addr add 2001:db8:1::2$i/64 dev eth0 nodad" "addr add $VIP6/128 dev lo" "route add default via 2001:db8:1::1"
    start_http "rs$i" 80 "rs$i" ::
done
# The upstream: IPv6 BGP sessions with BFD, ECMP into its kernel.
ecmp_upstream_conf "$BFD_MULT" states ipv6 2001:db8:2::11 2001:db8:2::12
start_bird up || fail bird-up-starts "$(tail -5 /tmp/bird-up.out 2>/dev/null)"
# Each router: the IPv4 suite's files with the IPv6 peer, virtual address
# and real servers; one virtual service (www).
for r in r1 r2; do
    ecmp_router_conf "$r" "$BFD_MULT" 3 2
    sed -i -e '/^virtual echo {/,/^}/d' -e 's/^bgp_peer = .*/bgp_peer = 2001:db8:2::1/' \
        -e "s/address = $ECMP_VIP lo:1/address = $VIP6 lo/" -e 's/address = 10\.0\.1\.2\([0-9]\)$/address = 2001:db8:1::2\1/' "/tmp/$r.cf"
    ecmp_start_router "$r"
done
ns_exec r1 "$BIN/pulse" --test-config -c /tmp/r1.cf > /tmp/test-config.out 2>&1
assert_eq 0 $? ecmp-ipv6-config-valid || cat /tmp/test-config.out
# The routers the upstream's kernel sends the IPv6 address to ("r1 r2"):
# a next hop is a router's global or link-local address.
ll() { ns_exec "$1" ip -6 -o addr show dev eth0 scope link | awk '{ sub(/\/.*/, "", $4); print $4 }'; }
ll_r1=$(ll r1); ll_r2=$(ll r2)
paths6() {
    ip -6 -n up route show "$VIP6" | sed -n 's/.*via \([0-9a-f:]*\) .*/\1/p' | while read -r gw; do
        case $gw in "$ll_r1"|2001:db8:2::11) echo r1;; "$ll_r2"|2001:db8:2::12) echo r2;; *) echo "?$gw";; esac
    done | sort | tr '\n' ' ' | sed 's/ $//'
}
has_paths6() { [ "$(paths6)" = "$1" ]; }
wait_for 60 has_paths6 "r1 r2" && pass upstream-ecmp-ipv6-two-paths ||
    fail upstream-ecmp-ipv6-two-paths "paths [$(paths6)]; $(ip -6 -n up route show "$VIP6" | tr '\n' ' '); $(tail -3 /tmp/pulse-r1.log)"
assert_match "$VIP6/128" "$(birdc_in up show route "$VIP6/128")" upstream-bird-has-ipv6-route
assert_match true "$(ns_exec r1 "$BIN/lvsctl" --settings /tmp/r1.ini status --json | grep -o '"route_in_bird": *[a-z]*')" \
    lvsctl-shows-ipv6-route-in-bird

# --- traffic over two routers ----------------------------------------------------
c1=$(ipvs_conns r1 80 "$VIP6"); c2=$(ipvs_conns r2 80 "$VIP6")
fast_client cl "$VIP6" /tmp/client.out
sleep 5
d1=$(( $(ipvs_conns r1 80 "$VIP6") - c1 )); d2=$(( $(ipvs_conns r2 80 "$VIP6") - c2 ))
echo "spread of new IPv6 connections over 5 s: r1 $d1, r2 $d2; real servers answering: $(awk '$2 == "ok" { print $3 }' /tmp/client.out | sort -u | tr '\n' ' ')"
spread_at_least ipv6-traffic-spreads-over-two-routers 25 "$d1" "$d2"
fails() { awk -v f="$1" '$2 == "fail" && $1 >= f' /tmp/client.out | wc -l; }
assert_eq 0 "$(fails 0)" ipv6-no-failures-over-two-routers
[ "$(fails 0)" -eq 0 ] || gap_context /tmp/client.out

# --- power loss of r2 -------------------------------------------------------------
t_cut0=$(mono_ms)
router_power_off r2
kill -9 $(ip netns pids r2) 2>/dev/null
wait_for 10 has_paths6 "r1" && pass ipv6-power-loss-route-withdrawn || fail ipv6-power-loss-route-withdrawn "paths [$(paths6)]"
sleep 5
lf=$(awk -v f="$((t_cut0 - 1000))" '$2 == "fail" && $1 >= f { l = $1 } END { print l + 0 }' /tmp/client.out)
echo "power loss: $(fails "$t_cut0") new connections failed (BFD $((BFD_MULT * 100)) ms)"
within_detection ipv6-power-loss-recovers-within-detection-plus-100ms r2 "$t_cut0" "$lf"
stop_fast_client /tmp/client.out
finish
