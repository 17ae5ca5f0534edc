#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Soak (make soak; not in CI): a NAT router pair with the sync daemon under
# steady client traffic (a new connection every 10 ms) for SOAK_MINUTES
# (default 60), while
#   - a real server (rs3) flaps every 7 s,
#   - both routers reload every 10 s, cycling two valid files and a bad one,
#   - rs2 is drained and undrained every 15 s (on the router that drained it),
#   - the active router hands the service over every 5 minutes.
# Every minute each daemon's RSS and open descriptors and the status
# segment's size are sampled (BENCH-style "sample" lines). Passes when
#   - after the first 10 minutes nothing grows (RSS at most 64 KiB above its
#     minute-10 value; descriptors and segment size equal),
#   - lvsd's periodic reconcile never found the kernel's table different from
#     the desired one (drift repairs 0: the table always equalled it within
#     one reconcile),
#   - at the end, with the perturbations stopped, both tables are the ones
#     the first valid file gives (no configuration lost),
#   - no daemon restarted (no child exit logged, pulse and lvsd pids kept).
. tests/e2e/lib.sh
minutes=${SOAK_MINUTES:-60}
topo_nat 3
for i in 1 2 3; do start_http "rs$i" 80 "rs$i"; done
pulse_cf_with_sync | sed -e 's/^reconcile_interval = 1$/reconcile_interval = 1\nmonitor_links = 1/' \
    -e 's/^\tinterval = 0.5$/\tinterval = 0.5\n\treentry = 1/' > /tmp/a.cf  # a flapped server returns after 1 s
sed 's/scheduler = rr/scheduler = wlc/' /tmp/a.cf > /tmp/b.cf
{ cat /tmp/a.cf; echo "this line is not lvs.cf"; } > /tmp/bad.cf
cp /tmp/a.cf /tmp/lvs.cf
keyed_inis
for r in r1 r2; do
    ns_exec "$r" ip link set lo up
    printf '[status]\nlisten = 127.0.0.1:9539\n' >> "/tmp/$r.ini"
done
ctl() { ns=$1; shift; ip netns exec "$ns" "$BIN/lvsctl" --settings "/tmp/$ns.ini" "$@"; }
holder() { if has_vip r1; then echo r1; else echo r2; fi; }
start_pulse r1
start_pulse r2
wait_for 30 has_vip r1 && wait_for 30 sh -c "$BIN/lvsctl --shm lvs-r1 check --quiet && $BIN/lvsctl --shm lvs-r2 check --quiet" &&
    pass setup || fail setup "$($BIN/lvsctl --shm lvs-r1 status)"
want1=$(ipvs_save r1); want2=$(ipvs_save r2)
pids0="$(pgrep -x pulse | sort | tr '\n' ' ')$(pgrep -x lvsd | sort | tr '\n' ' ')"
fast_client cl 192.0.2.80 /tmp/c-soak.log

rss_kb() { awk '/^VmRSS/ { s += $2 } END { print s + 0 }' $(for p in "$@"; do echo "/proc/$p/status"; done) 2>/dev/null; }
fds() { n=0; for p in "$@"; do n=$((n + $(ls "/proc/$p/fd" 2>/dev/null | wc -l))); done; echo $n; }
ns_pids() { for p in $(pgrep -x "$2"); do [ "$(ip netns identify "$p")" = "$1" ] && echo "$p"; done; }
sample() {  # MINUTE: one line per router
    for r in r1 r2; do
        pu=$(ns_pids $r pulse); lv=$(ns_pids $r lvsd); na=$(ns_pids $r nanny)
        echo "sample $1 $r pulse_rss_kb $(rss_kb $pu) pulse_fds $(fds $pu) lvsd_rss_kb $(rss_kb $lv) lvsd_fds $(fds $lv)" \
            "nanny_rss_kb $(rss_kb $na) nanny_fds $(fds $na) nannies $(echo $na | wc -w) shm_bytes $(stat -c %s /dev/shm/lvs-$r)" \
            "drift_repairs $(ns_exec $r curl -s -m 3 http://127.0.0.1:9539/metrics | awk '/^lvs_reconcile_drift_repairs_total/ { print $2 }')"
    done | tee -a /tmp/soak-samples
}

