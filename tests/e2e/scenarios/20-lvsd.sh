#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lvsd on a real kernel: programs the golden table, traffic follows the
# scheduler, a held connection survives a reload and a kill -9 + restart,
# drift (ipvsadm -C) is repaired, a bad reload changes nothing, a weight
# change is one operation, SIGTERM removes what lvsd manages.
. tests/e2e/lib.sh
topo_nat 3
for i in 1 2 3; do
    start_http "rs$i" 80 "rs$i"
    bg ip netns exec "rs$i" busybox nc -ll -p 7000 -e cat
done
ns_exec r1 ip addr add 192.0.2.80/24 dev eth0 label eth0:1
ns_exec r1 ip addr add 10.0.1.254/24 dev eth1 label eth1:1
cfg=/tmp/lvs.cf
cp tests/e2e/data/lvsd-nat.cf "$cfg"
# A foreign service lvsd must never touch.
ns_exec r1 ipvsadm -A -u 192.0.2.99:53 -s rr

printf '[paths]\nnanny = %s/nanny\n[shm]\nname = lvs-r1\n' "$BIN" > /tmp/lvs.ini
start_lvsd() { ip netns exec r1 "$BIN/lvsd" -n -c "$cfg" --settings /tmp/lvs.ini >> /tmp/lvsd.log 2>&1 & LVSD=$!; E2E_BG="$E2E_BG $LVSD"; }
start_lvsd
wait_ipvs r1 "10.0.1.23:80" 20 || fail lvsd-starts "no table after 20 s: $(tail -5 /tmp/lvsd.log)"
assert_eq "$(cat tests/e2e/data/lvsd-nat.golden)" "$(ipvs_save r1 | grep -v 192.0.2.99)" golden-table
assert_match "-A -u 192.0.2.99:53 -s rr" "$(ipvs_save r1)" foreign-service-kept
assert_match "Timeout (tcp tcpfin udp): 900 " "$(ns_exec r1 ipvsadm -L --timeout)" timeouts-set

# wrr 1:2:3 -> exactly 10/20/30 of 60 fresh connections.
http_gets cl http://192.0.2.80/ 60 | sort | uniq -c | awk '{print $2"="$1}' | tr '\n' ' ' > /tmp/dist
assert_eq "rs1=10 rs2=20 rs3=30 " "$(cat /tmp/dist)" wrr-proportions

# A long-lived connection through the echo service.
mkfifo /tmp/held-in
ip netns exec cl busybox nc 192.0.2.80 7000 < /tmp/held-in > /tmp/held-out 2>&1 &
E2E_BG="$E2E_BG $!"
exec 3> /tmp/held-in
echo ping1 >&3
wait_for 5 grep -q ping1 /tmp/held-out || fail held-connection-opens "no echo"

# Reload that changes another service's weight: exactly one operation.
sed -i 's/weight = 3/weight = 4/' "$cfg"
kill -HUP "$LVSD"
wait_ipvs r1 "10.0.1.23:80 *Masq *4" 10 || fail reload-applies "weight not updated"
sleep 0.5
assert_match "reconcile (reload): 1 operations, 0 failed" "$(cat /tmp/lvsd.log)" reload-is-one-operation
echo ping2 >&3
wait_for 5 grep -q ping2 /tmp/held-out && pass held-connection-survives-reload || fail held-connection-survives-reload "no echo"

# A bad file is refused; nothing changes in the kernel.
before=$(ipvs_save r1)
cp "$cfg" /tmp/good.cf
echo "garbage line here" >> "$cfg"
kill -HUP "$LVSD"
sleep 1.5
assert_match "not reloaded: the running configuration stays in force" "$(cat /tmp/lvsd.log)" bad-reload-refused
assert_eq "$before" "$(ipvs_save r1)" bad-reload-changes-nothing
cp /tmp/good.cf "$cfg"

# kill -9 and restart: the table is adopted untouched.
kill -9 "$LVSD"
sleep 0.3
: > /tmp/lvsd.log
start_lvsd
wait_for 10 grep -q "ready: table programmed" /tmp/lvsd.log
assert_match "adopted, 0 operations" "$(cat /tmp/lvsd.log)" restart-adopts-untouched
assert_eq "" "$(grep 'ipvs: ' /tmp/lvsd.log)" restart-no-ipvs-operation
echo ping3 >&3
wait_for 5 grep -q ping3 /tmp/held-out && pass held-connection-survives-restart || fail held-connection-survives-restart "no echo"

# Drift: an operator's ipvsadm -C is repaired within reconcile_interval.
ns_exec r1 ipvsadm -C
wait_ipvs r1 "10.0.1.23:80" 5 && pass flush-repaired || fail flush-repaired "table not back"
assert_eq "$(echo "$before" | grep -v 192.0.2.99)" "$(ipvs_save r1)" repaired-table-equals-before
ns_exec r1 ipvsadm -A -u 192.0.2.99:53 -s rr

# Remove a service by reload: deleted; SIGTERM removes the rest, exit 0.
awk '/^virtual echo/{skip=1} !skip{print} skip&&/^}/{skip=0}' /tmp/good.cf > "$cfg"
kill -HUP "$LVSD"
wait_for 5 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 7000" && pass removed-service-deleted || fail removed-service-deleted "7000 still there"
kill -TERM "$LVSD"
wait "$LVSD"
assert_eq 0 "$?" sigterm-exit-0
assert_eq "-A -u 192.0.2.99:53 -s rr" "$(ipvs_save r1)" sigterm-leaves-only-foreign
exec 3>&-
finish
