#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lvsweb in a real browser (headless Chromium through WebDriver,
# tools/browser.py) against pulse, lvsd and IPVS: a NAT router pair, lvsweb
# on the active router r1 at 127.0.0.1:3636, the browser in r1's namespace.
# The browser script's checks: login page, wrong password refused, login,
# live control page (role, partner, heartbeat age, VIPs, a server's state,
# latency, last check and flaps), drain and undrain watched on the page and
# in ipvsadm -Ln, a POST without the CSRF token refused (403) with nothing
# changed, Reload from the keyboard confirmed on the page, a weight changed
# on the lvs.cf page seen in ipvsadm and on the control page, an invalid
# one refused next to its field with nothing changed, Undo, every field
# labelled (control and lvs.cf pages), actions from the keyboard, console
# clean; then lvs.cf synchronized to r2 (its own copy, its own lvsweb
# accepting pushes on its heartbeat address): the page shows the digests
# differ, then match; r2's file is r1's, with lvs.cf.bak kept, and r2's
# table took the change. The browser script must exit 0 and print every
# check listed below (a crash part-way fails the scenario). Then lvsctl
# sync from r1's shell: a weight changed in r1's file installed on r2, the
# change printed and logged on both sides; a file that r1 accepts but r2
# must refuse (a real server by a host name only r1 resolves) refused with
# exit status 2 and r2's reason, r2's file unchanged.
# Its screenshots land in the scenario's output folder,
# build/e2e/run/90-web/screenshots; README shows those of a passing run,
# copied to man/screenshots.
# Chromium under emulation: the browser's steps took 265 to 610 s with
# Chromium's GPU process, and about 250 s since it composites in software.
# e2e-timeout: 1200
. tests/e2e/lib.sh
topo_nat 3
for i in 1 2 3; do start_http "rs$i" 80 "rs$i"; done
cp tests/e2e/data/pulse.cf /tmp/lvs.cf
keyed_inis
printf '[web]\npassword_file = /tmp/r1-web.passwd\n' >> /tmp/r1.ini
printf '[web]\npassword_file = /tmp/r2-web.passwd\nsync_address = 192.0.2.11\n' >> /tmp/r2.ini
cp /tmp/lvs.cf /tmp/r2.cf
start_pulse r1
start_pulse r2 -c /tmp/r2.cf
wait_for 30 has_vip r1 && wait_for 30 "$BIN/lvsctl" --shm lvs-r1 check --quiet && pass setup ||
    fail setup "$($BIN/lvsctl --shm lvs-r1 status 2>&1)"

pw="correct horse battery"
echo "$pw" | "$BIN/lvsweb" --passwd --settings /tmp/r1.ini && pass passwd-set || fail passwd-set "lvsweb --passwd failed"
assert_eq 600 "$(stat -c %a /tmp/r1-web.passwd)" passwd-file-0600
ns_exec r1 "$BIN/lvsweb" --settings /tmp/r1.ini -c /tmp/lvs.cf > /tmp/lvsweb-r1.log 2>&1 &
E2E_BG="$E2E_BG $!"
wait_for 20 ns_exec r1 curl -s -o /dev/null http://127.0.0.1:3636/login && pass lvsweb-listens ||
    fail lvsweb-listens "$(cat /tmp/lvsweb-r1.log)"
# r2's lvsweb takes r1's pushes (the heartbeat key authenticates them).
echo "$pw" | "$BIN/lvsweb" --passwd --settings /tmp/r2.ini
ns_exec r2 "$BIN/lvsweb" --settings /tmp/r2.ini -c /tmp/r2.cf > /tmp/lvsweb-r2.log 2>&1 &
E2E_BG="$E2E_BG $!"
wait_for 20 ns_exec r2 sh -c "ss -Htln | grep -q '192.0.2.11:3637'" && pass sync-listener-up ||
    fail sync-listener-up "$(cat /tmp/lvsweb-r2.log)"

