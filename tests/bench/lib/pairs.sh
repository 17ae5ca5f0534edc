# SPDX-License-Identifier: GPL-2.0-or-later
# Router pairs for the benches (guest; sourced after tests/e2e/lib.sh):
#   reset_topo                     fresh NAT topology, 3 real servers
#   pulse_pair KEEPALIVE DEADTIME [SYNC] [FAILBACK_DELAY]
#                                  pulse on r1 (primary) and r2
#   keepalived_pair ADVERT_INT BACKUP_PRIO [SYNC] [PREEMPT_DELAY]
#                                  keepalived VRRPv3, r1 at 254
#   pulse_boot NS | keepalived_boot NS   start NS's daemon again as its pair did
#   router_power_loss NS | router_power_on NS   a router's power cut and back
#   mean [DECIMALS] | median       of numbers on stdin
# SYNC=1 runs each system's IPVS connection-sync daemon on eth1.
# FAILBACK_DELAY D (seconds, deadtime's syntax) adds "failback = 1" and
# "failback_delay = D" to lvs.cf; PREEMPT_DELAY D adds "preempt_delay D" to
# both routers' vrrp_instance. Empty or absent: neither (the pairs as before).
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mean() { awk -v d="${1:-0}" '{ s += $1 } END { if (NR) printf "%." d "f", s / NR }'; }
reset_topo() {
    cleanup
    pkill -9 -x pulse; pkill -9 -x lvsd; pkill -9 -x nanny; pkill -9 -x keepalived
    pkill -9 -f "tools/httpd.py"; pkill -9 -f client.py
    sleep 0.5
    for l in $(ip -o link show | sed -n 's/^[0-9]*: \([a-z0-9]*-eth[0-9]\)@.*/\1/p'); do ip link del "$l"; done
    for n in $(ip netns list | cut -d' ' -f1); do ip netns del "$n"; done
    ip link del brpub 2>/dev/null; ip link del brpriv 2>/dev/null
    wait_for 10 sh -c "! ip -o link show | grep -q -- '-eth'"
    topo_nat 3
    for i in 1 2 3; do start_http "rs$i" 80 "rs$i"; done
}

# Both pairs check the real servers alike, as keepalived_pair's TCP_CHECK:
# a TCP connect every second (send ""), timeout 1 s, and lvsd repairs drift
# at its default pace (the e2e file's HTTP checks every 0.5 s and repair
# every second load the guest more and slow every request through it).
pulse_pair() {  # KEEPALIVE DEADTIME [SYNC] [FAILBACK_DELAY]
    fb=""; [ -n "${4:-}" ] && fb="\nfailback = 1\nfailback_delay = $4"
    if [ "${3:-0}" = 1 ]; then pulse_cf_with_sync; else cat tests/e2e/data/pulse.cf; fi |
        sed -e "s/^keepalive = .*/keepalive = $1/" -e "s/^deadtime = .*/deadtime = $2$fb/" \
            -e "/^reconcile_interval = /d" -e "s/^\ttimeout = .*/\ttimeout = 1/" -e "s/^\tinterval = .*/\tinterval = 1/" \
            -e "s/^\tport = 80\$/\tport = 80\n\tsend = \"\"/" > /tmp/lvs.cf
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > /tmp/hb.key
    for r in r1 r2; do
        printf '[paths]\nnanny = %s/nanny\nlvsd = %s/lvsd\n[shm]\nname = lvs-%s\n[status]\nlisten = off\n[heartbeat]\nkey_file = /tmp/hb.key\n' \
            "$BIN" "$BIN" "$r" > "/tmp/$r.ini"
        : > "/tmp/pulse-$r.log"
        pulse_boot "$r"
    done
    wait_for 30 has_vip r1 && wait_ipvs r2 10.0.1.23:80 30 && wait_ipvs r1 10.0.1.23:80 30
}

