#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Watches one interface of the backup router and logs, with the kernel's
# receive timestamps (SO_TIMESTAMPNS, ms), every heartbeat from the active
# router (pulse's UDP 539 or VRRP, from SRC) and every ARP frame announcing
# VIP, with its sender MAC: "MS hb" and "MS garp MAC". From that log, the
# time from the last heartbeat on the wire to the backup's first
# announcement is the takeover delay a system itself controls, free of
# where the power loss fell between two heartbeats.
#   takeover_sniff.py IFACE SRC VIP OUT      (runs until SIGTERM)
import signal
import socket
import struct
import sys

from hbframe import heartbeat_from

SO_TIMESTAMPNS = 35
iface, src, vip, out = sys.argv[1], socket.inet_aton(sys.argv[2]), socket.inet_aton(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))  # ETH_P_ALL
s.bind((iface, 0))
s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
log = open(out, "w", buffering=1)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
while True:
    data, anc, _, _ = s.recvmsg(2048, 64)
    ms = None
    for level, kind, value in anc:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            sec, nsec = struct.unpack("qq", value[:16])
            ms = sec * 1000.0 + nsec / 1e6
    if ms is None or len(data) < 42:
        continue
    if heartbeat_from(data, src):
        log.write("%.3f hb\n" % ms)
    elif data[12:14] == b"\x08\x06" and data[28:32] == vip:
        log.write("%.3f garp %s\n" % (ms, data[6:12].hex(":")))
