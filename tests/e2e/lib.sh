# SPDX-License-Identifier: GPL-2.0-or-later
# Helper language for end-to-end scenarios, sourced inside the guest.
# Results:   pass NAME | fail NAME MSG | assert_eq WANT GOT NAME |
#            assert_match SUBSTRING TEXT NAME | finish (exit status)
# Waiting:   wait_for TIMEOUT_S CMD... | wait_ipvs NS PATTERN TIMEOUT_S
# Hosts:     ns_exec NS CMD... | topo_nat [N] | router_power_off NS |
#            topo_ecmp [ROUTERS] [SERVERS] (an upstream BIRD, ECMP) |
#            host_links NS (host ends of its veth links) |
#            link_down NS IF | link_up NS IF | has_vip NS (192.0.2.80)
# Routers:   start_pulse NS [OPTION...] (pid in $PULSE_NS) |
#            pulse_cf_with_sync (data/pulse.cf, sync daemon on eth1) |
#            keyed_inis [DAEMON] (/tmp/hb.key; /tmp/r1.ini, /tmp/r2.ini using it) |
#            check_switchover_resets OUT (at most the connections of one hand-over pass reset)
# Services:  start_http NS PORT BODY [::] | stop_http NS PORT | bg CMD... (tracked, killed at exit)
# Traffic:   client_loop NS URL OUT (curl in a loop, coarse) |
#            http_gets NS URL N (N GETs, the bodies) |
#            client_until OUT UNTIL_MS (attempts after UNTIL not counted) |
#            max_gap_ms OUT | servers_seen OUT |
#            fast_client NS HOST OUT (a new connection every
#            $FC_PACE_MS ms, 20 unless E2E_CLIENT_PACE_MS says; each
#            logged when it ends; tools/client.py) | stop_fast_client OUT |
#            gap_ms OUT (longest time between starts of two successes
#            with a failure between) | stall_ms OUT (longest time without
#            any attempt) | failed OUT | gap_context OUT (around the gap)
# IPVS:      ipvs_save NS | ipvs_list NS | ipvs_conns NS PORT [VIP] (connections scheduled)
# ECMP:      start_bird NS (/tmp/bird-NS.conf, socket /tmp/bird-NS.ctl) |
#            birdc_in NS CMD... | ecmp_paths (up's routers for the VIP: "r1 r3") |
#            has_paths WANT | flow_routers DPORT < SPORTS (each flow's router) |
#            spread_at_least NAME MIN_PCT COUNT... |
#            within_detection NAME LOST T_CUT0 LF (power loss vs the upstream's BFD)
# Diagnosis: why_failed OUT (after a failing traffic check) | cpu_mark |
#            cpu_since (CPU per thread since the mark; fast_client marks)
# Time:      now_ms | within NAME VALUE MAX (a timing bound; not under E2E_SAN)
E2E_FAILED=0
E2E_BG=""
# A sanitizer build (E2E_SAN=1): every daemon writes its reports to
# /tmp/san.PID; finish fails the scenario on any (sanitizer-clean).
if [ "${E2E_SAN:-0}" = 1 ]; then
    E2E_WAIT_SCALE=3
    export ASAN_OPTIONS="detect_leaks=1:log_path=/tmp/san"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=/tmp/san"
fi
BIN="$E2E_REPO/$E2E_BUILD/bin"

