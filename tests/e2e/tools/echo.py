#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A long-lived TCP connection for failover tests.
#   echo.py server PORT                 echo every line back (threads)
#   echo.py client HOST PORT OUT        one connection; a line every 100 ms;
#                                       writes "max_stall_ms=N lines=N broken=0|1"
#                                       to OUT when stopped (SIGTERM) or broken
import signal
import socket
import sys
import threading
import time


def server(port):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", port))
    ls.listen(16)

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


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(int(sys.argv[2]))
    else:
        client(sys.argv[2], int(sys.argv[3]), sys.argv[4])
