#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The HTTPS real servers of tests/bench/https-fleet.sh: one process that
# answers every address of its namespace on PORT over TLS (certificate CERT,
# key KEY). GET /health is "200 ok", anything else 404; every answer closes
# the connection (no keep-alive: each check is a handshake of its own).
# The main thread accepts and a pool of THREADS workers does the handshake
# and the request (OpenSSL releases the GIL during a handshake, so the pool
# uses every CPU). SIGUSR1 writes "ANSWERED SECONDS FAILED" to COUNT_FILE:
# the 200 answers so far, the responder's monotonic clock, and connections
# that ended without one (a failed handshake, a peer that reset or timed
# out, another path).
#   https_responder.py PORT CERT KEY COUNT_FILE [THREADS [ADDRESS]]
# (ADDRESS: where it listens, default 0.0.0.0)
import os
import queue
import signal
import socket
import ssl
import sys
import threading
import time

port, cert, key, count_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 16
address = sys.argv[6] if len(sys.argv) > 6 else "0.0.0.0"

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
lock = threading.Lock()
answered = 0
failed = 0
work = queue.Queue()

OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def serve(conn):
    global answered, failed
    ok = False
    tls = None
    try:
        conn.settimeout(5)
        tls = ctx.wrap_socket(conn, server_side=True)
        req = b""
        while b"\r\n\r\n" not in req and len(req) < 16384:
            data = tls.recv(4096)
            if not data:
                break
            req += data
        if b"\r\n\r\n" in req:
            words = req.split(b" ", 2)
            health = len(words) > 1 and words[1] == b"/health"
            tls.sendall(OK if health else NOT_FOUND)
            ok = health
    except (OSError, ssl.SSLError, ValueError):
        pass
    finally:
        (tls or conn).close()  # wrap_socket detached conn: close the TLS socket
    with lock:
        if ok:
            answered += 1
        else:
            failed += 1


def worker():
    # SIGUSR1 goes to the main thread, whose accept() it interrupts: a signal
    # taken by a worker would wait for the next connection to be handled.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
    while True:
        serve(work.get())


def dump(*_):
    with lock:
        line = "%d %.3f %d\n" % (answered, time.monotonic(), failed)
    with open(count_file + ".tmp", "w") as f:
        f.write(line)
    os.rename(count_file + ".tmp", count_file)


signal.signal(signal.SIGUSR1, dump)
for _ in range(threads):
    threading.Thread(target=worker, daemon=True).start()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((address, port))
s.listen(4096)
while True:
    c, _ = s.accept()
    work.put(c)
