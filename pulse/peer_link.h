// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's heartbeat transport: UDP on heartbeat_port, bound to this
// router's public (and private) address, sending to the partner's.
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "common/base/ip_address.h"
#include "common/base/result.h"

#pragma once

namespace lvs::pulse {

struct PeerPaths {
    std::vector<IpAddress> local;    // own public, then own private (if different)
    std::vector<IpAddress> partner;  // partner public, then private
    std::uint16_t port = 539;
    bool operator==(const PeerPaths&) const = default;
};

class PeerLink {
public:
    using Receive = std::function<void(std::span<const std::uint8_t> bytes, const IpAddress& from)>;
    virtual ~PeerLink() = default;
    // Sends to every partner address; failures are counted, not fatal.
    virtual void send(std::span<const std::uint8_t> bytes) = 0;
    virtual std::uint64_t send_errors() const = 0;
};

// Binds the sockets and registers them with the event loop.
Result<std::unique_ptr<PeerLink>> open_udp_peer_link(const PeerPaths& paths, PeerLink::Receive on_receive);

// True if `addr` is configured on any local interface (getifaddrs).
bool is_local_address(const IpAddress& addr);

}  // namespace lvs::pulse
