#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# N HTTP GETs of URL in a row, each on a new connection, from one process:
# each answer's body on standard output (nothing for a failed attempt).
# Under emulation curl takes about 700 ms to start, so a loop of curls in a
# scenario spent most of its time starting processes.
#   get.py URL N [TIMEOUT_S]
import socket
import sys
from urllib.parse import urlsplit

url, n = urlsplit(sys.argv[1]), int(sys.argv[2])
timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
host, port, path = url.hostname, url.port or 80, url.path or "/"
for _ in range(n):
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(b"GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" % (path.encode(), host.encode()))
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
    except OSError:
        continue
    head, sep, body = data.partition(b"\r\n\r\n")
    if sep and head.startswith(b"HTTP/") and head.split(b" ", 2)[1:2] == [b"200"]:
        sys.stdout.write(body.decode(errors="replace"))
        sys.stdout.flush()
