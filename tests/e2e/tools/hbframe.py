# SPDX-License-Identifier: GPL-2.0-or-later
# One rule for the e2e tools that watch a router's heartbeats on the wire,
# and pulse's heartbeat layout (version 2, 112 bytes; see common/hb/heartbeat.h).
import struct

MAGIC = b"LVHB"
VERSION = 2
SIZE = 112
STATES = ("stopped", "running", "releasing", "stopme", "leaving")


def heartbeat_from(data, src):
    """True if Ethernet frame `data` is a heartbeat from IPv4 address `src`
    (4 bytes): pulse's UDP to port 539, VRRP (IP protocol 112), or a BFD
    control packet (UDP to port 3784: an ECMP router's BIRD)."""
    if len(data) < 42 or data[12:14] != b"\x08\x00" or data[26:30] != src:
        return False
    ihl = (data[14] & 15) * 4
    proto = data[23]
    return proto == 112 or (proto == 17 and struct.unpack("!H", data[14 + ihl + 2:14 + ihl + 4])[0] in (539, 3784))


def parse(payload):
    """The fields of a version-2 heartbeat payload (UDP data) as a dict, or
    None if it is not one (wrong size, magic or version). The MAC is not
    checked."""
    if len(payload) != SIZE or payload[:4] != MAGIC or payload[4] != VERSION:
        return None
    boot, seq, echo_boot, echo_seq = struct.unpack("!QQQQ", payload[8:40])
    return {"state": payload[5], "role": payload[6], "mode": payload[7], "boot": boot, "seq": seq,
            "echo_boot": echo_boot, "echo_seq": echo_seq, "warmth": payload[72]}
