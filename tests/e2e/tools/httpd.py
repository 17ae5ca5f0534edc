#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The real servers' web server: one process, no fork per request, and a
# listen backlog of 1024. busybox httpd forks per connection and listens with
# a backlog of 9, so in the emulated guest a stall of ~100 ms made it drop
# SYNs: the client saw a failed connection and a nanny a check timeout that
# no router caused. Answers every request with "200 OK" and the file's text.
#   httpd.py PORT FILE [ADDRESS]   (ADDRESS: 0.0.0.0 unless given; an IPv6
#                                   one, :: for all, listens for IPv6 only)
import selectors
import socket
import sys

port, path = int(sys.argv[1]), sys.argv[2]
address = sys.argv[3] if len(sys.argv) > 3 else "0.0.0.0"
sel = selectors.DefaultSelector()
ls = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
if ":" in address:
    ls.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
ls.bind((address, port))
ls.listen(1024)
ls.setblocking(False)
# PATH.ready says the server listens (a shell test, no process, waits on it).
open(path + ".ready", "w").close()
sel.register(ls, selectors.EVENT_READ)
conns = {}  # socket -> bytes received


def answer(c):
    with open(path, "rb") as f:
        body = f.read()
    head = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body)
    try:
        c.setblocking(True)
        c.settimeout(1)
        c.sendall(head + body)
    except OSError:
        pass


def close(c):
    sel.unregister(c)
    del conns[c]
    c.close()


while True:
    for key, _ in sel.select():
        s = key.fileobj
        if s is ls:
            while True:
                try:
                    c, _ = ls.accept()
                except BlockingIOError:
                    break
                c.setblocking(False)
                conns[c] = b""
                sel.register(c, selectors.EVENT_READ)
            continue
        try:
            chunk = s.recv(4096)
        except OSError:
            close(s)
            continue
        conns[s] += chunk
        if not chunk or b"\r\n\r\n" in conns[s] or b"\n\n" in conns[s]:
            if chunk or conns[s]:
                answer(s)
            close(s)
