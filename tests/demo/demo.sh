#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo, run inside the test guest (tests/demo/run.sh boots it): two LVS
# routers, a client and three real servers, configured from the shipped
# etc/lvs.cf.sample, narrated with lvsctl's table. The figures it prints are
# held to the bounds the end-to-end tests assert (within, tests/e2e/lib.sh:
# a PASS or FAIL line each), and any FAIL makes the demo exit 1.
. tests/e2e/lib.sh
say() { printf '\n== %s\n' "$*"; }
note() { printf '   %s\n' "$*"; }
ctl() { ns=$1; shift; ip netns exec "$ns" "$BIN/lvsctl" --settings "/tmp/$ns.ini" "$@"; }
has_vip() { ip netns exec "$1" ip -o addr show dev eth0 | grep -q 192.0.2.80; }
spread() {  # N requests from the client; prints "web1 x, web2 y, ..."
    for i in $(seq "$1"); do ns_exec cl curl -s -m 2 http://192.0.2.80/ || echo "(failed)"; done |
        sort | uniq -c | awk '{ printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1 } END { print "" }'
}
table() { ctl "$1" status | sed 's/^/   /'; }
log_ms() {  # NS TEXT: the stamp (ms) of the last line of NS's log with TEXT
    awk -v t="$2" 'index($0, t) { s = $1 } END { gsub(/\[|\]/, "", s); printf "%d\n", s * 1000 }' "/tmp/pulse-$1.log"
}

say "Setting up: routers r1 (primary, 192.0.2.10) and r2 (backup, 192.0.2.11),"
note "client 192.0.2.100, real servers web1..web3 on 10.0.1.21-23 behind NAT."
topo_nat 3
for i in 1 2 3; do start_http "rs$i" 80 "web$i"; done
# The shipped sample, with demo-sized timers (the sample's are 2 s keepalive,
# 6 s deadtime, 2 s checks, 30 s re-entry); the bounds below are made of them.
DEADTIME=1 TIMEOUT=1 INTERVAL=0.5  # seconds, as lvs.cf has them
ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }
DEADTIME_MS=$(ms $DEADTIME) TIMEOUT_MS=$(ms $TIMEOUT) INTERVAL_MS=$(ms $INTERVAL)
sed -e 's/^keepalive = .*/keepalive = 0.2/' -e "s/^deadtime = .*/deadtime = $DEADTIME/" \
    -e "s/^\(\s*\)timeout = 6/\1timeout = $TIMEOUT/" -e "s/^\(\s*\)interval = 2/\1interval = $INTERVAL/" \
    -e 's/^\(\s*\)reentry = 30/\1reentry = 1/' etc/lvs.cf.sample > /tmp/lvs.cf
note "config: etc/lvs.cf.sample with keepalive 0.2 s, deadtime ${DEADTIME_MS} ms, checks every ${INTERVAL_MS} ms"
"$BIN/pulse" --test-config -c /tmp/lvs.cf | sed 's/^/   /'
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > /tmp/hb.key; chmod 600 /tmp/hb.key
for r in r1 r2; do
    printf '[paths]\nnanny = %s/nanny\nlvsd = %s/lvsd\n[shm]\nname = lvs-%s\n[heartbeat]\nkey_file = /tmp/hb.key\n' \
        "$BIN" "$BIN" "$r" > "/tmp/$r.ini"
done
# The sample heartbeats over a second, private path too (10.255.0.0/24).
ns_exec r1 ip addr add 10.255.0.10/24 dev eth1
ns_exec r2 ip addr add 10.255.0.11/24 dev eth1
# Logs stamped with the monotonic clock (start_pulse), so that the figures
# below come from the daemons' own lines, not from polling.
start_pulse r1
start_pulse r2
wait_for 20 has_vip r1
wait_for 20 sh -c "$BIN/lvsctl --shm lvs-r1 check --quiet"
say "1. pulse runs on both routers; r1 holds the VIP, every server is up"
table r1
say "   Traffic is spread by weight (wlc; web1 has weight 100, web2 and web3 50):"
note "40 requests -> $(spread 40)"