mkdir -p "$E2E_OUT/screenshots"
export HOME=/tmp/browser-home; mkdir -p "$HOME"
t0=$(now_ms)
ns_exec r1 /usr/bin/python3 -u tests/e2e/tools/browser.py http://127.0.0.1:3636 "$pw" "$E2E_OUT/screenshots" /tmp/lvs.cf sync \
    > "$E2E_OUT/browser.out" 2> /tmp/browser.err  # beside output.log as it runs
rc=$?
cp "$E2E_OUT/browser.out" /tmp/browser.out
cat /tmp/browser.out
echo "browser: $(( $(now_ms) - t0 )) ms, status $rc"
[ $rc -eq 0 ] || { grep -v '^#[0-9]' /tmp/browser.err | tail -20; tail -5 /tmp/chromium.log; }
grep -q '^PASS login$' /tmp/browser.out && pass browser-ran || fail browser-ran "$(tail -5 /tmp/browser.err)"
assert_eq 0 "$rc" browser-exit-status
# Every check the browser script makes, each printed (PASS or FAIL): a
# script that stopped part-way leaves some out.
missing=""
for c in login-page login-fields-labelled wrong-password-refused login control-fields-labelled control-page-live \
         role-shown state-shown partner-shown heartbeat-age-shown vips-shown latency-shown last-check-shown \
         flaps-shown in-kernel-before drain-shown-on-page drain-in-kernel undrain-shown-on-page undrain-in-kernel \
         no-csrf-token-refused no-csrf-changes-nothing reload-button-focused reload-from-keyboard-done \
         config-fields-labelled virtual-fields-labelled invalid-weight-error-next-to-field \
         invalid-weight-file-line-col invalid-weight-changes-nothing weight-applied-to-file weight-in-kernel \
         weight-on-page undo-restores-file undo-in-kernel sync-edit-applied digests-differ-shown \
         sync-installed-on-partner digests-match-shown console-clean; do
    grep -qx "PASS $c\|FAIL $c: .*" /tmp/browser.out || missing="$missing $c"
done
[ -z "$missing" ] && pass browser-printed-every-check || fail browser-printed-every-check "missing:$missing"
# What lvsweb logged: each control with the browser's address, the refusal.
assert_match "127.0.0.1" "$(grep -m1 'drain web/rs1 .* by ' /tmp/lvsweb-r1.log)" drain-logged-with-address
assert_match "failed login from 127.0.0.1" "$(cat /tmp/lvsweb-r1.log)" wrong-password-logged
assert_match "refused POST /action from 127.0.0.1" "$(cat /tmp/lvsweb-r1.log)" csrf-refusal-logged
assert_match "server 'rs1' key 'weight': (unset) -> '3' (by 127.0.0.1)" "$(cat /tmp/lvsweb-r1.log)" edit-logged-with-address
# The push as r2 received it: the same file, the previous one kept, the
# table reloaded from it (rs2's weight 2, set on r1's page).
cmp -s /tmp/lvs.cf /tmp/r2.cf && pass partner-file-same || fail partner-file-same "$(diff /tmp/lvs.cf /tmp/r2.cf | head -5)"
[ -f /tmp/r2.cf.bak ] && pass partner-backup-kept || fail partner-backup-kept "no /tmp/r2.cf.bak"
wait_ipvs r2 '10.0.1.22:80 *Masq *2 ' 20 && pass partner-table-reloaded ||
    fail partner-table-reloaded "$(ipvs_list r2)"
assert_match "lvs.cf sent to 192.0.2.11 port 3637 (by 127.0.0.1): installed" "$(cat /tmp/lvsweb-r1.log)" sync-logged-with-address
# Undo and the push logged key by key: Undo took rs1's weight 3 back out;
# the push set rs2's weight on r2, logged by both.
assert_match "lvs.cf: undo: virtual 'web' server 'rs1' key 'weight': '3' -> (unset) (by 127.0.0.1)" \
    "$(cat /tmp/lvsweb-r1.log)" undo-logged-key-by-key
assert_match "lvs.cf on 192.0.2.11 port 3637: virtual 'web' server 'rs2' key 'weight': (unset) -> '2' (by 127.0.0.1)" \
    "$(cat /tmp/lvsweb-r1.log)" sync-change-logged-by-sender
