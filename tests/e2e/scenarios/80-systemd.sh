#!/bin/sh
# e2e-init: systemd
# SPDX-License-Identifier: GPL-2.0-or-later
# pulse.service under a real systemd as PID 1: the unit as shipped, the
# programs in /usr/sbin as a package puts them, OPTIONS in /etc/default/pulse
# and one drop-in that runs the unit in router r1's network namespace (r2 is
# a pulse started by hand). Proves: no lvs.cf, no start (skipped, not
# failed); a bad lvs.cf fails the start with status 2, never restarted;
# start returns at READY, with the table programmed; the heartbeat runs
# real-time with its memory locked; STATUS= shows the role; lvsd's and the
# nannies' lines reach the journal with lvs.ini's facility (local3) and
# their own priorities, debug ones included; a good reload is applied
# without a restart, a bad one fails and the running configuration stays,
# its error in journalctl -p err; kill -9 is restarted by systemd, the VIP
# never on both routers; stop hands over.
. tests/e2e/lib.sh
unit() { systemctl show -p "$1" --value pulse; }
assert_eq systemd "$(cat /proc/1/comm)" systemd-is-pid-1
# The system's own start first: systemd-tmpfiles empties /tmp at boot, so
# nothing of the scenario may be there before it has run.
systemctl start sysinit.target basic.target
topo_nat 3
for i in 1 2 3; do start_http "rs$i" 80 "rs$i"; done
pulse_cf_with_sync | sed -e 's/^deadtime = .*/deadtime = 1\nfailback_delay = 3/' > /tmp/lvs.cf
keyed_inis
# r1 (the unit's pulse) logs with facility local3 at level debug; lvsd and
# the nannies take both from it (pulse(8), LOGGING).
printf '[log]\nfacility = local3\nlevel = debug\n' >> /tmp/r1.ini
install_pulse_unit
systemctl enable pulse 2>&1 && pass unit-enables || fail unit-enables "systemctl enable failed"
# BIRD (redundancy = ecmp) starts after pulse has rewritten its fragment
# without routes and lvsd has programmed the table (the package's drop-in).
assert_match "pulse.service" "$(systemctl show -p After bird.service)" bird-ordered-after-pulse

# Without the lvs.cf OPTIONS names, a start is skipped, not failed.
systemctl start pulse
rc=$?
[ $rc -eq 0 ] && [ "$(unit ActiveState)" = inactive ] && ! pgrep -x pulse > /dev/null &&
    pass no-config-no-start || fail no-config-no-start "start $rc, $(unit ActiveState) $(unit Result)"

# A file the validator rejects fails the start, and Restart=on-failure never
# retries it: pulse itself exits 2 (RestartPreventExitStatus=2; a failed
# ExecStartPre would be retried whatever its status). Checked once three
# times RestartSec and a second have passed, when a retry would have run.
{ cat /tmp/lvs.cf; echo "bad_start_key = 1"; } > /tmp/r1.cf
systemctl start pulse 2>/dev/null && fail bad-config-start-fails "systemctl start succeeded" || pass bad-config-start-fails
wait_s=$(systemctl show -p RestartUSec --value pulse | awk '/ms$/ { printf "%d", 3 * $0 / 1000 + 2; next } /s$/ { printf "%d", 3 * $0 + 1 }')
echo "RestartSec $(systemctl show -p RestartUSec --value pulse): waiting ${wait_s:-4} s"
sleep "${wait_s:-4}"
assert_eq "failed exit-code 2 0" "$(unit ActiveState) $(unit Result) $(unit ExecMainStatus) $(unit NRestarts)" \
    bad-config-fails-not-restarted
assert_match "bad_start_key" "$(journalctl -u pulse -p err -o cat --no-pager)" bad-config-error-in-journal
systemctl reset-failed pulse

# systemctl start returns at READY=1: the table is programmed by then.
cp /tmp/lvs.cf /tmp/r1.cf
t0=$(now_ms)
systemctl start pulse
rc=$?
echo "systemctl start pulse: status $rc after $(( $(now_ms) - t0 )) ms"
assert_eq "0 active" "$rc $(unit ActiveState)" start-until-ready
assert_match "10.0.1.21:80" "$(ipvs_list r1)" ready-means-table-programmed
wait_for 10 has_vip r1 && pass unit-router-takes-vip || fail unit-router-takes-vip "$(journalctl -u pulse -o cat | tail -5)"
wait_for 10 sh -c "systemctl show -p StatusText --value pulse | grep -q 'primary router, active'" &&
    pass status-shows-role || fail status-shows-role "$(unit StatusText)"