say "2. web2's web server is killed"
t0=$(mono_ms)
stop_http rs2 80
wait_for 10 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 10.0.1.22"
detected=$(( $(log_ms r1 "shutting down 10.0.1.22:80") - t0 ))
note "web2's nanny judged it down $detected ms after its server stopped"
note "(a check every ${INTERVAL_MS} ms: the next one is refused at once), and it left the IPVS table"
# e2e 30-nanny's bound: interval + timeout + 600 ms of slack.
within nanny-detection-within-interval-timeout-plus-600ms "$detected" $((INTERVAL_MS + TIMEOUT_MS + 600))
note "20 requests -> $(spread 20)"
say "   ... and web3 is drained for maintenance: lvsctl drain www/web3"
ctl r1 drain www/web3 | sed 's/^/   /'
note "20 requests -> $(spread 20)"
table r1
ctl r1 check | sed 's/^/   /'

say "3. web2 is back and web3's maintenance is over: lvsctl undrain www/web3"
start_http rs2 80 web2
ctl r1 undrain www/web3 >/dev/null
wait_for 15 sh -c "$BIN/lvsctl --shm lvs-r1 check --quiet"
table r1
note "40 requests -> $(spread 40)"

say "4. r1 loses power while the client opens a connection every 10 ms"
fast_client cl 192.0.2.80 /tmp/client.log
sleep 2
# router_power_off, with the moment r1's links go down stamped: the host
# ends down, and no heartbeat leaves r1 any more. (Stamped before the call,
# the figure took in the guest's execs of ip and sed that find the links:
# over a second measured under emulation.)
links=$(host_links r1)
for l in $links; do echo "link set $l down"; done | ip -batch -
t0=$(mono_ms)
for l in $links; do echo "link set ${l#r1-} down"; done | ns_exec r1 ip -batch -
kill -9 "$PULSE_r1"
wait_for 10 has_vip r2
# From r2's own lines: the silence it waited out, its takeover after it, and
# the stamp of its "addresses up and announced" line: the VIP up.
silence=$(sed -n 's/.*partner dead: .*no heartbeat for \([0-9]*\) ms.*/\1/p' /tmp/pulse-r2.log | tail -1)
plumb=$(sed -n 's/.*addresses up and announced in \([0-9.]*\) ms.*/\1/p' /tmp/pulse-r2.log | tail -1)
vip_up=$(( $(log_ms r2 "addresses up and announced") - t0 ))
note "r2 declared r1 dead after ${silence:-?} ms without a heartbeat (deadtime ${DEADTIME_MS} ms) and had the VIP up"
note "and announced ${plumb:-?} ms later: the VIP was up $vip_up ms after r1's links went down"
sleep 3
stop_fast_client /tmp/client.log
gap=$(gap_ms /tmp/client.log)
note "client: $(wc -l < /tmp/client.log) connections, $(failed /tmp/client.log) failed, longest gap $gap ms"
note "(the gap is deadtime plus the takeover; e2e 40-pulse holds it under deadtime + 150 ms)"
# e2e 40-pulse's bounds: deadtime of silence (never less: the partner is not
# declared dead early), then the addresses and their announcement within
# 150 ms; the VIP up and the client's gap within deadtime + 150 ms.
# (No pipe after within, pass or fail: they count failures for finish.)
if [ -n "$silence" ] && [ -n "$plumb" ]; then pass takeover-figures-logged
else fail takeover-figures-logged "r2's log lacks 'no heartbeat for' or 'addresses up and announced'"; fi
if [ "${silence:-0}" -ge "$DEADTIME_MS" ]; then pass silence-at-least-deadtime
else fail silence-at-least-deadtime "${silence:-?} ms, deadtime $DEADTIME_MS ms"; fi
within silence-within-deadtime-plus-150ms "${silence:-100000}" $((DEADTIME_MS + 150))
within plumbing-within-150ms "$(awk -v v="${plumb:-100000}" 'BEGIN { printf "%d", v + 0.999 }')" 150
within vip-up-within-deadtime-plus-150ms "$vip_up" $((DEADTIME_MS + 150))
within failover-gap-within-deadtime-plus-150ms "$gap" $((DEADTIME_MS + 150))
table r2
grep -h "partner dead\|gratuitous" /tmp/pulse-r2.log | sed 's/^/   r2: /' | head -3
say "Done: spread, failed server, drain, recovery and router failover, all on a real kernel."
finish
