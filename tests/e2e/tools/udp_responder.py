#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A UDP real server for the nanny checks: answers every datagram on PORT
# with REPLY, or, with REPLY empty, reads them and never answers (a server
# that hangs).   udp_responder.py PORT REPLY
import socket
import sys

port, reply = int(sys.argv[1]), sys.argv[2].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", port))
while True:
    data, peer = s.recvfrom(2048)
    if reply:
        s.sendto(reply, peer)
