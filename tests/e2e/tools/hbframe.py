# SPDX-License-Identifier: GPL-2.0-or-later
# One rule for the e2e tools that watch a router's heartbeats on the wire.
import struct


def heartbeat_from(data, src):
    """True if Ethernet frame `data` is a heartbeat from IPv4 address `src`
    (4 bytes): pulse's UDP to port 539, or VRRP (IP protocol 112)."""
    if len(data) < 42 or data[12:14] != b"\x08\x00" or data[26:30] != src:
        return False
    ihl = (data[14] & 15) * 4
    proto = data[23]
    return proto == 112 or (proto == 17 and struct.unpack("!H", data[14 + ihl + 2:14 + ihl + 4])[0] == 539)
