#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (guest): the client-visible gap when the active router loses
# power, pulse against keepalived VRRPv3 at the same heartbeat interval
# (100 ms) and tolerance (three missed); pulse at keepalive 0.02 / deadtime
# 0.1; and false failovers of an idle pulse pair at those settings over
# BENCH_IDLE_S seconds (default 600). Prints "BENCH name value" lines.
#
# One gap depends on where the power loss falls between two heartbeats
# (up to a whole interval, 100 ms), so every loss is cut at one phase: half
# an interval after a heartbeat of the active router (tools/power_cut.py,
# which sets the host ends of its links down with no process start). The
# 100 ms comparison takes BENCH_GAP_RUNS (default 9) runs of each, mean and
# median.
# keepalived is measured twice: with its backup at priority 253 (master
# 254), where RFC 5798's skew adds 1 ms to the three intervals, which is the
# same tolerance as pulse's deadtime 0.3, and the goal's comparison; and at
# its default priority 100, where the skew adds 61 ms.
. tests/e2e/lib.sh
# The client at normal priority, as keepalived runs (tests/e2e/lib.sh).
E2E_CLIENT_RT=0
FC_PACE_MS=10  # the pace of the published figures (lib.sh: fast_client)
. tests/bench/lib/pairs.sh

# SYSTEM (pulse|keepalived|keepalived100) PHASE_MS [TAKEOVER_LOG] -> prints
# the gap in ms of a power loss PHASE_MS after a heartbeat; with
# TAKEOVER_LOG, also watches r2's eth0 and appends the system's own delay to
# it (a Python sniffer costs the guest CPU, so only when asked).
power_loss_gap() {
    [ $# -gt 2 ] && bg ip netns exec r2 python3 tests/e2e/tools/takeover_sniff.py eth0 192.0.2.10 192.0.2.80 /tmp/sniff.log
    fast_client cl 192.0.2.80 /tmp/gap.log
    sleep 2
    # Power loss: the links go first (nothing can be said on the way out,
    # such as keepalived's priority-0 advertisement), then the processes.
    # The host ends at the phase (at a priority above both systems'), then
    # the router's own ends.
    chrt -f 20 python3 tests/e2e/tools/power_cut.py r1-eth0 192.0.2.10 "$2" \
        $(host_links r1) >&2
    router_power_off r1
    if [ "$1" = pulse ]; then pkill -9 -f "pulse -n -c /tmp/lvs.cf --settings /tmp/r1.ini"
    else for f in /tmp/k-r1.pid /tmp/k-r1-vrrp.pid /tmp/k-r1-chk.pid; do [ -f $f ] && kill -9 "$(cat $f)"; done; fi
    wait_for 10 has_vip r2
    sleep 2
    stop_fast_client /tmp/gap.log
    if [ $# -gt 2 ]; then
        pkill -f takeover_sniff.py
        # The system's own delay: last heartbeat on the wire to r2's first announcement.
        mac=$(ip netns exec r2 cat /sys/class/net/eth0/address)
        awk -v mac="$mac" '$2 == "hb" { hb = $1 } $2 == "garp" && $3 == mac && hb && !done { printf "%.1f\n", $1 - hb; done = 1 }' \
            /tmp/sniff.log >> "$3"
    fi
    gap_ms /tmp/gap.log
}

runs=${BENCH_GAP_RUNS:-9}
# Interleaved (pulse, keepalived 253, keepalived 100, pulse, ...), so a
# slow spell of the host is shared.
for sys in pulse keepalived keepalived100; do : > "/tmp/gaps-$sys"; : > "/tmp/silence-$sys"; done
run=1
while [ $run -le "$runs" ]; do
    for sys in pulse keepalived keepalived100; do
        [ $sys = keepalived100 ] && [ $run -gt $(( (runs + 1) / 2 )) ] && continue
        reset_topo
        case $sys in
            pulse) pulse_pair 0.1 0.3 ;;
            keepalived) keepalived_pair 0.1 253 ;;
            keepalived100) keepalived_pair 0.1 100 ;;
        esac || echo "setup of $sys failed"
        g=$(power_loss_gap $sys 50 "/tmp/silence-$sys")
        echo "$sys run $run: power-loss gap $g ms"
        echo "$g" >> "/tmp/gaps-$sys"
    done
    run=$((run + 1))
done
for sys in pulse keepalived keepalived100; do
    echo "$sys gaps (ms): $(sort -n "/tmp/gaps-$sys" | tr '\n' ' ')mean $(mean 1 < "/tmp/gaps-$sys"), median $(median < "/tmp/gaps-$sys")"
done
for sys in pulse keepalived keepalived100; do
    echo "$sys last heartbeat to first announcement (ms): $(sort -n "/tmp/silence-$sys" | tr '\n' ' ')"
done
echo "BENCH gap_runs $runs"
echo "BENCH pulse_takeover_ms $(median < /tmp/silence-pulse)"
echo "BENCH keepalived_takeover_ms $(median < /tmp/silence-keepalived)"
echo "BENCH keepalived100_takeover_ms $(median < /tmp/silence-keepalived100)"
echo "BENCH pulse_gap_100ms_ms $(median < /tmp/gaps-pulse)"
echo "BENCH pulse_gap_100ms_mean_ms $(mean 1 < /tmp/gaps-pulse)"
echo "BENCH keepalived_gap_100ms_ms $(median < /tmp/gaps-keepalived)"
echo "BENCH keepalived_gap_100ms_mean_ms $(mean 1 < /tmp/gaps-keepalived)"
echo "BENCH keepalived100_gap_100ms_ms $(median < /tmp/gaps-keepalived100)"
echo "BENCH keepalived100_gap_100ms_mean_ms $(mean 1 < /tmp/gaps-keepalived100)"
echo "BENCH keepalived100_runs $(wc -l < /tmp/gaps-keepalived100)"

: > /tmp/gaps-fast
for run in 1 2 3; do
    reset_topo
    pulse_pair 0.02 0.1 || echo "setup failed"
    g=$(power_loss_gap pulse 10)
    echo "pulse 20 ms / 100 ms run $run: power-loss gap $g ms"
    echo "$g" >> /tmp/gaps-fast
done
echo "BENCH pulse_gap_20ms_ms $(median < /tmp/gaps-fast)"

idle=${BENCH_IDLE_S:-600}
reset_topo
pulse_pair 0.02 0.1 > /tmp/idle-setup.log 2>&1
sleep "$idle"
# After start-up r1 activates once; any other activation is a false failover.
a1=$(grep -c "activating lvs" /tmp/pulse-r1.log)
a2=$(grep -c "activating lvs" /tmp/pulse-r2.log)
slips=$(cat /tmp/pulse-r1.log /tmp/pulse-r2.log | grep -c "timing slip")
echo "idle ${idle}s at keepalive 0.02 / deadtime 0.1: r1 activations $a1, r2 activations $a2, timing slips $slips"
grep -h "activating\|slip" /tmp/pulse-r1.log /tmp/pulse-r2.log | sort | uniq -c | sort -rn | head -8
echo "BENCH pulse_false_failovers_idle_s $idle"
echo "BENCH pulse_false_failovers $(( a1 - 1 + a2 ))"
echo "BENCH pulse_timing_slips $slips"
cleanup
