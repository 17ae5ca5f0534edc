#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Detection time of a checker fleet (benchmarks, in the guest; run in the
# router's namespace): deletes the given real servers' addresses in
# namespace rsn at once (their packets then go nowhere, no answer at all),
# then reads /proc/net/ip_vs every 10 ms until each has left the table.
# Prints one time in ms per server (30000: it never left).
# Usage: detect.py PORT ADDRESS...
import socket, subprocess, sys, time
port = int(sys.argv[1])
servers = sys.argv[2:]
hexes = {s: "%08X:%04X" % (int.from_bytes(socket.inet_aton(s), "big"), port) for s in servers}
def table():
    with open("/proc/net/ip_vs") as f:
        return f.read()
t = table()
missing = [s for s in servers if hexes[s] not in t]
if missing:
    print("not in the table before the run: " + " ".join(missing), file=sys.stderr)
batch = "".join("addr del %s/32 dev lo\n" % s for s in servers)
subprocess.run(["ip", "netns", "exec", "rsn", "ip", "-batch", "-"], input=batch.encode(), check=True)
t0 = time.monotonic()
left = {}
while len(left) < len(servers) and time.monotonic() - t0 < 30:
    t = table()
    now = time.monotonic()
    for s in servers:
        if s not in left and hexes[s] not in t:
            left[s] = now
    time.sleep(0.01)
for s in servers:
    print("%d" % ((left[s] - t0) * 1000) if s in left else "30000")
