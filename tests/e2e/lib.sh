# SPDX-License-Identifier: GPL-2.0-or-later
# Helper language for end-to-end scenarios, sourced inside the guest.
# Results:   pass NAME | fail NAME MSG | assert_eq WANT GOT NAME |
#            assert_match SUBSTRING TEXT NAME | finish (exit status)
# Waiting:   wait_for TIMEOUT_S CMD... | wait_ipvs NS PATTERN TIMEOUT_S
# Hosts:     ns_exec NS CMD... | topo_nat [N] | router_power_off NS |
#            host_links NS (host ends of its veth links) |
#            link_down NS IF | link_up NS IF | has_vip NS (192.0.2.80)
# Routers:   start_pulse NS [OPTION...] (pid in $PULSE_NS) |
#            pulse_cf_with_sync (data/pulse.cf, sync daemon on eth1) |
#            check_switchover_resets OUT (at most one connection reset)
# Services:  start_http NS PORT BODY | bg CMD... (tracked, killed at exit)
# Traffic:   client_loop NS URL OUT (curl in a loop, coarse) |
#            max_gap_ms OUT | servers_seen OUT |
#            fast_client NS HOST OUT (a new connection every 10 ms, each
#            logged when it ends; tools/client.py) | stop_fast_client OUT |
#            gap_ms OUT (longest time between starts of two successes
#            with a failure between) | stall_ms OUT (longest time without
#            any attempt) | failed OUT | gap_context OUT (around the gap)
# IPVS:      ipvs_save NS | ipvs_list NS
# Time:      now_ms
E2E_FAILED=0
E2E_BG=""
BIN="$E2E_REPO/$E2E_BUILD/bin"

now_ms() { date +%s%3N; }
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; E2E_FAILED=$((E2E_FAILED + 1)); }
assert_eq() {
    if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "want [$1] got [$2]"; fi
}
assert_match() {
    case "$2" in *"$1"*) pass "$3" ;; *) fail "$3" "[$1] not in [$2]" ;; esac
}
finish() {
    cleanup
    [ "$E2E_FAILED" -eq 0 ]
    exit $?
}
cleanup() {
    for p in $E2E_BG; do kill "$p" 2>/dev/null; done
    E2E_BG=""
}
trap cleanup EXIT

bg() { "$@" & E2E_BG="$E2E_BG $!"; }
ns_exec() { ns=$1; shift; ip netns exec "$ns" "$@"; }

wait_for() {  # TIMEOUT_S CMD...
    t=$1; shift
    end=$(( $(now_ms) + t * 1000 ))
    while [ "$(now_ms)" -lt "$end" ]; do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    return 1
}
ipvs_list() { ns_exec "$1" ipvsadm -Ln; }
ipvs_save() { ns_exec "$1" ipvsadm -Sn | sort; }
wait_ipvs() {  # NS PATTERN TIMEOUT_S
    wait_for "$3" sh -c "ip netns exec $1 ipvsadm -Ln | grep -q -- '$2'"
}

# veth from namespace NS (interface IF, address ADDR/24) to bridge BR.
ns_link() {  # NS IF BR ADDR
    ip link add "$1-$2" type veth peer name "$2" netns "$1"
    ip link set "$1-$2" master "$3" up
    ns_exec "$1" ip link set "$2" up
    [ -n "$4" ] && ns_exec "$1" ip addr add "$4/24" dev "$2"
    return 0
}

# NAT topology. Public LAN 192.0.2.0/24: client cl .100, routers r1 .10,
# r2 .11; VIP 192.0.2.80. Private LAN 10.0.1.0/24: r1 .2, r2 .3, real
# servers rsI = 10.0.1.2I with default route via the NAT router 10.0.1.254.
topo_nat() {  # [N real servers, default 3]
    n=${1:-3}
    modprobe ip_vs
    ip link add brpub type bridge && ip link set brpub up
    ip link add brpriv type bridge && ip link set brpriv up
    for h in cl r1 r2; do ip netns add "$h"; ns_exec "$h" ip link set lo up; done
    ns_link cl eth0 brpub 192.0.2.100
    ns_link r1 eth0 brpub 192.0.2.10
    ns_link r2 eth0 brpub 192.0.2.11
    ns_link r1 eth1 brpriv 10.0.1.2
    ns_link r2 eth1 brpriv 10.0.1.3
    for r in r1 r2; do ns_exec "$r" sysctl -qw net.ipv4.ip_forward=1; done
    i=1
    while [ "$i" -le "$n" ]; do
        ip netns add "rs$i"
        ns_exec "rs$i" ip link set lo up
        ns_link "rs$i" eth0 brpriv "10.0.1.2$i"
        ns_exec "rs$i" ip route add default via 10.0.1.254
        i=$((i + 1))
    done
}

