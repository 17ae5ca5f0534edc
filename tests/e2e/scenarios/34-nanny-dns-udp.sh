#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# nanny's DNS check (check = dns) on a real kernel, against four real
# servers running tests/e2e/tools/dns_responder.py on UDP port 53, each
# asked "www.example.com A" and expected to answer 10.0.9.1:
#   rs1 answers 10.0.9.1: up, in the table with its weight (3), and a client
#       asking the VIP gets the answer;
#   rs2 answers NXDOMAIN: down, DnsRcode in lvsctl status, the rcode's name
#       in nanny's log line;
#   rs3 answers 10.0.9.99: down, DnsAnswerMismatch;
#   rs4 never answers: down, ReadTimeout.
# Then rs4 starts answering right (it joins with its weight) and rs1's
# server stops (port unreachable: it leaves, ConnectRefused).
# The UDP send/expect check (right answer up, wrong answer ExpectMismatch,
# silence ReadTimeout, weights in the table) is 32-nanny-udp.sh's.
. tests/e2e/lib.sh
topo_nat 4
responder() {  # NS MODE [ADDRESS]: its pid in $RESPONDER
    ns=$1; shift
    ip netns exec "$ns" python3 tests/e2e/tools/dns_responder.py 53 "$@" &
    RESPONDER=$!; E2E_BG="$E2E_BG $RESPONDER"
}
responder rs1 answer 10.0.9.1; RS1=$RESPONDER
responder rs2 nxdomain
responder rs3 answer 10.0.9.99
responder rs4 silent; RS4=$RESPONDER
# Every responder listens before the first check (else that check is
# refused, and the first logged reason would be ConnectRefused).
bound() { ns_exec "$1" ss -uln | grep -q ':53 '; }  # NS
for ns in rs1 rs2 rs3 rs4; do wait_for 10 bound "$ns" || fail "responder-$ns-listens" "$(ns_exec "$ns" ss -uln)"; done
ns_exec r1 ip addr add 192.0.2.80/24 dev eth0 label eth0:1
ns_exec r1 ip addr add 10.0.1.254/24 dev eth1 label eth1:1
cat > /tmp/lvs.cf <<'CF'
primary = 192.0.2.10
network = nat
virtual dns {
	active = 1
	address = 192.0.2.80 eth0:1
	protocol = udp
	port = 53
	scheduler = rr
	check = dns
	dns_name = www.example.com
	dns_type = A
	dns_answer = 10.0.9.1
	timeout = 0.5
	interval = 0.5
	reentry = 0.5
	server rs1 {
		address = 10.0.1.21
		active = 1
		weight = 3
	}
	server rs2 {
		address = 10.0.1.22
		active = 1
		weight = 3
	}
	server rs3 {
		address = 10.0.1.23
		active = 1
		weight = 3
	}
	server rs4 {
		address = 10.0.1.24
		active = 1
		weight = 2
	}
}
CF
"$BIN/lvsd" --test-config -c /tmp/lvs.cf > /dev/null 2>&1; assert_eq 0 "$?" dns-config-valid
printf '[paths]\nnanny = %s/nanny\n[shm]\nname = lvs-e2e\n' "$BIN" > /tmp/lvs.ini
ip netns exec r1 "$BIN/lvsd" -n -c /tmp/lvs.cf --settings /tmp/lvs.ini > /tmp/lvsd.log 2>&1 &
E2E_BG="$E2E_BG $!"
# The state and last outcome of SERVER, from lvsctl's JSON.
server_of() {  # NAME
    ns_exec r1 "$BIN/lvsctl" --shm lvs-e2e status --json | python3 -c 'import json, sys
for v in json.load(sys.stdin)["virtual_servers"]:
    for s in v["servers"]:
        if v["name"] == "dns" and s["name"] == sys.argv[1]:
            print(s["state"], s["last_outcome"])' "$1"
}
in_table() { ipvs_list r1 | grep -q "$1"; }  # ADDRESS:PORT
# A DNS question for www.example.com A from the client, through the VIP:
# the answer's address, or "none".
ask_vip() {
    ns_exec cl python3 -c 'import socket, struct
q = struct.pack("!HHHHHH", 0x5151, 0x0100, 1, 0, 0, 0) + b"\x03www\x07example\x03com\x00\x00\x01\x00\x01"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
s.sendto(q, ("192.0.2.80", 53))
r = s.recv(512)
print(socket.inet_ntoa(r[-4:]) if struct.unpack("!H", r[6:8])[0] else "none")' 2>/dev/null || echo none
}

