// SPDX-License-Identifier: GPL-2.0-or-later
// IPVS domain types (no kernel headers): services, destinations, timeouts,
// the sync daemon. Used by lvsd's pure cores and the netlink adapter.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

#include "common/base/ip_address.h"

namespace lvs::ipvs {

inline constexpr std::uint16_t kProtoTcp = 6;
inline constexpr std::uint16_t kProtoUdp = 17;
inline constexpr std::uint16_t kProtoSctp = 132;

// IP_VS_SVC_F_* service flags.
inline constexpr std::uint32_t kFlagPersistent = 0x0001;
inline constexpr std::uint32_t kFlagHashed = 0x0002;  // kernel-internal
inline constexpr std::uint32_t kFlagOnePacket = 0x0004;
inline constexpr std::uint32_t kFlagSched1 = 0x0008;  // sh-fallback / mh-fallback
inline constexpr std::uint32_t kFlagSched2 = 0x0010;  // sh-port / mh-port
inline constexpr std::uint32_t kFlagSched3 = 0x0020;

enum class Fwd : std::uint8_t { Nat, Direct, Tunnel };

// Identity of a virtual service: fwmark != 0 means a firewall-mark service
// (protocol 0, address unset), otherwise protocol + address + port.
struct ServiceKey {
    IpAddress::Family af = IpAddress::Family::V4;
    std::uint16_t protocol = 0;
    IpAddress addr;
    std::uint16_t port = 0;
    std::uint32_t fwmark = 0;
    auto operator<=>(const ServiceKey&) const = default;
};

struct Service {
    ServiceKey key;
    std::string scheduler = "wlc";
    std::uint32_t flags = 0;
    std::uint32_t timeout_s = 0;          // persistence timeout
    std::uint32_t netmask = 0xffffffffu;  // IPv4: mask (host order); IPv6: prefix length
    bool operator==(const Service&) const = default;
};

struct DestKey {
    IpAddress addr;
    std::uint16_t port = 0;
    auto operator<=>(const DestKey&) const = default;
};

struct Destination {
    DestKey key;
    Fwd fwd = Fwd::Nat;
    std::int32_t weight = 1;
    std::uint32_t u_threshold = 0;
    std::uint32_t l_threshold = 0;
    bool operator==(const Destination&) const = default;
};

// Counters from a dump; not part of a destination's desired state.
struct DestStats {
    std::uint32_t active_conns = 0;
    std::uint32_t inactive_conns = 0;
};

struct ServiceWithDests {
    Service service;
    std::vector<Destination> dests;
    std::vector<DestStats> stats;  // parallel to dests when dumped
};

struct Timeouts {
    std::uint32_t tcp = 0, tcp_fin = 0, udp = 0;  // seconds; 0 = unchanged
    bool operator==(const Timeouts&) const = default;
};

struct SyncDaemon {
    enum class State : std::uint8_t { Master = 1, Backup = 2 };
    State state = State::Master;
    std::string mcast_ifn;
    std::uint32_t syncid = 0;
    bool operator==(const SyncDaemon&) const = default;
};

// ipvsadm-style text: "TCP  192.0.2.80:80 wlc", "-> 10.0.0.1:80 Masq 1".
std::string to_string(const ServiceKey& k);
std::string to_string(const Service& s);
std::string to_string(const Destination& d);
const char* to_string(Fwd f);
// "ipvsadm -Sn" lines for a table (sorted by the caller if needed).
std::string to_save_format(const std::vector<ServiceWithDests>& table);

}  // namespace lvs::ipvs
