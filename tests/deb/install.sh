#!/bin/sh
# e2e-init: systemd
# SPDX-License-Identifier: GPL-2.0-or-later
# The package as an operator installs it (make deb-test; .ci/run after make
# deb), under a real systemd as PID 1 in the guest:
#   - dpkg -i succeeds with Debian 12's libraries, and puts the programs,
#     man pages, unit, init script, defaults file and modules-load.d entry
#     where the distribution looks for them;
#   - installing starts nothing: pulse.service is enabled but inactive, and a
#     start (as at boot) without /etc/sysconfig/ha/lvs.cf is skipped, not
#     failed; lvsweb is neither enabled nor running;
#   - systemd-modules-load loads ip_vs from the package's entry;
#   - with an lvs.cf in the default path the shipped unit starts pulse (one
#     drop-in runs it in router r1's network namespace): VIP up, table
#     programmed, lvsctl (from /usr/sbin) reads the status;
#   - dpkg -r stops pulse and releases the VIP, and keeps the operator's
#     lvs.cf; dpkg --purge removes the package's conffiles, still not lvs.cf.
. tests/e2e/lib.sh
unit() { systemctl show -p "$1" --value "${2:-pulse}"; }
systemctl start sysinit.target basic.target
# A container image's policy-rc.d (Docker's exits 101: "deny every action")
# would stop the maintainer scripts from starting or stopping anything, and
# so hide what they do. A router has none.
rm -f /usr/sbin/policy-rc.d
deb=$(ls "$E2E_REPO/$E2E_BUILD"/deb/lvs-suite_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { fail package-built "no lvs-suite_*_amd64.deb in $E2E_BUILD/deb (make deb first)"; finish; }
echo "package: $(basename "$deb")"

out=$(dpkg -i "$deb" 2>&1) && pass dpkg-install || fail dpkg-install "$out"
missing=""
for f in /usr/sbin/pulse /usr/sbin/lvsd /usr/sbin/nanny /usr/sbin/fos /usr/sbin/lvsctl /usr/sbin/send_arp \
         /usr/sbin/lvsweb /etc/init.d/pulse /etc/default/pulse /usr/lib/modules-load.d/lvs.conf \
         /usr/share/man/man8/pulse.8.gz /usr/share/man/man8/nanny.8.gz /usr/share/man/man5/lvs.cf.5.gz \
         /usr/share/doc/lvs-suite/examples/lvs.cf.sample; do
    [ -e "$f" ] || missing="$missing $f"
done
assert_eq "" "$missing" files-in-place
[ -n "$(unit FragmentPath)" ] && pass unit-installed || fail unit-installed "systemd does not know pulse.service"

assert_eq enabled "$(systemctl is-enabled pulse)" pulse-enabled
assert_eq inactive "$(unit ActiveState)" installing-starts-nothing
pgrep -x pulse > /dev/null && fail no-pulse-process "$(pgrep -ax pulse)" || pass no-pulse-process
assert_eq disabled "$(systemctl is-enabled lvsweb 2>&1)" lvsweb-not-enabled
assert_eq inactive "$(unit ActiveState lvsweb)" lvsweb-not-running
# A start as at boot, with no lvs.cf: skipped, not failed.
systemctl start pulse; rc=$?
assert_eq "0 inactive" "$rc $(unit ActiveState)" no-config-start-skipped

modprobe -r ip_vs_wlc ip_vs > /dev/null 2>&1
systemctl restart systemd-modules-load
grep -q '^ip_vs ' /proc/modules && pass modules-load-ip-vs || fail modules-load-ip-vs "$(journalctl -u systemd-modules-load -o cat | tail -3)"

# An lvs.cf in the default path; r1 alone.
topo_nat 1
start_http rs1 80 rs1
mkdir -p /etc/sysconfig/ha /etc/systemd/system/pulse.service.d
printf '[Service]\nNetworkNamespacePath=/run/netns/r1\n' > /etc/systemd/system/pulse.service.d/netns.conf
sed -e 's/^backup_active = 1$/backup_active = 0/' tests/e2e/data/pulse.cf > /etc/sysconfig/ha/lvs.cf
systemctl daemon-reload
systemctl start pulse && pass starts-with-config || fail starts-with-config "$(journalctl -u pulse -o cat | tail -5)"
wait_for 20 has_vip r1 && pass vip-up || fail vip-up "$(journalctl -u pulse -o cat | tail -5)"
assert_match "192.0.2.80:80" "$(ipvs_list r1)" table-programmed
st=$(/usr/sbin/lvsctl status 2>&1)
assert_match "primary, ACTIVE" "$st" lvsctl-reads-status
assert_match "10.0.1.21:80" "$st" lvsctl-shows-servers

out=$(dpkg -r lvs-suite 2>&1) && pass dpkg-remove || fail dpkg-remove "$out"
wait_for 30 sh -c '! pgrep -x pulse > /dev/null && ! pgrep -x lvsd > /dev/null && ! pgrep -x nanny > /dev/null' &&
    pass remove-stops-everything || fail remove-stops-everything "$(pgrep -ax 'pulse|lvsd|nanny')"
has_vip r1 && fail remove-releases-vip "192.0.2.80 still on r1" || pass remove-releases-vip
[ -f /etc/sysconfig/ha/lvs.cf ] && pass remove-keeps-lvs-cf || fail remove-keeps-lvs-cf "gone"
[ -f /etc/default/pulse ] && pass remove-keeps-conffiles || fail remove-keeps-conffiles "/etc/default/pulse gone"
out=$(dpkg --purge lvs-suite 2>&1) && pass dpkg-purge || fail dpkg-purge "$out"
[ -f /etc/default/pulse ] && fail purge-removes-conffiles "/etc/default/pulse left" || pass purge-removes-conffiles
[ -f /etc/sysconfig/ha/lvs.cf ] && pass purge-keeps-lvs-cf || fail purge-keeps-lvs-cf "gone"
journalctl -u pulse -o cat --no-pager > /tmp/pulse-r1.log
finish
