#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The harness's own proof that the NAT topology carries traffic: IPVS is
# programmed by hand with ipvsadm in r1, and a client reaches every server.
. tests/e2e/lib.sh
topo_nat 3
for i in 1 2 3; do start_http "rs$i" 80 "rs$i"; done
ns_exec r1 ip addr add 192.0.2.80/24 dev eth0 label eth0:1
ns_exec r1 ip addr add 10.0.1.254/24 dev eth1 label eth1:1
ns_exec r1 ipvsadm -A -t 192.0.2.80:80 -s rr
for i in 1 2 3; do ns_exec r1 ipvsadm -a -t 192.0.2.80:80 -r "10.0.1.2$i:80" -m -w 1; done
wait_for 10 ns_exec rs1 curl -sf -m 1 http://10.0.1.21/ || fail rs1-serves "rs1 httpd not up"
wait_for 20 ns_exec cl curl -sf -m 1 http://192.0.2.80/ || fail vip-serves "no answer through the VIP"
client_loop cl http://192.0.2.80/ /tmp/client.log
wait_for 20 sh -c '[ "$(awk "\$2 != \"-\" { print \$2 }" /tmp/client.log | sort -u | wc -l)" -ge 3 ]'
cleanup
assert_eq "rs1 rs2 rs3" "$(servers_seen /tmp/client.log)" client-reaches-every-server
assert_match "-A -t 192.0.2.80:80 -s rr" "$(ipvs_save r1)" ipvs-save
echo "attempts: $(wc -l < /tmp/client.log), max gap $(max_gap_ms /tmp/client.log) ms"
finish