host_links() { ip -o link show | sed -n "s/^[0-9]*: \($1-[^@:]*\).*/\1/p"; }  # NS: host ends of its links
router_power_off() {  # NS: both ends of every link down, host ends at once
    links=$(host_links "$1")
    for l in $links; do echo "link set $l down"; done | ip -batch -
    for l in $links; do echo "link set ${l#$1-} down"; done | ns_exec "$1" ip -batch -
}
# pulse in router NS with /tmp/lvs.cf and /tmp/NS.ini, logging to
# /tmp/pulse-NS.log; its pid in $PULSE_NS.
start_pulse() {  # NS [OPTION...]
    ns=$1; shift
    ip netns exec "$ns" "$BIN/pulse" -n -c /tmp/lvs.cf -i "/tmp/$ns.ini" "$@" >> "/tmp/pulse-$ns.log" 2>&1 &
    eval "PULSE_$ns=$!"
    E2E_BG="$E2E_BG $!"
}
has_vip() { ip netns exec "$1" ip -o addr show dev eth0 | grep -q 192.0.2.80; }  # NS
link_down() { ip link set "$1-$2" down; }
link_up() { ip link set "$1-$2" up; }

start_http() {  # NS PORT BODY
    d="/tmp/www-$1-$2"
    mkdir -p "$d" && echo "$3" > "$d/index.html"
    bg ip netns exec "$1" busybox httpd -f -p "$2" -h "$d"
}

# A fresh HTTP connection about every 10 ms; one line per attempt:
# "MS BODY" on success, "MS -" on failure.
client_loop() {  # NS URL OUT
    bg sh -c "while :; do t=\$(date +%s%3N); b=\$(ip netns exec $1 curl -s -m 1 '$2' 2>/dev/null) || b=-; echo \"\$t \${b:--}\"; sleep 0.01; done > '$3'"
}
# Longest time between two successful answers.
max_gap_ms() {
    awk '$2 != "-" { if (last != "") { g = $1 - last; if (g > max) max = g } last = $1 } END { print max + 0 }' "$1"
}
# The client runs SCHED_FIFO ${E2E_CLIENT_RT:-5}, below pulse's heartbeats
# (10) and above everything else in the guest, so that it keeps its 10 ms
# pace; E2E_CLIENT_RT=0 runs it at normal priority (the failover bench, where
# keepalived runs at normal priority too).
fast_client() {  # NS HOST OUT; returns once the client has had an answer
    : > "$3"
    fc_rt=""; [ "${E2E_CLIENT_RT:-5}" -gt 0 ] && fc_rt="chrt -f ${E2E_CLIENT_RT:-5}"
    bg ip netns exec "$1" $fc_rt python3 tests/e2e/tools/client.py "$2" 80 "$3" 10 1000
    wait_for 30 grep -q ' ok ' "$3"  # python takes seconds to start under TCG
}
stop_fast_client() {  # OUT
    for p in $E2E_BG; do
        case "$(cat /proc/$p/cmdline 2>/dev/null | tr '\0' ' ')" in *client.py*"$1"*) kill "$p" ;; esac
    done
    sleep 1.2  # attempts still in flight end (1 s timeout) and are logged
}
# A gap is the time between the starts of two consecutive successful attempts
# with at least one failed attempt between them: the client saw the service
# down. A stretch with no attempt at all is the client not being scheduled
# (the guest is one process among many under TCG), not an outage; stall_ms
# reports the longest such stretch.
GAP_AWK='$2 == "fail" && last != "" { down = 1 }
    $2 == "ok" { if (down && $1 - last > max) { max = $1 - last; at = last } last = $1; down = 0 }'
gap_ms() { sort -n "$1" | awk "$GAP_AWK"' END { print max + 0 }'; }
stall_ms() { sort -n "$1" | awk 'NR > 1 && $1 - last > max { max = $1 - last } { last = $1 } END { print max + 0 }'; }
failed() { awk '$2 == "fail"' "$1" | wc -l; }
gap_context() {  # OUT: the attempts around the longest gap and every failure, for a failing check
    sort -n "$1" | awk "$GAP_AWK"'
        { t[NR] = $0; s[NR] = $1 } END { for (i = 1; i <= NR; i++) if (s[i] >= at - 30 && s[i] <= at + max + 30) print "  " t[i] }'
    awk '$2 == "fail" { print $1 }' "$1" | sort -n | awk 'NR == 1 { f = $1 } { l = $1 } END { if (NR) print "  " NR " failures from " f " to " l }'
    echo "  longest stretch without any attempt (client not scheduled): $(stall_ms "$1") ms"
}
# tests/e2e/data/pulse.cf with the IPVS sync daemon on the private side.
pulse_cf_with_sync() { sed 's/^backup_active = 1$/backup_active = 1\nsyncdaemon = 1\nsyncd_iface = eth1/' tests/e2e/data/pulse.cf; }
# Handed over, the connections in flight at a planned switchover survive;
# one whose handshake straddles the partner's announcement by a millisecond
# or two can still be reset (2 to 4 were, before the hand-over).
check_switchover_resets() {  # OUT
    n=$(failed "$1"); [ "$n" -le 1 ] && pass switchover-resets-at-most-one-connection || fail switchover-resets-at-most-one-connection "$n reset"
}
servers_seen() { awk '$2 != "-" { print $2 }' "$1" | sort -u | tr '\n' ' ' | sed 's/ $//'; }
