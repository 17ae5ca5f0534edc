#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The harness itself: the guest kernel has IPVS, every scheduler, netns.
. tests/e2e/lib.sh

modprobe ip_vs && pass ip_vs-module || fail ip_vs-module "modprobe ip_vs failed"
missing=""
for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh; do
    modprobe "ip_vs_$s" || missing="$missing $s"
done
assert_eq "" "$missing" all-schedulers
# twos arrived in Linux 6.2; Debian 12's kernel is 6.1.
if modprobe ip_vs_twos 2>/dev/null; then pass twos-scheduler
else assert_match "6.1." "$(uname -r)" twos-absent-only-before-6.2; fi
ip netns add t1
ns_exec t1 ipvsadm -A -t 10.0.0.1:80 -s rr
assert_match "TCP  10.0.0.1:80 rr" "$(ns_exec t1 ipvsadm -Ln)" ipvs-in-netns
assert_eq "" "$(ipvsadm -Ln | grep 10.0.0.1)" ipvs-is-per-netns
finish