now_ms() { date +%s%3N; }
# Every result is also stamped (guest uptime, s) into timeline.log beside
# output.log: where a scenario's time goes.
stamp() { read -r st_now _ < /proc/uptime; [ -d "${E2E_OUT:-}" ] && echo "$st_now $1" >> "$E2E_OUT/timeline.log"; }
pass() { echo "PASS $1"; stamp "PASS $1"; }
fail() { echo "FAIL $1: $2"; stamp "FAIL $1"; E2E_FAILED=$((E2E_FAILED + 1)); }
assert_eq() {
    if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "want [$1] got [$2]"; fi
}
assert_match() {
    case "$2" in *"$1"*) pass "$3" ;; *) fail "$3" "[$1] not in [$2]" ;; esac
}
# A timing bound. The test keeps a functional bound that holds on any
# machine (the tight figures are make bench's); a sanitizer build
# (E2E_SAN=1) runs several times slower, so there the figure is printed and
# only behaviour is asserted. Returns 1 when the bound fails.
within() {  # NAME VALUE MAX [UNIT]
    if [ "${E2E_SAN:-0}" = 1 ]; then echo "timing $1: $2 ${4:-ms} (bound $3 not asserted under sanitizers)"; return 0; fi
    [ "$2" -le "$3" ] && { pass "$1"; return 0; }
    fail "$1" "$2 ${4:-ms}, bound $3"; return 1
}
finish() {
    cleanup
    [ "${E2E_SAN:-0}" = 1 ] && sanitizer_verdict
    # the guest's logs and client traces, kept beside output.log for a post-mortem
    [ -d "${E2E_OUT:-}" ] && mkdir -p "$E2E_OUT/tmp" && cp /tmp/pulse*.log /tmp/c-*.log /tmp/client*.log* /tmp/*.out "$E2E_OUT/tmp/" 2>/dev/null
    [ "$E2E_FAILED" -eq 0 ]
    exit $?
}
# After cleanup's SIGTERM the daemons exit and LeakSanitizer runs: wait for
# them, then any report fails the scenario.
sanitizer_verdict() {
    wait_for 20 sh -c "! pgrep -x 'pulse|lvsd|nanny|fos' > /dev/null"
    pkill -9 -x 'pulse|lvsd|nanny|fos'
    if ls /tmp/san.* > /dev/null 2>&1; then
        for f in /tmp/san.*; do echo "--- $f"; head -60 "$f"; done
        fail sanitizer-clean "$(ls /tmp/san.* | wc -l) report(s)"
    else
        pass sanitizer-clean
    fi
}
cleanup() {
    for p in $E2E_BG; do kill "$p" 2>/dev/null; done
    E2E_BG=""
}
trap cleanup EXIT

bg() { "$@" & E2E_BG="$E2E_BG $!"; }
ns_exec() { ns=$1; shift; ip netns exec "$ns" "$@"; }

# Polls CMD every 50 ms until it succeeds or TIMEOUT_S have passed. The
# clock is read from /proc/uptime by the shell itself (centiseconds): under
# emulation every process started costs about 70 ms, so a poll starts as
# few as it can.
# Under the sanitizers (E2E_SAN=1) the daemons run several times slower and
# a wait has three times its TIMEOUT: a wait ends as soon as CMD succeeds,
# so only a failing check waits longer.
wait_for() {  # TIMEOUT_S CMD...
    read -r wf_now _ < /proc/uptime
    wf_end=$(( ${wf_now%.*}${wf_now#*.} + $1 * 100 * ${E2E_WAIT_SCALE:-1} ))
    shift
    while :; do
        "$@" >/dev/null 2>&1 && return 0
        read -r wf_now _ < /proc/uptime
        [ "${wf_now%.*}${wf_now#*.}" -lt "$wf_end" ] || return 1
        sleep 0.05
    done
}
ipvs_list() { ns_exec "$1" ipvsadm -Ln; }
ipvs_save() { ns_exec "$1" ipvsadm -Sn | sort; }
ipvs_has() { ip netns exec "$1" ipvsadm -Ln | grep -q -- "$2"; }  # NS PATTERN
wait_ipvs() { wait_for "$3" ipvs_has "$1" "$2"; }  # NS PATTERN TIMEOUT_S

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
    # One ip process for the host's side and one per namespace (ip -batch):
    # under emulation each process started costs about 70 ms.
    rs=""; i=1
    while [ "$i" -le "$n" ]; do rs="$rs rs$i"; i=$((i + 1)); done
    {
        echo "link add brpub type bridge"; echo "link set brpub up"
        echo "link add brpriv type bridge"; echo "link set brpriv up"
        for h in cl r1 r2 $rs; do echo "netns add $h"; done
        for l in cl-eth0:brpub r1-eth0:brpub r2-eth0:brpub r1-eth1:brpriv r2-eth1:brpriv $(for h in $rs; do echo "$h-eth0:brpriv"; done); do
            h=${l%%-*}; dev=${l#*-}; dev=${dev%:*}
            echo "link add $h-$dev type veth peer name $dev netns $h"
            echo "link set $h-$dev master ${l#*:} up"
        done
    } | ip -batch -
    ns_setup cl "link set eth0 up" "addr add 192.0.2.100/24 dev eth0"
    for r in r1:10:2 r2:11:3; do
        h=${r%%:*}; a=${r#*:}
        ns_setup "$h" "link set eth0 up" "link set eth1 up" "addr add 192.0.2.${a%:*}/24 dev eth0" "addr add 10.0.1.${a#*:}/24 dev eth1"
        ns_exec "$h" sysctl -qw net.ipv4.ip_forward=1
    done
    for h in $rs; do
        ns_setup "$h" "link set eth0 up" "addr add 10.0.1.2${h#rs}/24 dev eth0" "route add default via 10.0.1.254"
    done
}
# Inside namespace NS, in one ip process: lo up, then each ip COMMAND.
ns_setup() {  # NS COMMAND...
    ns=$1; shift
    { echo "link set lo up"; for c in "$@"; do echo "$c"; done; } | ip -n "$ns" -batch -
}

# N HTTP GETs of URL from namespace NS in one process (tools/get.py): the
# bodies on standard output, nothing for a failed attempt.
http_gets() { ip netns exec "$1" python3 -S tests/e2e/tools/get.py "$2" "$3"; }  # NS URL N
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
    LVS_LOG_CLOCK=monotonic ip netns exec "$ns" "$BIN/pulse" -n -c /tmp/lvs.cf --settings "/tmp/$ns.ini" "$@" >> "/tmp/pulse-$ns.log" 2>&1 &
    eval "PULSE_$ns=$!"
    E2E_BG="$E2E_BG $!"
}
# start_pulse stamps log lines with the monotonic clock, as vipwatch.py
# stamps its samples; /proc/uptime runs with it (the guest never suspends).
mono_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
# The stamp, in ms, of the last line of NS's pulse log that starts with TEXT.
stamp_ms() {  # NS TEXT
    awk -v t="pulse: $2" 'index($0, t) == index($0, "]") + 2 { s = $1 } END { gsub(/\[|\]/, "", s); printf "%d\n", s * 1000 }' \
        "/tmp/pulse-$1.log"
}
# NS's /metrics: the sum of the lines matching ERE (e.g. '^lvs_router_active ').
metric() {  # NS ERE
    ns_exec "$1" curl -s -m 3 http://127.0.0.1:9539/metrics | awk -v p="$2" '$0 ~ p { n += $2 } END { printf "%d\n", n }'
}
count() { c=$(grep -c -- "$1" "$2" 2>/dev/null); echo "${c:-0}"; }  # TEXT FILE: lines with TEXT
has_vip() { ip -n "$1" -o addr show dev eth0 | grep -q 192.0.2.80; }  # NS
link_down() { ip link set "$1-$2" down; }
link_up() { ip link set "$1-$2" up; }

# A real server: tools/httpd.py, one process with a listen backlog of 1024
# (busybox httpd's backlog of 9 dropped SYNs whenever the emulated guest
# stalled it for ~100 ms). It stands for a machine of its own, so it runs at
# nice -10 beside the routers' daemons. It returns once the server listens
# (httpd.py writes PATH.ready after listen; the shell's test waits on it).
start_http() {  # NS PORT BODY [ADDRESS (:: for IPv6)]
    d="/tmp/www-$1-$2"
    mkdir -p "$d" && echo "$3" > "$d/index.html" && rm -f "$d/index.html.ready"
    bg ip netns exec "$1" nice -n -10 python3 -S tests/e2e/tools/httpd.py "$2" "$d/index.html" ${4:+"$4"}
    wait_for 30 test -e "$d/index.html.ready"
}
stop_http() { pkill -f "httpd.py $2 /tmp/www-$1-$2/"; }  # NS PORT

# For a scenario under systemd (# e2e-init: systemd): the programs in
# /usr/sbin as a package puts them, pulse.service and BIRD's drop-in as
# shipped, one drop-in that runs pulse in router r1's namespace, and
# OPTIONS in /etc/default/pulse naming
# /tmp/r1.cf and /tmp/r1.ini (keyed_inis first; its paths are rewritten).
install_pulse_unit() {
    for p in pulse lvsd nanny fos lvsctl send_arp; do install -m 755 "$BIN/$p" /usr/sbin/; done
    sed -i "s|$BIN/|/usr/sbin/|g" /tmp/r1.ini
    install -m 644 etc/systemd/pulse.service /etc/systemd/system/pulse.service
    mkdir -p /etc/systemd/system/pulse.service.d
    printf '[Service]\nNetworkNamespacePath=/run/netns/r1\n' > /etc/systemd/system/pulse.service.d/netns.conf
    mkdir -p /etc/systemd/system/bird.service.d  # BIRD after pulse, as packaged
    install -m 644 etc/systemd/bird.service.d/lvs-suite.conf /etc/systemd/system/bird.service.d/
    echo 'OPTIONS="-c /tmp/r1.cf --settings /tmp/r1.ini"' > /etc/default/pulse
    systemctl daemon-reload
}

# A fresh HTTP connection about every 10 ms; one line per attempt:
# "MS BODY" on success, "MS -" on failure.
client_loop() {  # NS URL OUT
    bg ip netns exec "$1" sh -c "while :; do t=\$(date +%s%3N); b=\$(curl -s -m 1 '$2' 2>/dev/null) || b=-; echo \"\$t \${b:--}\"; sleep 0.01; done > '$3'"
}
# Longest time between two successful answers.
max_gap_ms() {
    awk '$2 != "-" { if (last != "") { g = $1 - last; if (g > max) max = g } last = $1 } END { print max + 0 }' "$1"
}
# The client runs SCHED_FIFO ${E2E_CLIENT_RT:-5}, below pulse's heartbeats
# (10) and above everything else in the guest, so that it keeps its pace;
# E2E_CLIENT_RT=0 runs it at normal priority (the failover bench, where
# keepalived runs at normal priority too).
# Its pace is one attempt every FC_PACE_MS (E2E_CLIENT_PACE_MS, default
# 20; the benches keep 10). In the emulated guest an attempt costs the
# client about 10 ms of CPU, the whole network path of the connection
# included (client, routers, bridge and server are processed in softirq in
# the sender's context): at a 10 ms pace the real-time client took one of
# the guest's two CPUs, the real servers and nannies shared the other, and
# a stall of it had the nannies (0.5 s timeout) drop both real servers
# seconds after a clean switchover (260 failures).
FC_PACE_MS=${E2E_CLIENT_PACE_MS:-20}
# The python tools need only the standard library: python3 -S skips the
# site packages and starts faster under emulation.
# The kernel's softirq threads (ksoftirqd/N) run one priority above the
# client: in the guest all of the network (client, routers, bridges, real
# servers) is processed in softirq on the sender's CPU, and once that work
# overflows into ksoftirqd (Linux 6.1 then leaves that CPU's network
# softirq work to it until it has run), a client at real-time priority
# above a normal-priority ksoftirqd held the packets of every namespace
# until it slept, and more
# failures kept it busier: seconds of failures after a switchover that no
# router caused (cpu_since shows ksoftirqd's wait). The guest is the only
# place where the measuring client runs beside the routers.
fast_client() {  # NS HOST OUT; returns once the client has had an answer
    : > "$3"
    fc_rt=""
    if [ "${E2E_CLIENT_RT:-5}" -gt 0 ]; then
        fc_rt="chrt -f ${E2E_CLIENT_RT:-5}"
        [ -f /tmp/.ksoftirqd-rt ] || {
            for p in $(pgrep -x 'ksoftirqd/[0-9]*'); do chrt -f -p $(( ${E2E_CLIENT_RT:-5} + 1 )) "$p"; done
            : > /tmp/.ksoftirqd-rt
        }
    fi
    cpu_mark
    bg ip netns exec "$1" $fc_rt python3 -S tests/e2e/tools/client.py "$2" 80 "$3" "$FC_PACE_MS" 1000
    echo $! > "$3.pid"
    wait_for 30 grep -q ' ok ' "$3"  # python takes seconds to start under TCG
}
# By the pid fast_client kept, with the shell's own read and kill: looking
# through the processes' command lines (a loop, or pkill) took the shell
# seconds under emulation, and the client ran on meanwhile.
# The client logs the attempts still in flight (1 s timeout at most) and
# then exits: wait for that, not a fixed time.
stop_fast_client() {  # OUT
    read -r fc_pid < "$1.pid" && kill "$fc_pid" && wait "$fc_pid"
}
# A measurement ends a fixed time after the event under test, and the
# scenario stops the client then; a starved guest can run that shell
# seconds late. The attempts begun after UNTIL (CLOCK_MONOTONIC ms, the
# client's clock and mono_ms's) are moved to OUT.late: printed, with their
# failures in bursts, but not counted by the checks of the event.
client_until() {  # OUT UNTIL_MS
    awk -v u="$2" '$1 > u' "$1" > "$1.late"
    awk -v u="$2" '$1 <= u' "$1" > "$1.in" && mv "$1.in" "$1"
    [ -s "$1.late" ] || return 0
    echo "client: $(wc -l < "$1.late") attempts after the measured window (to $2 ms), $(failed "$1.late") failed: not counted"
    fail_bursts "$1.late" | sed 's/^/  late failures, first last count: /'
    [ "$(failed "$1.late")" -eq 0 ] || why_failed "$1.late"
}
# A gap is the time between the starts of two consecutive successful attempts
# with at least one failed attempt between them: the client saw the service
# down. A stretch with no attempt at all is the client not being scheduled
# (the guest is one process among many under TCG), not an outage; stall_ms
# reports the longest such stretch.
GAP_AWK='$2 == "fail" && last != "" { down = 1 }
    $2 == "ok" { if (down && $1 - last > max) { max = $1 - last; at = last } last = $1; down = 0 }'
gap_ms() { sort -n "$1" | awk "$GAP_AWK"' END { print max + 0 }'; }
# The client's longest stretch without an attempt within 200 ms before the
# first failure and up to the last one (0 without failures); beyond its
# pace.
stall_before_failures_ms() {  # OUT
    sort -n "$1" | awk -v p="$FC_PACE_MS" '$2 == "fail" { if (f == "") f = $1; l = $1 } { t[NR] = $1 }
        END { if (f == "") { print 0; exit } for (i = 2; i <= NR; i++) if (t[i] >= f - 200 && t[i] <= l && t[i] - t[i-1] - p > m) m = t[i] - t[i-1] - p; print m + 0 }'
}
stall_ms() { sort -n "$1" | awk 'NR > 1 && $1 - last > max { max = $1 - last } { last = $1 } END { print max + 0 }'; }
failed() { awk '$2 == "fail"' "$1" | wc -l; }
gap_context() {  # OUT: the attempts around the longest gap and every failure, for a failing check
    sort -n "$1" | awk "$GAP_AWK"'
        { t[NR] = $0; s[NR] = $1 } END { for (i = 1; i <= NR; i++) if (s[i] >= at - 30 && s[i] <= at + max + 30) print "  " t[i] }'
    awk '$2 == "fail" { print $1 }' "$1" | sort -n | awk 'NR == 1 { f = $1 } { l = $1 } END { if (NR) print "  " NR " failures from " f " to " l }'
    awk '$2 == "fail" { n[$3]++ } END { for (w in n) print "  " n[w] " failed at " w }' "$1"
    awk '$2 == "fail"' "$1" | sort -n | head -5 | sed 's/^/  first failures: /'
    echo "  longest stretch without any attempt (client not scheduled): $(stall_ms "$1") ms"
    # Failures apart by more than a second are separate events (a hand-over
    # and, seconds later, something else): each burst on a line of its own.
    fail_bursts "$1" | sed 's/^/  burst: /'
}
fail_bursts() {  # OUT: "FIRST LAST COUNT" per run of failures less than 1 s apart
    awk '$2 == "fail" { print $1 }' "$1" | sort -n |
        awk 'NR > 1 && $1 - l > 1000 { print f, l, n; n = 0 } n == 0 { f = $1 } { l = $1; n++ } END { if (n) print f, l, n }'
}
# Neighbour tables and drop or retransmission counters of the NAT topology's
# namespaces, logged on change every second (tools/netwatch.py), for
# why_failed. Every 250 ms it took a sixth of a guest CPU.
start_netwatch() { bg python3 -S tests/e2e/tools/netwatch.py /tmp/netwatch.log 1000 r1 r2 rs1 rs2 rs3 cl; }
# For a failing check of the NAT topology: what the routers and the real
# servers looked like right after it (client_until also runs it on failures
# after the measured window). Slow answers, who
# holds the NAT router address and which MAC the real servers send to,
# IPVS connections by state and server, the real servers' listen queues,
# the processes that used the most CPU, and (with start_netwatch) the
# neighbour and counter changes from 2 s before each burst of failures to
# 1 s after it.
why_failed() {  # OUT
    awk '$2 == "ok" && $4 > 500 { n++ } $2 == "ok" && $4 > m { m = $4 } END { print "  answers slower than 500 ms: " n + 0 ", slowest " m + 0 " ms" }' "$1"
    for r in r1 r2; do echo "  $r: $(ip -n "$r" -br addr show dev eth1 | tr -s ' ') $(ip -n "$r" -br link show dev eth1 | awk '{ print $3 }')"; done
    for i in 1 2 3; do echo "  rs$i: gateway $(ip -n "rs$i" neigh show 10.0.1.254 | tr -s ' '); $(ip netns exec "rs$i" ss -Hltn 'sport = :80' | awk '{ print "listen queue " $2 "/" $3 }'); established $(ip netns exec "rs$i" ss -Htn state established 'sport = :80' | wc -l)"; done
    for r in r1 r2; do echo "  $r connections: $(ip netns exec "$r" ipvsadm -Lnc | awk 'NR > 2 && $5 ~ /:80$/ { n[$3 ">" $6]++ } END { for (k in n) printf "%s=%d ", k, n[k] }')"; done
    c=${1%.late}; [ -f "$c.stats" ] && echo "  client: $(cat "$c.stats")"
    cpu_since
    [ -f /tmp/netwatch.log ] || return 0
    fail_bursts "$1" | while read -r f l n; do
        echo "  net around the burst of $n from $f to $l:"
        awk -v f="$f" -v l="$l" '$1 >= f - 2000 && $1 <= l + 1000' /tmp/netwatch.log | head -30 | sed 's/^/  net: /'
    done
}
# CPU time per thread of the guest since cpu_mark (fast_client marks at its
# start), for a failing check: who ran while the client failed, at which
# policy and priority, and how long each CPU's ksoftirqd waited to run
# (its run delay, /proc/PID/schedstat: network work held back).
cpu_threads() {  # "TID TICKS POLICY/PRIO RUN_DELAY_MS COMM" per thread
    cat /proc/[0-9]*/task/[0-9]*/stat 2>/dev/null | awk '{ i = index($0, ") "); o = index($0, "(")
        split(substr($0, i + 2), f, " "); c = substr($0, o + 1, i - o - 1); gsub(/ /, "_", c); d = 0
        if (c ~ /^ksoftirqd/ && (getline l < ("/proc/" $1 "/schedstat")) > 0) { split(l, w, " "); d = int(w[2] / 1000000) }
        print $1, f[12] + f[13], (f[39] == 0 ? "TS" : f[39] == 1 ? "FF" : f[39] == 2 ? "RR" : "P" f[39]) "/" f[38], d, c }'
}
cpu_mark() { cpu_threads > /tmp/cpu.mark; mono_ms > /tmp/cpu.mark.ms; }
cpu_since() {
    [ -f /tmp/cpu.mark ] || return 0
    echo "  cpu over the last $(( $(mono_ms) - $(cat /tmp/cpu.mark.ms) )) ms, by thread (ms, policy/priority):"
    cpu_threads | awk 'NR == FNR { t[$1] = $2; d[$1] = $4; next }
        { printf "%d %s %s %s %d\n", ($2 - t[$1]) * 10, $1, $3, $5, $4 - d[$1] }' /tmp/cpu.mark - |
        sort -rn | awk '$1 > 0 || $4 ~ /^ksoftirqd/ { if ($4 ~ /^ksoftirqd/ || n++ < 8) print }' |
        while read -r ms pid pol c d; do
            case "$c" in ksoftirqd*) echo "  cpu: $ms $pol $c (pid $pid), waited $d ms to run" ;;
                         *) echo "  cpu: $ms $pol $c (pid $pid)" ;; esac
        done
}
# tests/e2e/data/pulse.cf with the IPVS sync daemon on the private side.
pulse_cf_with_sync() { sed 's/^backup_active = 1$/backup_active = 1\nsyncdaemon = 1\nsyncd_iface = eth1/' tests/e2e/data/pulse.cf; }
# A heartbeat key, and for r1 and r2 an lvs.ini with the build's nanny and
# DAEMON (lvsd, or fos in FOS mode), a status segment of their own and that key.
keyed_inis() {  # [DAEMON]
    echo "0123456789abcdef0123456789abcdef" > /tmp/hb.key
    chmod 600 /tmp/hb.key
    for r in r1 r2; do
        printf '[paths]\nnanny = %s/nanny\n%s = %s/%s\n[shm]\nname = lvs-%s\n[heartbeat]\nkey_file = /tmp/hb.key\n' \
            "$BIN" "${1:-lvsd}" "$BIN" "${1:-lvsd}" "$r" > "/tmp/$r.ini"
    done
}
# Handed over, the connections in flight at a planned switchover survive.
# The releasing router hands its connections to the partner in passes, one
# after another until the partner announces; a connection opened during the
# pass under way at the announcement reaches the partner too late and can be
# reset. Two addresses move (the VIP on the public side, the NAT router
# address the real servers answer through on the private side), and a
# handshake can straddle each announcement. So at most two connections, plus
# those the client (one every FC_PACE_MS) opened during the longest pass logged:
# on hardware a pass takes about a millisecond; in the emulated guest 5 to 80
# (make bench reports the mean). When the emulated guest stalls the client
# just before the failures (it then opens the attempts it owes at once), the
# stall widens that window by as much: its attempts count too. So does the
# partner's own start of service in the guest: the heartbeat's transit, then
# its addresses added and announced (5 to 40 ms measured): 30 ms more.
check_switchover_resets() {  # OUT
    n=$(failed "$1")
    pass_ms=$(cat /tmp/pulse-*.log | sed -n 's/.*live connections to the partner.s sync daemon in \([0-9]*\).*/\1/p' | sort -n | tail -1)
    stall=$(stall_before_failures_ms "$1")
    bound=$(( 2 + (${pass_ms:-0} + stall + 30 + FC_PACE_MS - 1) / FC_PACE_MS ))
    echo "switchover: $n connections reset; the longest hand-over pass took ${pass_ms:-?} ms, the client stalled $stall ms beside the failures, so at most $bound"
    # The bound comes from timing: a sanitizer build prints it (within).
    within switchover-resets-within-one-pass "$n" "$bound" resets
    [ "$n" -le "$bound" ] || { gap_context "$1"; grep -h "announced\|releas\|took\|handed\|activating" /tmp/pulse-*.log | tail -12; why_failed "$1"; }
}
# SYNs a namespace's listeners dropped because their accept queue was full
# (the client's SYN then waits 1 s for its retransmission).
listen_drops() {  # NS
    ip netns exec "$1" awk '/^TcpExt:/ { if (!n) { for (i = 1; i <= NF; i++) k[i] = $i; n = 1 } else for (i = 1; i <= NF; i++) if (k[i] == "ListenDrops") print $i }' /proc/net/netstat
}
servers_seen() { awk '$2 != "-" { print $2 }' "$1" | sort -u | tr '\n' ' ' | sed 's/ $//'; }

