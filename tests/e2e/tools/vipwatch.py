#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Samples, every 50 ms, which network namespaces have an IPv4 address
# configured, and logs one line per sample: "MS HOLDERS", MS on the monotonic
# clock (the clock of LVS_LOG_CLOCK=monotonic log stamps), HOLDERS the
# namespaces holding it, comma-separated, or "-" for none. One rtnetlink
# socket per namespace, opened inside it once (a socket stays in the
# namespace it was made in), so a sample costs no process.
#   vipwatch.py ADDR OUT NS...      (runs until SIGTERM)
import ctypes
import os
import signal
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
RTM_NEWADDR, RTM_GETADDR = 20, 22
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
IFA_ADDRESS, IFA_LOCAL = 1, 2
libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def netlink_in(ns):
    """A route netlink socket in network namespace `ns` (None: this one)."""
    if ns is None:
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
        s.bind((0, 0))
        return s
    here = os.open("/proc/self/ns/net", os.O_RDONLY)
    there = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        setns(there)
        return netlink_in(None)
    finally:
        setns(here)
        os.close(here)
        os.close(there)


def has_address(s, addr, seq):
    """True if the namespace of socket `s` has IPv4 address `addr` (4 bytes)."""
    s.send(struct.pack("=IHHII", 24, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq, 0) +
           struct.pack("=BBBBI", socket.AF_INET, 0, 0, 0, 0))
    found = False
    while True:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            length, kind, _, got_seq, _ = struct.unpack_from("=IHHII", data, off)
            if length < 16:
                return found
            if got_seq == seq and kind == NLMSG_DONE:
                return found
            if got_seq == seq and kind == NLMSG_ERROR:
                raise OSError("netlink error")
            if got_seq == seq and kind == RTM_NEWADDR:
                a, end = off + 16 + 8, off + length
                while a + 4 <= end:
                    alen, atype = struct.unpack_from("=HH", data, a)
                    if alen < 4:
                        break
                    if atype in (IFA_ADDRESS, IFA_LOCAL) and data[a + 4:a + alen] == addr:
                        found = True
                    a += (alen + 3) & ~3
            off += (length + 3) & ~3


def watch(addr, out, names, period=0.05):
    socks = [(n, netlink_in(n)) for n in names]
    log = open(out, "w", buffering=1)
    seq, due = 0, time.monotonic()
    while True:
        holders = []
        for n, s in socks:
            seq += 1
            if has_address(s, addr, seq):
                holders.append(n)
        log.write("%d %s\n" % (int(time.monotonic() * 1000), ",".join(holders) or "-"))
        due += period
        ahead = due - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
        else:
            due = time.monotonic()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    watch(socket.inet_aton(sys.argv[1]), sys.argv[2], sys.argv[3:])
