#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (guest): fail-back. The primary router r1 loses power, the
# backup r2 takes over, then r1 comes back and takes the service back. The
# figures are what a client sees at the fail-back only (the failure before
# it is another bench's): the connections that failed (reset, refused, timed
# out) and the longest gap, over BENCH_FAILBACK_RUNS (default 5) interleaved
# runs of each of:
#   pulse with "failback = 1" and "failback_delay = D": once the returning
#     primary has been warm for D (its lvsd programmed the table, every real
#     server checked, links up, the same lvs.cf), the active backup hands it
#     the live connections through the IPVS sync daemon and releases the
#     service, a planned switchover;
#   keepalived VRRPv3 at its default, preemption: the higher-priority r1
#     takes the addresses as soon as it hears the lower-priority master;
#   keepalived with "preempt_delay D": the same, D seconds later.
# D is BENCH_FAILBACK_DELAY (default 3 s). Heartbeats every 100 ms, three
# missed, each system's IPVS connection-sync daemon on eth1, as in
# switchover.sh. A fail-back happens every time a primary is repaired, so
# it should cost no more than a planned switchover: the goal for pulse is
# at most one reset and a gap of at most 50 ms. Prints "BENCH name value"
# lines.
. tests/e2e/lib.sh
E2E_CLIENT_RT=0  # the client at normal priority, as keepalived runs
FC_PACE_MS=10  # the pace of the published figures (lib.sh: fast_client)
. tests/bench/lib/pairs.sh

D=${BENCH_FAILBACK_DELAY:-3}
r2_released() { ! ip netns exec r2 ip -o addr show dev eth0 | grep -q 192.0.2.80; }

# SYSTEM: one fail-back; appends "GAP_MS FAILED BACK_MS STALL_MS" to
# /tmp/fb-SYSTEM, BACK_MS from r1's power-on to its holding the VIP, "-"
# when it did not within D + 10 s; STALL_MS the client's longest time
# without starting an attempt (over 10 ms: the guest did not run it, and a
# gap that long says nothing about the routers).
failback() {
    router_power_loss r1
    wait_for $((D + 10)) has_vip r2 || echo "$1: r2 did not take over"
    # The client starts once r2 serves (fast_client returns on its first
    # answer), so r1's failure is behind it. Only attempts started from 1 s
    # (the client's timeout) before r1's power-on are counted: none before
    # can have been in flight when r1 came back, and a failure of r2's first
    # moments, if any, is left out. The client's clock (CLOCK_MONOTONIC) is
    # read from its log: the latest start logged, at most now.
    fast_client cl 192.0.2.80 /tmp/fb.log
    sleep 2
    latest=$(sort -n /tmp/fb.log | tail -1 | cut -d' ' -f1)
    from=$(( ${latest:-0} - 1000 ))
    t0=$(now_ms)
    router_power_on r1
    if [ "$1" = pulse ]; then pulse_boot r1; else keepalived_boot r1; fi
    back=-
    wait_for $((D + 10)) has_vip r1 && back=$(( $(now_ms) - t0 ))
    wait_for 5 r2_released || echo "$1: r2 still holds the VIP"
    sleep 2
    stop_fast_client /tmp/fb.log
    awk -v t="$from" '$1 >= t' /tmp/fb.log > /tmp/fb-window.log
    echo "$(gap_ms /tmp/fb-window.log) $(failed /tmp/fb-window.log) $back $(stall_ms /tmp/fb-window.log)" >> "/tmp/fb-$1"
}

runs=${BENCH_FAILBACK_RUNS:-5}
systems=${BENCH_FAILBACK_SYSTEMS:-pulse keepalived keepalived_preempt_delay}
for sys in $systems; do : > "/tmp/fb-$sys"; done
run=1
while [ $run -le "$runs" ]; do
    for sys in $systems; do
        reset_topo
        case $sys in
            pulse) pulse_pair 0.1 0.3 1 "$D" ;;
            keepalived) keepalived_pair 0.1 253 1 ;;
            keepalived_preempt_delay) keepalived_pair 0.1 253 1 "$D" ;;
        esac || echo "setup of $sys failed"
        # r1 alone holds the VIP (with preempt_delay, r2 may hold it first)
        wait_for $((D + 10)) r2_released || echo "setup of $sys: r2 holds the VIP"
        sleep 1  # the sync daemons up
        failback $sys
        set -- $(tail -1 "/tmp/fb-$sys")
        if [ "$3" = - ]; then
            echo "$sys run $run: no fail-back within $((D + 10)) s"
        else
            echo "$sys run $run: r1 holds the VIP $3 ms after its power-on; gap $1 ms, $2 connections failed (client's longest stall $4 ms)"
        fi
        if [ $sys = pulse ]; then
            grep -q "backup released the service: activating lvs" /tmp/pulse-r1.log || echo "  r1 did not log the release"
            grep -q "partner took over: fail-back complete" /tmp/pulse-r2.log || echo "  r2 did not log the fail-back"
        fi
    done
    run=$((run + 1))
done
grep -h "released the service\|fail-back" /tmp/pulse-r1.log /tmp/pulse-r2.log | tail -4
grep -h "preempt delay\|Entering MASTER" /tmp/keepalived.log | tail -4
# Runs without a fail-back are counted apart, not as a clean one.
for sys in $systems; do
    f="/tmp/fb-$sys"
    echo "$sys fail-back gaps (ms): $(awk '$3 != "-" { print $1 }' "$f" | sort -n | tr '\n' ' ')failed: $(awk '$3 != "-" { print $2 }' "$f" | tr '\n' ' ')"
    echo "BENCH ${sys}_failback_failed_mean $(awk '$3 != "-" { s += $2; n++ } END { if (n) printf "%.1f", s / n; else print "n/a" }' "$f")"
    echo "BENCH ${sys}_failback_failed_max $(awk '$3 != "-" && (!n++ || $2 > m) { m = $2 } END { print n ? m : "n/a" }' "$f")"
    echo "BENCH ${sys}_failback_gap_max_ms $(awk '$3 != "-" && (!n++ || $1 > m) { m = $1 } END { print n ? m : "n/a" }' "$f")"
    echo "BENCH ${sys}_failback_after_ms $(awk '$3 != "-" { print $3 }' "$f" | median)"
    echo "BENCH ${sys}_failback_missed $(awk '$3 == "-"' "$f" | wc -l)"
    echo "BENCH ${sys}_failback_stall_max_ms $(awk '$3 != "-" && $4 > m { m = $4 } END { print m + 0 }' "$f")"
done
echo "BENCH failback_runs $runs"
echo "BENCH failback_delay_s $D"
cleanup
