# SPDX-License-Identifier: GPL-2.0-or-later
# The checker fleets' topology (guest; sourced after tests/e2e/lib.sh):
#   fleet_topology N_VS N_RS
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
