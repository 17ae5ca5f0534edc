#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A DNS server for nanny's DNS check (standard library only), on UDP PORT:
#   dns_responder.py PORT answer ADDRESS   an A question gets ADDRESS (any
#                                          name; other types: NOERROR, no answer)
#   dns_responder.py PORT nxdomain         every question gets NXDOMAIN
#   dns_responder.py PORT silent           reads questions, never answers
# Replies echo the id, the RD bit and the question, with AA set.
import socket
import struct
import sys

port, mode = int(sys.argv[1]), sys.argv[2]
address = socket.inet_aton(sys.argv[3]) if mode == "answer" else b""


def question_end(msg):
    """Offset just past the (uncompressed) question, or None."""
    i = 12
    while i < len(msg) and msg[i] != 0:
        i += 1 + msg[i]
    return i + 5 if i + 5 <= len(msg) else None


def reply(msg):
    end = question_end(msg)
    if len(msg) < 12 or end is None or msg[2] & 0x80:
        return None
    qid, flags = struct.unpack("!HH", msg[:4])
    qtype = struct.unpack("!H", msg[end - 4:end - 2])[0]
    rcode = 3 if mode == "nxdomain" else 0
    answers = b""
    if mode == "answer" and qtype == 1:
        answers = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + address
    header = struct.pack("!HHHHHH", qid, 0x8400 | (flags & 0x0100) | rcode, 1, 1 if answers else 0, 0, 0)
    return header + msg[12:end] + answers


s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", port))
while True:
    data, peer = s.recvfrom(2048)
    out = None if mode == "silent" else reply(data)
    if out:
        s.sendto(out, peer)