# keepalived's preempt_delay (keepalived.conf(5)) works only where the
# initial state is not MASTER (both start BACKUP here), without "nopreempt"
# and without vrrp_strict (which refuses it); it counts from the moment a
# router sees a lower-priority master (or from its start), and only then
# does the advertisement timeout run. Written on both routers, as a
# deployment would; only r1, the higher priority, ever preempts.
keepalived_pair() {  # ADVERT_INT BACKUP_PRIORITY [SYNC] [PREEMPT_DELAY]
    sync=""; [ "${3:-0}" = 1 ] && sync="lvs_sync_daemon eth1 VI"
    pd=""; [ -n "${4:-}" ] && pd="preempt_delay $4"
    : > /tmp/keepalived.log
    for r in r1 r2; do
        prio=$([ "$r" = r1 ] && echo 254 || echo "$2")
        cat > "/tmp/k-$r.conf" <<CONF
global_defs {
    router_id $r
    vrrp_version 3
    vrrp_garp_master_delay 0
    $sync
}
vrrp_instance VI {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $prio
    advert_int $1
    $pd
    virtual_ipaddress {
        192.0.2.80/24 dev eth0
        10.0.1.254/24 dev eth1
    }
}
virtual_server 192.0.2.80 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
$(for i in 1 2 3; do printf '    real_server 10.0.1.2%d 80 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n' $i; done)
}
CONF
        keepalived_boot "$r"
    done
    wait_for 30 has_vip r1 && wait_ipvs r2 10.0.1.23:80 30 && wait_ipvs r1 10.0.1.23:80 30
}

# NS's daemon, with the files its pair wrote, appending to its log.
pulse_boot() {  # NS
    bg sh -c "exec ip netns exec $1 $BIN/pulse -n -c /tmp/lvs.cf --settings /tmp/$1.ini >> /tmp/pulse-$1.log 2>&1"
}
keepalived_boot() {  # NS; a reboot has no pid files left over
    rm -f "/tmp/k-$1.pid" "/tmp/k-$1-vrrp.pid" "/tmp/k-$1-chk.pid"
    bg ip netns exec "$1" keepalived -n -l -f "/tmp/k-$1.conf" -p "/tmp/k-$1.pid" -r "/tmp/k-$1-vrrp.pid" -c "/tmp/k-$1-chk.pid" \
        >> /tmp/keepalived.log 2>&1
}

# Power loss: both ends of every link down (tests/e2e/lib.sh), so nothing
# can be said on the way out, then every process in the namespace killed
# (pulse, lvsd and the nannies; keepalived and its children).
router_power_loss() {  # NS
    router_power_off "$1"
    # shellcheck disable=SC2046  # one pid a word
    kill -9 $(ip netns pids "$1") 2>/dev/null
    wait_for 10 sh -c "[ -z \"\$(ip netns pids $1)\" ]"
}
# Power back on after router_power_loss (whose links went down as
# tests/e2e/tools/power_cut.py and router_power_off take them): the router
# boots with none of what its daemons had put in its kernel: no floating
# address (the VIP and the NAT router address lie in the router's own /24s,
# so the kernel holds them as secondaries), no IPVS service, no sync daemon
# (its old connection entries, which ipvsadm cannot flush, expire on their
# own; new connections do not match them); then both ends of every link up,
# its own first, the reverse of router_power_off. Its daemon is not started.
router_power_on() {  # NS
    links=$(host_links "$1")
    for l in $links; do ns_exec "$1" ip -4 addr flush dev "${l#$1-}" secondary; done
    ns_exec "$1" ipvsadm -C
    ns_exec "$1" ipvsadm --stop-daemon master 2>/dev/null
    ns_exec "$1" ipvsadm --stop-daemon backup 2>/dev/null
    for l in $links; do echo "link set ${l#$1-} up"; done | ns_exec "$1" ip -batch -
    for l in $links; do echo "link set $l up"; done | ip -batch -
}
