#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# nanny on a real kernel: a killed server leaves the table within
# interval + timeout (+ slack), comes back after `rise` good checks, a wrong
# banner is down, quiesce keeps it at weight 0, the sorry server serves when
# all are down, SIGUSR1/SIGUSR2 drain and force up, kill -9 of a nanny
# changes nothing, SIGHUP ends a drain or a force-up.
. tests/e2e/lib.sh
topo_nat 3
start_http rs1 80 rs1
start_http rs2 80 rs2
start_http rs3 80 sorry
banner() { bg ip netns exec rs1 busybox nc -ll -p 25 -e sh -c "echo '$1'; sleep 1"; BANNER=$!; }
banner "220 mail ready"
ns_exec r1 ip addr add 192.0.2.80/24 dev eth0 label eth0:1
ns_exec r1 ip addr add 10.0.1.254/24 dev eth1 label eth1:1
cp tests/e2e/data/nanny.cf /tmp/lvs.cf
printf '[paths]\nnanny = %s/nanny\n[shm]\nname = lvs-e2e\n' "$BIN" > /tmp/lvs.ini
ip netns exec r1 "$BIN/lvsd" -n -c /tmp/lvs.cf --settings /tmp/lvs.ini > /tmp/lvsd.log 2>&1 &
LVSD=$!; E2E_BG="$E2E_BG $LVSD"
wait_ipvs r1 "10.0.1.22:80" 20 && pass servers-added || fail servers-added "$(tail -5 /tmp/lvsd.log)"
wait_ipvs r1 "10.0.1.21:25 *Masq *3" 10 && pass banner-up || fail banner-up "$(ipvs_list r1)"

# Kill rs2's web server: out of the table within interval + timeout + slack.
stop_http rs2 80
t0=$(now_ms)
wait_for 10 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 10.0.1.22:80"
t1=$(now_ms)
echo "detection: $((t1 - t0)) ms (interval 500 + timeout 500)"
within detection-in-time $((t1 - t0)) 1600
# From the nanny's verdict to the kernel: lvsd logs it with the change.
v2k=$(sed -n 's/.*reconcile (health).*verdict to kernel \([0-9.]*\) ms.*/\1/p' /tmp/lvsd.log | tail -1)
echo "verdict to kernel: $v2k ms"
# lvsd acts on the doorbell in the same loop pass: 100 ms holds on any
# machine; the 10 ms goal is make bench's (nanny-fleet).
[ -n "$v2k" ] && pass verdict-to-kernel-reported || fail verdict-to-kernel-reported "no figure in the log"
within verdict-to-kernel-within-100ms "$(awk -v v="${v2k:-100000}" 'BEGIN { printf "%d", v + 0.999 }')" 100
# Restore: back after rise = 2 good checks.
start_http rs2 80 rs2
wait_ipvs r1 "10.0.1.22:80" 10 && pass server-returns || fail server-returns "not back"

# Wrong banner: quiesced to weight 0, not removed.
kill "$BANNER"; pkill -f "nc -ll -p 25"
banner "554 go away"
wait_ipvs r1 "10.0.1.21:25 *Masq *0" 10 && pass wrong-banner-quiesced || fail wrong-banner-quiesced "$(ipvs_list r1)"
# The old banner's exit can leave a refused connect as the logged reason;
# the slot's last outcome settles on the mismatch.
wait_for 5 sh -c "'$BIN/lvsctl' --shm lvs-e2e status | grep -q ExpectMismatch" && pass outcome-recorded ||
    fail outcome-recorded "$("$BIN/lvsctl" --shm lvs-e2e status 2>&1 | tail -5)"

# All web servers down: the sorry server serves.
stop_http rs1 80; stop_http rs2 80
wait_ipvs r1 "10.0.1.23:80" 10 && pass sorry-server-added || fail sorry-server-added "$(ipvs_list r1)"
assert_eq "sorry" "$(ns_exec cl curl -s -m 2 http://192.0.2.80/)" sorry-server-serves
start_http rs1 80 rs1
wait_for 10 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 10.0.1.23:80" && pass sorry-server-removed || fail sorry-server-removed "$(ipvs_list r1)"

# Drain and force up through nanny's signals.
NPID=$(pgrep -f "nanny.*-h 10.0.1.21 -p 80 ")
kill -USR1 "$NPID"
wait_for 5 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q '10.0.1.21:80'" && pass sigusr1-drains || fail sigusr1-drains "$(ipvs_list r1)"
sleep 1.5  # three check intervals: a drain holds while the server answers
ns_exec r1 ipvsadm -Ln | grep -q "10.0.1.21:80" && fail sigusr1-drain-holds "back in the table" || pass sigusr1-drain-holds
kill -HUP "$NPID"
wait_ipvs r1 "10.0.1.21:80" 5 && pass sighup-ends-drain || fail sighup-ends-drain "$(ipvs_list r1)"
# Forced up, a dead server stays in the table; SIGHUP checks again and the
# failed check takes it out.
kill -USR2 "$NPID"
sleep 0.3
stop_http rs1 80
sleep 2  # four check intervals: an unforced nanny would have taken it out
ns_exec r1 ipvsadm -Ln | grep -q "10.0.1.21:80" && pass sigusr2-forces-up || fail sigusr2-forces-up "$(ipvs_list r1)"
kill -HUP "$NPID"
wait_for 3 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q '10.0.1.21:80'" && pass sighup-ends-force-up || fail sighup-ends-force-up "$(ipvs_list r1)"
start_http rs1 80 rs1
wait_ipvs r1 "10.0.1.21:80" 10 && pass server-back-after-force-up || fail server-back-after-force-up "$(ipvs_list r1)"

# kill -9 of a healthy server's nanny: no IPVS operation.
before=$(grep -c 'ipvs: ' /tmp/lvsd.log)
kill -9 "$NPID"
sleep 2
after=$(grep -c 'ipvs: ' /tmp/lvsd.log)
[ "$after" = "$before" ] && pass nanny-kill-no-ipvs-op ||
    fail nanny-kill-no-ipvs-op "$((after - before)) operations: $(grep 'ipvs: \|active \]\|inactive\]' /tmp/lvsd.log | tail -8)"
pgrep -f "nanny.*-h 10.0.1.21 -p 80 " > /dev/null && pass nanny-restarted || fail nanny-restarted "no nanny"
kill -TERM "$LVSD"; wait "$LVSD"
assert_eq "" "$(pgrep -f 'nanny.*--shm lvs-e2e')" nannies-stop-with-lvsd
finish
