#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Heartbeat attack tool for the e2e guest.
#   hbflood.py capture IFACE OUT N      record N heartbeat datagrams (UDP to
#                                       port 539) seen on IFACE (a bridge)
#   hbflood.py flood CAPTURE COUNT      send COUNT hostile datagrams, each
#                                       with the source address and ports of a
#                                       captured one (spoofed via IP_HDRINCL):
#                                       malformed, truncated, oversized, forged
#                                       (one bit flipped) and replayed, in turn
#   hbflood.py replay CAPTURE COUNT [PPS]
#                                       send COUNT captured datagrams as they
#                                       were, in turn, spoofed likewise; at
#                                       most PPS a second (default: no limit)
#   hbflood.py boots CAPTURE            print each source address's heartbeat
#                                       boot nonces (hex) and the boots they
#                                       echo: "SRC boot=B,... echoes=E,..."
# flood and replay print how many of each kind were sent, and to whom.
import errno
import random
import socket
import time
import struct
import sys

from hbframe import parse


def capture(iface, out, n):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))
    s.bind((iface, 0))
    s.settimeout(20)
    got = []
    while len(got) < n:
        f = s.recv(4096)
        if f[12:14] != b"\x08\x00":
            continue
        ip = f[14:]
        ihl = (ip[0] & 15) * 4
        if ip[9] != 17:
            continue
        sport, dport = struct.unpack("!HH", ip[ihl:ihl + 4])
        if dport != 539:
            continue
        got.append((ip[12:16], ip[16:20], sport, dport, bytes(ip[ihl + 8:])))
    with open(out, "wb") as fo:
        for src, dst, sport, dport, p in got:
            fo.write(src + dst + struct.pack("!HHH", sport, dport, len(p)) + p)


def load(path):
    data = open(path, "rb").read()
    caps, i = [], 0
    while i < len(data):
        src, dst = data[i:i + 4], data[i + 4:i + 8]
        sport, dport, n = struct.unpack("!HHH", data[i + 8:i + 14])
        caps.append((src, dst, sport, dport, data[i + 14:i + 14 + n]))
        i += 14 + n
    return caps


def datagram(src, dst, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), random.randint(0, 65535), 0, 64, 17, 0, src, dst)
    return ip + udp


def sender():
    """send(src, dst, sport, dport, body, kind): one spoofed datagram. The
    sender's stack refuses now and then under TCG (ENOBUFS while the guest's
    queues drain): back off a little and send the same packet again; any
    other refusal is counted, with its errno, and skipped. report() prints
    what was sent."""
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sent, errors, per_dst = {}, {}, {}  # kind -> count, errno -> count, destination -> counts

    def send(src, dst, sport, dport, body, kind):
        for attempt in range(5):
            try:
                s.sendto(datagram(src, dst, sport, dport, body), (socket.inet_ntoa(dst), 0))
                sent[kind] = sent.get(kind, 0) + 1
                to = per_dst.setdefault(socket.inet_ntoa(dst), dict.fromkeys(("hostile", "forged", "replayed"), 0))
                to["replayed" if kind == "replayed" else "hostile"] += 1
                to["forged"] += kind == "forged"
                return
            except OSError as e:
                errors[e.errno] = errors.get(e.errno, 0) + 1
                if e.errno not in (errno.ENOBUFS, errno.EAGAIN):
                    return
                time.sleep(0.002)

    def report(kinds):
        print(" ".join("%s=%d" % (k, sent.get(k, 0)) for k in kinds) +
              " send_errors=%s" % (",".join("%s:%d" % (errno.errorcode.get(k, k), v) for k, v in errors.items()) or "0"))
        for d, c in sorted(per_dst.items()):
            print("to %s: hostile=%d forged=%d replayed=%d" % (d, c["hostile"], c["forged"], c["replayed"]))

    return send, report


def flood(path, count):
    caps = load(path)
    send, report = sender()
    kinds = ["malformed", "truncated", "oversized", "forged", "replayed"]
    for i in range(count):
        src, dst, sport, dport, p = random.choice(caps)
        kind = kinds[i % len(kinds)]
        if kind == "malformed":
            body = bytes(random.getrandbits(8) for _ in range(random.randint(0, 120)))
        elif kind == "truncated":
            body = p[:random.randint(0, len(p) - 1)]
        elif kind == "oversized":
            body = p + bytes(random.randint(1, 1300))
        elif kind == "forged":
            b = bytearray(p)
            j = random.randrange(len(b))
            b[j] ^= 1 << random.randrange(8)
            body = bytes(b)
        else:
            body = p
        send(src, dst, sport, dport, body, kind)
    report(kinds)


def replay(path, count, pps):
    caps = load(path)
    send, report = sender()
    t0 = time.monotonic()
    for i in range(count):
        src, dst, sport, dport, p = caps[i % len(caps)]
        send(src, dst, sport, dport, p, "replayed")
        if pps > 0:
            ahead = t0 + (i + 1) / pps - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
    report(["replayed"])


def boots(path):
    seen = {}  # source -> (boots, echoed boots)
    for src, dst, sport, dport, p in load(path):
        h = parse(p)
        if h is None:
            continue
        b, e = seen.setdefault(socket.inet_ntoa(src), (set(), set()))
        b.add("%016x" % h["boot"])
        e.add("%016x" % h["echo_boot"])
    for src, (b, e) in sorted(seen.items()):
        print("%s boot=%s echoes=%s" % (src, ",".join(sorted(b)), ",".join(sorted(e))))


if __name__ == "__main__":
    if sys.argv[1] == "capture":
        capture(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "replay":
        replay(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]) if len(sys.argv) > 4 else 0)
    elif sys.argv[1] == "boots":
        boots(sys.argv[2])
    else:
        flood(sys.argv[2], int(sys.argv[3]))