: > /tmp/soak-samples
# A schedule on the clock, not on loop turns: a turn can take seconds
# (a server's restart waits for it to answer).
files="a b bad"; fi=0; drained=0; rs3=up  # drained: 0 or the router holding the drain
s0=$(date +%s); s_end=$((minutes * 60))  # lib.sh's wait_for uses t and end
flap=7; reload=10; drain=15; over=300; samp=60
while :; do
    sleep 1; st=$(( $(date +%s) - s0 ))
    [ $st -ge $s_end ] && break
    if [ $st -ge $flap ]; then
        flap=$((flap + 7))
        if [ $rs3 = up ]; then stop_http rs3 80; rs3=down; else start_http rs3 80 rs3; rs3=up; fi
    fi
    if [ $st -ge $reload ]; then
        reload=$((reload + 10))
        set -- $files; shift $((fi % 3)); cp "/tmp/$1.cf" /tmp/lvs.cf; fi=$((fi + 1))
        kill -HUP "$PULSE_r1" "$PULSE_r2"
    fi
    # A drain belongs to the router whose nanny holds it (lvsctl(8)): the
    # undrain goes where the drain went, even after a switchover. Each waits
    # for its effect, as an operator's would: a drain sent with --no-wait
    # can be overtaken by the undrain that follows it.
    if [ $st -ge $drain ]; then
        drain=$((drain + 15))
        if [ $drained = 0 ]; then drained=$(holder); ctl $drained drain web/rs2 > /dev/null || echo "soak: drain on $drained failed at $st s"
        else ctl $drained undrain web/rs2 > /dev/null || echo "soak: undrain on $drained failed at $st s"; drained=0; fi
    fi
    [ $st -ge $over ] && { over=$((over + 300)); ctl "$(holder)" switchover --no-wait > /dev/null; }
    [ $st -ge $samp ] && { sample $((samp / 60)); samp=$((samp + 60)); }
done
echo "soak: $fi reloads, $((fi / 3)) of them refused, over $((st / 60)) minutes"

# Back to the first file, every server up and undrained, the service on r1.
cp /tmp/a.cf /tmp/lvs.cf; kill -HUP "$PULSE_r1" "$PULSE_r2"
[ $rs3 = up ] || start_http rs3 80 rs3
[ $drained = 0 ] || ctl $drained undrain web/rs2
[ "$(holder)" = r1 ] || { ctl r2 switchover > /dev/null; wait_for 10 has_vip r1; }
wait_for 60 sh -c "$BIN/lvsctl --shm lvs-r1 check --quiet && $BIN/lvsctl --shm lvs-r2 check --quiet"
sleep 3
stop_fast_client /tmp/c-soak.log
echo "client: $(wc -l < /tmp/c-soak.log) requests, $(failed /tmp/c-soak.log) failed, longest gap $(gap_ms /tmp/c-soak.log) ms"
gap_context /tmp/c-soak.log | head -40 | sed 's/^/gap /'
for r in r1 r2; do
    eval want=\$want${r#r}
    got=$(ipvs_save $r)
    assert_eq "$want" "$got" no-configuration-lost-$r
    [ "$want" = "$got" ] || ctl $r status
done
pids1="$(pgrep -x pulse | sort | tr '\n' ' ')$(pgrep -x lvsd | sort | tr '\n' ' ')"
assert_eq "$pids0" "$pids1" pulse-and-lvsd-never-restarted
exits=$(cat /tmp/pulse-r1.log /tmp/pulse-r2.log | grep -c "exited with status\|terminated with signal\|cannot be kept running")
assert_eq 0 "$exits" no-child-exit-logged
assert_eq "" "$(awk '$NF != 0 { print }' /tmp/soak-samples)" drift-repairs-always-0
# Growth after minute 10: each router's figures at the end against minute 10.
if [ "$minutes" -gt 10 ]; then
    for r in r1 r2; do
        a=$(grep "^sample 10 $r " /tmp/soak-samples); b=$(grep " $r " /tmp/soak-samples | tail -1)
        echo "$a" "$b" | awk -v r=$r '{ n = NF / 2
            for (i = 4; i < n; i += 2) { k = $i; x = $(i + 1); y = $(n + i + 1)
                if (k ~ /rss_kb/ ? y > x + 64 : (k != "drift_repairs" && y != x)) { print "GROWS " r " " k " " x " -> " y; bad = 1 } }
            exit bad }' && pass "no-growth-after-10-minutes-$r" || fail "no-growth-after-10-minutes-$r" "see GROWS above"
    done
else
    echo "soak shorter than 10 minutes: growth not judged"
fi
finish