# The unit's limits and capabilities let the heartbeat run real-time with
# its memory locked (lvs.ini's default heartbeat priority 10).
assert_eq 0 "$(journalctl -u pulse -o cat --no-pager | grep -c 'normal priority\|page faults')" realtime-and-mlockall-under-unit
vmlck=$(awk '/^VmLck:/ { print $2 }' "/proc/$(unit MainPID)/status")
[ "${vmlck:-0}" -gt 0 ] && pass heartbeat-memory-locked || fail heartbeat-memory-locked "VmLck ${vmlck:-?} kB"
start_pulse r2 -c /tmp/lvs.cf
wait_ipvs r2 "10.0.1.23:80" 20 && pass partner-warm || fail partner-warm "$(tail -5 /tmp/pulse-r2.log)"
wait_for 10 sh -c "systemctl show -p StatusText --value pulse | grep -q 'partner standing by'" &&
    pass status-shows-partner || fail status-shows-partner "$(unit StatusText)"

# The journal keeps each line's facility and priority: lvsd's and the
# nannies' syslog lines carry lvs.ini's local3 (SYSLOG_FACILITY 19), info and
# notice lines their own priorities, and level debug lets debug lines (7)
# through (lvsd's reconcile, every reconcile_interval).
journal_of() {  # IDENT: "FACILITY PRIORITY MESSAGE" for each of the unit's syslog lines from IDENT
    journalctl -o json --no-pager _SYSTEMD_UNIT=pulse.service SYSLOG_IDENTIFIER="$1" | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    print(e.get("SYSLOG_FACILITY", "-"), e.get("PRIORITY", "-"), e.get("MESSAGE", ""))'
}
wait_for 10 sh -c "journalctl --no-pager _SYSTEMD_UNIT=pulse.service SYSLOG_IDENTIFIER=lvsd PRIORITY=7 | grep -q reconcile"
for ident in lvsd nanny; do
    journal_of "$ident" > "/tmp/journal-$ident"
    n=$(wc -l < "/tmp/journal-$ident")
    local3=$(awk '$1 == 19' "/tmp/journal-$ident" | wc -l)
    [ "$n" -gt 0 ] && [ "$n" -eq "$local3" ] && pass "journal-$ident-facility-local3" ||
        fail "journal-$ident-facility-local3" "$local3 of $n lines with facility 19: $(awk '$1 != 19' "/tmp/journal-$ident" | head -2)"
done
has_line() {  # NAME FILE AWK_CONDITION
    if awk "$3 { found = 1 } END { exit !found }" "$2"; then pass "$1"; else fail "$1" "none with $3 in: $(head -3 "$2")"; fi
}
has_line journal-lvsd-info-priority /tmp/journal-lvsd '$2 == 6'
has_line journal-lvsd-debug-line /tmp/journal-lvsd '$2 == 7 && /reconcile/'
has_line journal-nanny-info-priority /tmp/journal-nanny '$2 == 6 && /starting LVS client monitor/'
has_line journal-nanny-notice-priority /tmp/journal-nanny '$2 == 5 && /making .* available/'

# A good reload: applied by SIGHUP, same process.
pid=$(unit MainPID)
sed 's/scheduler = rr/scheduler = wlc/' /tmp/lvs.cf > /tmp/r1.cf
cp /tmp/r1.cf /tmp/lvs.cf && kill -HUP "$PULSE_r2"
systemctl reload pulse && pass good-reload-succeeds || fail good-reload-succeeds "systemctl reload failed"
wait_ipvs r1 'TCP  192.0.2.80:80 wlc' 10 &&
    pass good-reload-applied || fail good-reload-applied "$(ipvs_list r1)"
assert_eq "$pid" "$(unit MainPID)" good-reload-keeps-process

# A bad reload: refused before SIGHUP, the old configuration stays.
cp /tmp/r1.cf /tmp/r1.good
{ cat /tmp/r1.good; echo "this_is_not_a_key = 1"; } > /tmp/r1.cf
systemctl reload pulse && fail bad-reload-fails "systemctl reload succeeded" || pass bad-reload-fails
assert_eq "$pid active" "$(unit MainPID) $(unit ActiveState)" bad-reload-keeps-process
assert_match "TCP  192.0.2.80:80 wlc" "$(ipvs_list r1)" bad-reload-keeps-table
has_vip r1 && pass bad-reload-keeps-vip || fail bad-reload-keeps-vip "r1 lost the VIP"
assert_match "/tmp/r1.cf:" "$(journalctl -u pulse -p err -o cat --no-pager)" journal-err-shows-config-error
cp /tmp/r1.good /tmp/r1.cf

