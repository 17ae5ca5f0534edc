#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# nanny's UDP send/expect checks and `fall` on a real kernel, and lvsctl
# check's "down". UDP: the right answer is up (with its weight), a wrong answer is down
# (expect mismatch), silence is down (read timeout), and a client reaches
# the up server through the VIP. fall = 3: a server that stopped leaves
# the table only after its third failed check in a row. A virtual server
# with no real server up makes `lvsctl check` exit 2.
. tests/e2e/lib.sh
topo_nat 3
bg ip netns exec rs1 python3 tests/e2e/tools/udp_responder.py 5353 pong
bg ip netns exec rs2 python3 tests/e2e/tools/udp_responder.py 5353 nope
bg ip netns exec rs3 python3 tests/e2e/tools/udp_responder.py 5353 ""
start_http rs1 80 rs1
start_http rs2 80 rs2
ns_exec r1 ip addr add 192.0.2.80/24 dev eth0 label eth0:1
ns_exec r1 ip addr add 10.0.1.254/24 dev eth1 label eth1:1
cat > /tmp/lvs.cf <<'CF'
primary = 192.0.2.10
network = nat
virtual udp {
	active = 1
	address = 192.0.2.80 eth0:1
	protocol = udp
	port = 5353
	scheduler = rr
	send = "ping"
	expect = "pong"
	timeout = 0.5
	interval = 0.5
	server rs1 {
		address = 10.0.1.21
		active = 1
		weight = 2
	}
	server rs2 {
		address = 10.0.1.22
		active = 1
	}
	server rs3 {
		address = 10.0.1.23
		active = 1
	}
}
virtual web {
	active = 1
	address = 192.0.2.80 eth0:1
	port = 80
	scheduler = rr
	send = "GET / HTTP/1.0\r\n\r\n"
	expect = "HTTP"
	timeout = 0.5
	interval = 0.5
	fall = 3
	server rs1 {
		address = 10.0.1.21
		active = 1
	}
	server rs2 {
		address = 10.0.1.22
		active = 1
	}
}
CF
printf '[paths]\nnanny = %s/nanny\n[shm]\nname = lvs-e2e\n' "$BIN" > /tmp/lvs.ini
ip netns exec r1 "$BIN/lvsd" -n -c /tmp/lvs.cf --settings /tmp/lvs.ini > /tmp/lvsd.log 2>&1 &
E2E_BG="$E2E_BG $!"
lvsctl_json() { ns_exec r1 "$BIN/lvsctl" --shm lvs-e2e status --json; }
# The state and last outcome of SERVER of virtual server udp, from lvsctl's JSON.
server_of() {  # NAME
    lvsctl_json | python3 -c 'import json, sys
for v in json.load(sys.stdin)["virtual_servers"]:
    for s in v["servers"]:
        if v["name"] == "udp" and s["name"] == sys.argv[1]:
            print(s["state"], s["last_outcome"])' "$1"
}

# UDP: rs1 answers pong (up, in the table with its weight 2), rs2 answers
# nope (down), rs3 is silent (down).
wait_ipvs r1 "10.0.1.21:5353 *Masq *2" 20 && pass udp-right-answer-up || fail udp-right-answer-up "$(ipvs_list r1; tail -5 /tmp/lvsd.log)"
sleep 2
ipvs_list r1 | grep -q "10.0.1.22:5353" && fail udp-wrong-answer-down "rs2 in the table" || pass udp-wrong-answer-down
ipvs_list r1 | grep -q "10.0.1.23:5353" && fail udp-silence-down "rs3 in the table" || pass udp-silence-down
assert_match "down ExpectMismatch" "$(server_of rs2)" udp-wrong-answer-outcome
assert_match "down ReadTimeout" "$(server_of rs3)" udp-silence-outcome
answer=$(ns_exec cl python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
s.sendto(b"ping", ("192.0.2.80", 5353)); print(s.recv(100).decode())')
assert_eq pong "$answer" udp-client-through-vip

# fall = 3: rs2's web server stops; its nanny fails three checks in a row
# (0.5 s apart) before the server leaves the table.
wait_ipvs r1 "10.0.1.22:80" 10 || fail web-up "$(ipvs_list r1)"
stop_http rs2 80
t0=$(now_ms)
wait_for 10 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 10.0.1.22:80"
took=$(( $(now_ms) - t0 ))
echo "fall = 3: rs2 left the table $took ms after its server stopped (interval 0.5 s)"
assert_match "shutting down 10.0.1.22:80 due to ConnectRefused (3/3 failures)" "$(cat /tmp/lvsd.log)" fall-three-failures-logged
# Two more checks after the first failure: at least 2 intervals (1 s), less 10 % for timers.
[ "$took" -ge 900 ] && pass fall-waits-for-the-third-failure || fail fall-waits-for-the-third-failure "$took ms"
within fall-detection-within-three-intervals-plus-timeout "$took" 2600

# No web server left: virtual server web has no real server up, check exits 2.
ns_exec r1 "$BIN/lvsctl" --shm lvs-e2e check --quiet; assert_eq 1 "$?" check-degraded-exits-1
stop_http rs1 80
wait_for 10 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 10.0.1.21:80"
out=$(ns_exec r1 "$BIN/lvsctl" --shm lvs-e2e check); rc=$?
assert_eq 2 "$rc" check-down-exits-2
assert_match "virtual server web has no real server up" "$out" check-down-names-why
finish