# ECMP topology (redundancy = ecmp). The upstream router up runs BIRD with
# ECMP multipath (merge paths, a layer-4 hash: fib_multipath_hash_policy =
# 1) and BFD. Client LAN 203.0.113.0/24 (brcl): up .1, client cl .100.
# Router LAN 192.0.2.0/24 (brup): up .1, routers rN = 192.0.2.1N. Server
# LAN 10.0.1.0/24 (brpriv): up .1 (the real servers' gateway: they answer
# the client directly), routers rN = 10.0.1.1N (eth1, the sync daemon's
# interface), real servers rsN = 10.0.1.2N with the VIP 198.51.100.80 on lo
# and arp_ignore = 1, arp_announce = 2. The routers hold the VIP on lo
# (pulse adds it) and announce it to up over BGP (AS 64512 to 64500).
ECMP_VIP=198.51.100.80
topo_ecmp() {  # [N routers, default 3] [N real servers, default 3]
    nr=${1:-3}; ns=${2:-3}
    modprobe ip_vs; modprobe ip_vs_mh
    rt=""; rs=""; i=1
    while [ "$i" -le "$nr" ]; do rt="$rt r$i"; i=$((i + 1)); done
    i=1
    while [ "$i" -le "$ns" ]; do rs="$rs rs$i"; i=$((i + 1)); done
    {
        for b in brcl brup brpriv; do echo "link add $b type bridge"; echo "link set $b up"; done
        for h in up cl $rt $rs; do echo "netns add $h"; done
        for l in up-eth1:brcl cl-eth0:brcl up-eth0:brup up-eth2:brpriv $(for h in $rt; do echo "$h-eth0:brup $h-eth1:brpriv"; done) \
                 $(for h in $rs; do echo "$h-eth0:brpriv"; done); do
            h=${l%%-*}; dev=${l#*-}; dev=${dev%:*}
            echo "link add $h-$dev type veth peer name $dev netns $h"
            echo "link set $h-$dev master ${l#*:} up"
        done
    } | ip -batch -
    ns_setup up "link set eth0 up" "link set eth1 up" "link set eth2 up" "addr add 192.0.2.1/24 dev eth0" \
        "addr add 203.0.113.1/24 dev eth1" "addr add 10.0.1.1/24 dev eth2"
    # The real servers' answers come in on eth2 from the VIP, which up
    # routes to the routers: no reverse-path filter.
    ns_exec up sysctl -qw net.ipv4.ip_forward=1 net.ipv4.fib_multipath_hash_policy=1 net.ipv4.conf.all.rp_filter=0 \
        net.ipv4.conf.eth2.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0
    ns_setup cl "link set eth0 up" "addr add 203.0.113.100/24 dev eth0" "route add default via 203.0.113.1"
    for h in $rt; do
        ns_setup "$h" "link set eth0 up" "link set eth1 up" "addr add 192.0.2.1${h#r}/24 dev eth0" "addr add 10.0.1.1${h#r}/24 dev eth1"
        ns_exec "$h" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
    done
    for h in $rs; do
        ns_setup "$h" "link set eth0 up" "addr add 10.0.1.2${h#rs}/24 dev eth0" "addr add $ECMP_VIP/32 dev lo" \
            "route add default via 10.0.1.1"
        ns_exec "$h" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
            net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
    done
}
# The real servers of topo_ecmp 3 3: HTTP on 80 (the body names the
# server) and echo.py on 9000, at the priority start_http gives.
ecmp_servers() {
    for i in 1 2 3; do
        start_http "rs$i" 80 "rs$i"
        bg ip netns exec "rs$i" nice -n -10 python3 -S tests/e2e/tools/echo.py server 9000
    done
}
# /tmp/bird-up.conf: the upstream, one BGP session with BFD (100 ms x
# MULT) per router, ECMP into its kernel; a session that failed is tried
# again after 1 s (BIRD's default is 60). DEBUG: what its log records
# (default "states"; "states, events" adds "BFD session down"). CHANNEL
# (ipv4 or ipv6) and the routers' PEER addresses, protocols r1, r2, ... in
# that order; by default ipv4 and 192.0.2.11 to .13.
ecmp_upstream_conf() {  # MULT [DEBUG [CHANNEL PEER...]]
    mult=$1; debug=${2:-states}; chan=${3:-ipv4}
    shift; [ $# -gt 0 ] && shift; [ $# -gt 0 ] && shift
    [ $# -gt 0 ] || set -- 192.0.2.11 192.0.2.12 192.0.2.13
    {
        echo 'log "/tmp/bird-up.out" all;'
        echo 'router id 192.0.2.1;'
        echo "debug protocols { $debug };"
        echo 'protocol device { }'
        echo "protocol kernel { $chan { import none; export all; }; merge paths on; }"
        echo "protocol bfd { interface \"eth0\" { interval 100 ms; multiplier $mult; }; }"
        echo 'template bgp lvs { local as 64500; bfd on; error wait time 1, 5; connect delay time 1; connect retry time 1;'
        echo "    $chan { import all; export none; }; }"
        n=1
        for p; do echo "protocol bgp r$n from lvs { neighbor $p as 64512; }"; n=$((n + 1)); done
    } > /tmp/bird-up.conf
}
# One virtual service of the routers' lvs.cf: NAME PORT, mh on the three
# real servers, in the same order on every router.
ecmp_virtual() {  # NAME PORT
    printf 'virtual %s {\n\tactive = 1\n\taddress = %s lo:1\n\tport = %s\n' "$1" "$ECMP_VIP" "$2"
    printf '\tscheduler = mh\n\tsched_flags = mh-port\n\ttimeout = 2\n\tinterval = 1\n\tfall = 3\n\treentry = 2\n'
    for i in 1 2 3; do printf '\tserver rs%s {\n\t\taddress = 10.0.1.2%s\n\t\tactive = 1\n\t}\n' "$i" "$i"; done
    echo "}"
}
# Router NS's /tmp/bird-NS.conf (its own BIRD, including pulse's fragment
# /tmp/bird-NS/lvs-vips.conf) and /tmp/NS.cf: redundancy = ecmp, direct
# routing, the sync daemon on eth1, BFD 100 ms x MULT, and the virtual
# services www (80) and echo (9000).
ecmp_router_conf() {  # NS MULT WARMUP_S DRAIN_S
    mkdir -p "/tmp/bird-$1"
    printf 'log "/tmp/bird-%s.out" all;\nrouter id 192.0.2.1%s;\ndebug protocols { states };\nprotocol device { }\ninclude "/tmp/bird-%s/lvs-vips.conf";\n' \
        "$1" "${1#r}" "$1" > "/tmp/bird-$1.conf"
    { printf 'service = lvs\nredundancy = ecmp\nnetwork = direct\nsyncdaemon = 1\nsyncd_iface = eth1\nreconcile_interval = 1\n'
      printf 'bgp_local_as = 64512\nbgp_peer = 192.0.2.1\nbgp_peer_as = 64500\nbfd = 1\nbfd_interval = 0.1\nbfd_multiplier = %s\n' "$2"
      printf 'announce_min_servers = 1\nannounce_warmup = %s\nwithdraw_drain = %s\nmonitor_links = 1\n' "$3" "$4"
      printf 'bird_socket = /tmp/bird-%s.ctl\nbird_include = /tmp/bird-%s/lvs-vips.conf\n' "$1" "$1"
      ecmp_virtual www 80
      ecmp_virtual echo 9000
    } > "/tmp/$1.cf"
}
# Router NS, its files written (ecmp_router_conf, then any edit of
# /tmp/NS.cf): its BIRD with an empty fragment, an lvs.ini without
# /metrics, and pulse with /tmp/NS.cf.
ecmp_start_router() {  # NS
    : > "/tmp/bird-$1/lvs-vips.conf"
    start_bird "$1" || fail "bird-$1-starts" "$(tail -5 "/tmp/bird-$1.out" 2>/dev/null)"
    printf '[paths]\nnanny = %s/nanny\nlvsd = %s/lvsd\n[shm]\nname = lvs-%s\n[status]\nlisten = off\n' "$BIN" "$BIN" "$1" > "/tmp/$1.ini"
    start_pulse "$1" -c "/tmp/$1.cf"
}
# BIRD in namespace NS with /tmp/bird-NS.conf, its socket /tmp/bird-NS.ctl
# (each namespace its own daemon); it forks, and its pid is tracked for the
# cleanup. It runs at SCHED_FIFO 10, above the measuring client and
# ksoftirqd (5 and 6), as pulse's heartbeats do: a router's control plane
# stands for a machine of its own, and at normal priority a starved BIRD
# missed BFD's deadline and every session dropped.
start_bird() {  # NS
    rm -f "/tmp/bird-$1.pid"
    ns_exec "$1" chrt -f 10 bird -c "/tmp/bird-$1.conf" -s "/tmp/bird-$1.ctl" -P "/tmp/bird-$1.pid" || return 1
    wait_for 10 test -s "/tmp/bird-$1.pid" && E2E_BG="$E2E_BG $(cat "/tmp/bird-$1.pid")"
}
# The guest's local time of day (what BIRD's log stamps) less
# CLOCK_MONOTONIC (the client's clock and mono_ms's), in ms, read in one
# process.
wall_off_ms() {
    python3 -S -c 'import time
w = time.time(); m = time.monotonic(); t = time.localtime(w)
print(int(((t.tm_hour * 60 + t.tm_min) * 60 + t.tm_sec + w % 1) * 1000 - m * 1000))'
}
# The stamp of the last line of a BIRD log matching ERE, on the client's
# clock (ms; 0 when there is none).
bird_stamp_mono() {  # FILE ERE OFF
    awk -v e="$2" -v off="$3" '$0 ~ e { split($2, a, ":"); s = int(((a[1] * 60 + a[2]) * 60 + a[3]) * 1000) - off }
        END { print s + 0 }' "$1"
}
birdc_in() { ns=$1; shift; ns_exec "$ns" birdc -s "/tmp/bird-$ns.ctl" "$@"; }  # NS COMMAND...
# The routers up's route to the VIP goes through now ("r1 r2 r3"), from
# the kernel's table (what the traffic uses).
ecmp_paths() { ip -n up route show "$ECMP_VIP" | sed -n 's/.*via 192\.0\.2\.1\([0-9]\).*/r\1/p' | sort | tr '\n' ' ' | sed 's/ $//'; }
has_paths() { [ "$(ecmp_paths)" = "$1" ]; }  # WANT ("r1 r3")
# The router up sends each TCP flow from the client to the VIP through, one
# line per source port given on standard input ("SPORT rN"), by asking the
# kernel's forwarding path (the multipath hash of the 5-tuple).
flow_routers() {  # DPORT < SPORTS
    awk '{ print $1 }' > /tmp/.flow-ports
    sed "s|.*|route get $ECMP_VIP from 203.0.113.100 iif eth1 ipproto tcp sport & dport $1|" /tmp/.flow-ports |
        ip -n up -batch - 2>/dev/null | sed -n 's/.*via 192\.0\.2\.1\([0-9]\).*/r\1/p' | paste -d ' ' /tmp/.flow-ports -
}
# Connections IPVS scheduled in NS for the VIP's PORT since it started.
ipvs_conns() {  # NS PORT [VIP, default $ECMP_VIP]
    v=${3:-$ECMP_VIP}; case $v in *:*) v="[$v]";; esac
    ns_exec "$1" ipvsadm -Ln --stats --exact | awk -v v="$v:$2" '$2 == v { print $3 }'
}
# NAME MIN_PCT COUNT...: each COUNT (a router's new connections) is at
# least MIN_PCT % of their sum.
spread_at_least() {
    sa_name=$1 sa_min=$2; shift 2
    echo "$*" | awk -v m="$sa_min" '{ t = 0; for (i = 1; i <= NF; i++) t += $i; for (i = 1; i <= NF; i++) if (t == 0 || $i * 100 < m * t) exit 1 }' &&
        pass "$sa_name" || fail "$sa_name" "$*"
}
# Router LOST lost its power at T_CUT0 (ms, the client's clock); LF is when
# the last failed new connection started (0: none). Check NAME: LF is no
# later than the upstream's own detection (its BGP session to LOST stopped
# on BFD's word, stamped in its log) plus the 100 ms the route's removal
# from its kernel may take.
within_detection() {  # NAME LOST T_CUT0 LF
    wd_bfd=$(bird_stamp_mono /tmp/bird-up.out "$2: State changed to stop" "$(wall_off_ms)")
    echo "power loss: the upstream stopped $2's session $(( wd_bfd - $3 )) ms after the cut began; the last failed new connection started $(( $4 > 0 ? $4 - wd_bfd : 0 )) ms after that"
    [ "$wd_bfd" -gt 0 ] && [ "$4" -le "$(( wd_bfd + 100 ))" ] && pass "$1" || fail "$1" "last failure $4, detection $wd_bfd"
}
