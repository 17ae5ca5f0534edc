# SPDX-License-Identifier: GPL-2.0-or-later
# The checker fleets' topology and table (guest; sourced after
# tests/e2e/lib.sh):
#   fleet_topology N_VS N_RS
#   in_table                 real servers 10.1.* in router r's IPVS table
#   settle SYSTEM [SECONDS]  wait until all $TOTAL are in (BENCH_SETTLE_S
#                            overrides SECONDS; default 900)
#   fleet_detect NAME PORT D  detection: D servers (of different services)
#                            lose their addresses at once and the kernel's
#                            table is watched until each has left
#                            (tests/bench/tools/detect.py); 2 rounds, prints
#                            the median in ms
# Namespace `r` (the router: eth0 a dummy with 192.0.2.10/24, eth1
# 10.0.1.2/24) and namespace `rsn` (every real server): N_VS x N_RS
# addresses 10.1.I.J/32 (I 0..N_VS-1, J 1..N_RS) on rsn's loopback,
# routed from r over one veth (rsn's eth0, 10.0.1.1).
fleet_topology() {
    modprobe ip_vs
    ip netns add r
    ip netns add rsn
    ns_exec r ip link set lo up
    ns_exec rsn ip link set lo up
    ns_exec r ip link add eth0 type dummy
    ns_exec r ip addr add 192.0.2.10/24 dev eth0
    ns_exec r ip link set eth0 up
    ip link add r-eth1 type veth peer name eth0 netns rsn
    ip link set r-eth1 netns r
    ns_exec r ip link set r-eth1 name eth1
    ns_exec r ip addr add 10.0.1.2/24 dev eth1
    ns_exec r ip link set eth1 up
    ns_exec rsn ip addr add 10.0.1.1/24 dev eth0
    ns_exec rsn ip link set eth0 up
    ns_exec r ip route add 10.1.0.0/16 via 10.0.1.1
    ns_exec r sysctl -qw net.ipv4.ip_forward=1
    i=0
    while [ "$i" -lt "$1" ]; do
        j=1
        while [ "$j" -le "$2" ]; do echo "addr add 10.1.$i.$j/32 dev lo"; j=$((j + 1)); done
        i=$((i + 1))
    done > /tmp/rsn-addrs
    ns_exec rsn ip -batch /tmp/rsn-addrs
    echo "rsn holds $(ns_exec rsn ip -o -4 addr show dev lo | grep -c ' 10\.1\.') real-server addresses"
}

in_table() { ns_exec r ipvsadm -Ln | grep -c -- '-> 10\.1\.'; }
settle() {
    t0=$(now_ms); end=$((t0 + ${BENCH_SETTLE_S:-${2:-900}} * 1000)); last=0
    while [ "$(now_ms)" -lt "$end" ]; do
        n=$(in_table)
        [ "$n" -ge "$TOTAL" ] && break
        [ $(($(now_ms) - last)) -ge 30000 ] && { echo "$1: $n of $TOTAL servers in the table"; last=$(now_ms); }
        sleep 2
    done
    n=$(in_table)
    echo "$1: $n of $TOTAL servers in the table $(( ($(now_ms) - t0) / 1000 )) s after start"
    [ "$n" -ge "$TOTAL" ] ||
        echo "$1: NOT SETTLED (checks fail or the guest is out of CPU: figures below are under overload)"
}

all_in_table() { [ "$(in_table)" -ge "$TOTAL" ]; }
fleet_detect() {
    : > "/tmp/detect-$1"
    for round in 1 2; do
        list=""
        k=0
        while [ "$k" -lt "$3" ]; do
            list="$list 10.1.$(( (round * 37 + k * N_VS / $3) % N_VS )).$(( (k + round) % N_RS + 1 ))"
            k=$((k + 1))
        done
        ip netns exec r python3 tests/bench/tools/detect.py "$2" $list >> "/tmp/detect-$1"
        for a in $list; do echo "addr add $a/32 dev lo"; done | ns_exec rsn ip -batch -
        wait_for 60 all_in_table || echo "$1: the servers did not all come back" >&2
    done
    echo "$1: detection times (ms): $(sort -n "/tmp/detect-$1" | tr '\n' ' ')" >&2
    sort -n "/tmp/detect-$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
