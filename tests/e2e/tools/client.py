#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A client that opens a fresh TCP connection to HOST:PORT every INTERVAL ms
# (without waiting for earlier ones), sends an HTTP/1.0 GET and logs one
# line per attempt when it ends: "START_MS ok BODY MS" or
# "START_MS fail WHY MS", WHY being the failed step (connect, send, recv,
# status) with its errno name or "timeout", MS how long the attempt lasted.
# START_MS is CLOCK_MONOTONIC in ms. Runs until SIGTERM; attempts then in
# flight still run to completion (or their timeout) and are logged.
#   client.py HOST PORT OUT [INTERVAL_MS] [TIMEOUT_MS]
# Gap (tests/e2e/lib.sh gap_ms): the longest time between the starts of
# two consecutive successful attempts with a failed attempt between them.
# At exit OUT.stats gets one line, "cpu_ms N attempts N max_in_flight N":
# the client runs at real-time priority in the guest and must stay light
# even when a hundred attempts are in flight, or it starves the routers and
# servers it measures.
import collections
import errno
import selectors
import signal
import socket
import sys
import time

host, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
family = socket.AF_INET6 if ":" in host else socket.AF_INET  # HOST: a literal address
interval = (int(sys.argv[4]) if len(sys.argv) > 4 else 10) / 1000.0
timeout = (int(sys.argv[5]) if len(sys.argv) > 5 else 1000) / 1000.0
sel = selectors.DefaultSelector()
log = open(out, "w", buffering=1)
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
pending = {}  # sock -> [start, data, sent]
# The attempts in the order they started, which is the order their
# timeouts fall due: each pass looks at the oldest ones only, not at every
# attempt in flight (a hundred of them during an outage).
started = collections.deque()  # (start, sock)
attempts = max_in_flight = 0


def why(step, err):
    return "%s:%s" % (step, errno.errorcode.get(err, str(err)))


def finish(s, ok, reason=""):
    start, data, _ = pending.pop(s)
    sel.unregister(s)
    s.close()
    took = int((time.monotonic() - start) * 1000)
    if ok:
        body = data.split(b"\r\n\r\n", 1)[1].strip().decode(errors="replace")
        log.write("%d ok %s %d\n" % (int(start * 1000), body or "-", took))
    else:
        log.write("%d fail %s %d\n" % (int(start * 1000), reason, took))


next_at = time.monotonic()
# After SIGTERM no new attempt starts; those in flight run to completion.
while running or pending:
    now = time.monotonic()
    if running and now >= next_at:
        next_at += interval
        if next_at < now:
            next_at = now + interval
        s = socket.socket(family, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect((host, port))
        except BlockingIOError:
            pass
        except OSError as e:
            log.write("%d fail %s 0\n" % (int(now * 1000), why("connect", e.errno)))
            s.close()
            continue
        pending[s] = [now, b"", False]
        started.append((now, s))
        attempts += 1
        max_in_flight = max(max_in_flight, len(pending))
        sel.register(s, selectors.EVENT_WRITE)
    # Stopped, it only waits for the attempts in flight: never a zero timeout
    # then (next_at no longer moves). At SCHED_FIFO a zero-timeout loop held
    # its CPU, softirq work there included, and the last attempts in flight
    # timed out: a burst of failures at every stop, counted against the
    # scenario's event.
    wait = max(0.0, min(next_at - time.monotonic(), 0.005)) if running else 0.005
    for key, ev in sel.select(wait):
        s = key.fileobj
        st = pending.get(s)
        if st is None:
            continue
        if not st[2]:
            err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if err:
                finish(s, False, why("connect", err))
                continue
            try:
                s.send(b"GET / HTTP/1.0\r\n\r\n")
            except OSError as e:
                finish(s, False, why("send", e.errno))
                continue
            st[2] = True
            sel.modify(s, selectors.EVENT_READ)
            continue
        try:
            chunk = s.recv(4096)
        except OSError as e:
            finish(s, False, why("recv", e.errno))
            continue
        if chunk:
            st[1] += chunk
        else:
            finish(s, st[1].startswith(b"HTTP/1.") and b" 200 " in st[1][:16], "status:%d-bytes" % len(st[1]))
    now = time.monotonic()
    while started and now - started[0][0] > timeout:
        _, s = started.popleft()
        if s in pending:  # not ended yet
            finish(s, False, ("recv" if pending[s][2] else "connect") + ":timeout")
    while started and started[0][1] not in pending:  # ended early, their sockets closed
        started.popleft()
for s in list(pending):
    finish(s, False, "stopped")
with open(out + ".stats", "w") as f:
    f.write("cpu_ms %d attempts %d max_in_flight %d\n" % (time.process_time() * 1000, attempts, max_in_flight))
