#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# nanny's send_program, slow_start and load_monitor on a real kernel: a
# check program that succeeds keeps a server up and one that fails takes it
# down; a hanging program is killed at the timeout (server down, nothing
# left running); a recovered server's weight ramps up over slow_start; an
# idle server's load raises its weight.
. tests/e2e/lib.sh
topo_nat 3
start_http rs1 80 rs1
start_http rs2 80 rs2
start_http rs3 8080 rs3
ns_exec r1 ip addr add 192.0.2.80/24 dev eth0 label eth0:1
ns_exec r1 ip addr add 10.0.1.254/24 dev eth1 label eth1:1
sed "s|@DATA@|$(pwd)/tests/e2e/data|g" tests/e2e/data/nanny-program.cf > /tmp/lvs.cf
printf '[paths]\nnanny = %s/nanny\n[shm]\nname = lvs-e2e\n' "$BIN" > /tmp/lvs.ini
ip netns exec r1 "$BIN/lvsd" -n -c /tmp/lvs.cf --settings /tmp/lvs.ini > /tmp/lvsd.log 2>&1 &
LVSD=$!; E2E_BG="$E2E_BG $LVSD"
# Live (not zombie) processes whose command line matches $1.
live() { ps -eo stat=,args= | awk -v p="$1" '$1 !~ /^Z/ && index($0, p)' | grep -v awk; }

# A healthy server is up at once with its full weight (no ramp at start-up).
wait_ipvs r1 "10.0.1.21:80 *Masq *10 " 20 && pass program-ok-up || fail program-ok-up "$(ipvs_list r1; tail -5 /tmp/lvsd.log)"
wait_ipvs r1 "10.0.1.22:80 *Masq *10 " 10 && pass program-ok-up-full-weight || fail program-ok-up-full-weight "$(ipvs_list r1)"
assert_eq "200" "$(ns_exec cl curl -s -m 2 -o /dev/null -w '%{http_code}' http://192.0.2.80/)" vip-serves

# The program fails (exit 1): down.
stop_http rs2 80
wait_for 5 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 10.0.1.22:80" && pass program-fails-down || fail program-fails-down "$(ipvs_list r1)"
assert_match "ProgramFailed" "$(cat /tmp/lvsd.log)" program-failed-logged

# It succeeds again: back, ramping from a low weight to 10 over slow_start
# (6 s). ipvsadm is slow in the emulated guest, so the kernel is sampled
# as often as it can be and lvsd's log shows every step it programmed.
start_http rs2 80 rs2
t0=$(now_ms)
ramp="" w=""
while [ $(( $(now_ms) - t0 )) -lt 12000 ]; do
    w=$(ipvs_list r1 | awk '$2 == "10.0.1.22:80" { print $4 }')
    case " $ramp " in *" $w "*) ;; *) ramp="$ramp $w" ;; esac
    [ "$w" = 10 ] && break
    sleep 0.1
done
t1=$(now_ms)
steps=$(grep -o 'update-dest TCP  192.0.2.80:80 -> 10.0.1.22:80 Masq [0-9]*' /tmp/lvsd.log | awk '{ print $NF }' | tr '\n' ' ')
echo "slow start: ipvsadm -Ln showed$ramp after $((t1 - t0)) ms; lvsd set weights $steps"
first=$(echo "$ramp" | awk '{ print $1 }')
[ -n "$first" ] && [ "$first" -lt 10 ] && pass slow-start-low-weight || fail slow-start-low-weight "weights:$ramp"
[ "$(echo "$steps" | wc -w)" -ge 4 ] && pass slow-start-ramps || fail slow-start-ramps "steps: $steps"
[ "$w" = 10 ] && [ $((t1 - t0)) -ge 4000 ] && pass slow-start-reaches-weight || fail slow-start-reaches-weight "weight $w after $((t1 - t0)) ms"

# The program hangs: killed at the timeout, server down.
touch /tmp/hang-10.0.1.21
t0=$(now_ms)
wait_for 8 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 10.0.1.21:80" && pass program-hang-down || fail program-hang-down "$(ipvs_list r1)"
echo "hang detected after $(( $(now_ms) - t0 )) ms (interval 0.5 + timeout 3)"
assert_match "ProgramTimeout" "$(cat /tmp/lvsd.log)" program-timeout-logged
sleep 4
n=$(live "sleep 60" | wc -l)
[ "$n" -le 2 ] && pass hung-runs-killed || fail hung-runs-killed "$n sleeps alive: $(live 'sleep 60')"
rm -f /tmp/hang-10.0.1.21
wait_ipvs r1 "10.0.1.21:80" 5 && pass program-recovers || fail program-recovers "$(ipvs_list r1)"
sleep 1
assert_eq "" "$(live 'sleep 60')" no-leftover-process

# The load monitor: an idle server (load 0.00) gets 4 + 4/2 = 6 at once
# (and 2 more every 20 s).
load_weight() { ipvs_list r1 | awk '$2 == "10.0.1.23:8080" { print $4 }'; }
wait_for 10 sh -c "ip netns exec r1 ipvsadm -Ln | awk '\$2 == \"10.0.1.23:8080\" && \$4 > 4 { f = 1 } END { exit !f }'" &&
    pass load-monitor-raises-weight || fail load-monitor-raises-weight "$(ipvs_list r1; grep -i load /tmp/lvsd.log)"
echo "load-adapted weight: $(load_weight)"

kill -TERM "$LVSD"; wait "$LVSD"
assert_eq "" "$(pgrep -f 'nanny.*--shm lvs-e2e')" nannies-stop-with-lvsd
finish