# rs1 answers right: in the table with weight 3.
wait_ipvs r1 "10.0.1.21:53 *Masq *3" 20 && pass dns-answer-up-with-weight ||
    fail dns-answer-up-with-weight "$(ipvs_list r1; tail -5 /tmp/lvsd.log)"
assert_match "up Ok" "$(server_of rs1)" dns-answer-outcome
assert_eq 10.0.9.1 "$(ask_vip)" dns-client-through-vip

# rs2 (NXDOMAIN), rs3 (wrong address), rs4 (silent): down, never in the table.
all_down() {
    for s in rs2 rs3 rs4; do case "$(server_of $s)" in down*) ;; *) return 1 ;; esac; done
}
wait_for 10 all_down || fail dns-verdicts "$(ns_exec r1 "$BIN/lvsctl" --shm lvs-e2e status)"
for s in 10.0.1.22 10.0.1.23 10.0.1.24; do
    in_table "$s:53" && fail "dns-down-not-in-table-$s" "$(ipvs_list r1)" || pass "dns-down-not-in-table-$s"
done
assert_match "down DnsRcode" "$(server_of rs2)" dns-nxdomain-outcome
assert_match "DnsRcode" "$(ns_exec r1 "$BIN/lvsctl" --shm lvs-e2e status | grep -w rs2)" dns-nxdomain-in-lvsctl-status
assert_match "last failure DnsRcode: NXDOMAIN" "$(ns_exec r1 "$BIN/lvsctl" --shm lvs-e2e status)" dns-rcode-in-lvsctl-status
assert_match "shutting down 10.0.1.22:53 due to DnsRcode: NXDOMAIN (1/1 failures)" "$(cat /tmp/lvsd.log)" \
    dns-nxdomain-rcode-logged
assert_match "down DnsAnswerMismatch" "$(server_of rs3)" dns-wrong-answer-outcome
assert_match "shutting down 10.0.1.23:53 due to DnsAnswerMismatch: got 10.0.9.99, want 10.0.9.1" \
    "$(cat /tmp/lvsd.log)" dns-wrong-answer-logged
assert_match "down ReadTimeout" "$(server_of rs4)" dns-silence-outcome

# rs4 starts answering right: it joins with its weight (2).
kill "$RS4"; wait "$RS4" 2>/dev/null
responder rs4 answer 10.0.9.1
wait_ipvs r1 "10.0.1.24:53 *Masq *2" 10 && pass dns-recovered-server-joins ||
    fail dns-recovered-server-joins "$(ipvs_list r1)"

# rs1's server stops: the port is unreachable, rs1 leaves the table.
kill "$RS1"
wait_for 10 sh -c "! ip netns exec r1 ipvsadm -Ln | grep -q 10.0.1.21:53" && pass dns-stopped-server-leaves ||
    fail dns-stopped-server-leaves "$(ipvs_list r1)"
# Port unreachable (ConnectRefused); a check already waiting for the reply
# when the server died times out instead (ReadTimeout).
case "$(grep 'shutting down 10.0.1.21:53' /tmp/lvsd.log | tail -1)" in
    *"due to ConnectRefused"* | *"due to ReadTimeout"*) pass dns-stopped-server-outcome ;;
    *) fail dns-stopped-server-outcome "$(grep 10.0.1.21:53 /tmp/lvsd.log | tail -3)" ;;
esac
in_table "10.0.1.24:53" && pass dns-other-server-stays || fail dns-other-server-stays "$(ipvs_list r1)"
finish