# kill -9: systemd restarts pulse; ExecStopPost releases the VIP at once, so
# the partner's takeover never finds it on both routers. "At once" is the
# time systemd takes to reap the unit and start pulse --release-addresses:
# milliseconds on a router, 1 to 2 s in the emulated guest (measured; an
# exec alone costs 150-400 ms there). So both routers take deadtime 3 s
# for this step, live (a reload), and 1 s again after it.
set_deadtime() {  # SECONDS: both routers, the same file (fail-back waits for equal digests)
    sed "s/^deadtime = .*/deadtime = $1/" /tmp/r1.cf > /tmp/dt.cf && cp /tmp/dt.cf /tmp/r1.cf && cp /tmp/dt.cf /tmp/lvs.cf
    n0=$(grep -c 'configuration reloaded' /tmp/pulse-r2.log)
    kill -HUP "$PULSE_r2"
    systemctl reload pulse || fail "deadtime-$1-reload" "systemctl reload failed"
    wait_for 10 sh -c "[ \$(grep -c 'configuration reloaded' /tmp/pulse-r2.log) -gt $n0 ]" || fail "deadtime-$1-reload" "r2 did not reload"
    sleep 1
}
set_deadtime 3
both() { while :; do has_vip r1 && has_vip r2 && echo "both $(now_ms)"; sleep 0.02; done; }
both > /tmp/both.log 2>&1 &
watcher=$!
killed_ms=$(now_ms)
kill -9 "$pid"
# The partner takes over after deadtime, before the restarted primary is
# ready and takes the service back (failback_delay later).
wait_for 10 has_vip r2 && pass partner-takes-over || fail partner-takes-over "$(tail -5 /tmp/pulse-r2.log)"
restarted() { p=$(unit MainPID); [ "$p" != 0 ] && [ "$p" != "$pid" ] && [ "$(unit ActiveState)" = active ]; }
wait_for 20 restarted && pass kill-9-restarted || fail kill-9-restarted "$(unit ActiveState) $(unit MainPID)"
assert_eq 1 "$(unit NRestarts)" restarted-once
assert_match "released address 192.0.2.80" "$(journalctl -u pulse -o cat --no-pager)" stop-post-releases-vip
# The restarted primary fails back once it is warm (failback_delay 3 s).
wait_for 30 has_vip r1 && pass restarted-primary-fails-back || fail restarted-primary-fails-back "$(journalctl -u pulse -o cat | tail -5)"
sleep 1
kill "$watcher"
set_deadtime 1
released=$(journalctl -u pulse -o short-unix --no-pager | awk '/released address 192.0.2.80/ { print $1; exit }')
released=$(echo "${released:-0.0}" | sed 's/\.\([0-9][0-9][0-9]\).*/\1/')
echo "kill -9 to the VIP released by ExecStopPost: $(( released - killed_ms )) ms (deadtime 3000 ms)"
n=$(grep -c both /tmp/both.log)
assert_eq 0 "$n" vip-never-on-both-routers
[ "$n" = 0 ] || echo "on both routers from $(head -1 /tmp/both.log) to $(tail -1 /tmp/both.log) (killed at $killed_ms)"
has_vip r2 && fail one-router-after-restart "r2 keeps the VIP" || pass one-router-after-restart

# systemctl stop hands the service over without dropping connections.
fast_client cl 192.0.2.80 /tmp/client.log
sleep 1
systemctl stop pulse
rc=$?
assert_eq "0 inactive" "$rc $(unit ActiveState)" stop-completes
has_vip r2 && ! has_vip r1 && pass stop-hands-over || fail stop-hands-over "r1 $(has_vip r1 && echo has) r2 $(has_vip r2 && echo has) the VIP"
seen=$(mono_ms)
sleep 1
stop_fast_client /tmp/client.log
client_until /tmp/client.log $((seen + 1000))
journalctl -u pulse -o cat --no-pager > /tmp/pulse-r1.log
echo "client on systemctl stop: gap $(gap_ms /tmp/client.log) ms, $(failed /tmp/client.log) failed of $(wc -l < /tmp/client.log)"
check_switchover_resets /tmp/client.log
assert_match "released the service" "$(cat /tmp/pulse-r2.log)" partner-took-handover
finish
