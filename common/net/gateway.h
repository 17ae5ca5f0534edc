// SPDX-License-Identifier: GPL-2.0-or-later
// Can this router see its default gateway? FOS mode asks before it takes
// services over from a partner whose service seems to have failed: a
// router that cannot reach its gateway has the network fault itself and
// must not take over. Pure parsers plus one raw-socket adapter.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/base/ip_address.h"
#include "common/base/result.h"

namespace lvs::net {

// The IPv4 default gateway in /proc/net/route text, if there is one.
std::optional<IpAddress> parse_default_gateway(std::string_view proc_net_route);
// The same, read from this network namespace's /proc/net/route.
std::optional<IpAddress> default_gateway();

// An ICMP echo request with this id and sequence number, checksummed.
std::vector<std::uint8_t> icmp_echo_request(std::uint16_t id, std::uint16_t seq);
// Whether `packet`, an IPv4 datagram as a raw ICMP socket delivers it, is an
// echo reply carrying `id`. Anything else (short, malformed, other ICMP) is
// not.
bool is_echo_reply(std::span<const std::uint8_t> packet, std::uint16_t id);

// Pings one address on the libev loop: up to `tries` echo requests, one per
// `interval`; `done(true)` at the first reply, `done(false)` when the last
// interval passes without one.
class GatewayPinger {
public:
    virtual ~GatewayPinger() = default;
    virtual void ping(const IpAddress& gw, int tries, std::chrono::milliseconds interval,
                      std::function<void(bool reachable)> done) = 0;
    // Datagrams read that were not our reply (other ICMP, malformed).
    virtual std::uint64_t ignored() const = 0;
};

// A raw ICMP socket (needs CAP_NET_RAW).
Result<std::unique_ptr<GatewayPinger>> open_gateway_pinger();

}  // namespace lvs::net
