// SPDX-License-Identifier: GPL-2.0-or-later
// Connection handover (pure): the active router's IPVS connections, as the
// kernel lists them in /proc/net/ip_vs_conn, re-encoded in the kernel's own
// sync protocol (version 1, net/netfilter/ipvs/ip_vs_sync.c). Sent to the
// sync daemon group, they make the partner's backup sync daemon install
// every live connection before the partner takes over a planned switchover:
// the kernel's master daemon holds a young connection back for up to 2 s.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "common/base/ip_address.h"

namespace lvs::ipvs {

struct SyncConn {
    std::uint8_t protocol = 6;  // IPPROTO_TCP or IPPROTO_UDP
    IpAddress caddr, vaddr, daddr;
    std::uint16_t cport = 0, vport = 0, dport = 0;
    std::uint16_t state = 0;   // IP_VS_TCP_S_*; 0 for UDP
    std::uint32_t fwmark = 0;  // set by the caller for firewall-mark services
    bool operator==(const SyncConn&) const = default;
};

struct ConnTable {
    std::vector<SyncConn> conns;  // live TCP and UDP connections
    std::size_t finished = 0;     // TIME_WAIT, CLOSE, templates, other protocols
    std::size_t malformed = 0;    // lines that are not a connection
};

// Parses /proc/net/ip_vs_conn: IPv4 addresses in hex, IPv6 as text.
// Persistence templates and finished connections are left to the kernel's
// own sync daemon, which carries them within its 2 s.
ConnTable parse_conn_table(std::string_view text);

inline constexpr std::uint16_t kSyncPort = 8848;           // the kernel's default port
inline constexpr std::uint32_t kSyncGroupV4 = 0xe0000051;  // 224.0.0.81, its default group
// One datagram's payload on a 1500-byte link (IPv4 and UDP headers off).
inline constexpr std::size_t kSyncMaxMessage = 1472;

// Sync messages (header and connections) of at most max_message bytes each,
// in order; at most 255 connections per message.
std::vector<std::vector<std::uint8_t>> encode_sync_messages(std::span<const SyncConn> conns, std::uint8_t syncid,
                                                            std::size_t max_message = kSyncMaxMessage);

}  // namespace lvs::ipvs