assert_match ": virtual 'web' server 'rs2' key 'weight': (unset) -> '2'" "$(grep 'lvs.cf from ' /tmp/lvsweb-r2.log)" \
    sync-change-logged-by-partner

# lvsctl sync from r1's shell: rs3's weight set in r1's file only.
sed -i 's/^\(\t\taddress = 10\.0\.1\.23\)$/\1\n\t\tweight = 4/' /tmp/lvs.cf
ns_exec r1 "$BIN/lvsctl" --settings /tmp/r1.ini sync --configfile /tmp/lvs.cf > /tmp/sync.out 2> /tmp/sync.err
assert_eq 0 "$?" lvsctl-sync-exit-status
assert_match "lvs.cf installed on 192.0.2.11 port 3637 (digest $(sha256sum /tmp/lvs.cf | cut -c1-64))" \
    "$(cat /tmp/sync.out /tmp/sync.err)" lvsctl-sync-installed
assert_match "  virtual 'web' server 'rs3' key 'weight': (unset) -> '4'" "$(cat /tmp/sync.out)" lvsctl-sync-prints-the-change
cmp -s /tmp/lvs.cf /tmp/r2.cf && pass lvsctl-sync-partner-file-same ||
    fail lvsctl-sync-partner-file-same "$(diff /tmp/lvs.cf /tmp/r2.cf | head -5)"
assert_match ": virtual 'web' server 'rs3' key 'weight': (unset) -> '4'" "$(grep 'lvs.cf from ' /tmp/lvsweb-r2.log)" \
    lvsctl-sync-change-logged-by-partner
wait_ipvs r2 '10.0.1.23:80 *Masq *4 ' 20 && pass lvsctl-sync-partner-reloaded ||
    fail lvsctl-sync-partner-reloaded "$(ipvs_list r2)"
# A file r1 accepts and r2 must refuse: rs3 by a host name only r1 resolves
# (ip netns exec r1 reads /etc/netns/r1/hosts as /etc/hosts).
mkdir -p /etc/netns/r1
{ cat /etc/hosts 2>/dev/null; echo "10.0.1.23 rs3-known-on-r1"; } > /etc/netns/r1/hosts
sed 's/^\t\taddress = 10\.0\.1\.23$/\t\taddress = rs3-known-on-r1/' /tmp/lvs.cf > /tmp/r1-only.cf
ns_exec r1 "$BIN/lvsd" --test-config -c /tmp/r1-only.cf > /tmp/test-config.out 2>&1 && pass r1-accepts-the-name ||
    fail r1-accepts-the-name "$(cat /tmp/test-config.out)"
cp /tmp/r2.cf /tmp/r2-before-refusal.cf
ns_exec r1 "$BIN/lvsctl" --settings /tmp/r1.ini sync --configfile /tmp/r1-only.cf > /tmp/sync-refused.out 2> /tmp/sync-refused.err
assert_eq 2 "$?" lvsctl-sync-refused-exit-status
assert_match "lvsctl: 192.0.2.11 port 3637 refused lvs.cf: lvs.cf is not valid on the partner:" \
    "$(cat /tmp/sync-refused.err)" lvsctl-sync-refusal-printed
assert_match "/tmp/r2.cf:" "$(grep "cannot resolve host name 'rs3-known-on-r1'" /tmp/sync-refused.err)" \
    lvsctl-sync-refusal-names-partner-file-line
cmp -s /tmp/r2-before-refusal.cf /tmp/r2.cf && pass lvsctl-sync-refused-changes-nothing ||
    fail lvsctl-sync-refused-changes-nothing "$(diff /tmp/r2-before-refusal.cf /tmp/r2.cf | head -5)"
assert_match "refused: lvs.cf is not valid on the partner:;/tmp/r2.cf:" "$(grep 'lvs.cf from .* refused' /tmp/lvsweb-r2.log)" \
    lvsctl-sync-refusal-logged-by-partner
rm -rf /etc/netns/r1
cat /tmp/sync.out /tmp/sync.err /tmp/sync-refused.err
grep "by \|login\|refused\|weight\|sync\|received\|lvs.cf from\|lvs.cf on" /tmp/lvsweb-r1.log /tmp/lvsweb-r2.log | head -40
finish
