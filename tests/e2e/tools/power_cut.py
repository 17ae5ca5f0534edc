#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A power loss at a chosen phase of the active router's heartbeat: watches
# IFACE (the host end of the router's public link) for the next heartbeat
# from SRC (pulse's UDP 539 or VRRP), waits PHASE_MS after it and sets every
# LINK (host ends, in this namespace) down at once with ioctl, no process
# start. Prints "cut PHASE ms after a heartbeat (late L ms) at T ms", T on
# CLOCK_MONOTONIC as the client's log.
# Where a loss falls between two heartbeats moves a client's gap by up to a
# whole interval; at one phase for every run and every system, what is left
# is the systems' own difference.
#   power_cut.py IFACE SRC PHASE_MS LINK...
import fcntl
import socket
import struct
import sys
import time

from hbframe import heartbeat_from

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 1
iface, src, phase = sys.argv[1], socket.inet_aton(sys.argv[2]), float(sys.argv[3]) / 1000.0
links = sys.argv[4:]
ctl = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)


def down(name):
    req = struct.pack("16sH14x", name.encode(), 0)
    flags = struct.unpack("16sH14x", fcntl.ioctl(ctl, SIOCGIFFLAGS, req))[1]
    fcntl.ioctl(ctl, SIOCSIFFLAGS, struct.pack("16sH14x", name.encode(), flags & ~IFF_UP))


s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))  # ETH_P_ALL
s.bind((iface, 0))
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    if heartbeat_from(s.recv(2048), src):
        seen = time.monotonic()
        break
else:
    sys.exit("no heartbeat from %s on %s" % (sys.argv[2], iface))
time.sleep(max(0.0, seen + phase - time.monotonic()))
cut = time.monotonic()
for link in links:
    down(link)
print("cut %.0f ms after a heartbeat (late %.1f ms) at %.1f ms (CLOCK_MONOTONIC)" % (phase * 1000, (cut - seen - phase) * 1000, cut * 1000))
