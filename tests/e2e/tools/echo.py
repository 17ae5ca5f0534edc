#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A long-lived TCP connection for failover tests.
#   echo.py server PORT                 echo every line back (threads)
#   echo.py client HOST PORT OUT        one connection; a line every 100 ms;
#                                       writes "max_stall_ms=N lines=N broken=0|1"
#                                       to OUT when stopped (SIGTERM) or broken
#   echo.py clients HOST PORT N OUT [INTERVAL_MS]
#                                       N connections in one process (select),
#                                       a line on each every INTERVAL_MS (default
#                                       1000); rewrites OUT (atomically) every
#                                       second and at exit, one line per
#                                       connection: "SPORT LINES LAST_OK_MS
#                                       MAX_STALL_MS BROKEN WHY" (LAST_OK_MS:
#                                       CLOCK_MONOTONIC ms of the last echo;
#                                       BROKEN 1 on a reset, an end or 15 s
#                                       without an echo)
import errno
import os
import selectors
import signal
import socket
import sys
import threading
import time


def server(port):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", port))
    ls.listen(128)

    def serve(c):  # health checks connect and reset: not an error here
        with c:
            try:
                while True:
                    data = c.recv(4096)
                    if not data:
                        return
                    c.sendall(data)
            except OSError:
                return

    while True:
        c, _ = ls.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


def client(host, port, out):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    s = socket.create_connection((host, port), timeout=5)
    s.settimeout(0.1)
    last_ok = time.monotonic()
    max_stall, lines, broken, n, buf = 0.0, 0, 0, 0, b""
    pending = None
    while not stop:
        now = time.monotonic()
        if pending is None:
            n += 1
            pending = b"line %d\n" % n
            try:
                s.sendall(pending)
            except OSError:
                broken = 1
                break
        try:
            data = s.recv(4096)
            if not data:
                broken = 1
                break
            buf += data
        except socket.timeout:
            pass
        except OSError:
            broken = 1
            break
        if pending is not None and pending in buf:
            buf = buf.split(pending, 1)[1]
            pending = None
            lines += 1
            now = time.monotonic()
            max_stall = max(max_stall, now - last_ok)
            last_ok = now
            time.sleep(0.1)
        elif time.monotonic() - last_ok > 15:
            broken = 1
            break
    with open(out, "w") as f:
        f.write("max_stall_ms=%d lines=%d broken=%d\n" % (int(max_stall * 1000), lines, broken))


def clients(host, port, n, out, interval):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    sel = selectors.DefaultSelector()
    conns = []
    for _ in range(n):
        s = socket.create_connection((host, port), timeout=10)
        s.setblocking(False)
        now = time.monotonic()
        c = {"s": s, "sport": s.getsockname()[1], "lines": 0, "last_ok": now, "stall": 0.0,
             "broken": 0, "why": "-", "n": 0, "pending": None, "buf": b"", "due": now}
        conns.append(c)
        sel.register(s, selectors.EVENT_READ, c)

    def write():
        tmp = out + ".tmp"
        with open(tmp, "w") as f:
            for c in conns:
                f.write("%d %d %d %d %d %s\n" % (c["sport"], c["lines"], int(c["last_ok"] * 1000),
                                                 int(c["stall"] * 1000), c["broken"], c["why"]))
        os.rename(tmp, out)

    def broke(c, why):
        c["broken"], c["why"] = 1, why
        sel.unregister(c["s"])
        c["s"].close()

    next_write = 0.0
    while not stop:
        now = time.monotonic()
        for c in conns:
            if c["broken"]:
                continue
            if c["pending"] is None and now >= c["due"]:
                c["n"] += 1
                c["pending"] = b"line %d\n" % c["n"]
                try:
                    c["s"].send(c["pending"])
                except OSError as e:
                    broke(c, "send-" + (errno_name(e)))
                    continue
            if now - c["last_ok"] > 15:
                broke(c, "timeout")
        for key, _ in sel.select(0.05):
            c = key.data
            try:
                data = c["s"].recv(4096)
            except BlockingIOError:
                continue
            except OSError as e:
                broke(c, "recv-" + errno_name(e))
                continue
            if not data:
                broke(c, "eof")
                continue
            c["buf"] += data
            if c["pending"] is not None and c["pending"] in c["buf"]:
                c["buf"] = c["buf"].split(c["pending"], 1)[1]
                c["pending"] = None
                c["lines"] += 1
                t = time.monotonic()
                c["stall"] = max(c["stall"], t - c["last_ok"])
                c["last_ok"] = t
                c["due"] = t + interval
        if time.monotonic() >= next_write:
            write()
            next_write = time.monotonic() + 1
    write()


def errno_name(e):
    return errno.errorcode.get(e.errno, str(e.errno)) if e.errno else type(e).__name__


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(int(sys.argv[2]))
    elif sys.argv[1] == "clients":
        clients(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5],
                (int(sys.argv[6]) if len(sys.argv) > 6 else 1000) / 1000.0)
    else:
        client(sys.argv[2], int(sys.argv[3]), sys.argv[4])
