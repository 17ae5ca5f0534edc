#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lvsweb in a real browser (headless Chromium through WebDriver,
# tools/browser.py) against pulse, lvsd and IPVS: a NAT router pair, lvsweb
# on the active router r1 at 127.0.0.1:3636, the browser in r1's namespace.
# The browser script's checks: login page, wrong password refused, login,
# live control page, drain and undrain watched on the page and in
# ipvsadm -Ln, a POST without the CSRF token refused (403) with nothing
# changed, a weight changed on the lvs.cf page seen in ipvsadm and on the
# control page, an invalid one refused next to its field with nothing
# changed, Undo, every field labelled, actions from the keyboard, console
# clean; then lvs.cf synchronized to r2 (its own copy, its own lvsweb
# accepting pushes on its heartbeat address): the page shows the digests
# differ, then match; r2's file is r1's, with lvs.cf.bak kept, and r2's
# table took the change.
# Its screenshots land in the scenario's output folder,
# build/e2e/run/90-web/screenshots; README shows those of a passing run,
# copied to man/screenshots.
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
ns_exec r1 /usr/bin/python3 tests/e2e/tools/browser.py http://127.0.0.1:3636 "$pw" "$E2E_OUT/screenshots" /tmp/lvs.cf sync \
    > /tmp/browser.out 2> /tmp/browser.err
rc=$?
cat /tmp/browser.out
echo "browser: $(( $(now_ms) - t0 )) ms, status $rc"
[ $rc -eq 0 ] || { grep -v '^#[0-9]' /tmp/browser.err | tail -20; tail -5 /tmp/chromium.log; }
grep -q '^PASS login$' /tmp/browser.out && pass browser-ran || fail browser-ran "$(tail -5 /tmp/browser.err)"
# What lvsweb logged: each control with the browser's address, the refusal.
assert_match "127.0.0.1" "$(grep -m1 'drain web/rs1 .* by ' /tmp/lvsweb-r1.log)" drain-logged-with-address
assert_match "failed login from 127.0.0.1" "$(cat /tmp/lvsweb-r1.log)" wrong-password-logged
assert_match "refused POST /action from 127.0.0.1" "$(cat /tmp/lvsweb-r1.log)" csrf-refusal-logged
assert_match "server 'rs1' key 'weight': (unset) -> '3' (by 127.0.0.1)" "$(cat /tmp/lvsweb-r1.log)" edit-logged-with-address
# The push as r2 received it: the same file, the previous one kept, the
# table reloaded from it (rs2's weight 2, set on r1's page).
cmp -s /tmp/lvs.cf /tmp/r2.cf && pass partner-file-same || fail partner-file-same "$(diff /tmp/lvs.cf /tmp/r2.cf | head -5)"
[ -f /tmp/r2.cf.bak ] && pass partner-backup-kept || fail partner-backup-kept "no /tmp/r2.cf.bak"
wait_for 20 sh -c "ip netns exec r2 ipvsadm -Ln | grep -q '10.0.1.22:80 *Masq *2 '" && pass partner-table-reloaded ||
    fail partner-table-reloaded "$(ipvs_list r2)"
assert_match "lvs.cf sent to 192.0.2.11 port 3637 (by 127.0.0.1): installed" "$(cat /tmp/lvsweb-r1.log)" sync-logged-with-address
grep "by \|login\|refused\|weight\|sync\|received" /tmp/lvsweb-r1.log /tmp/lvsweb-r2.log | head -30
finish
