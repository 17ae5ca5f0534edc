#!/bin/sh
# e2e-init: systemd
# SPDX-License-Identifier: GPL-2.0-or-later
# What pulse.service's hardening must leave working, under a real systemd as
# PID 1: the unit as shipped, one drop-in that runs it in router r1's
# network namespace, r1 alone (backup_active = 0).
#   - load_monitor over ssh: nanny runs "ssh 10.0.1.21 uptime" with root's
#     key and known_hosts in /root/.ssh, which ProtectHome=read-only leaves
#     readable. A drop-in with ProtectHome=yes shows that the same check
#     then fails, so the check can tell. ssh takes 11 to 17 s in the
#     emulated guest (tens of ms on hardware), hence the 60 s timeout.
#   - FOS start_cmd that drops privileges: setpriv to nobody keeping only
#     CAP_NET_BIND_SERVICE (port 80), and runuser to nobody (port 8080);
#     both services run as nobody and answer on their addresses.
. tests/e2e/lib.sh
unit() { systemctl show -p "$1" --value pulse; }
json() { /usr/sbin/lvsctl --settings /tmp/r1.ini status --json; }
systemctl start sysinit.target basic.target
topo_nat 1
start_http rs1 80 rs1
keyed_inis
install_pulse_unit

# rs1 runs an ssh server (dropbear, keys only). root on the router has a key
# for it and its host key in known_hosts, as an operator sets it up.
mkdir -p -m 700 /root/.ssh
ssh-keygen -q -t ed25519 -N '' -f /root/.ssh/id_ed25519
cp /root/.ssh/id_ed25519.pub /root/.ssh/authorized_keys
dropbearkey -t ed25519 -f /tmp/rs1-host-key > /dev/null 2>&1
echo "10.0.1.21 $(dropbearkey -y -f /tmp/rs1-host-key | awk '/^ssh-ed25519/ { print $1, $2 }')" > /root/.ssh/known_hosts
ns_exec rs1 dropbear -F -E -s -r /tmp/rs1-host-key -p 22 > /tmp/dropbear.log 2>&1 &
wait_for 10 sh -c "ip netns exec r1 ssh -o BatchMode=yes 10.0.1.21 uptime | grep -q 'load average'" &&
    pass ssh-uptime-by-hand || fail ssh-uptime-by-hand "$(tail -5 /tmp/dropbear.log)"
t0=$(now_ms); ns_exec r1 ssh -o BatchMode=yes 10.0.1.21 uptime > /dev/null
echo "ssh 10.0.1.21 uptime by hand: $(( $(now_ms) - t0 )) ms (an emulated guest: seconds)"

cat > /tmp/r1.cf <<'EOF'
primary = 192.0.2.10
backup_active = 0
network = nat
nat_router = 10.0.1.254 eth1:1
nat_nmask = 255.255.255.0
rsh_command = ssh

virtual web {
	active = 1
	address = 192.0.2.80 eth0:1
	vip_nmask = 255.255.255.0
	port = 80
	scheduler = wlc
	load_monitor = uptime
	timeout = 60
	interval = 5
	server rs1 {
		address = 10.0.1.21
		active = 1
	}
}
EOF
samples() { json | grep -o "\"load_$1\":[0-9]*" | cut -d: -f2; }
systemctl start pulse && pass lvs-unit-starts || fail lvs-unit-starts "$(journalctl -u pulse -o cat | tail -5)"
sampled() { [ "$(samples "$1")" -ge 1 ] 2>/dev/null; }
wait_for 150 sampled samples &&
    pass load-monitor-over-ssh-under-unit || fail load-monitor-over-ssh-under-unit "$(journalctl -u pulse -o cat | tail -5)"
assert_eq 0 "$(samples failures)" load-monitor-no-failures
assert_match "10.0.1.21:80" "$(ipvs_list r1)" lvs-table-programmed
echo "load monitor: $(samples samples) samples, $(samples failures) failures; dropbear: $(grep -c 'auth succeeded' /tmp/dropbear.log) key logins"

# The control: with /root hidden, ssh finds no key and the sample fails.
printf '[Service]\nProtectHome=yes\n' > /etc/systemd/system/pulse.service.d/hidden-home.conf
systemctl daemon-reload
systemctl restart pulse
wait_for 120 sampled failures &&
    pass load-monitor-fails-with-home-hidden || fail load-monitor-fails-with-home-hidden "$(json)"
assert_match "failed to read remote load of 10.0.1.21" "$(journalctl -u pulse -o cat --no-pager)" load-failure-logged
systemctl stop pulse
rm /etc/systemd/system/pulse.service.d/hidden-home.conf
systemctl daemon-reload

# FOS: two failover services whose start_cmd drops root.
mkdir -p /tmp/fos-www && echo r1 > /tmp/fos-www/index.html
cat > /tmp/r1.cf <<'EOF'
service = fos
primary = 192.0.2.10
backup_active = 0
deadtime = 1

failover web {
	active = 1
	address = 192.0.2.80 eth0:1
	vip_nmask = 255.255.255.0
	port = 80
	send = "GET / HTTP/1.0\r\n\r\n"
	expect = "HTTP"
	timeout = 2
	start_cmd = "/usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=+net_bind_service --ambient-caps=+net_bind_service /bin/busybox httpd -p 80 -h /tmp/fos-www"
	stop_cmd = "/usr/bin/pkill -u nobody -f httpd.-p.80.-h"
	cmd_timeout = 10
}

failover alt {
	active = 1
	address = 192.0.2.81 eth0:2
	vip_nmask = 255.255.255.0
	port = 8080
	send = "GET / HTTP/1.0\r\n\r\n"
	expect = "HTTP"
	timeout = 2
	start_cmd = "/usr/sbin/runuser -u nobody -- /bin/busybox httpd -p 8080 -h /tmp/fos-www"
	stop_cmd = "/usr/bin/pkill -u nobody -f httpd.-p.8080.-h"
	cmd_timeout = 10
}
EOF
systemctl start pulse && pass fos-unit-starts || fail fos-unit-starts "$(journalctl -u pulse -o cat | tail -5)"
answers() { [ "$(ns_exec cl curl -s -m 2 "http://$1/")" = r1 ]; }
wait_for 20 answers 192.0.2.80 && pass setpriv-service-answers || fail setpriv-service-answers "$(journalctl -u pulse -o cat | tail -8)"
wait_for 20 answers 192.0.2.81:8080 && pass runuser-service-answers || fail runuser-service-answers "$(journalctl -u pulse -o cat | tail -8)"
users() { for p in $(pgrep -f "busybox httpd -p $1 "); do ps -o user= -p "$p"; done | sort -u | tr -d ' '; }
assert_eq nobody "$(users 80)" setpriv-service-runs-as-nobody
assert_eq nobody "$(users 8080)" runuser-service-runs-as-nobody
systemctl stop pulse
assert_eq "inactive" "$(unit ActiveState)" fos-unit-stops
wait_for 10 sh -c "! pgrep -f '[b]usybox httpd -p' > /dev/null" && pass stop-cmd-stops-services ||
    fail stop-cmd-stops-services "$(pgrep -af '[b]usybox httpd')"
journalctl -u pulse -o cat --no-pager > /tmp/pulse-r1.log
finish
