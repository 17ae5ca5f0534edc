# SPDX-License-Identifier: GPL-2.0-or-later
# Router pairs for the benches (guest; sourced after tests/e2e/lib.sh):
#   reset_topo                     fresh NAT topology, 3 real servers
#   pulse_pair KEEPALIVE DEADTIME [SYNC]      pulse on r1 (primary) and r2
#   keepalived_pair ADVERT_INT BACKUP_PRIO [SYNC]  keepalived VRRPv3, r1 at 254
# SYNC=1 runs each system's IPVS connection-sync daemon on eth1.
#   mean [DECIMALS] | median       of numbers on stdin
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
pulse_pair() {  # KEEPALIVE DEADTIME [SYNC]
    if [ "${3:-0}" = 1 ]; then pulse_cf_with_sync; else cat tests/e2e/data/pulse.cf; fi |
        sed -e "s/^keepalive = .*/keepalive = $1/" -e "s/^deadtime = .*/deadtime = $2/" \
            -e "/^reconcile_interval = /d" -e "s/^\ttimeout = .*/\ttimeout = 1/" -e "s/^\tinterval = .*/\tinterval = 1/" \
            -e "s/^\tport = 80\$/\tport = 80\n\tsend = \"\"/" > /tmp/lvs.cf
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > /tmp/hb.key
    for r in r1 r2; do
        printf '[paths]\nnanny = %s/nanny\nlvsd = %s/lvsd\n[shm]\nname = lvs-%s\n[status]\nlisten = off\n[heartbeat]\nkey_file = /tmp/hb.key\n' \
            "$BIN" "$BIN" "$r" > "/tmp/$r.ini"
        : > "/tmp/pulse-$r.log"
        bg sh -c "exec ip netns exec $r $BIN/pulse -n -c /tmp/lvs.cf -i /tmp/$r.ini >> /tmp/pulse-$r.log 2>&1"
    done
    wait_for 30 has_vip r1 && wait_ipvs r2 10.0.1.23:80 30 && wait_ipvs r1 10.0.1.23:80 30
}

keepalived_pair() {  # ADVERT_INT BACKUP_PRIORITY [SYNC]
    sync=""; [ "${3:-0}" = 1 ] && sync="lvs_sync_daemon eth1 VI"
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
        bg ip netns exec "$r" keepalived -n -l -f "/tmp/k-$r.conf" -p "/tmp/k-$r.pid" -r "/tmp/k-$r-vrrp.pid" -c "/tmp/k-$r-chk.pid"
    done > /tmp/keepalived.log 2>&1
    wait_for 30 has_vip r1 && wait_ipvs r2 10.0.1.23:80 30 && wait_ipvs r1 10.0.1.23:80 30
}

