#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Watches the neighbour tables and the drop counters of some network
# namespaces, for a scenario that wants to know where packets went during a
# step: one process, entering each namespace in turn (setns) and reading its
# /proc/self/net files, so that sampling costs no process per namespace.
# Logs a line only when something changed:
#   "MS NS neigh IP FLAGS MAC"  an ARP entry appeared or changed (flags 0x2:
#                               complete; 0x0: unresolved)
#   "MS NS gone IP"             it disappeared
#   "MS NS count NAME +N"       a drop or retransmission counter grew
# MS is CLOCK_MONOTONIC in ms, the clock of tools/client.py. Runs until
# SIGTERM.
#   netwatch.py OUT INTERVAL_MS NS...
import ctypes
import os
import signal
import sys
import time

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
out, interval = sys.argv[1], int(sys.argv[2]) / 1000.0
names = sys.argv[3:]
# The namespace it starts in too ("host"): the ARP drop counters are the
# kernel's, shown only there.
fds = {"host": os.open("/proc/self/ns/net", os.O_RDONLY)}
fds.update({n: os.open("/run/netns/" + n, os.O_RDONLY) for n in names})
log = open(out, "w", buffering=1)
running = True

# Counters that say a packet was dropped or sent again.
WATCH = {
    ("TcpExt", "ListenDrops"), ("TcpExt", "ListenOverflows"), ("TcpExt", "TCPBacklogDrop"),
    ("TcpExt", "TCPSynRetrans"), ("TcpExt", "TCPTimeouts"), ("Tcp", "RetransSegs"),
    ("Tcp", "InErrs"), ("Tcp", "OutRsts"), ("Ip", "InDiscards"), ("Ip", "OutDiscards"),
    ("Ip", "InAddrErrors"), ("Ip", "OutNoRoutes"), ("IpExt", "InNoRoutes"),
}


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)


# Where the watched counters are in a header line of /proc/self/net/snmp or
# netstat, found once per header (a namespace that has seen no ICMP lacks
# the IcmpMsg lines, so rows differ between namespaces; a header does not):
# each sample then splits only the value lines it needs. The guest is
# emulated, and a full parse of both files for seven namespaces four times a
# second made this watcher one of the guest's largest CPU users.
PROTOS = {p for p, _ in WATCH}
PLACES = {}


def places(head):
    proto, keys = head.split(":", 1)
    got = [(i + 1, proto + "." + k) for i, k in enumerate(keys.split()) if (proto, k) in WATCH]
    PLACES[head] = got
    return got


def counters():
    got = {}
    for path in ("/proc/self/net/snmp", "/proc/self/net/netstat"):
        with open(path) as f:
            lines = f.read().splitlines()
        for row in range(0, len(lines) - 1, 2):
            head = lines[row]
            if head[:head.index(":")] not in PROTOS:
                continue
            vals = lines[row + 1].split()
            where = PLACES.get(head)
            if where is None:
                where = places(head)
            for i, name in where:
                got[name] = int(vals[i])
    try:
        with open("/proc/self/net/stat/arp_cache") as f:
            rows = f.read().splitlines()
    except FileNotFoundError:
        return got
    keys = rows[0].split()
    for row in rows[1:]:  # one row per CPU, hexadecimal
        for k, v in zip(keys, row.split()):
            if k in ("unresolved_discards", "res_failed", "table_fulls"):
                got["arp." + k] = got.get("arp." + k, 0) + int(v, 16)
    return got


def neighbours():
    got = {}
    with open("/proc/self/net/arp") as f:
        for line in f.read().splitlines()[1:]:
            p = line.split()
            got[p[0]] = p[2] + " " + p[3]
    return got


seen = {}
while running:
    now = int(time.monotonic() * 1000)
    for n, fd in fds.items():
        if libc.setns(fd, CLONE_NEWNET) != 0:
            log.write("%d %s setns failed: %s\n" % (now, n, os.strerror(ctypes.get_errno())))
            continue
        arp, cnt = neighbours(), counters()
        old = seen.get(n)
        if old is not None:
            for ip, v in arp.items():
                if old[0].get(ip) != v:
                    log.write("%d %s neigh %s %s\n" % (now, n, ip, v))
            for ip in old[0]:
                if ip not in arp:
                    log.write("%d %s gone %s\n" % (now, n, ip))
            for k, v in cnt.items():
                if v > old[1].get(k, 0):
                    log.write("%d %s count %s +%d\n" % (now, n, k, v - old[1].get(k, 0)))
        seen[n] = (arp, cnt)
    time.sleep(interval)
