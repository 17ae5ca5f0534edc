#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (guest): a planned switchover, stopping the active router's
# daemon (SIGTERM, what "systemctl stop" sends), pulse against keepalived
# VRRPv3, both with heartbeats every 100 ms and their IPVS connection-sync
# daemon on eth1. A client opens a new connection every 10 ms; the figures
# are the connections it saw fail (those in flight at the switch) and the
# gap, over BENCH_SWITCHOVER_RUNS (default 9) interleaved runs of each.
# pulse keeps serving until its partner runs and hands it the live
# connections; keepalived hands the addresses over at once (priority 0) and
# relies on the kernel's sync daemon, which holds a new connection back for
# up to 2 s. Prints "BENCH name value" lines.
. tests/e2e/lib.sh
E2E_CLIENT_RT=0  # the client at normal priority, as keepalived runs
FC_PACE_MS=10  # the pace of the published figures (lib.sh: fast_client)
. tests/bench/lib/pairs.sh

switchover() {  # SYSTEM -> "GAP_MS FAILED"
    fast_client cl 192.0.2.80 /tmp/sw.log
    sleep 2
    if [ "$1" = pulse ]; then pkill -TERM -f "pulse -n -c /tmp/lvs.cf --settings /tmp/r1.ini"
    else kill -TERM "$(cat /tmp/k-r1.pid)"; fi
    wait_for 10 has_vip r2
    sleep 2
    stop_fast_client /tmp/sw.log
    echo "$(gap_ms /tmp/sw.log) $(failed /tmp/sw.log)"
}

runs=${BENCH_SWITCHOVER_RUNS:-9}
for sys in pulse keepalived; do : > "/tmp/sw-$sys"; done
run=1
while [ $run -le "$runs" ]; do
    for sys in pulse keepalived; do
        reset_topo
        if [ $sys = pulse ]; then pulse_pair 0.1 0.3 1; else keepalived_pair 0.1 253 1; fi || echo "setup of $sys failed"
        sleep 1  # the sync daemons up
        r=$(switchover $sys)
        echo "$sys run $run: gap ${r% *} ms, ${r#* } connections failed"
        echo "$r" >> "/tmp/sw-$sys"
    done
    run=$((run + 1))
done
grep -h "handed" /tmp/pulse-r1.log | tail -3
for sys in pulse keepalived; do
    echo "BENCH ${sys}_switchover_failed_mean $(awk '{ s += $2 } END { printf "%.1f", s / NR }' "/tmp/sw-$sys")"
    echo "BENCH ${sys}_switchover_gap_max_ms $(awk '$1 > m { m = $1 } END { print m + 0 }' "/tmp/sw-$sys")"
done
echo "BENCH switchover_runs $runs"
