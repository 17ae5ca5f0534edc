#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# NetlinkIpvsClient against the real kernel: every kind of service and
# destination round-trips, timeouts and the sync daemon work, our dump
# matches ipvsadm's, and a bulk load of 1,000 x 10 succeeds.
. tests/e2e/lib.sh
modprobe ip_vs
ip netns add t
ip netns exec t ip link set lo up
if out=$(ns_exec t "$BIN/ipvs_smoke" roundtrip 2>&1); then pass roundtrip; else fail roundtrip "$out"; fi
echo "$out"
ns_exec t "$BIN/ipvs_smoke" dump | sort > /tmp/ours
ns_exec t ipvsadm -Sn | sort > /tmp/theirs
if diff /tmp/theirs /tmp/ours > /tmp/diff; then pass dump-equals-ipvsadm-save; else fail dump-equals-ipvsadm-save "$(cat /tmp/diff)"; fi
ip netns add big
ip netns exec big ip link set lo up
if out=$(ns_exec big "$BIN/ipvs_smoke" add-many 1000 10 2>&1); then pass add-many-1000x10; else fail add-many-1000x10 "$out"; fi
echo "$out"
assert_eq 11000 "$(ns_exec big ipvsadm -Sn | wc -l | tr -d ' ')" kernel-holds-11000-entries
finish
