#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (guest): program 1,000 services x 10 real servers from cold with
# lvsd and with `ipvsadm -R`, 3 runs each (median), and a reload that
# changes one weight. Prints "BENCH name value unit" lines.
# The real servers have initial_state = up, so lvsd's first reconcile
# programs all 11,000 entries (as ipvsadm -R does) before it starts the
# nannies (the nanny path does not exist here).
# Every run starts in a new network namespace: a cold IPVS, as at boot.
# (Reusing one namespace after `ipvsadm -C` is not cold: the kernel keeps
# deleted destinations in a trash list for two minutes and scans it on
# every add, which made both systems several times slower.)
. tests/e2e/lib.sh
modprobe ip_vs; modprobe ip_vs_wlc
cfg=/tmp/big.cf
save=/tmp/big.save
{
    echo "reconcile_interval = 3600"
    echo "network = direct"
    i=0
    while [ $i -lt 1000 ]; do
        printf 'virtual v%d {\n\tactive = 1\n\taddress = 10.100.%d.%d eth0:1\n\tport = 80\n\tinitial_state = up\n' $i $((i / 250)) $((i % 250 + 1))
        j=1
        while [ $j -le 10 ]; do
            printf '\tserver s%d {\n\t\taddress = 10.200.0.%d\n\t\tactive = 1\n\t}\n' $j $j
            j=$((j + 1))
        done
        echo "}"
        i=$((i + 1))
    done
} > "$cfg"
median() { sort -n | sed -n 2p; }
printf '[paths]\nnanny = /nonexistent/nanny\n[shm]\nname = bench\n[status]\nlisten = off\n' > /tmp/bench.ini

: > /tmp/lvsd-ms
for run in 1 2 3; do
    ip netns add "b$run"
    ns_exec "b$run" ip link set lo up  # a local table: direct-routing destinations must be unicast
    : > /tmp/lvsd.log
    ip netns exec "b$run" "$BIN/lvsd" -n -c "$cfg" --settings /tmp/bench.ini > /tmp/lvsd.log 2>&1 &
    pid=$!
    # poll slowly: process spawns are expensive under TCG and would steal CPU
    i=0; while [ $i -lt 240 ] && ! grep -q "ready: table programmed" /tmp/lvsd.log; do sleep 0.5; i=$((i + 1)); done
    sed -n 's/.*ready: table programmed \([0-9]*\) ms after start.*/\1/p' /tmp/lvsd.log >> /tmp/lvsd-ms
    echo "lvsd run $run: $(tail -1 /tmp/lvsd-ms) ms to a programmed table"
    [ "$run" -eq 3 ] || { kill -9 $pid; wait $pid 2>/dev/null; }
done
grep "reconcile (start)" /tmp/lvsd.log
# The same table for ipvsadm -R, in `ipvsadm -S` form.
i=0
while [ $i -lt 1000 ]; do
    vip=10.100.$((i / 250)).$((i % 250 + 1)):80
    echo "-A -t $vip -s wlc"
    j=1
    while [ $j -le 10 ]; do echo "-a -t $vip -r 10.200.0.$j:80 -g -w 1"; j=$((j + 1)); done
    i=$((i + 1))
done > "$save"
echo "BENCH lvsd_cold_1000x10_ms $(median < /tmp/lvsd-ms) ms"
echo "BENCH ipvs_entries $(wc -l < "$save") entries"

# Reload changing one weight.
sed -i '0,/\t\taddress = 10.200.0.1$/s//\t\taddress = 10.200.0.1\n\t\tweight = 5/' "$cfg"
kill -HUP $pid
i=0; while [ $i -lt 120 ] && ! grep -q "reconcile (reload)" /tmp/lvsd.log; do sleep 0.5; i=$((i + 1)); done
grep "reconcile (reload)" /tmp/lvsd.log
ops=$(sed -n 's/.*reconcile (reload): \([0-9]*\) operations.*/\1/p' /tmp/lvsd.log)
echo "BENCH lvsd_reload_one_weight_ops $ops ops"
echo "BENCH lvsd_reload_one_weight_ms $(sed -n 's/.*reconcile (reload): .*, \([0-9]*\) ms/\1/p' /tmp/lvsd.log) ms"
kill -9 $pid

: > /tmp/ipvsadm-ms
for run in 1 2 3; do
    ip netns add "c$run"
    ns_exec "c$run" ip link set lo up
    t0=$(now_ms)
    ns_exec "c$run" ipvsadm -R < "$save"
    t1=$(now_ms)
    echo $((t1 - t0)) >> /tmp/ipvsadm-ms
    echo "ipvsadm -R run $run: $((t1 - t0)) ms, $(ns_exec "c$run" ipvsadm -Sn | wc -l) entries"
done
echo "BENCH ipvsadm_R_1000x10_ms $(median < /tmp/ipvsadm-ms) ms"
finish
