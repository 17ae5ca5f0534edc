#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Address announcements on a real kernel: after a takeover the client's
# neighbour entries for the IPv4 VIP (gratuitous ARP) and the IPv6 VIP
# (unsolicited neighbour advertisement) point at the new router without any
# traffic; the IPv6 VIP skips DAD; send_arp(8) updates a stale entry.
. tests/e2e/lib.sh
topo_nat 1
start_http rs1 80 rs1
ns_exec cl ip addr add 2001:db8::100/64 dev eth0 nodad
for r in r1 r2; do ns_exec "$r" ip -6 route add 2001:db8::/64 dev eth0; done
cp tests/e2e/data/pulse6.cf /tmp/lvs.cf
for r in r1 r2; do
    printf '[paths]\nnanny = %s/nanny\nlvsd = %s/lvsd\n[shm]\nname = lvs-%s\n[status]\nlisten = off\n' \
        "$BIN" "$BIN" "$r" > "/tmp/$r.ini"
    ip netns exec "$r" "$BIN/pulse" -n -c /tmp/lvs.cf --settings "/tmp/$r.ini" > "/tmp/pulse-$r.log" 2>&1 &
    eval "PULSE_$r=$!"; E2E_BG="$E2E_BG $!"
done
mac() { ns_exec "$1" cat /sys/class/net/eth0/address; }
has_vip6() { ip netns exec "$1" ip -6 -o addr show dev eth0 | grep -q 2001:db8::80; }
lladdr() { ns_exec cl ip $1 neigh show "$2" dev eth0 | sed -n 's/.*lladdr \([0-9a-f:]*\).*/\1/p'; }
wait_for 20 has_vip6 r1 && pass vip6-on-primary || fail vip6-on-primary "$(tail -5 /tmp/pulse-r1.log)"
flags=$(ns_exec r1 ip -6 -o addr show dev eth0 | grep 2001:db8::80)
case "$flags" in *tentative*|*dadfailed*) fail vip6-no-dad "$flags" ;; *) pass vip6-no-dad ;; esac
wait_for 5 ns_exec cl busybox ping6 -c1 -W1 2001:db8::80 && pass vip6-answers || fail vip6-answers "no reply"
wait_for 5 ns_exec cl busybox ping -c1 -W1 192.0.2.80 && pass vip4-answers || fail vip4-answers "no reply"
assert_eq "$(mac r1)" "$(lladdr -6 2001:db8::80)" neigh6-primary
assert_eq "$(mac r1)" "$(lladdr -4 192.0.2.80)" neigh4-primary

# Power loss; no client traffic afterwards, so only an announcement can
# change the client's entries.
router_power_off r1; kill -9 "$PULSE_r1"
wait_for 10 has_vip6 r2 && pass vip6-moves || fail vip6-moves "$(tail -5 /tmp/pulse-r2.log)"
wait_for 3 sh -c "ip netns exec cl ip -6 neigh show 2001:db8::80 dev eth0 | grep -q $(mac r2)" \
    && pass unsolicited-na-updates-client || fail unsolicited-na-updates-client "$(ns_exec cl ip -6 neigh)"
wait_for 3 sh -c "ip netns exec cl ip -4 neigh show 192.0.2.80 dev eth0 | grep -q $(mac r2)" \
    && pass garp-updates-client || fail garp-updates-client "$(ns_exec cl ip -4 neigh)"
ns_exec cl busybox ping6 -c1 -W2 2001:db8::80 >/dev/null && pass vip6-answers-after-takeover || fail vip6-answers-after-takeover "no reply"

# send_arp(8): Piranha's four-argument form and the one-address form.
ns_exec cl ip neigh replace 192.0.2.80 lladdr 02:00:00:00:00:99 dev eth0 nud stale
ns_exec cl ip -6 neigh replace 2001:db8::80 lladdr 02:00:00:00:00:99 dev eth0 nud stale
sleep 1.2  # ARP's locktime: updates within 1 s of the last are ignored
m=$(mac r2 | tr -d :)
ns_exec r2 "$BIN/send_arp" -i eth0 192.0.2.80 "$m" 192.0.2.255 ffffffffffff; assert_eq 0 $? send-arp-exit
ns_exec r2 "$BIN/send_arp" -i eth0 2001:db8::80; assert_eq 0 $? send-na-exit
assert_eq "$(mac r2)" "$(lladdr -4 192.0.2.80)" send-arp-updates
assert_eq "$(mac r2)" "$(lladdr -6 2001:db8::80)" send-na-updates
"$BIN/send_arp" -i eth0 1.2.3.4 nothex 1.2.3.4 ffffffffffff 2>/dev/null; assert_eq 1 $? send-arp-bad-mac
"$BIN/send_arp" 2>/dev/null; assert_eq 1 $? send-arp-usage
finish
